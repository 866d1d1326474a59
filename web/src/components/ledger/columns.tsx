// The ledger tree's columns, built once per set of hidden columns (memoised by the caller).
import { Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { DeadlineCell } from '../DeadlineCell.tsx';
import { StateTag } from '../StateTag.tsx';
import type { LedgerColumnKey, LedgerNode } from './model.ts';

const names = (list: readonly string[]) => (list.length > 0 ? list.join('、') : '—');

function NumberCell({ node }: { node: LedgerNode }) {
  if (node.kind === 'aspect') return null;
  if (node.kind === 'measure') return <Typography.Text type="secondary">措施{node.position}</Typography.Text>;
  return <span>{node.row.number ?? '—'}</span>;
}

function TitleCell({ node }: { node: LedgerNode }) {
  if (node.kind === 'aspect') {
    return (
      <Space size={8}>
        <Typography.Text strong>{node.title}</Typography.Text>
        <Typography.Text type="secondary">
          {node.unitName} · {node.problemCount}个问题
        </Typography.Text>
      </Space>
    );
  }
  if (node.kind === 'measure') {
    return (
      <span className="ledger-measure">
        {node.measure.isDone ? (
          <Tag color="success">已完成{node.measure.doneOn ? ` ${node.measure.doneOn}` : ''}</Tag>
        ) : (
          <Tag>未完成</Tag>
        )}
        <Typography.Text>{node.measure.text}</Typography.Text>
      </span>
    );
  }
  return (
    <Link to={`/problems/${node.row.id}`} className="ledger-title" tabIndex={-1}>
      {node.row.title}
    </Link>
  );
}

const onlyProblem =
  (render: (node: Extract<LedgerNode, { kind: 'problem' }>) => React.ReactNode) =>
  (_: unknown, node: LedgerNode) => (node.kind === 'problem' ? render(node) : null);

/** Column widths are fixed so the virtual list can lay rows out without measuring them. */
export function buildLedgerColumns(hidden: ReadonlySet<LedgerColumnKey>): ColumnsType<LedgerNode> {
  const columns: Array<ColumnsType<LedgerNode>[number] & { columnKey?: LedgerColumnKey }> = [
    {
      title: '编号',
      key: 'number',
      width: 120,
      render: (_: unknown, node) => <NumberCell node={node} />,
    },
    {
      title: '问题 / 整改措施',
      key: 'title',
      width: 460,
      render: (_: unknown, node) => <TitleCell node={node} />,
    },
    {
      title: '责任领导',
      key: 'leaders',
      columnKey: 'leaders',
      width: 110,
      render: onlyProblem((node) => names(node.row.leaders)),
    },
    {
      title: '责任部门',
      key: 'departments',
      columnKey: 'departments',
      width: 150,
      render: onlyProblem((node) => names(node.row.departments)),
    },
    {
      title: '责任人',
      key: 'people',
      columnKey: 'people',
      width: 110,
      render: onlyProblem((node) => names(node.row.people)),
    },
    {
      title: '整改时限',
      key: 'deadline',
      columnKey: 'deadline',
      width: 190,
      render: onlyProblem((node) => (
        <span data-due-on={node.row.dueOn ?? ''}>
          <DeadlineCell
            dueOn={node.row.dueOn}
            text={node.row.deadlineText}
            state={node.row.state}
            awaitsCalendarYear={node.row.deadlineAwaitsCalendarYear}
          />
        </span>
      )),
    },
    {
      title: '状态',
      key: 'state',
      columnKey: 'state',
      width: 150,
      render: onlyProblem((node) => (
        <StateTag state={node.row.state} isOverdue={node.row.isOverdue} isLongTerm={node.row.isLongTerm} />
      )),
    },
    {
      title: '佐证',
      key: 'evidence',
      columnKey: 'evidence',
      width: 64,
      align: 'right',
      render: onlyProblem((node) => node.row.evidenceCount),
    },
  ];
  return columns
    .filter((column) => !column.columnKey || !hidden.has(column.columnKey))
    .map(({ columnKey: _columnKey, ...column }) => column);
}

export function columnsWidth(columns: ColumnsType<LedgerNode>): number {
  return columns.reduce((sum, column) => sum + (typeof column.width === 'number' ? column.width : 120), 0);
}
