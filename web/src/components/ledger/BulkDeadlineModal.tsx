// Bulk deadline change: choose a day (or a deadline as written), then confirm a list of what
// changes; the server applies all or nothing.
import { useEffect, useState } from 'react';
import { Alert, DatePicker, Input, Modal, Radio, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, ApiError } from '../../api/client.ts';
import type { LedgerRow } from '../../api/types.ts';

export function BulkDeadlineModal({
  rows,
  open,
  onClose,
  onDone,
}: {
  rows: readonly LedgerRow[];
  open: boolean;
  onClose: () => void;
  onDone: (count: number, label: string) => void;
}) {
  const [kind, setKind] = useState<'date' | 'text'>('date');
  const [day, setDay] = useState<Dayjs | null>(null);
  const [text, setText] = useState('');
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  useEffect(() => {
    if (open) {
      setStep('edit');
      setError(null);
    }
  }, [open]);

  const label = kind === 'date' ? (day?.format('YYYY-MM-DD') ?? '') : text.trim();
  const isReady = label.length > 0;

  async function submit() {
    setIsSaving(true);
    setError(null);
    try {
      await api.post('/api/problems/bulk/deadline', {
        items: rows.map((row) => ({ id: row.id, version: row.version })),
        ...(kind === 'date' ? { dueOn: label } : { text: label }),
      });
      onDone(rows.length, label);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : '批量修改失败，请稍后重试');
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Modal
      title={step === 'edit' ? '批量修改整改时限' : '确认批量修改整改时限'}
      open={open}
      width={720}
      onCancel={onClose}
      okText={step === 'edit' ? '下一步' : '确认修改'}
      cancelText={step === 'edit' ? '取消' : '返回修改'}
      okButtonProps={{ disabled: !isReady, loading: isSaving }}
      cancelButtonProps={{ onClick: () => (step === 'edit' ? onClose() : setStep('edit')) }}
      onOk={() => (step === 'edit' ? setStep('confirm') : void submit())}
      destroyOnClose
    >
      {step === 'edit' ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Text>已选 {rows.length} 个问题。新的整改时限：</Typography.Text>
          <Radio.Group value={kind} onChange={(event) => setKind(event.target.value as 'date' | 'text')}>
            <Radio value="date">指定日期</Radio>
            <Radio value="text">按文字（如“3个月内”“长期坚持”）</Radio>
          </Radio.Group>
          {kind === 'date' ? (
            <DatePicker value={day} onChange={setDay} aria-label="新的整改时限" style={{ width: 220 }} />
          ) : (
            <Input
              value={text}
              maxLength={200}
              onChange={(event) => setText(event.target.value)}
              placeholder="如：3个月内、立行立改、长期坚持"
              aria-label="整改时限文字"
            />
          )}
        </Space>
      ) : (
        <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="bulk-confirm">
          <Alert
            type="warning"
            showIcon
            message={`将修改 ${rows.length} 个问题的整改时限为 ${label}`}
            description="全部修改在一次操作中完成：任一问题已被他人修改或已销号，则全部不生效。"
          />
          <Table<LedgerRow>
            size="small"
            rowKey="id"
            pagination={false}
            scroll={{ y: 280 }}
            dataSource={[...rows]}
            columns={[
              { title: '编号', dataIndex: 'number', width: 80 },
              { title: '问题', dataIndex: 'title', ellipsis: true },
              {
                title: '原时限',
                width: 140,
                render: (_: unknown, row) => row.dueOn ?? row.deadlineText ?? '—',
              },
              {
                title: '新时限',
                width: 120,
                render: () => <Typography.Text strong>{label}</Typography.Text>,
              },
            ]}
          />
          {error && <Alert type="error" showIcon message={error} />}
        </Space>
      )}
    </Modal>
  );
}
