// The workflow actions the signed-in user may take now (from the detail's allowedActions):
// simple ones behind a confirmation, the ones that need words (申请销号, 退回, 反弹重开) in a
// modal whose first field has focus and where Enter submits. The version seen is always sent;
// a 409 reloads the page with "该问题已被他人修改".
import { useRef, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { api } from '../../api/client.ts';
import { actionLabels, errorText, isConflict, type LedgerAction, type ProblemDetail } from './model.ts';

interface WordsModal {
  action: LedgerAction;
  title: string;
  field: 'statement' | 'reason';
  label: string;
  placeholder: string;
  note?: string;
}

const wordsModals: Partial<Record<LedgerAction, WordsModal>> = {
  apply_close: {
    action: 'apply_close',
    title: '申请销号',
    field: 'statement',
    label: '整改情况说明',
    placeholder: '简要说明整改措施落实情况、取得的成效',
    note: '申请销号须已上传佐证材料；提交后由责任领导或巡察办审核，审核前可撤回。',
  },
  reject: {
    action: 'reject',
    title: '退回整改',
    field: 'reason',
    label: '退回理由',
    placeholder: '说明需要补充或改正的内容',
  },
  reopen_rebound: {
    action: 'reopen_rebound',
    title: '反弹重开',
    field: 'reason',
    label: '重开理由',
    placeholder: '说明回头看中发现的反弹情况',
    note: '重开后问题回到“整改中”，反弹次数加一。',
  },
};

const confirmTexts: Partial<Record<LedgerAction, string>> = {
  start: '确认开始整改？问题将进入“整改中”。',
  withdraw: '确认撤回销号申请？问题将回到“整改中”。',
  approve: '确认审核通过，对该问题销号？',
};

export function ProblemActions({ problem, onChanged }: { problem: ProblemDetail; onChanged: () => void }) {
  const { message, modal } = App.useApp();
  const [open, setOpen] = useState<WordsModal | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ text: string }>();
  const inputRef = useRef<TextAreaRef>(null);

  async function send(action: LedgerAction, words: { reason?: string; statement?: string }) {
    await api.post(`/api/problems/${problem.id}/transitions`, {
      action,
      reason: words.reason ?? null,
      statement: words.statement ?? null,
      version: problem.version,
    });
    message.success(`${actionLabels[action]}成功`);
    onChanged();
  }

  function handleError(caught: unknown) {
    if (isConflict(caught)) {
      message.error(errorText(caught));
      setOpen(null);
      onChanged();
      return;
    }
    setError(errorText(caught));
  }

  function start(action: LedgerAction) {
    const words = wordsModals[action];
    if (words) {
      setError(null);
      form.resetFields();
      setOpen(words);
      return;
    }
    modal.confirm({
      title: actionLabels[action],
      content: confirmTexts[action],
      okText: '确定',
      cancelText: '取消',
      onOk: async () => {
        try {
          await send(action, {});
        } catch (caught) {
          message.error(errorText(caught));
          if (isConflict(caught)) onChanged();
        }
      },
    });
  }

  async function submit(values: { text: string }) {
    if (!open) return;
    setIsSubmitting(true);
    setError(null);
    try {
      await send(open.action, { [open.field]: values.text.trim() });
      setOpen(null);
    } catch (caught) {
      handleError(caught);
    } finally {
      setIsSubmitting(false);
    }
  }

  if (problem.allowedActions.length === 0) return null;
  const isDanger = (action: LedgerAction) => action === 'reject' || action === 'reopen_rebound';
  const isPrimary = (action: LedgerAction) =>
    action === 'apply_close' || action === 'approve' || action === 'start';
  return (
    <>
      <Space wrap data-testid="problem-actions">
        {problem.allowedActions.map((action) => (
          <Button
            key={action}
            type={isPrimary(action) ? 'primary' : 'default'}
            danger={isDanger(action)}
            onClick={() => start(action)}
          >
            {actionLabels[action]}
          </Button>
        ))}
      </Space>
      <Modal
        open={open !== null}
        title={open?.title}
        okText="提交"
        cancelText="取消"
        confirmLoading={isSubmitting}
        onOk={() => form.submit()}
        onCancel={() => setOpen(null)}
        afterOpenChange={(isOpen) => isOpen && inputRef.current?.focus()}
        forceRender
        width={560}
      >
        {open?.note && <Alert type="info" showIcon message={open.note} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={(values) => void submit(values)}>
          <Form.Item
            name="text"
            label={open?.label}
            rules={[{ required: true, whitespace: true, message: `请填写${open?.label ?? ''}` }]}
            extra={<Typography.Text type="secondary">Enter 提交，Shift+Enter 换行</Typography.Text>}
          >
            <Input.TextArea
              ref={inputRef}
              rows={4}
              maxLength={open?.field === 'statement' ? 5000 : 2000}
              showCount
              placeholder={open?.placeholder}
              aria-label={open?.label}
              onPressEnter={(event) => {
                if (event.shiftKey || event.nativeEvent.isComposing) return;
                event.preventDefault();
                form.submit();
              }}
            />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon message={error} />}
      </Modal>
    </>
  );
}
