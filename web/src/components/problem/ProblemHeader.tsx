// The problem's header: where it sits (unit, aspect, parent), its number and title, state with
// overdue and long-term marks, deadline with days left, and the actions the user may take now.
import { Breadcrumb, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { StateTag } from '../StateTag.tsx';
import { PendingDeadline } from '../PendingDeadline.tsx';
import { DaysLeft } from './DeadlineSection.tsx';
import { ProblemActions } from './ProblemActions.tsx';
import type { ProblemDetail } from './model.ts';

export function ProblemHeader({ problem, onChanged }: { problem: ProblemDetail; onChanged: () => void }) {
  const deadline = problem.deadline;
  return (
    <Card data-section="header">
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { title: <Link to="/ledger">整改台账</Link> },
          { title: <Link to={`/ledger?inspectionId=${problem.inspection.id}`}>{problem.unit.name}</Link> },
          { title: `${problem.aspect.number ? `${problem.aspect.number} ` : ''}${problem.aspect.title}` },
        ]}
      />
      <div style={{ display: 'flex', gap: 24, alignItems: 'flex-start', justifyContent: 'space-between' }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Typography.Title level={4} style={{ marginTop: 0, marginBottom: 8 }} data-testid="problem-title">
            {problem.number && (
              <Typography.Text type="secondary" style={{ fontSize: 'inherit', marginRight: 8 }}>
                {problem.number}
              </Typography.Text>
            )}
            {problem.title}
          </Typography.Title>
          <Space size={12} wrap data-testid="problem-state">
            <StateTag
              state={problem.state}
              isOverdue={problem.deadline?.isOverdue}
              isLongTerm={problem.isLongTerm}
            />
            {problem.reboundCount > 0 && <Tag color="volcano">反弹 {problem.reboundCount} 次</Tag>}
          </Space>
        </div>
        <ProblemActions problem={problem} onChanged={onChanged} />
      </div>
      <Descriptions size="small" column={4} style={{ marginTop: 16 }}>
        <Descriptions.Item label="被巡察单位">{problem.unit.name}</Descriptions.Item>
        <Descriptions.Item label="巡察轮次">{problem.inspection.roundName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="整改时限">
          <Space size={4}>
            {!deadline ? (
              '未设定'
            ) : !deadline.dueOn && deadline.awaitsCalendarYear != null ? (
              <PendingDeadline year={deadline.awaitsCalendarYear} text={deadline.text} />
            ) : (
              (deadline.dueOn ?? deadline.text ?? '未明确')
            )}
            <DaysLeft problem={problem} />
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="佐证材料">{problem.evidenceCount} 份</Descriptions.Item>
        {problem.parent && (
          <Descriptions.Item label="所属问题" span={4}>
            <Link to={`/problems/${problem.parent.id}`}>
              {problem.parent.number ? `${problem.parent.number} ` : ''}
              {problem.parent.title}
            </Link>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}
