// The bell in the header: the unread count (refreshed every minute and when the window regains
// focus), the latest messages in a popover, opening one marks it read and goes to its subject.
import { useCallback, useEffect, useState } from 'react';
import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client.ts';
import type { NotificationInbox, NotificationItem } from '../api/supervisionTypes.ts';
import { formatInstant } from './problem/model.ts';

const REFRESH_MS = 60_000;

/** Where a message leads: its problem, else the notices list, else nowhere. */
function targetOf(item: NotificationItem): string | null {
  if (item.problemId != null) return `/problems/${item.problemId}`;
  if (item.noticeId != null) return '/notices';
  return null;
}

export function NotificationBell() {
  const navigate = useNavigate();
  const [inbox, setInbox] = useState<NotificationInbox | null>(null);
  const [isOpen, setIsOpen] = useState(false);

  const load = useCallback(() => {
    api
      .get<NotificationInbox>('/api/notifications', { limit: 10 })
      .then(setInbox)
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    load();
    const timer = window.setInterval(load, REFRESH_MS);
    window.addEventListener('focus', load);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', load);
    };
  }, [load]);

  async function open(item: NotificationItem) {
    if (item.readAt == null) {
      await api.post(`/api/notifications/${item.id}/read`).catch(() => undefined);
      load();
    }
    const target = targetOf(item);
    setIsOpen(false);
    if (target) navigate(target);
  }

  async function readAll() {
    await api.post('/api/notifications/read-all').catch(() => undefined);
    load();
  }

  const unread = inbox?.unreadCount ?? 0;
  const content = (
    <div style={{ width: 380 }}>
      {inbox && inbox.items.length > 0 ? (
        <List<NotificationItem>
          size="small"
          dataSource={inbox.items}
          renderItem={(item) => (
            <List.Item
              style={{ cursor: 'pointer', opacity: item.readAt ? 0.6 : 1 }}
              onClick={() => void open(item)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') void open(item);
              }}
              tabIndex={0}
            >
              <List.Item.Meta
                title={
                  <Space size={4}>
                    {item.readAt == null && <Badge status="processing" />}
                    <Typography.Text strong={item.readAt == null}>{item.title}</Typography.Text>
                  </Space>
                }
                description={
                  <>
                    <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                      {item.body}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatInstant(item.createdAt)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无消息" />
      )}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 8 }}>
        <Link to="/settings/notifications" onClick={() => setIsOpen(false)}>
          通知设置
        </Link>
        <Button size="small" disabled={unread === 0} onClick={() => void readAll()}>
          全部标为已读
        </Button>
      </Space>
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title="消息"
      open={isOpen}
      onOpenChange={setIsOpen}
      content={content}
    >
      <Badge count={unread} overflowCount={99} size="small">
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={unread > 0 ? `消息，${unread} 条未读` : '消息'}
          data-testid="notification-bell"
        />
      </Badge>
    </Popover>
  );
}
