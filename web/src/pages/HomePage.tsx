// The home page per role: what is due within 7 days, what is overdue, what waits for my review,
// what was returned to me (被退回: rejected with a reason, back in progress).
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, List, Row, Statistic, Typography } from 'antd';
import { TeamOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../api/client.ts';
import type { LedgerPage, LedgerRow, Role } from '../api/types.ts';
import { useAuth } from '../auth.tsx';
import { DeadlineCell } from '../components/DeadlineCell.tsx';
import { addDays, todayInShanghai } from '../dates.ts';
import { roleLabels } from '../labels.ts';

interface Panel {
  key: string;
  title: string;
  query: Record<string, string>;
  link: string;
}

function panelsFor(role: Role): Panel[] {
  const today = todayInShanghai();
  const dueSoon: Panel = {
    key: 'due-soon',
    title: '7日内到期',
    query: { state: 'draft,in_progress', dueFrom: today, dueTo: addDays(today, 7), sort: 'due_on' },
    link: `/ledger?state=draft,in_progress&dueFrom=${today}&dueTo=${addDays(today, 7)}&sort=due_on`,
  };
  const overdue: Panel = {
    key: 'overdue',
    title: '已逾期',
    query: { overdue: 'true', sort: 'due_on' },
    link: '/ledger?overdue=true&sort=due_on',
  };
  const review: Panel = {
    key: 'review',
    title: '待审核销号',
    query: { state: 'pending_review', sort: 'updated_at' },
    link: '/ledger?state=pending_review&sort=updated_at',
  };
  const returned: Panel = {
    key: 'returned',
    title: '被退回',
    query: { returned: 'true', sort: 'updated_at' },
    link: '/ledger?returned=true&sort=updated_at',
  };
  const recent: Panel = {
    key: 'recent',
    title: '最近更新',
    query: { sort: 'updated_at' },
    link: '/ledger?sort=updated_at',
  };
  if (role === 'leader') return [review, overdue, dueSoon, recent];
  if (role === 'office') return [review, overdue, dueSoon, returned, recent];
  return [dueSoon, overdue, returned, review, recent];
}

function PanelCard({ panel }: { panel: Panel }) {
  const [page, setPage] = useState<LedgerPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .get<LedgerPage>('/api/ledger', { ...panel.query, pageSize: 5 })
      .then(setPage)
      .catch((caught: unknown) => setError(caught instanceof ApiError ? caught.message : '加载失败'));
  }, [panel]);
  return (
    <Card
      title={panel.title}
      extra={<Link to={panel.link}>查看全部</Link>}
      loading={!page && !error}
      data-panel={panel.key}
    >
      {error ? (
        <Alert type="error" message={error} />
      ) : (
        <>
          <Statistic value={page?.total ?? 0} suffix="项" />
          <List<LedgerRow>
            size="small"
            dataSource={page?.items ?? []}
            locale={{ emptyText: '暂无' }}
            renderItem={(item) => (
              <List.Item>
                <Link to={`/problems/${item.id}`} style={{ flex: 1 }}>
                  {item.title}
                </Link>
                <DeadlineCell
                  dueOn={item.dueOn}
                  text={item.deadlineText}
                  state={item.state}
                  awaitsCalendarYear={item.deadlineAwaitsCalendarYear}
                />
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}

export function HomePage() {
  const { user } = useAuth();
  if (!user) return null;
  if (user.role === 'admin') {
    return (
      <Card title="系统管理">
        <Typography.Paragraph>您是系统管理员，负责账号、角色与权限范围的管理。</Typography.Paragraph>
        <Link to="/admin/users">
          <Button type="primary" icon={<TeamOutlined />}>
            进入账号管理
          </Button>
        </Link>
      </Card>
    );
  }
  return (
    <>
      <Typography.Title level={4}>
        {user.displayName}（{roleLabels[user.role]}），您好
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {panelsFor(user.role).map((panel) => (
          <Col xs={24} lg={12} key={panel.key}>
            <PanelCard panel={panel} />
          </Col>
        ))}
      </Row>
    </>
  );
}
