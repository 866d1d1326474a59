// The findings behind a unit's 疑点 count, shown when its grade row is expanded: timing anomalies
// (时间异常, including dates written in evidence or statements that contradict the ledger) and
// duplicated material (雷同材料), each with both sides linked — the item's page and the evidence
// file or the closing statement (on the item's page).
import { useEffect, useState } from 'react';
import { Alert, List, Space, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api/client.ts';

interface TimingFinding {
  id: string;
  kind: string;
  problemIds: number[];
  evidenceIds: number[];
  transitionIds: number[];
  description: string;
}

interface DuplicateFinding {
  id: string;
  description: string;
  occurrences: Array<{ problemId: number; unitName: string; text: string }>;
}

const timingLabels: Record<string, string> = {
  evidence_after_close: '佐证日期晚于销号日期',
  evidence_before_feedback: '佐证日期早于反馈日期',
  closing_burst: '临近时限集中销号',
  closed_without_evidence: '销号前未补充佐证',
  document_after_close: '佐证文中日期晚于销号日期',
  document_before_feedback: '佐证落款日期早于反馈日期',
  document_vs_effective: '佐证落款与形成日期不符',
  statement_after_close: '销号说明完成日期晚于销号日期',
};

function ProblemLinks({ problemIds }: { problemIds: number[] }) {
  return (
    <>
      {problemIds.slice(0, 10).map((problemId) => (
        <Link
          key={problemId}
          to={`/problems/${problemId}`}
          className="finding-problem"
          style={{ marginRight: 6 }}
        >
          问题#{problemId}
        </Link>
      ))}
      {problemIds.length > 10 && `等 ${problemIds.length} 项`}
    </>
  );
}

export function InspectionFindings({ inspectionId }: { inspectionId: number }) {
  const [findings, setFindings] = useState<{
    timing: TimingFinding[];
    duplicates: DuplicateFinding[];
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .get<{ timing: TimingFinding[]; duplicates: DuplicateFinding[] }>('/api/quality/findings', {
        inspectionId,
      })
      .then(setFindings)
      .catch((caught: unknown) => setError(caught instanceof ApiError ? caught.message : '加载疑点失败'));
  }, [inspectionId]);

  if (error) return <Alert type="error" showIcon message={error} />;
  if (!findings) return <Spin size="small" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} className="inspection-findings">
      <Typography.Text strong>时间异常（{findings.timing.length}）</Typography.Text>
      <List
        size="small"
        className="timing-findings"
        locale={{ emptyText: '无' }}
        dataSource={findings.timing}
        renderItem={(finding) => (
          <List.Item className="timing-finding" data-kind={finding.kind}>
            <Space wrap size={8}>
              <Tag color="warning">{timingLabels[finding.kind] ?? finding.kind}</Tag>
              <span>{finding.description}</span>
              <ProblemLinks problemIds={finding.problemIds} />
              {finding.evidenceIds.map((evidenceId) => (
                <a
                  key={evidenceId}
                  href={`/api/evidence/${evidenceId}/content`}
                  className="finding-evidence"
                  target="_blank"
                  rel="noreferrer"
                >
                  佐证#{evidenceId}
                </a>
              ))}
              {finding.transitionIds.map((transitionId) => (
                <Link
                  key={transitionId}
                  to={`/problems/${finding.problemIds[0]}`}
                  className="finding-statement"
                >
                  销号说明#{transitionId}
                </Link>
              ))}
            </Space>
          </List.Item>
        )}
      />
      <Typography.Text strong>雷同材料（{findings.duplicates.length}）</Typography.Text>
      <List
        size="small"
        locale={{ emptyText: '无' }}
        dataSource={findings.duplicates}
        renderItem={(finding) => (
          <List.Item>
            <Space wrap size={8}>
              <span>{finding.description}</span>
              <ProblemLinks
                problemIds={[...new Set(finding.occurrences.map((occurrence) => occurrence.problemId))]}
              />
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}
