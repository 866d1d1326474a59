// 督办规则 of the office: which kinds of reminder it supervises by, and the days and months the
// rules count. Each field shows the default beside it; observers see the form read-only.
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { api } from '../../api/client.ts';
import type { NotificationKind, SupervisionPolicy } from '../../api/supervisionTypes.ts';
import { isConflict, showServerError } from '../admin/formErrors.ts';
import { formatInstant } from '../problem/model.ts';
import { allNotificationKinds, notificationKindOptions } from './labels.ts';

/** The server's defaults (src/modules/supervision/supervision.rules.ts), shown beside each field. */
export const policyDefaults = {
  planDueMonths: 1,
  reportDueMonths: 2,
  concentratedMonths: 3,
  lookbackMonths: 6,
  immediateWorkingDays: 10,
  longTermCheckinDays: 30,
  dueSoonDays: [7, 3],
  escalationDays: [0, 7, 15],
  staleReviewWorkingDays: 5,
  kinds: allNotificationKinds,
};

interface FormValues {
  planDueMonths: number;
  reportDueMonths: number;
  concentratedMonths: number;
  lookbackMonths: number;
  immediateWorkingDays: number;
  longTermCheckinDays: number;
  dueSoonDays: string;
  escalationDays: string;
  staleReviewWorkingDays: number;
  kinds: NotificationKind[];
}

const fields = [
  'planDueMonths',
  'reportDueMonths',
  'concentratedMonths',
  'lookbackMonths',
  'immediateWorkingDays',
  'longTermCheckinDays',
  'dueSoonDays',
  'escalationDays',
  'staleReviewWorkingDays',
  'kinds',
];

/** "7, 3" or "7，3" → [7, 3]; null when it is not a list of whole numbers. */
export function parseDayList(text: string): number[] | null {
  const parts = text
    .split(/[,，、\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (!parts.every((part) => /^\d{1,3}$/.test(part))) return null;
  return parts.map(Number);
}

const dayListRule = (minimum: number, isRequired: boolean) => ({
  validator: (_: unknown, value: string | undefined) => {
    const days = parseDayList(value ?? '');
    if (days === null) return Promise.reject(new Error('请填写以逗号分隔的天数，如 7, 3'));
    if (isRequired && days.length === 0) return Promise.reject(new Error('至少填写一个天数'));
    if (days.length > 5) return Promise.reject(new Error('最多5个天数'));
    if (new Set(days).size !== days.length) return Promise.reject(new Error('天数不能重复'));
    if (days.some((day) => day < minimum || day > 365))
      return Promise.reject(new Error(`天数须在 ${minimum}–365 之间`));
    return Promise.resolve();
  },
});

function toForm(policy: Omit<SupervisionPolicy, 'version' | 'updatedAt' | 'isDefault'>): FormValues {
  return {
    ...policy,
    dueSoonDays: policy.dueSoonDays.join(', '),
    escalationDays: policy.escalationDays.join(', '),
  };
}

export function PolicyCard({ canEdit }: { canEdit: boolean }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FormValues>();
  const [policy, setPolicy] = useState<SupervisionPolicy | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  const load = useCallback(() => {
    api
      .get<SupervisionPolicy>('/api/office/policy')
      .then(setPolicy)
      .catch((caught: unknown) => setBanner(caught instanceof Error ? caught.message : '加载督办规则失败'));
  }, []);
  useEffect(load, [load]);

  async function save(values: FormValues) {
    if (!policy) return;
    setIsSaving(true);
    setBanner(null);
    try {
      const saved = await api.put<SupervisionPolicy>('/api/office/policy', {
        ...values,
        dueSoonDays: parseDayList(values.dueSoonDays) ?? [],
        escalationDays: parseDayList(values.escalationDays) ?? [],
        version: policy.version,
      });
      setPolicy(saved);
      message.success('督办规则已保存，下次督办扫描起生效');
    } catch (caught) {
      if (isConflict(caught)) {
        setBanner('督办规则已被他人修改，已重新加载，请核对后再保存');
        load();
      } else {
        setBanner(showServerError(form, fields, caught, '保存失败，请稍后重试'));
      }
    } finally {
      setIsSaving(false);
    }
  }

  const number = (name: keyof FormValues, label: string, unit: string, min: number, max: number) => (
    <Col xs={24} md={12} xl={8}>
      <Form.Item
        name={name}
        label={label}
        extra={`默认 ${policyDefaults[name as keyof typeof policyDefaults] as number} ${unit}`}
        rules={[{ required: true, type: 'integer', min, max, message: `请填写 ${min}–${max} 之间的整数` }]}
      >
        <InputNumber
          min={min}
          max={max}
          precision={0}
          addonAfter={unit}
          style={{ width: '100%' }}
          disabled={!canEdit}
        />
      </Form.Item>
    </Col>
  );

  return (
    <Card
      title="督办规则"
      extra={
        policy &&
        (policy.isDefault ? (
          <Tag>使用默认规则</Tag>
        ) : (
          <Typography.Text type="secondary">
            第 {policy.version} 版{policy.updatedAt ? ` · ${formatInstant(policy.updatedAt)}` : ''}
          </Typography.Text>
        ))
      }
    >
      {banner && (
        <Alert
          type="error"
          showIcon
          message={banner}
          closable
          onClose={() => setBanner(null)}
          style={{ marginBottom: 16 }}
        />
      )}
      {!policy ? (
        <Spin />
      ) : (
        <Form<FormValues>
          // A new version (loaded or saved) starts the form from what the server holds.
          key={policy.version}
          initialValues={toForm(policy)}
          form={form}
          layout="vertical"
          onFinish={(values) => void save(values)}
          disabled={!canEdit}
        >
          <Form.Item
            name="kinds"
            label="督办的规则类别"
            extra="未勾选的类别不再产生提醒和督办消息"
            rules={[{ required: true, type: 'array', min: 1, message: '至少选择一类' }]}
          >
            <Checkbox.Group options={notificationKindOptions} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="dueSoonDays"
                label="临期提醒：到期前天数"
                extra="以逗号分隔，默认 7, 3（到期前7天、3天各提醒一次）"
                rules={[dayListRule(1, false)]}
              >
                <Input placeholder="7, 3" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="escalationDays"
                label="逾期督办升级：逾期天数"
                extra="以逗号分隔，默认 0, 7, 15（逾期当天告知责任人，7天告知责任领导，15天告知巡察办）"
                rules={[dayListRule(0, true)]}
              >
                <Input placeholder="0, 7, 15" />
              </Form.Item>
            </Col>
            {number('lookbackMonths', '回头看：反馈后', '个月', 1, 60)}
            {number('planDueMonths', '整改方案报送：反馈后', '个月', 1, 60)}
            {number('reportDueMonths', '整改报告报送：反馈后', '个月', 1, 60)}
            {number('concentratedMonths', '集中整改期：反馈后', '个月', 1, 60)}
            {number('immediateWorkingDays', '立行立改时限', '个工作日', 1, 100)}
            {number('longTermCheckinDays', '长期整改定期报告间隔', '天', 1, 366)}
            {number('staleReviewWorkingDays', '销号审核超期', '个工作日', 1, 100)}
          </Row>
          {canEdit && (
            <Space>
              <Button type="primary" htmlType="submit" loading={isSaving}>
                保存督办规则
              </Button>
              <Button onClick={() => form.setFieldsValue(toForm(policyDefaults))}>填入默认值</Button>
            </Space>
          )}
        </Form>
      )}
    </Card>
  );
}
