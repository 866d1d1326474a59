// The ledger (台账): problems in scope with filters, search, sorting and server-side pages.
// Filters live in the URL, so a view can be bookmarked, shared and reloaded.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Input, Select, Space, Switch, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.ts';
import type { LedgerPage as LedgerPageData, LedgerRow, LedgerState } from '../api/types.ts';
import { DeadlineCell } from '../components/DeadlineCell.tsx';
import { StateTag } from '../components/StateTag.tsx';
import { stateLabels } from '../labels.ts';

const sortOptions = [
  { value: 'document', label: '按方案顺序' },
  { value: 'due_on', label: '按整改时限' },
  { value: 'updated_at', label: '按最近更新' },
  { value: 'state', label: '按状态' },
];

const columns: ColumnsType<LedgerRow> = [
  {
    title: '编号',
    dataIndex: 'number',
    width: 70,
    render: (number: string | null, row) => (row.parentId ? `└ ${number ?? ''}` : number),
  },
  {
    title: '问题',
    dataIndex: 'title',
    render: (title: string, row) => (
      <Space direction="vertical" size={0}>
        <Link to={`/problems/${row.id}`}>{title}</Link>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {row.unitName} · {row.aspectTitle}
        </Typography.Text>
      </Space>
    ),
  },
  {
    title: '责任领导',
    dataIndex: 'leaders',
    width: 110,
    render: (names: string[]) => names.join('、') || '—',
  },
  {
    title: '责任部门',
    dataIndex: 'departments',
    width: 140,
    render: (names: string[]) => names.join('、') || '—',
  },
  { title: '责任人', dataIndex: 'people', width: 110, render: (names: string[]) => names.join('、') || '—' },
  {
    title: '整改时限',
    dataIndex: 'dueOn',
    width: 180,
    render: (_: unknown, row) => <DeadlineCell dueOn={row.dueOn} text={row.deadlineText} state={row.state} />,
  },
  {
    title: '状态',
    dataIndex: 'state',
    width: 150,
    render: (_: unknown, row) => (
      <StateTag state={row.state} isOverdue={row.isOverdue} isLongTerm={row.isLongTerm} />
    ),
  },
  { title: '佐证', dataIndex: 'evidenceCount', width: 60, align: 'right' },
];

export function LedgerPage() {
  const [params, setParams] = useSearchParams();
  const [data, setData] = useState<LedgerPageData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(false);
  const query = useMemo(() => Object.fromEntries(params.entries()), [params]);
  const page = Number(query.page ?? 1);
  const pageSize = Number(query.pageSize ?? 50);

  useEffect(() => {
    let isCurrent = true;
    setIsLoading(true);
    setError(null);
    api
      .get<LedgerPageData>('/api/ledger', { ...query, page, pageSize })
      .then((result) => isCurrent && setData(result))
      .catch(
        (caught: unknown) =>
          isCurrent && setError(caught instanceof ApiError ? caught.message : '加载台账失败'),
      )
      .finally(() => isCurrent && setIsLoading(false));
    return () => {
      isCurrent = false;
    };
  }, [query, page, pageSize]);

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  }

  const states = (query.state ?? '').split(',').filter(Boolean) as LedgerState[];
  return (
    <Card
      title="整改台账"
      extra={data && <Typography.Text type="secondary">共 {data.total} 项</Typography.Text>}
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder="搜索问题、表现、措施"
          allowClear
          defaultValue={query.q}
          onSearch={(value) => update({ q: value })}
          style={{ width: 260 }}
          aria-label="搜索"
        />
        <Select
          mode="multiple"
          allowClear
          placeholder="状态"
          value={states}
          onChange={(value: LedgerState[]) => update({ state: value.join(',') })}
          options={Object.entries(stateLabels).map(([value, label]) => ({ value, label }))}
          style={{ minWidth: 200 }}
          aria-label="状态"
        />
        <Space>
          <Switch
            checked={query.overdue === 'true'}
            onChange={(checked) => update({ overdue: checked ? 'true' : undefined })}
            aria-label="只看逾期"
          />
          只看逾期
        </Space>
        <Select
          value={query.sort ?? 'document'}
          onChange={(value: string) => update({ sort: value })}
          options={sortOptions}
          style={{ width: 140 }}
          aria-label="排序"
        />
        <Button onClick={() => setParams(new URLSearchParams())}>清除筛选</Button>
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table<LedgerRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={isLoading}
        locale={{ emptyText: '没有符合条件的整改问题' }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (total) => `共 ${total} 项`,
          onChange: (nextPage, nextSize) => update({ page: String(nextPage), pageSize: String(nextSize) }),
        }}
      />
    </Card>
  );
}
