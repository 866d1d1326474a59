// Resetting an account's password: the new one twice, the policy shown, Enter submits. The
// server ends every session of the account, so the person signs in again with the new password.
import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { api } from '../../api/client.ts';
import type { ManagedUser } from '../../api/types.ts';
import { isConflict, PASSWORD_POLICY, passwordRules, showServerError } from './formErrors.ts';

interface FormValues {
  password: string;
  confirm: string;
}

export interface ResetPasswordModalProps {
  user: ManagedUser;
  onSaved(user: ManagedUser): void;
  onConflict(): void;
  onClose(): void;
}

export function ResetPasswordModal({ user, onSaved, onConflict, onClose }: ResetPasswordModalProps) {
  const [form] = Form.useForm<FormValues>();
  const [banner, setBanner] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  async function submit(values: FormValues) {
    setBanner(null);
    setIsSaving(true);
    try {
      const result = await api.patch<{ user: ManagedUser }>(`/api/users/${user.id}`, {
        version: user.version,
        password: values.password,
      });
      onSaved(result.user);
    } catch (error) {
      if (isConflict(error)) {
        onConflict();
        return;
      }
      setBanner(showServerError(form, ['password'], error, '重置密码失败，请稍后重试'));
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Modal
      open
      title={`重置密码：${user.displayName}（${user.username}）`}
      okText="重置密码"
      cancelText="取消"
      confirmLoading={isSaving}
      okButtonProps={{ htmlType: 'submit', danger: true }}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      modalRender={(dom) => (
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={(values) => void submit(values)}
          autoComplete="off"
        >
          {dom}
        </Form>
      )}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="密码要求"
        description={`${PASSWORD_POLICY}。重置后该账号的所有登录将立即失效，请将新密码当面或通过安全渠道告知本人。`}
      />
      {banner && <Alert type="error" showIcon message={banner} style={{ marginBottom: 16 }} />}
      <Form.Item name="password" label="新密码" rules={passwordRules(() => user.username)}>
        <Input.Password autoFocus autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label="确认新密码"
        dependencies={['password']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || getFieldValue('password') === value
                ? Promise.resolve()
                : Promise.reject(new Error('两次输入的密码不一致')),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </Modal>
  );
}
