// One problem (问题详情): what it is, its plan, owners and deadline, evidence, history and
// comments, and the workflow actions the user may take now. Out of scope is "not found".
import { useCallback, useEffect, useState } from 'react';
import { Button, Col, Result, Row, Space, Spin } from 'antd';
import { useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.ts';
import { CommentsSection } from '../components/problem/CommentsSection.tsx';
import { ContentSection } from '../components/problem/ContentSection.tsx';
import { DeadlineSection } from '../components/problem/DeadlineSection.tsx';
import { EvidenceSection } from '../components/problem/EvidenceSection.tsx';
import { MeasuresSection } from '../components/problem/MeasuresSection.tsx';
import { OwnersSection } from '../components/problem/OwnersSection.tsx';
import { ProblemHeader } from '../components/problem/ProblemHeader.tsx';
import { TimelineSection } from '../components/problem/TimelineSection.tsx';
import { ProblemNoticesSection } from '../components/supervision/ProblemNoticesSection.tsx';
import { MeasureQualitySection } from '../components/quality/MeasureQualitySection.tsx';
import type { ProblemDetail } from '../components/problem/model.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

export function ProblemPage() {
  const { id } = useParams();
  const problemId = Number(id);
  const isValidId = Number.isInteger(problemId) && problemId > 0;
  const [problem, setProblem] = useState<ProblemDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    if (!isValidId) return;
    let isCurrent = true;
    api
      .get<ProblemDetail>(`/api/problems/${problemId}`)
      .then((result) => {
        if (!isCurrent) return;
        setProblem(result);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (!isCurrent) return;
        setError(caught instanceof ApiError ? caught : new ApiError(0, 'unknown', '加载问题失败'));
      });
    return () => {
      isCurrent = false;
    };
  }, [problemId, isValidId, reloadKey]);

  // A different problem starts from a clean page, not the last one's data.
  useEffect(() => {
    setProblem(null);
    setError(null);
  }, [problemId]);

  const refresh = useCallback(() => setReloadKey((key) => key + 1), []);

  if (!isValidId || error?.status === 404) return <NotFoundPage />;
  if (error && !problem) {
    return (
      <Result
        status="error"
        title="加载问题失败"
        subTitle={error.message}
        extra={
          <Button type="primary" onClick={refresh}>
            重试
          </Button>
        }
      />
    );
  }
  if (!problem) {
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin tip="加载中…">
          <div style={{ width: 120 }} />
        </Spin>
      </div>
    );
  }
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-problem-id={problem.id}>
      <ProblemHeader problem={problem} onChanged={refresh} />
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <ContentSection problem={problem} />
            <MeasuresSection problem={problem} onChanged={refresh} />
            <MeasureQualitySection problemId={problem.id} reloadKey={problem.version} />
            <EvidenceSection problem={problem} reloadKey={reloadKey} onChanged={refresh} />
            <ProblemNoticesSection problem={problem} onChanged={refresh} />
            <CommentsSection problemId={problem.id} reloadKey={reloadKey} onChanged={refresh} />
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <DeadlineSection problem={problem} onChanged={refresh} />
            <OwnersSection problem={problem} onChanged={refresh} />
            <TimelineSection problemId={problem.id} reloadKey={reloadKey} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
