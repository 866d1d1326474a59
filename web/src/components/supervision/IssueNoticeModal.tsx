// 下发督办单 (the inspection office): on one problem, or on a unit chosen here, with what is
// required and the day a reply is due. Enter in a one-line field submits.
import { useEffect, useRef, useState } from 'react';
import { Alert, DatePicker, Form, Input, Modal, Select, type InputRef, type RefSelectProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../api/client.ts';
import type { SupervisionNotice } from '../../api/supervisionTypes.ts';
import { addDays, todayInShanghai } from '../../dates.ts';
import { showServerError } from '../admin/formErrors.ts';

interface FormValues {
  unitId?: number;
  title: string;
  content: string;
  replyBy: Dayjs | null;
}

const fields = ['unitId', 'title', 'content', 'replyBy'];

export function IssueNoticeModal({
  problem,
  onIssued,
  onClose,
}: {
  /** The problem the notice is on; absent: the office picks a unit. */
  problem?: { id: number; label: string };
  onIssued(notice: SupervisionNotice): void;
  onClose(): void;
}) {
  const [form] = Form.useForm<FormValues>();
  const titleRef = useRef<InputRef>(null);
  const unitRef = useRef<RefSelectProps>(null);
  const [units, setUnits] = useState<{ id: number; name: string }[]>([]);
  const [banner, setBanner] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const today = todayInShanghai();

  useEffect(() => {
    form.setFieldsValue({
      title: problem ? `关于${problem.label}整改的督办单` : '',
      content: '',
      replyBy: dayjs(addDays(today, 7)),
    });
    if (!problem) {
      api
        .get<{ items: { id: number; name: string }[] }>('/api/units')
        .then((result) => setUnits(result.items))
        .catch(() => setBanner('加载单位列表失败'));
    }
  }, [problem, form, today]);

  async function issue(values: FormValues) {
    setIsSaving(true);
    setBanner(null);
    try {
      const notice = await api.post<SupervisionNotice>('/api/supervision-notices', {
        ...(problem ? { problemId: problem.id } : { unitId: values.unitId }),
        title: values.title.trim(),
        content: values.content.trim(),
        replyBy: values.replyBy?.format('YYYY-MM-DD'),
      });
      onIssued(notice);
    } catch (caught) {
      setBanner(showServerError(form, fields, caught, '下发失败，请稍后重试'));
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Modal
      open
      title="下发督办单"
      okText="下发"
      cancelText="取消"
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(isOpen) => isOpen && (problem ? titleRef.current?.focus() : unitRef.current?.focus())}
      width={640}
    >
      {banner && <Alert type="error" showIcon message={banner} style={{ marginBottom: 16 }} />}
      <Form<FormValues> form={form} layout="vertical" onFinish={(values) => void issue(values)}>
        {problem ? (
          <Form.Item label="督办对象">{problem.label}</Form.Item>
        ) : (
          <Form.Item
            name="unitId"
            label="被督办单位"
            rules={[{ required: true, message: '请选择被督办单位' }]}
          >
            <Select
              ref={unitRef}
              showSearch
              optionFilterProp="label"
              placeholder="选择单位（可输入名称筛选）"
              options={units.map((unit) => ({ value: unit.id, label: unit.name }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label="标题"
          rules={[
            { required: true, whitespace: true, message: '请填写标题' },
            { max: 200, message: '标题不能超过200个字符' },
          ]}
        >
          <Input ref={titleRef} onPressEnter={() => form.submit()} />
        </Form.Item>
        <Form.Item
          name="content"
          label="督办事项"
          rules={[
            { required: true, whitespace: true, message: '请填写督办事项' },
            { max: 10000, message: '督办事项不能超过10000个字符' },
          ]}
        >
          <Input.TextArea rows={5} placeholder="写明督办的问题、整改要求和需要报送的材料" />
        </Form.Item>
        <Form.Item
          name="replyBy"
          label="要求回复日期"
          rules={[{ required: true, message: '请选择要求回复日期' }]}
          extra="不能早于今天；逾期未回复会提醒被督办单位并告知巡察办"
        >
          <DatePicker
            aria-label="要求回复日期"
            format="YYYY-MM-DD"
            disabledDate={(day) => day.format('YYYY-MM-DD') < today}
            style={{ width: 220 }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
