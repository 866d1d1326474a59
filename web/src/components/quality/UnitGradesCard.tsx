// 整改质量评价 on the office dashboard: every unit's grade (好/较好/一般/差), score and number of
// findings (duplication and timing); a row expands to its indicators, each with how it was
// counted and the items behind it, linked to their problem pages, and the findings behind the
// 疑点 count (timing anomalies and duplicates) with both sides linked. Grades are served at once
// from the last computation ("计算于 …，正在更新" while a newer one runs); the card asks again
// until the server says the grades are current, with a progress bar the first time.
import { useEffect, useState } from 'react';
import { Alert, Card, Progress, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api/client.ts';
import { formatInstant } from '../problem/model.ts';
import { InspectionFindings } from './InspectionFindings.tsx';

interface Indicator {
  name: string;
  label: string;
  weight: number;
  value: number | null;
  points: number | null;
  basis: string;
  problemIds: number[];
}

interface UnitGrade {
  inspectionId: number;
  unitName: string;
  roundName: string;
  problems: number;
  score: number | null;
  grade: '好' | '较好' | '一般' | '差' | null;
  findingCount: number;
  indicators: Indicator[];
}

interface GradeList {
  state: 'ready' | 'computing';
  units: UnitGrade[];
  computedAt: string | null;
  isUpdating: boolean;
  progress: { step: number; steps: number; label: string } | null;
}

/** How often the card asks again while grades are being (re)computed. */
const POLL_MS = 2000;

const gradeColors: Record<string, string> = {
  好: 'success',
  较好: 'processing',
  一般: 'warning',
  差: 'error',
};

const columns: ColumnsType<UnitGrade> = [
  { title: '被巡察单位', dataIndex: 'unitName' },
  { title: '轮次', dataIndex: 'roundName', width: 170 },
  {
    title: '评价等次',
    dataIndex: 'grade',
    width: 100,
    render: (grade: UnitGrade['grade']) =>
      grade ? (
        <Tag color={gradeColors[grade]} className="unit-grade">
          {grade}
        </Tag>
      ) : (
        '—'
      ),
  },
  {
    title: '得分',
    dataIndex: 'score',
    width: 80,
    align: 'right',
    sorter: (a, b) => (a.score ?? -1) - (b.score ?? -1),
    render: (score: number | null) => score ?? '—',
  },
  {
    title: '疑点',
    dataIndex: 'findingCount',
    width: 80,
    align: 'right',
    sorter: (a, b) => a.findingCount - b.findingCount,
    render: (count: number, row) =>
      count > 0 ? (
        <Typography.Text type="danger" className="finding-count" data-inspection-id={row.inspectionId}>
          {count}
        </Typography.Text>
      ) : (
        <span className="finding-count">0</span>
      ),
  },
];

function Indicators({ unit }: { unit: UnitGrade }) {
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }} className="grade-indicators">
      {unit.indicators.map((indicator) => (
        <div key={indicator.name}>
          <Typography.Text strong>{indicator.label}</Typography.Text>
          <Typography.Text type="secondary" style={{ margin: '0 8px' }}>
            权重 {indicator.weight} · {indicator.points === null ? '不计分' : `${indicator.points} 分`}
          </Typography.Text>
          <Typography.Text>{indicator.basis}</Typography.Text>
          {indicator.problemIds.length > 0 && (
            <span style={{ marginLeft: 8 }}>
              {indicator.problemIds.slice(0, 20).map((problemId) => (
                <Link key={problemId} to={`/problems/${problemId}`} style={{ marginRight: 6 }}>
                  #{problemId}
                </Link>
              ))}
              {indicator.problemIds.length > 20 && `等 ${indicator.problemIds.length} 项`}
            </span>
          )}
        </div>
      ))}
    </Space>
  );
}

/** When the shown grades were computed, and whether newer ones are on the way. */
export function GradesFreshness({ grades }: { grades: GradeList }) {
  if (grades.state === 'computing') {
    const percent = grades.progress
      ? Math.round(((grades.progress.step - 1) / grades.progress.steps) * 100)
      : 0;
    return (
      <div className="grades-computing" style={{ minWidth: 260 }}>
        <Typography.Text type="secondary">
          正在计算整改质量评价{grades.progress ? `：${grades.progress.label}` : '…'}
        </Typography.Text>
        <Progress percent={percent} size="small" status="active" />
      </div>
    );
  }
  return (
    <Typography.Text type="secondary" className="grades-freshness" data-updating={String(grades.isUpdating)}>
      计算于 {grades.computedAt ? formatInstant(grades.computedAt) : '—'}
      {grades.isUpdating && (
        <>
          ，正在更新 <Spin size="small" />
        </>
      )}
    </Typography.Text>
  );
}

export function UnitGradesCard({ roundId }: { roundId?: string }) {
  const [grades, setGrades] = useState<GradeList | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    setGrades(null);
    let isCurrent = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      api
        .get<GradeList>('/api/quality/grades', { roundId })
        .then((body) => {
          if (!isCurrent) return;
          setGrades(body);
          // Ask again until the grades are current (the server computes in the background).
          if (body.state === 'computing' || body.isUpdating) timer = setTimeout(load, POLL_MS);
        })
        .catch((caught: unknown) => {
          if (isCurrent) setError(caught instanceof ApiError ? caught.message : '加载整改质量评价失败');
        });
    };
    load();
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [roundId]);

  const units = grades?.state === 'ready' ? grades.units : null;
  return (
    <Card
      title="整改质量评价（展开查看指标与涉及问题）"
      className="unit-grades"
      extra={grades && <GradesFreshness grades={grades} />}
    >
      {error && <Alert type="error" showIcon message={error} />}
      <Table<UnitGrade>
        rowKey="inspectionId"
        size="middle"
        columns={columns}
        dataSource={units ?? []}
        loading={!units && !error}
        expandable={{
          expandedRowRender: (unit) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Indicators unit={unit} />
              {unit.findingCount > 0 && <InspectionFindings inspectionId={unit.inspectionId} />}
            </Space>
          ),
        }}
        pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 个单位` }}
      />
    </Card>
  );
}
