// Adding or changing an office robot: kind, name, address, secret and the kinds it posts. A
// stored address and secret are never shown in full: left empty on change, they stay as they are.
import { useEffect, useRef, useState } from 'react';
import { Alert, Checkbox, Form, Input, Modal, Select, Switch, type RefSelectProps } from 'antd';
import { api } from '../../api/client.ts';
import type { NotificationKind, Robot, RobotKind } from '../../api/supervisionTypes.ts';
import { isConflict, showServerError } from '../admin/formErrors.ts';
import {
  allNotificationKinds,
  notificationKindOptions,
  robotKindLabels,
  robotSecretHints,
} from './labels.ts';

interface FormValues {
  kind: RobotKind;
  name: string;
  url: string;
  secret: string;
  clearSecret: boolean;
  enabled: boolean;
  kinds: NotificationKind[];
}

const fields = ['kind', 'name', 'url', 'secret', 'enabled', 'kinds'];

const urlPlaceholders: Record<RobotKind, string> = {
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
  dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=…',
  feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/…',
  webhook: 'https://…（接收 JSON 的地址）',
};

export function RobotFormModal({
  robot,
  onSaved,
  onConflict,
  onClose,
}: {
  /** The robot being changed, or null to add one. */
  robot: Robot | null;
  onSaved(robot: Robot): void;
  onConflict(): void;
  onClose(): void;
}) {
  const [form] = Form.useForm<FormValues>();
  const kindRef = useRef<RefSelectProps>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const kind = Form.useWatch('kind', form) ?? robot?.kind ?? 'wecom';
  const clearSecret = Form.useWatch('clearSecret', form);
  const isNew = robot === null;

  useEffect(() => {
    form.setFieldsValue(
      robot
        ? {
            kind: robot.kind,
            name: robot.name,
            url: '',
            secret: '',
            clearSecret: false,
            enabled: robot.enabled,
            kinds: robot.kinds,
          }
        : {
            kind: 'wecom',
            name: '',
            url: '',
            secret: '',
            clearSecret: false,
            enabled: true,
            kinds: allNotificationKinds,
          },
    );
  }, [robot, form]);

  async function save(values: FormValues) {
    setIsSaving(true);
    setBanner(null);
    try {
      const url = values.url.trim();
      const secret = values.secret.trim();
      const saved = isNew
        ? await api.post<Robot>('/api/office/robots', {
            kind: values.kind,
            name: values.name.trim(),
            url,
            secret: secret || null,
            enabled: values.enabled,
            kinds: values.kinds,
          })
        : await api.put<Robot>(`/api/office/robots/${robot.id}`, {
            version: robot.version,
            kind: values.kind,
            name: values.name.trim(),
            ...(url && { url }),
            ...(values.clearSecret ? { secret: null } : secret ? { secret } : {}),
            enabled: values.enabled,
            kinds: values.kinds,
          });
      onSaved(saved);
    } catch (caught) {
      if (isConflict(caught)) onConflict();
      else setBanner(showServerError(form, fields, caught, '保存失败，请稍后重试'));
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Modal
      open
      title={isNew ? '添加机器人' : `修改机器人：${robot.name}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(isOpen) => isOpen && kindRef.current?.focus()}
      width={640}
    >
      {banner && <Alert type="error" showIcon message={banner} style={{ marginBottom: 16 }} />}
      <Form<FormValues> form={form} layout="vertical" onFinish={(values) => void save(values)}>
        <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Select
            ref={kindRef}
            options={(Object.keys(robotKindLabels) as RobotKind[]).map((value) => ({
              value,
              label: robotKindLabels[value],
            }))}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label="名称"
          rules={[
            { required: true, whitespace: true, message: '请填写名称' },
            { max: 100, message: '名称不能超过100个字符' },
          ]}
        >
          <Input placeholder="如：整改督办工作群" onPressEnter={() => form.submit()} />
        </Form.Item>
        <Form.Item
          name="url"
          label="机器人地址"
          extra={
            isNew ? '须以 https:// 或 http:// 开头，不能包含用户名或密码' : `当前：${robot.url}（留空则不变）`
          }
          rules={[
            { required: isNew, whitespace: true, message: '请填写机器人地址' },
            { pattern: /^https?:\/\//i, message: '机器人地址须以 https:// 或 http:// 开头' },
          ]}
        >
          <Input placeholder={urlPlaceholders[kind]} autoComplete="off" onPressEnter={() => form.submit()} />
        </Form.Item>
        <Form.Item
          name="secret"
          label="签名密钥"
          extra={
            !isNew && robot.hasSecret
              ? `已设置（${robot.secret}）；留空则不变。${robotSecretHints[kind]}`
              : robotSecretHints[kind]
          }
        >
          <Input.Password
            autoComplete="new-password"
            disabled={Boolean(clearSecret)}
            onPressEnter={() => form.submit()}
          />
        </Form.Item>
        {!isNew && robot.hasSecret && (
          <Form.Item name="clearSecret" valuePropName="checked">
            <Checkbox>清除已设置的密钥</Checkbox>
          </Form.Item>
        )}
        <Form.Item name="enabled" label="启用" valuePropName="checked">
          <Switch checkedChildren="启用" unCheckedChildren="停用" />
        </Form.Item>
        <Form.Item
          name="kinds"
          label="推送的通知类别"
          rules={[{ required: true, type: 'array', min: 1, message: '至少选择一类' }]}
        >
          <Checkbox.Group
            options={notificationKindOptions}
            style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
