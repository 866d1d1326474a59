// 通知设置 (every user): the in-app inbox is always on; e-mail to an address the user gives, for
// the kinds of reminder they choose. Enter saves; the server's message for a field shows beside it.
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Result,
  Space,
  Spin,
  Switch,
  Typography,
} from 'antd';
import { api } from '../api/client.ts';
import type { NotificationKind, NotificationSettings } from '../api/supervisionTypes.ts';
import { isConflict, showServerError } from '../components/admin/formErrors.ts';
import { formatInstant } from '../components/problem/model.ts';
import { notificationKindOptions } from '../components/supervision/labels.ts';

interface FormValues {
  email: string;
  emailEnabled: boolean;
  kinds: NotificationKind[];
}

const fields = ['email', 'emailEnabled', 'kinds'];

export function NotificationSettingsPage() {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FormValues>();
  const [settings, setSettings] = useState<NotificationSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const emailEnabled = Form.useWatch('emailEnabled', form);

  const load = useCallback(() => {
    setLoadError(null);
    api
      .get<NotificationSettings>('/api/me/notification-settings')
      .then(setSettings)
      .catch((caught: unknown) =>
        setLoadError(caught instanceof Error ? caught.message : '加载通知设置失败'),
      );
  }, []);

  useEffect(load, [load]);

  async function save(values: FormValues) {
    if (!settings) return;
    setIsSaving(true);
    setBanner(null);
    try {
      const saved = await api.put<NotificationSettings>('/api/me/notification-settings', {
        version: settings.version,
        email: values.email.trim() || null,
        emailEnabled: values.emailEnabled,
        kinds: values.kinds,
      });
      setSettings(saved);
      message.success('通知设置已保存');
    } catch (caught) {
      if (isConflict(caught)) {
        setBanner('通知设置已在别处修改，已重新加载，请核对后再保存');
        load();
      } else {
        setBanner(showServerError(form, fields, caught, '保存失败，请稍后重试'));
      }
    } finally {
      setIsSaving(false);
    }
  }

  if (loadError && !settings) {
    return (
      <Result
        status="error"
        title="加载通知设置失败"
        subTitle={loadError}
        extra={
          <Button type="primary" onClick={load}>
            重试
          </Button>
        }
      />
    );
  }
  if (!settings) {
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin tip="加载中…">
          <div style={{ width: 120 }} />
        </Spin>
      </div>
    );
  }
  return (
    <Card title="通知设置" style={{ maxWidth: 720 }}>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Alert
          type="info"
          showIcon
          message="站内消息始终开启"
          description="所有提醒、督办和督办单消息都会出现在右上角的消息铃铛中；下面可另选通过电子邮件接收。"
        />
        {!settings.isEmailConfigured && (
          <Alert
            type="warning"
            showIcon
            message="本系统尚未配置邮件服务器（RECTIFY_SMTP_URL），邮件通知暂不会发出；可先填写，配置后生效。"
          />
        )}
        {banner && <Alert type="error" showIcon message={banner} closable onClose={() => setBanner(null)} />}
        <Form<FormValues>
          // A new version (loaded or saved) starts the form from what the server holds.
          key={settings.version}
          form={form}
          layout="vertical"
          initialValues={{
            email: settings.email ?? '',
            emailEnabled: settings.emailEnabled,
            kinds: settings.kinds,
          }}
          onFinish={(values) => void save(values)}
        >
          <Form.Item
            name="email"
            label="邮箱地址"
            rules={[
              { type: 'email', message: '邮箱地址格式不正确' },
              { required: Boolean(emailEnabled), message: '开启邮件通知须填写邮箱地址' },
            ]}
          >
            <Input
              autoFocus
              placeholder="name@example.gov.cn"
              autoComplete="email"
              style={{ maxWidth: 360 }}
            />
          </Form.Item>
          <Form.Item name="emailEnabled" label="邮件通知" valuePropName="checked">
            <Switch checkedChildren="开" unCheckedChildren="关" />
          </Form.Item>
          <Form.Item name="kinds" label="通过邮件接收的通知类别">
            <Checkbox.Group
              options={notificationKindOptions}
              style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
            />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={isSaving}>
              保存
            </Button>
            {settings.updatedAt && (
              <Typography.Text type="secondary">
                上次保存：{formatInstant(settings.updatedAt)}
              </Typography.Text>
            )}
          </Space>
        </Form>
      </Space>
    </Card>
  );
}
