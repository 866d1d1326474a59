// Creating an account, or changing one's name, role, office and units. Enter submits; each
// field is checked here first and the server's message for a field appears beside it.
import { useMemo, useState } from 'react';
import { Alert, Form, Input, Modal, Select, Typography } from 'antd';
import { api } from '../../api/client.ts';
import type { ManagedUser, OfficeWithUnits, Role } from '../../api/types.ts';
import { officeWideRoles, roleLabels, unitScopedRoles } from '../../labels.ts';
import { isConflict, PASSWORD_POLICY, passwordRules, showServerError } from './formErrors.ts';

interface FormValues {
  username: string;
  displayName: string;
  role: Role;
  officeId: number | null;
  unitIds: number[];
  password: string;
}

const formFields = ['username', 'displayName', 'role', 'officeId', 'unitIds', 'password'];

const roleHints: Record<Role, string> = {
  admin: '管理账号、角色与权限范围，不查看台账',
  office: '查看并管理本巡察办全部被巡察单位的整改',
  unit_office: '组织本单位整改，分派、督办、报送',
  department: '承办本单位分派给本部门的整改任务',
  leader: '审核本单位分管问题的整改，批准或退回销号',
  observer: '查看本巡察办全部单位的整改并可评论（只读）',
};

const usernamePattern = /^[a-z0-9][a-z0-9_.-]{2,31}$/i;

export interface UserFormModalProps {
  /** The account being changed, or null to create one. */
  user: ManagedUser | null;
  offices: OfficeWithUnits[];
  /** The signed-in admin's office: an office-bound admin creates accounts there only. */
  adminOfficeId: number | null;
  isSelf: boolean;
  onSaved(user: ManagedUser, isNew: boolean): void;
  onConflict(): void;
  onClose(): void;
}

function byChineseName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
}

export function UserFormModal({
  user,
  offices,
  adminOfficeId,
  isSelf,
  onSaved,
  onConflict,
  onClose,
}: UserFormModalProps) {
  const [form] = Form.useForm<FormValues>();
  const [banner, setBanner] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const isNew = user === null;
  const role = Form.useWatch('role', form);
  const officeId = Form.useWatch('officeId', form);

  const initialValues: Partial<FormValues> = user
    ? {
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        officeId: user.officeId,
        unitIds: user.unitIds,
      }
    : {
        officeId: adminOfficeId ?? (offices.length === 1 ? offices[0]!.id : null),
        unitIds: [],
      };

  const unitOptions = useMemo(() => {
    const office = offices.find((candidate) => candidate.id === officeId);
    return byChineseName(office?.units ?? []).map((unit) => ({ value: unit.id, label: unit.name }));
  }, [offices, officeId]);

  const needsUnits = role !== undefined && unitScopedRoles.includes(role);
  const isOfficeWide = role !== undefined && officeWideRoles.includes(role);

  async function submit(values: FormValues) {
    setBanner(null);
    setIsSaving(true);
    const unitIds = needsUnits ? (values.unitIds ?? []) : [];
    const officeIdValue = values.officeId ?? null;
    try {
      if (isNew) {
        const result = await api.post<{ user: ManagedUser }>('/api/users', {
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          role: values.role,
          officeId: officeIdValue,
          unitIds,
          password: values.password,
        });
        onSaved(result.user, true);
        return;
      }
      // Only what changed: naming the office again would end the account's sessions.
      const changes: Record<string, unknown> = { version: user.version };
      if (values.displayName.trim() !== user.displayName) changes.displayName = values.displayName.trim();
      if (values.role !== user.role) changes.role = values.role;
      if (officeIdValue !== user.officeId) changes.officeId = officeIdValue;
      const isScopeChanged =
        changes.role !== undefined ||
        changes.officeId !== undefined ||
        unitIds.length !== user.unitIds.length ||
        unitIds.some((id) => !user.unitIds.includes(id));
      if (isScopeChanged) changes.unitIds = unitIds;
      if (Object.keys(changes).length === 1) {
        onClose();
        return;
      }
      const result = await api.patch<{ user: ManagedUser }>(`/api/users/${user.id}`, changes);
      onSaved(result.user, false);
    } catch (error) {
      if (isConflict(error)) {
        onConflict();
        return;
      }
      setBanner(
        showServerError(form, formFields, error, isNew ? '创建账号失败，请稍后重试' : '保存失败，请稍后重试'),
      );
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Modal
      open
      title={isNew ? '新建账号' : `编辑账号：${user.displayName}（${user.username}）`}
      okText={isNew ? '创建' : '保存'}
      cancelText="取消"
      width={560}
      confirmLoading={isSaving}
      okButtonProps={{ htmlType: 'submit' }}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      modalRender={(dom) => (
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={(values) => void submit(values)}
          autoComplete="off"
        >
          {dom}
        </Form>
      )}
    >
      {banner && <Alert type="error" showIcon message={banner} style={{ marginBottom: 16 }} />}
      <Form.Item
        name="username"
        label="用户名"
        extra={
          isNew ? '3至32位字母、数字、下划线、点或连字符，以字母或数字开头；不区分大小写' : '用户名不可更改'
        }
        rules={[
          { required: true, message: '请输入用户名' },
          {
            pattern: usernamePattern,
            message: '用户名须为3至32位字母、数字、下划线、点或连字符，以字母或数字开头',
          },
        ]}
      >
        <Input autoFocus={isNew} disabled={!isNew} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="displayName"
        label="姓名"
        rules={[
          { required: true, whitespace: true, message: '请输入姓名' },
          { max: 50, message: '姓名不能超过50个字符' },
        ]}
      >
        <Input autoFocus={!isNew} placeholder="如：张三 或 县住建局办公室" />
      </Form.Item>
      <Form.Item
        name="role"
        label="角色"
        rules={[{ required: true, message: '请选择角色' }]}
        extra={isSelf ? '不能更改自己的角色' : role && roleHints[role]}
      >
        <Select
          placeholder="请选择角色"
          disabled={isSelf}
          options={Object.entries(roleLabels).map(([value, label]) => ({ value, label }))}
          onChange={(next: Role) => {
            if (!unitScopedRoles.includes(next)) form.setFieldValue('unitIds', []);
          }}
        />
      </Form.Item>
      <Form.Item
        name="officeId"
        label="巡察办"
        required={role !== undefined && role !== 'admin'}
        rules={[
          {
            validator: (_, value: number | null | undefined) =>
              (value === null || value === undefined) && role && role !== 'admin'
                ? Promise.reject(new Error(`${roleLabels[role]}账号必须属于一个巡察办`))
                : Promise.resolve(),
          },
        ]}
        extra={role === 'admin' ? '不选则为全系统管理员，可管理所有巡察办的账号' : undefined}
      >
        <Select
          placeholder="请选择巡察办"
          allowClear={role === 'admin'}
          disabled={adminOfficeId !== null || isSelf}
          options={offices.map((office) => ({ value: office.id, label: office.name }))}
          onChange={() => form.setFieldValue('unitIds', [])}
          notFoundContent="暂无巡察办"
        />
      </Form.Item>
      {needsUnits && (
        <Form.Item
          name="unitIds"
          label="被巡察单位（权限范围）"
          rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个被巡察单位' }]}
          extra="该账号只能查看和处理所选单位的整改问题"
        >
          <Select
            mode="multiple"
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={officeId ? '输入单位名称搜索并选择' : '请先选择巡察办'}
            disabled={!officeId}
            options={unitOptions}
            notFoundContent="该巡察办暂无被巡察单位"
          />
        </Form.Item>
      )}
      {isOfficeWide && (
        <Typography.Paragraph type="secondary">
          {roleLabels[role]}账号可查看本巡察办全部被巡察单位，无需指定单位。
        </Typography.Paragraph>
      )}
      {isNew && (
        <Form.Item
          name="password"
          label="初始密码"
          extra={PASSWORD_POLICY}
          rules={passwordRules(() => form.getFieldValue('username') as string | undefined)}
          dependencies={['username']}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        按 Enter 键{isNew ? '创建' : '保存'}
      </Typography.Text>
    </Modal>
  );
}
