// 回复督办单 (the unit's rectification office or a department): the reply text and, for a notice
// on a problem, the problem's evidence files that support it.
import { useEffect, useRef, useState } from 'react';
import { Alert, Form, Input, Modal, Select, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { api } from '../../api/client.ts';
import type { SupervisionNotice } from '../../api/supervisionTypes.ts';
import { showServerError } from '../admin/formErrors.ts';
import { isConflict, type EvidenceItem } from '../problem/model.ts';

interface FormValues {
  text: string;
  evidenceIds: number[];
}

export function ReplyNoticeModal({
  notice,
  onReplied,
  onConflict,
  onClose,
}: {
  notice: SupervisionNotice;
  onReplied(notice: SupervisionNotice): void;
  onConflict(): void;
  onClose(): void;
}) {
  const [form] = Form.useForm<FormValues>();
  const textRef = useRef<TextAreaRef>(null);
  const [evidence, setEvidence] = useState<EvidenceItem[]>([]);
  const [banner, setBanner] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  useEffect(() => {
    form.setFieldsValue({ text: '', evidenceIds: [] });
    if (notice.problemId != null) {
      api
        .get<{ items: EvidenceItem[] }>(`/api/problems/${notice.problemId}/evidence`)
        .then((result) => setEvidence(result.items))
        .catch(() => setEvidence([]));
    }
  }, [notice, form]);

  async function reply(values: FormValues) {
    setIsSaving(true);
    setBanner(null);
    try {
      const replied = await api.post<SupervisionNotice>(`/api/supervision-notices/${notice.id}/reply`, {
        text: values.text.trim(),
        evidenceIds: values.evidenceIds ?? [],
        version: notice.version,
      });
      onReplied(replied);
    } catch (caught) {
      if (isConflict(caught)) onConflict();
      else setBanner(showServerError(form, ['text', 'evidenceIds'], caught, '回复失败，请稍后重试'));
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Modal
      open
      title="回复督办单"
      okText="提交回复"
      cancelText="取消"
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(isOpen) => isOpen && textRef.current?.focus()}
      width={640}
    >
      <Typography.Paragraph>
        <Typography.Text strong>{notice.title}</Typography.Text>
        <br />
        <Typography.Text type="secondary">要求 {notice.replyBy} 前回复</Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{notice.content}</Typography.Paragraph>
      {banner && <Alert type="error" showIcon message={banner} style={{ marginBottom: 16 }} />}
      <Form<FormValues> form={form} layout="vertical" onFinish={(values) => void reply(values)}>
        <Form.Item
          name="text"
          label="回复内容"
          rules={[
            { required: true, whitespace: true, message: '请填写回复内容' },
            { max: 10000, message: '回复内容不能超过10000个字符' },
          ]}
        >
          <Input.TextArea ref={textRef} rows={5} placeholder="说明整改进展、已采取的措施和完成情况" />
        </Form.Item>
        {notice.problemId != null && (
          <Form.Item name="evidenceIds" label="附佐证材料（可选，从该问题已上传的材料中选择）">
            <Select
              mode="multiple"
              allowClear
              placeholder={evidence.length === 0 ? '该问题尚无佐证材料' : '选择佐证材料'}
              options={evidence.map((item) => ({ value: item.id, label: item.fileName }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
