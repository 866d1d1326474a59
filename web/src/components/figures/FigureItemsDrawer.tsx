// The rows behind one number of 整改统计: problems, measures, register rows or supervision
// notices, paged by the server, each linked to its problem page; the drawer states how many rows
// there are and, for summed figures (money, people), what they add up to.
import { useEffect, useState } from 'react';
import { Alert, Descriptions, Drawer, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api/client.ts';
import type { LedgerState } from '../../api/types.ts';
import { stateColors, stateLabels } from '../../labels.ts';
import type { FigureKey } from './figureColumns.ts';

export interface FigureTarget {
  key: FigureKey;
  /** What the number was: e.g. "某单位 · 逾期" or "合计 · 反馈问题". */
  caption: string;
  roundId?: number;
  unitId?: number;
}

interface FigureItem {
  source: 'problems' | 'measures' | 'institutions' | 'outcomes' | 'meetings' | 'notices';
  id: number;
  unitName: string;
  roundName: string;
  number: string | null;
  title: string;
  state: string | null;
  date: string | null;
  value: number | null;
  problemId: number | null;
  problemIds: number[];
}

interface FigureItemsPage {
  label: string;
  aggregate: 'count' | 'sum';
  total: number;
  figure: number;
  page: number;
  pageSize: number;
  items: FigureItem[];
}

const otherStates: Record<string, string> = {
  done: '已完成',
  not_done: '未完成',
  new: '新建',
  revised: '完善',
  issued: '待回复',
  replied: '已回复',
  party_group: '党组会',
  democratic_life: '民主生活会',
  leading_group: '领导小组会',
  mobilisation: '动员会',
  other: '其他会议',
  funds_returned: '清退',
  funds_recovered: '追缴',
  funds_saved: '挽回',
  people_reminded: '提醒谈话',
  people_admonished: '诫勉谈话',
  people_accountable: '问责',
  people_disciplined: '处分',
};

function StateCell({ item }: { item: FigureItem }) {
  if (!item.state) return null;
  if (item.source === 'problems' && item.state in stateLabels) {
    const state = item.state as LedgerState;
    return <Tag color={stateColors[state]}>{stateLabels[state]}</Tag>;
  }
  if (item.source === 'notices' && item.state === 'closed') return <Tag color="success">已办结</Tag>;
  return <Tag>{otherStates[item.state] ?? item.state}</Tag>;
}

const PAGE_SIZE = 20;

export function FigureItemsDrawer({ target, onClose }: { target: FigureTarget | null; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<FigureItemsPage | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setPage(1), [target]);
  useEffect(() => {
    if (!target) return;
    let isCurrent = true;
    setData(null);
    setError(null);
    api
      .get<FigureItemsPage>('/api/analytics/figures/items', {
        key: target.key,
        roundId: target.roundId,
        unitId: target.unitId,
        page,
        pageSize: PAGE_SIZE,
      })
      .then((loaded) => isCurrent && setData(loaded))
      .catch(
        (caught: unknown) =>
          isCurrent && setError(caught instanceof ApiError ? caught.message : '加载明细失败'),
      );
    return () => {
      isCurrent = false;
    };
  }, [target, page]);

  const isMoney = target?.key.startsWith('funds') ?? false;
  const columns: ColumnsType<FigureItem> = [
    { title: '被巡察单位', dataIndex: 'unitName', width: 180 },
    { title: '轮次', dataIndex: 'roundName', width: 160 },
    {
      title: '事项',
      dataIndex: 'title',
      render: (title: string, item) => {
        const text = item.number ? `${item.number}. ${title}` : title;
        return (
          <Space direction="vertical" size={0}>
            {item.problemId !== null ? (
              <Link to={`/problems/${item.problemId}`} className="figure-item-link">
                {text}
              </Link>
            ) : (
              <span>{text}</span>
            )}
            {item.problemIds.length > 1 && (
              <Typography.Text type="secondary">
                关联问题：
                {item.problemIds.map((id, index) => (
                  <span key={id}>
                    {index > 0 && '、'}
                    <Link to={`/problems/${id}`}>#{id}</Link>
                  </span>
                ))}
              </Typography.Text>
            )}
          </Space>
        );
      },
    },
    { title: '状态/类别', width: 110, render: (_: unknown, item) => <StateCell item={item} /> },
    { title: '日期', dataIndex: 'date', width: 110 },
    ...(data?.aggregate === 'sum'
      ? [
          {
            title: isMoney ? '金额（元）' : '数量',
            dataIndex: 'value',
            width: 110,
            align: 'right' as const,
            render: (value: number | null) =>
              value === null ? '' : value.toLocaleString('zh-CN', { minimumFractionDigits: isMoney ? 2 : 0 }),
          },
        ]
      : []),
  ];

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      width={980}
      title={target ? `${target.caption}：明细` : ''}
      destroyOnClose
    >
      {error && <Alert type="error" showIcon message={error} />}
      {data && (
        <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
          <Descriptions.Item label="统计项">{data.label}</Descriptions.Item>
          <Descriptions.Item label="明细条数">
            <span data-testid="figure-items-total">{data.total}</span>
          </Descriptions.Item>
          {data.aggregate === 'sum' && (
            <Descriptions.Item label="合计">
              {isMoney
                ? `${data.figure.toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元`
                : data.figure}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      <Table<FigureItem>
        rowKey={(item) => `${item.source}-${item.id}`}
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={!data && !error}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 条`,
          onChange: setPage,
        }}
      />
    </Drawer>
  );
}
