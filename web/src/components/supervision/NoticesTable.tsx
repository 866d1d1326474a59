// A list of supervision notices with the step each user may take now: the unit replies to an
// issued notice, the inspection office closes a replied one. Rows expand to the full text.
import { useState } from 'react';
import { App as AntApp, Button, Descriptions, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import type { SupervisionNotice } from '../../api/supervisionTypes.ts';
import { errorText, formatInstant, isConflict } from '../problem/model.ts';
import { noticeStateColors, noticeStateLabels } from './labels.ts';
import { ReplyNoticeModal } from './ReplyNoticeModal.tsx';

const replierRoles: readonly Role[] = ['unit_office', 'department'];

export function NoticesTable({
  notices,
  role,
  isLoading,
  showProblem = true,
  onChanged,
  onConflict,
}: {
  notices: SupervisionNotice[];
  role: Role;
  isLoading: boolean;
  /** Whether rows name their unit and problem (not on the problem's own page). */
  showProblem?: boolean;
  onChanged(): void;
  onConflict(): void;
}) {
  const { message } = AntApp.useApp();
  const [replying, setReplying] = useState<SupervisionNotice | null>(null);
  const [closingId, setClosingId] = useState<number | null>(null);

  async function close(notice: SupervisionNotice) {
    setClosingId(notice.id);
    try {
      await api.post(`/api/supervision-notices/${notice.id}/close`, { version: notice.version });
      message.success(`督办单「${notice.title}」已办结`);
      onChanged();
    } catch (caught) {
      if (isConflict(caught)) onConflict();
      else message.error(errorText(caught, '办结失败，请稍后重试'));
    } finally {
      setClosingId(null);
    }
  }

  const columns: ColumnsType<SupervisionNotice> = [
    {
      title: '标题',
      dataIndex: 'title',
      render: (title: string) => <Typography.Text strong>{title}</Typography.Text>,
    },
    ...(showProblem
      ? [
          { title: '被督办单位', dataIndex: 'unitName' },
          {
            title: '问题',
            key: 'problem',
            render: (_: unknown, notice: SupervisionNotice) =>
              notice.problemId != null ? (
                <Link to={`/problems/${notice.problemId}`}>
                  问题 {notice.problemNumber ?? notice.problemId}
                </Link>
              ) : (
                <Typography.Text type="secondary">整个单位</Typography.Text>
              ),
          },
        ]
      : []),
    {
      title: '要求回复日期',
      dataIndex: 'replyBy',
      render: (replyBy: string, notice) => (
        <Space size={4}>
          {replyBy}
          {notice.isOverdue && <Tag color="error">逾期未回复</Tag>}
        </Space>
      ),
    },
    {
      title: '状态',
      dataIndex: 'state',
      render: (state: SupervisionNotice['state']) => (
        <Tag color={noticeStateColors[state]} data-testid="notice-state">
          {noticeStateLabels[state]}
        </Tag>
      ),
    },
    { title: '下发时间', dataIndex: 'issuedAt', render: (at: string) => formatInstant(at) },
    {
      title: '操作',
      key: 'actions',
      render: (_: unknown, notice) => (
        <Space>
          {notice.state === 'issued' && replierRoles.includes(role) && (
            <Button size="small" type="primary" onClick={() => setReplying(notice)}>
              回复
            </Button>
          )}
          {notice.state === 'replied' && role === 'office' && (
            <Popconfirm
              title="办结该督办单？"
              description="办结后不能再回复。"
              okText="办结"
              cancelText="取消"
              onConfirm={() => void close(notice)}
            >
              <Button size="small" type="primary" loading={closingId === notice.id}>
                办结
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Table<SupervisionNotice>
        rowKey="id"
        size="middle"
        loading={isLoading}
        dataSource={notices}
        columns={columns}
        pagination={notices.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{ emptyText: '暂无督办单' }}
        expandable={{
          expandedRowRender: (notice) => (
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label="督办事项">
                <span style={{ whiteSpace: 'pre-wrap' }}>{notice.content}</span>
              </Descriptions.Item>
              <Descriptions.Item label="回复">
                {notice.replyText ? (
                  <span style={{ whiteSpace: 'pre-wrap' }}>
                    {notice.replyText}
                    {notice.repliedAt && (
                      <Typography.Text type="secondary">
                        （{formatInstant(notice.repliedAt)}）
                      </Typography.Text>
                    )}
                    {notice.evidenceIds.length > 0 && (
                      <Typography.Text type="secondary">
                        ；附佐证材料 {notice.evidenceIds.length} 份
                      </Typography.Text>
                    )}
                  </span>
                ) : (
                  <Typography.Text type="secondary">尚未回复</Typography.Text>
                )}
              </Descriptions.Item>
              {notice.closedAt && (
                <Descriptions.Item label="办结时间">{formatInstant(notice.closedAt)}</Descriptions.Item>
              )}
            </Descriptions>
          ),
        }}
      />
      {replying && (
        <ReplyNoticeModal
          notice={replying}
          onReplied={() => {
            message.success('督办单已回复');
            setReplying(null);
            onChanged();
          }}
          onConflict={() => {
            setReplying(null);
            onConflict();
          }}
          onClose={() => setReplying(null)}
        />
      )}
    </>
  );
}
