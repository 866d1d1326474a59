// 整改措施: each with a done checkbox and its done day; the plan's editors edit, add and delete
// in place, a department owner only ticks measures done.
import { useState } from 'react';
import { App, Button, Card, Checkbox, Empty, Input, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth.tsx';
import { errorText, isConflict, measureProgressRoles, type Measure, type ProblemDetail } from './model.ts';

function MeasureItem({
  measure,
  index,
  canEdit,
  canTick,
  onChanged,
}: {
  measure: Measure;
  index: number;
  canEdit: boolean;
  canTick: boolean;
  onChanged: () => void;
}) {
  const { message } = App.useApp();
  const [draft, setDraft] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function change(run: () => Promise<unknown>, success: string) {
    setIsBusy(true);
    try {
      await run();
      message.success(success);
      setDraft(null);
      onChanged();
    } catch (caught) {
      message.error(errorText(caught));
      if (isConflict(caught)) onChanged();
    } finally {
      setIsBusy(false);
    }
  }

  const save = () => {
    if (draft === null || !draft.trim()) {
      message.warning('整改措施不能为空');
      return;
    }
    void change(
      () => api.patch(`/api/measures/${measure.id}`, { text: draft.trim(), version: measure.version }),
      '措施已保存',
    );
  };
  const owners = [...measure.owners.departments, ...measure.owners.people].map((owner) => owner.name);

  return (
    <List.Item
      data-measure-id={measure.id}
      actions={
        canEdit && draft === null
          ? [
              <Button
                key="edit"
                type="text"
                size="small"
                icon={<EditOutlined />}
                aria-label="编辑措施"
                onClick={() => setDraft(measure.text)}
              />,
              <Popconfirm
                key="delete"
                title="删除这条整改措施？"
                okText="删除"
                cancelText="取消"
                okButtonProps={{ danger: true }}
                onConfirm={() =>
                  change(
                    () => api.delete(`/api/measures/${measure.id}?version=${measure.version}`),
                    '措施已删除',
                  )
                }
              >
                <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label="删除措施" />
              </Popconfirm>,
            ]
          : undefined
      }
    >
      <Space align="start" style={{ width: '100%' }}>
        <Checkbox
          checked={measure.isDone}
          disabled={!canTick || isBusy}
          aria-label={`措施${index + 1}已完成`}
          onChange={(event) =>
            void change(
              () =>
                api.patch(`/api/measures/${measure.id}`, {
                  isDone: event.target.checked,
                  version: measure.version,
                }),
              event.target.checked ? '已标记完成' : '已取消完成',
            )
          }
        />
        <div style={{ flex: 1, minWidth: 0 }}>
          {draft === null ? (
            <Typography.Paragraph style={{ marginBottom: 4 }} delete={false}>
              <Typography.Text type="secondary">{index + 1}. </Typography.Text>
              {measure.text}
            </Typography.Paragraph>
          ) : (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Input.TextArea
                autoFocus
                autoSize={{ minRows: 2, maxRows: 8 }}
                value={draft}
                maxLength={2000}
                aria-label="措施内容"
                onChange={(event) => setDraft(event.target.value)}
                onPressEnter={(event) => {
                  if (event.shiftKey || event.nativeEvent.isComposing) return;
                  event.preventDefault();
                  save();
                }}
                onKeyDown={(event) => event.key === 'Escape' && setDraft(null)}
              />
              <Space>
                <Button type="primary" size="small" loading={isBusy} onClick={save}>
                  保存
                </Button>
                <Button size="small" onClick={() => setDraft(null)}>
                  取消
                </Button>
              </Space>
            </Space>
          )}
          <Space size={4} wrap>
            {measure.isDone ? (
              <Tag color="success">已完成{measure.doneOn ? ` · ${measure.doneOn}` : ''}</Tag>
            ) : (
              <Tag>未完成</Tag>
            )}
            {measure.deadline?.dueOn && <Tag>时限 {measure.deadline.dueOn}</Tag>}
            {!measure.deadline?.dueOn && measure.deadline?.text && <Tag>{measure.deadline.text}</Tag>}
            {owners.length > 0 && <Typography.Text type="secondary">{owners.join('、')}</Typography.Text>}
          </Space>
        </div>
      </Space>
    </List.Item>
  );
}

export function MeasuresSection({ problem, onChanged }: { problem: ProblemDetail; onChanged: () => void }) {
  const { user } = useAuth();
  const { message } = App.useApp();
  const [newText, setNewText] = useState('');
  const [isAdding, setIsAdding] = useState(false);
  const canTick = problem.state !== 'closed' && !!user && measureProgressRoles.includes(user.role);
  const done = problem.measures.filter((measure) => measure.isDone).length;

  async function add() {
    if (!newText.trim()) {
      message.warning('请填写整改措施');
      return;
    }
    setIsAdding(true);
    try {
      await api.post(`/api/problems/${problem.id}/measures`, { text: newText.trim() });
      message.success('措施已添加');
      setNewText('');
      onChanged();
    } catch (caught) {
      message.error(errorText(caught));
    } finally {
      setIsAdding(false);
    }
  }

  return (
    <Card
      title="整改措施"
      size="small"
      extra={
        problem.measures.length > 0 && (
          <Typography.Text type="secondary">
            已完成 {done}/{problem.measures.length}
          </Typography.Text>
        )
      }
      data-section="measures"
    >
      {problem.measures.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未制定整改措施" />
      ) : (
        <List
          size="small"
          dataSource={problem.measures}
          renderItem={(measure, index) => (
            <MeasureItem
              key={measure.id}
              measure={measure}
              index={index}
              canEdit={problem.canEdit}
              canTick={canTick}
              onChanged={onChanged}
            />
          )}
        />
      )}
      {problem.canEdit && (
        <Space.Compact style={{ width: '100%', marginTop: 12 }}>
          <Input
            placeholder="新增一条整改措施，回车添加"
            value={newText}
            maxLength={2000}
            aria-label="新增整改措施"
            onChange={(event) => setNewText(event.target.value)}
            onPressEnter={() => void add()}
          />
          <Button type="primary" icon={<PlusOutlined />} loading={isAdding} onClick={() => void add()}>
            添加
          </Button>
        </Space.Compact>
      )}
    </Card>
  );
}
