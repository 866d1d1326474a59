// 整改时限: the deadline as a day with days left, or as written ("3个月内", "立行立改",
// "长期坚持"); the plan's editors set it by date picker or by text, which the server reads.
import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Tag,
  Typography,
} from 'antd';
import { EditOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../api/client.ts';
import { PendingDeadline, pendingDeadlineHint } from '../PendingDeadline.tsx';
import { daysUntil } from '../../dates.ts';
import { deadlineKindLabels, errorText, isConflict, type ProblemDetail } from './model.ts';

export function DaysLeft({ problem }: { problem: ProblemDetail }) {
  const dueOn = problem.deadline?.dueOn;
  if (!dueOn || problem.state === 'closed') return null;
  const days = daysUntil(dueOn);
  if (days < 0) return <Tag color="error">逾期 {-days} 天</Tag>;
  if (days === 0) return <Tag color="warning">今天到期</Tag>;
  return <Tag color={days <= 7 ? 'warning' : 'default'}>剩 {days} 天</Tag>;
}

interface DeadlineForm {
  mode: 'date' | 'text';
  dueOn?: Dayjs | null;
  text?: string;
}

function DeadlineModal({
  problem,
  open,
  onClose,
  onChanged,
}: {
  problem: ProblemDetail;
  open: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<DeadlineForm>();
  const mode = Form.useWatch('mode', form);
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    setError(null);
    const deadline = problem.deadline;
    form.setFieldsValue({
      mode: deadline && deadline.kind !== 'date' && deadline.text ? 'text' : 'date',
      dueOn: deadline?.dueOn ? dayjs(deadline.dueOn) : null,
      text: deadline?.kind !== 'date' ? (deadline?.text ?? '') : '',
    });
  }, [open, problem, form]);

  async function save(values: DeadlineForm) {
    setIsSaving(true);
    setError(null);
    try {
      const body =
        values.mode === 'date'
          ? { dueOn: values.dueOn?.format('YYYY-MM-DD'), version: problem.version }
          : { text: values.text?.trim(), version: problem.version };
      await api.put(`/api/problems/${problem.id}/deadline`, body);
      message.success('整改时限已保存');
      onClose();
      onChanged();
    } catch (caught) {
      if (isConflict(caught)) {
        message.error(errorText(caught));
        onClose();
        onChanged();
      } else setError(errorText(caught));
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title="设定整改时限"
      okText="保存"
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={isSaving}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={(values) => void save(values)}>
        <Form.Item name="mode">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'date', label: '指定日期' },
              { value: 'text', label: '按文字（如“3个月内”）' },
            ]}
          />
        </Form.Item>
        {mode === 'text' ? (
          <Form.Item
            name="text"
            label="整改时限"
            rules={[{ required: true, whitespace: true, message: '请填写整改时限' }]}
            extra="可填写“3个月内”“2021年6月30日前”“立行立改”“长期坚持”，系统自动换算到期日。"
          >
            <Input autoFocus maxLength={200} placeholder="如：3个月内" aria-label="整改时限文字" />
          </Form.Item>
        ) : (
          <Form.Item name="dueOn" label="到期日" rules={[{ required: true, message: '请选择到期日' }]}>
            <DatePicker autoFocus style={{ width: '100%' }} aria-label="到期日" />
          </Form.Item>
        )}
        <button type="submit" hidden aria-hidden />
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}

export function DeadlineSection({ problem, onChanged }: { problem: ProblemDetail; onChanged: () => void }) {
  const [isOpen, setIsOpen] = useState(false);
  const deadline = problem.deadline;
  return (
    <Card
      title="整改时限"
      size="small"
      data-section="deadline"
      extra={
        problem.canEdit && (
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setIsOpen(true)}>
            设定
          </Button>
        )
      }
    >
      {deadline ? (
        <Space direction="vertical" size={4}>
          <Space wrap>
            {!deadline.dueOn && deadline.awaitsCalendarYear != null ? (
              <PendingDeadline year={deadline.awaitsCalendarYear} text={deadline.text} />
            ) : (
              <Typography.Text strong style={{ fontSize: 16 }}>
                {deadline.dueOn ?? deadline.text ?? '未明确'}
              </Typography.Text>
            )}
            <DaysLeft problem={problem} />
          </Space>
          <Typography.Text type="secondary">
            {deadlineKindLabels[deadline.kind]}
            {deadline.text && deadline.dueOn ? `（原文：${deadline.text}）` : ''}
            {!deadline.dueOn && deadline.awaitsCalendarYear != null
              ? `：${pendingDeadlineHint(deadline.awaitsCalendarYear)}`
              : ''}
          </Typography.Text>
        </Space>
      ) : (
        <Typography.Text type="secondary">未设定整改时限</Typography.Text>
      )}
      {problem.canEdit && (
        <DeadlineModal
          problem={problem}
          open={isOpen}
          onClose={() => setIsOpen(false)}
          onChanged={onChanged}
        />
      )}
    </Card>
  );
}
