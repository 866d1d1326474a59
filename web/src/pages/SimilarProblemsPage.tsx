// 举一反三: the same kind of problem found in different units, grouped, most units first. Each
// group opens to show every unit's problem with its state and how it was fixed (measures), so
// one unit's fix can be carried over to the others.
import { useEffect, useState } from 'react';
import { Alert, Collapse, Empty, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.ts';
import type { SimilarProblemMember, SimilarProblemsResult } from '../api/searchTypes.ts';
import { StateTag } from '../components/StateTag.tsx';

interface Round {
  id: number;
  name: string;
}

const thresholds = [0.3, 0.4, 0.5, 0.6, 0.8];

const columns: ColumnsType<SimilarProblemMember> = [
  { title: '被巡察单位', dataIndex: 'unitName', width: 200 },
  { title: '轮次', dataIndex: 'roundName', width: 170 },
  {
    title: '问题',
    dataIndex: 'problemTitle',
    render: (title: string, member) => (
      <Link to={`/problems/${member.problemId}`} className="similar-member-link">
        {member.problemNumber ? `${member.problemNumber}. ` : ''}
        {title}
      </Link>
    ),
  },
  {
    title: '状态',
    dataIndex: 'state',
    width: 100,
    render: (_: unknown, member) => <StateTag state={member.state} />,
  },
  {
    title: '整改措施',
    key: 'measures',
    render: (_: unknown, member) =>
      member.measures.total === 0 ? (
        <Typography.Text type="secondary">暂无措施</Typography.Text>
      ) : (
        <div>
          <Typography.Text type="secondary">
            共{member.measures.total}条，已完成{member.measures.done}条
          </Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {member.measures.texts.map((text, index) => (
              <li key={index}>{text}</li>
            ))}
          </ul>
        </div>
      ),
  },
  {
    title: '相似度',
    dataIndex: 'similarity',
    width: 80,
    render: (value: number) => `${Math.round(value * 100)}%`,
  },
];

export function SimilarProblemsPage() {
  const [params, setParams] = useSearchParams();
  const roundId = params.get('roundId') ?? undefined;
  const threshold = Number(params.get('threshold') ?? '0.4');
  const [rounds, setRounds] = useState<Round[]>([]);
  const [result, setResult] = useState<SimilarProblemsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(true);

  useEffect(() => {
    api
      .get<{ items: Round[] }>('/api/rounds')
      .then((answer) => setRounds(answer.items))
      .catch(() => setRounds([]));
  }, []);

  useEffect(() => {
    let isCurrent = true;
    setIsLoading(true);
    api
      .get<SimilarProblemsResult>('/api/similar-problems', { roundId, threshold })
      .then((answer) => {
        if (isCurrent) {
          setResult(answer);
          setError(null);
        }
      })
      .catch((caught: unknown) => {
        if (isCurrent) setError(caught instanceof ApiError ? caught.message : '加载失败，请稍后重试');
      })
      .finally(() => {
        if (isCurrent) setIsLoading(false);
      });
    return () => {
      isCurrent = false;
    };
  }, [roundId, threshold]);

  const setFilter = (key: 'roundId' | 'threshold', value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined) next.delete(key);
    else next.set(key, value);
    setParams(next);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} className="similar-problems-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        举一反三
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        不同单位存在的同类问题（按问题标题和具体表现的文字相似度归组），按涉及单位数排序。展开可查看各单位的整改状态和措施。
      </Typography.Paragraph>
      <Space wrap>
        <Select
          aria-label="轮次"
          style={{ width: 240 }}
          allowClear
          placeholder="全部轮次"
          value={roundId === undefined ? undefined : Number(roundId)}
          options={rounds.map((round) => ({ value: round.id, label: round.name }))}
          onChange={(value?: number) => setFilter('roundId', value === undefined ? undefined : String(value))}
        />
        <Select
          aria-label="相似度阈值"
          style={{ width: 160 }}
          value={threshold}
          options={thresholds.map((value) => ({ value, label: `相似度 ≥ ${Math.round(value * 100)}%` }))}
          onChange={(value: number) => setFilter('threshold', String(value))}
        />
        {result && (
          <Typography.Text type="secondary">
            比较了 {result.problemsCompared} 个问题，找到 {result.groups.length} 组
          </Typography.Text>
        )}
      </Space>
      {error && <Alert type="error" showIcon message={error} />}
      {isLoading && !result && <Spin />}
      {result && result.groups.length === 0 && <Empty description="没有发现跨单位的同类问题" />}
      {result && result.groups.length > 0 && (
        <Collapse
          className="similar-groups"
          items={result.groups.map((group) => ({
            key: String(group.id),
            className: 'similar-group',
            label: (
              <Space wrap>
                <Typography.Text strong className="similar-group-label">
                  {group.label}
                </Typography.Text>
                <Tag color="volcano">{group.unitCount}个单位</Tag>
                <Tag>{group.members.length}个问题</Tag>
              </Space>
            ),
            children: (
              <Table
                rowKey="problemId"
                size="small"
                pagination={false}
                columns={columns}
                dataSource={group.members}
              />
            ),
          }))}
        />
      )}
    </Space>
  );
}
