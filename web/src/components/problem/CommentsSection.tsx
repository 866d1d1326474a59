// 评论与纪检提示: everyone in scope reads and comments; the discipline observer and the
// inspection office may also flag the problem (纪检提示), shown in red.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, Input, List, Space, Spin, Tag, Typography } from 'antd';
import { FlagOutlined } from '@ant-design/icons';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth.tsx';
import { errorText, flaggingRoles, formatInstant, type CommentItem } from './model.ts';

export function CommentsSection({
  problemId,
  reloadKey,
  onChanged,
}: {
  problemId: number;
  reloadKey: number;
  onChanged: () => void;
}) {
  const { user } = useAuth();
  const { message } = App.useApp();
  const [items, setItems] = useState<CommentItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [body, setBody] = useState('');
  const [sending, setSending] = useState<'comment' | 'flag' | null>(null);
  const canFlag = !!user && flaggingRoles.includes(user.role);

  const load = useCallback(() => {
    api
      .get<CommentItem[]>(`/api/problems/${problemId}/comments`)
      .then((result) => {
        setItems(result);
        setError(null);
      })
      .catch((caught: unknown) => setError(errorText(caught, '加载评论失败')));
  }, [problemId]);
  useEffect(() => load(), [load, reloadKey]);

  async function post(kind: 'comment' | 'flag') {
    if (!body.trim()) {
      message.warning('请填写内容');
      return;
    }
    setSending(kind);
    try {
      await api.post(`/api/problems/${problemId}/comments`, { kind, body: body.trim() });
      message.success(kind === 'flag' ? '已发出纪检提示' : '评论已发表');
      setBody('');
      onChanged();
    } catch (caught) {
      message.error(errorText(caught));
    } finally {
      setSending(null);
    }
  }

  return (
    <Card title="评论与纪检提示" size="small" data-section="comments">
      {error ? (
        <Alert type="error" showIcon message={error} action={<Button onClick={load}>重试</Button>} />
      ) : !items ? (
        <div style={{ textAlign: 'center', padding: 24 }}>
          <Spin />
        </div>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无评论" />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(item) => (
            <List.Item
              data-comment-kind={item.kind}
              style={item.kind === 'flag' ? { background: '#fff1f0', paddingLeft: 12 } : undefined}
            >
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space size={8} wrap>
                  {item.kind === 'flag' && (
                    <Tag color="error" icon={<FlagOutlined />}>
                      纪检提示
                    </Tag>
                  )}
                  <Typography.Text strong>{item.author.displayName}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {item.author.roleName} · {formatInstant(item.createdAt)}
                  </Typography.Text>
                </Space>
                <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
                  {item.body}
                </Typography.Paragraph>
              </Space>
            </List.Item>
          )}
        />
      )}
      <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
        <Input.TextArea
          rows={2}
          value={body}
          maxLength={2000}
          placeholder={
            canFlag ? '填写评论或纪检提示内容（Ctrl+Enter 发表评论）' : '填写评论（Ctrl+Enter 发表）'
          }
          aria-label="评论内容"
          onChange={(event) => setBody(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void post('comment');
          }}
        />
        <Space>
          <Button type="primary" loading={sending === 'comment'} onClick={() => void post('comment')}>
            发表评论
          </Button>
          {canFlag && (
            <Button
              danger
              icon={<FlagOutlined />}
              loading={sending === 'flag'}
              onClick={() => void post('flag')}
            >
              发出纪检提示
            </Button>
          )}
        </Space>
      </Space>
    </Card>
  );
}
