// Saved views: a name for the current URL filters, kept in this browser; apply or delete one
// from the dropdown.
import { useState } from 'react';
import { App, Button, Dropdown, Input, Modal, Space, Typography } from 'antd';
import { DeleteOutlined, DownOutlined, SaveOutlined } from '@ant-design/icons';
import { filterLabels, readSavedViews, writeSavedViews, type SavedView } from './model.ts';

function describeQuery(query: string): string {
  const params = new URLSearchParams(query);
  const parts = [...params.keys()].map((key) => filterLabels[key] ?? key);
  return parts.length > 0 ? parts.join('、') : '无筛选';
}

export function SavedViews({
  currentQuery,
  onApply,
}: {
  currentQuery: string;
  onApply: (query: string) => void;
}) {
  const { message } = App.useApp();
  const [views, setViews] = useState<SavedView[]>(readSavedViews);
  const [isNaming, setIsNaming] = useState(false);
  const [name, setName] = useState('');

  function save() {
    const trimmed = name.trim();
    if (!trimmed) return;
    const next = [...views.filter((view) => view.name !== trimmed), { name: trimmed, query: currentQuery }];
    setViews(next);
    writeSavedViews(next);
    setIsNaming(false);
    setName('');
    void message.success(`已保存视图“${trimmed}”`);
  }

  function remove(target: string) {
    const next = views.filter((view) => view.name !== target);
    setViews(next);
    writeSavedViews(next);
  }

  const items =
    views.length === 0
      ? [
          {
            key: '__empty',
            label: <Typography.Text type="secondary">还没有保存的视图</Typography.Text>,
            disabled: true,
          },
        ]
      : views.map((view) => ({
          key: view.name,
          label: (
            <Space style={{ width: '100%', justifyContent: 'space-between', minWidth: 220 }}>
              <span>
                {view.name}
                <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
                  {describeQuery(view.query)}
                </Typography.Text>
              </span>
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={`删除视图${view.name}`}
                onClick={(event) => {
                  event.stopPropagation();
                  remove(view.name);
                }}
              />
            </Space>
          ),
        }));
  return (
    <>
      <Space.Compact>
        <Dropdown
          trigger={['click']}
          menu={{
            items,
            onClick: ({ key }) => {
              const view = views.find((candidate) => candidate.name === key);
              if (view) onApply(view.query);
            },
          }}
        >
          <Button>
            视图 <DownOutlined />
          </Button>
        </Dropdown>
        <Button icon={<SaveOutlined />} onClick={() => setIsNaming(true)}>
          保存视图
        </Button>
      </Space.Compact>
      <Modal
        title="保存当前筛选为视图"
        open={isNaming}
        okText="保存"
        cancelText="取消"
        okButtonProps={{ disabled: !name.trim() }}
        onOk={save}
        onCancel={() => setIsNaming(false)}
        destroyOnClose
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">当前筛选：{describeQuery(currentQuery)}</Typography.Text>
          <Input
            autoFocus
            placeholder="视图名称，如：本月到期"
            value={name}
            maxLength={30}
            onChange={(event) => setName(event.target.value)}
            onPressEnter={save}
            aria-label="视图名称"
          />
        </Space>
      </Modal>
    </>
  );
}
