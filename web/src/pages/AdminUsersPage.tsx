// Account management (账号管理, admins only): every account with its role, office, units and
// directory department, its login lockout and live sessions, searchable and paged; create one,
// change role and scope, switch it on or off, reset a password, sign it out everywhere (强制下线)
// or lift its lockout (解除锁定). Every change names the version it read, so a concurrent change
// is refused (409).
import { useCallback, useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Input,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { api, ApiError } from '../api/client.ts';
import type { ListedUser, ManagedUser, OfficeWithUnits, Role } from '../api/types.ts';
import { useAuth } from '../auth.tsx';
import { CONFLICT_MESSAGE, isConflict } from '../components/admin/formErrors.ts';
import { ResetPasswordModal } from '../components/admin/ResetPasswordModal.tsx';
import { OrganisationPanel } from '../components/admin/OrganisationPanel.tsx';
import { UserFormModal } from '../components/admin/UserFormModal.tsx';
import { officeWideRoles, roleColors, roleLabels } from '../labels.ts';

type Dialog =
  { kind: 'create' } | { kind: 'edit'; user: ManagedUser } | { kind: 'password'; user: ManagedUser };
type StatusFilter = 'all' | 'active' | 'inactive';

function UsersTab() {
  const { user: me } = useAuth();
  const { message } = AntApp.useApp();
  const [users, setUsers] = useState<ListedUser[] | null>(null);
  const [offices, setOffices] = useState<OfficeWithUnits[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(true);
  const [reloadKey, setReloadKey] = useState(0);
  const [search, setSearch] = useState('');
  const [roleFilter, setRoleFilter] = useState<Role[]>([]);
  const [statusFilter, setStatusFilter] = useState<StatusFilter>('all');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [switchingId, setSwitchingId] = useState<number | null>(null);
  const [busyAction, setBusyAction] = useState<{ userId: number; kind: 'revoke' | 'unlock' } | null>(null);
  const [page, setPage] = useState({ current: 1, pageSize: 20 });

  const reload = useCallback(() => setReloadKey((key) => key + 1), []);

  useEffect(() => {
    let isCurrent = true;
    setIsLoading(true);
    setError(null);
    Promise.all([
      api.get<{ users: ListedUser[] }>('/api/users'),
      api.get<{ offices: OfficeWithUnits[] }>('/api/admin/offices'),
    ])
      .then(([userResult, officeResult]) => {
        if (!isCurrent) return;
        setUsers(userResult.users);
        setOffices(officeResult.offices);
      })
      .catch((caught: unknown) => {
        if (isCurrent) setError(caught instanceof ApiError ? caught.message : '加载账号列表失败，请稍后重试');
      })
      .finally(() => isCurrent && setIsLoading(false));
    return () => {
      isCurrent = false;
    };
  }, [reloadKey]);

  const officeNames = useMemo(() => new Map(offices.map((office) => [office.id, office.name])), [offices]);
  const unitNames = useMemo(
    () => new Map(offices.flatMap((office) => office.units.map((unit) => [unit.id, unit.name] as const))),
    [offices],
  );

  const filtered = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (users ?? []).filter((user) => {
      if (roleFilter.length > 0 && !roleFilter.includes(user.role)) return false;
      if (statusFilter === 'active' && !user.isActive) return false;
      if (statusFilter === 'inactive' && user.isActive) return false;
      if (!needle) return true;
      const haystack = [
        user.username,
        user.displayName,
        user.department ?? '',
        roleLabels[user.role],
        user.officeId === null ? '' : (officeNames.get(user.officeId) ?? ''),
        ...user.unitIds.map((id) => unitNames.get(id) ?? ''),
      ]
        .join('\n')
        .toLowerCase();
      return haystack.includes(needle);
    });
  }, [users, search, roleFilter, statusFilter, officeNames, unitNames]);

  /** Puts a saved account in the list; the lockout and session count stay as listed (or none for a new one). */
  function replaceUser(
    updated: ManagedUser,
    status: Partial<Pick<ListedUser, 'isLocked' | 'activeSessions'>> = {},
  ) {
    setUsers((current) => {
      const listed = (previous: ListedUser | undefined): ListedUser => ({
        isLocked: previous?.isLocked ?? false,
        activeSessions: previous?.activeSessions ?? 0,
        ...updated,
        ...status,
      });
      if (!current) return [listed(undefined)];
      const exists = current.some((user) => user.id === updated.id);
      return exists
        ? current.map((user) => (user.id === updated.id ? listed(user) : user))
        : [...current, listed(undefined)].sort((a, b) => a.username.localeCompare(b.username));
    });
  }

  function setStatus(userId: number, status: Partial<Pick<ListedUser, 'isLocked' | 'activeSessions'>>) {
    setUsers(
      (current) => current && current.map((user) => (user.id === userId ? { ...user, ...status } : user)),
    );
  }

  function handleConflict() {
    setDialog(null);
    void message.warning(CONFLICT_MESSAGE);
    reload();
  }

  async function setActive(user: ManagedUser, isActive: boolean) {
    setSwitchingId(user.id);
    try {
      const result = await api.patch<{ user: ManagedUser }>(`/api/users/${user.id}`, {
        version: user.version,
        isActive,
      });
      replaceUser(result.user, isActive ? {} : { activeSessions: 0 });
      void message.success(
        isActive ? `已启用账号 ${user.username}` : `已停用账号 ${user.username}，其登录已全部失效`,
      );
    } catch (caught) {
      if (isConflict(caught)) handleConflict();
      else void message.error(caught instanceof ApiError ? caught.message : '操作失败，请稍后重试');
    } finally {
      setSwitchingId(null);
    }
  }

  async function revokeSessions(user: ListedUser) {
    setBusyAction({ userId: user.id, kind: 'revoke' });
    try {
      const result = await api.post<{ revokedSessions: number }>(`/api/users/${user.id}/sessions/revoke`);
      setStatus(user.id, { activeSessions: 0 });
      void message.success(
        result.revokedSessions > 0
          ? `已强制 ${user.username} 下线，结束了 ${result.revokedSessions} 个登录会话`
          : `${user.username} 当前没有登录会话，无需下线`,
      );
    } catch (caught) {
      void message.error(
        caught instanceof ApiError ? `强制下线失败：${caught.message}` : '强制下线失败，请稍后重试',
      );
    } finally {
      setBusyAction(null);
    }
  }

  async function unlock(user: ListedUser) {
    setBusyAction({ userId: user.id, kind: 'unlock' });
    try {
      await api.post<{ clearedFailures: number }>(`/api/users/${user.id}/unlock`);
      setStatus(user.id, { isLocked: false });
      void message.success(`已解除 ${user.username} 的登录锁定，可立即重新登录`);
    } catch (caught) {
      void message.error(
        caught instanceof ApiError ? `解除锁定失败：${caught.message}` : '解除锁定失败，请稍后重试',
      );
    } finally {
      setBusyAction(null);
    }
  }

  function scopeCell(user: ListedUser) {
    if (user.role === 'admin') return <Typography.Text type="secondary">—</Typography.Text>;
    if (officeWideRoles.includes(user.role))
      return <Typography.Text type="secondary">本办全部单位</Typography.Text>;
    if (user.unitIds.length === 0) return <Typography.Text type="danger">未指定单位</Typography.Text>;
    return (
      <Space size={[0, 4]} wrap>
        {user.unitIds.map((id) => (
          <Tag key={id}>{unitNames.get(id) ?? `单位 ${id}`}</Tag>
        ))}
      </Space>
    );
  }

  const columns: ColumnsType<ListedUser> = [
    {
      title: '用户名',
      dataIndex: 'username',
      width: 150,
      sorter: (a, b) => a.username.localeCompare(b.username),
      render: (username: string) => <Typography.Text code>{username}</Typography.Text>,
    },
    {
      title: '姓名',
      dataIndex: 'displayName',
      width: 160,
      sorter: (a, b) => a.displayName.localeCompare(b.displayName, 'zh-Hans-CN'),
      render: (displayName: string, user) => (
        <Space size={4}>
          {displayName}
          {!user.isActive && <Tag>已停用</Tag>}
        </Space>
      ),
    },
    {
      title: '角色',
      dataIndex: 'role',
      width: 110,
      render: (role: Role) => <Tag color={roleColors[role]}>{roleLabels[role]}</Tag>,
    },
    {
      title: '巡察办',
      dataIndex: 'officeId',
      width: 270,
      render: (officeId: number | null) =>
        officeId === null ? (
          <Typography.Text type="secondary">全系统</Typography.Text>
        ) : (
          (officeNames.get(officeId) ?? `巡察办 ${officeId}`)
        ),
    },
    { title: '被巡察单位', key: 'units', render: (_: unknown, user) => scopeCell(user) },
    {
      title: '登录状态',
      key: 'loginStatus',
      width: 120,
      render: (_: unknown, user) => (
        <Space size={4} wrap>
          {user.isLocked && (
            <Tooltip title="登录失败次数过多，已暂时锁定">
              <Tag color="error">已锁定</Tag>
            </Tooltip>
          )}
          {user.activeSessions > 0 ? (
            <Tag color="success">{`在线 ${user.activeSessions}`}</Tag>
          ) : (
            <Typography.Text type="secondary">未登录</Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '启用',
      dataIndex: 'isActive',
      width: 80,
      render: (isActive: boolean, user) => {
        const isSelf = user.id === me?.id;
        const toggle = (
          <Switch
            checked={isActive}
            loading={switchingId === user.id}
            disabled={isSelf}
            aria-label={`启用 ${user.username}`}
            onChange={isActive ? undefined : () => void setActive(user, true)}
          />
        );
        if (isSelf)
          return (
            <Tooltip title="不能停用自己的账号">
              <span>{toggle}</span>
            </Tooltip>
          );
        return isActive ? (
          <Popconfirm
            title={`停用账号 ${user.username}？`}
            description="停用后该账号立即退出登录，且无法再登录，可随时重新启用。"
            okText="停用"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={() => setActive(user, false)}
          >
            {toggle}
          </Popconfirm>
        ) : (
          toggle
        );
      },
    },
    {
      title: '操作',
      key: 'actions',
      width: 280,
      render: (_: unknown, user) => {
        const isSelf = user.id === me?.id;
        const isBusy = (kind: 'revoke' | 'unlock') =>
          busyAction?.userId === user.id && busyAction.kind === kind;
        return (
          <Space size={0} wrap>
            <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', user })}>
              编辑
            </Button>
            <Button type="link" size="small" onClick={() => setDialog({ kind: 'password', user })}>
              重置密码
            </Button>
            {isSelf ? (
              <Tooltip title="不能强制自己下线，请用“退出登录”">
                <Button type="link" size="small" disabled>
                  强制下线
                </Button>
              </Tooltip>
            ) : (
              <Popconfirm
                title={`强制 ${user.username} 下线？`}
                description="该账号在所有设备上的登录立即失效，需重新登录（账号本身不受影响）。"
                okText="强制下线"
                okButtonProps={{ danger: true }}
                cancelText="取消"
                onConfirm={() => revokeSessions(user)}
              >
                <Button type="link" size="small" danger loading={isBusy('revoke')}>
                  强制下线
                </Button>
              </Popconfirm>
            )}
            {user.isLocked && (
              <Popconfirm
                title={`解除 ${user.username} 的登录锁定？`}
                description="清除该账号近期的登录失败记录，可立即重新登录。"
                okText="解除锁定"
                cancelText="取消"
                onConfirm={() => unlock(user)}
              >
                <Button type="link" size="small" loading={isBusy('unlock')}>
                  解除锁定
                </Button>
              </Popconfirm>
            )}
          </Space>
        );
      },
    },
  ];

  // Only directory (LDAP) accounts have a department: without any, the column would be all dashes.
  const departmentColumn: ColumnsType<ListedUser>[number] = {
    title: '所属部门',
    dataIndex: 'department',
    width: 140,
    render: (department: string | null) =>
      department ?? (
        <Tooltip title="本地账号无目录部门；目录（LDAP）账号每次登录时更新">
          <Typography.Text type="secondary">—</Typography.Text>
        </Tooltip>
      ),
  };
  if ((users ?? []).some((user) => user.department !== null)) columns.splice(2, 0, departmentColumn);

  const hasFilters = search.trim() !== '' || roleFilter.length > 0 || statusFilter !== 'all';
  return (
    <Card
      title="账号管理"
      extra={
        <Space>
          {users && (
            <Typography.Text type="secondary">
              共 {users.length} 个账号，启用 {users.filter((user) => user.isActive).length} 个
            </Typography.Text>
          )}
          <Button icon={<ReloadOutlined />} onClick={reload} aria-label="刷新">
            刷新
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
            新建账号
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder="搜索用户名、姓名、部门、巡察办、单位"
          allowClear
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setPage((current) => ({ ...current, current: 1 }));
          }}
          style={{ width: 280 }}
          aria-label="搜索账号"
        />
        <Select
          mode="multiple"
          allowClear
          placeholder="角色"
          value={roleFilter}
          onChange={(value: Role[]) => {
            setRoleFilter(value);
            setPage((current) => ({ ...current, current: 1 }));
          }}
          options={Object.entries(roleLabels).map(([value, label]) => ({ value, label }))}
          style={{ minWidth: 180 }}
          aria-label="角色筛选"
        />
        <Select<StatusFilter>
          value={statusFilter}
          onChange={(value) => {
            setStatusFilter(value);
            setPage((current) => ({ ...current, current: 1 }));
          }}
          options={[
            { value: 'all', label: '全部状态' },
            { value: 'active', label: '仅启用' },
            { value: 'inactive', label: '仅停用' },
          ]}
          style={{ width: 120 }}
          aria-label="状态筛选"
        />
        {hasFilters && (
          <Button
            onClick={() => {
              setSearch('');
              setRoleFilter([]);
              setStatusFilter('all');
            }}
          >
            清除筛选
          </Button>
        )}
      </Space>
      {error && (
        <Alert
          type="error"
          showIcon
          message={error}
          action={
            <Button size="small" onClick={reload}>
              重试
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<ListedUser>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={filtered}
        loading={isLoading}
        onRow={(user) => ({ 'data-username': user.username }) as HTMLAttributes<HTMLElement>}
        locale={{
          emptyText: isLoading
            ? '加载中…'
            : error
              ? '账号列表未能加载'
              : hasFilters
                ? '没有符合条件的账号'
                : '还没有账号，点击“新建账号”创建',
        }}
        pagination={{
          ...page,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => `共 ${total} 个`,
          onChange: (current, pageSize) => setPage({ current, pageSize }),
        }}
      />
      {dialog?.kind === 'create' || dialog?.kind === 'edit' ? (
        <UserFormModal
          user={dialog.kind === 'edit' ? dialog.user : null}
          offices={offices}
          adminOfficeId={me?.officeId ?? null}
          isSelf={dialog.kind === 'edit' && dialog.user.id === me?.id}
          onSaved={(saved, isNew) => {
            replaceUser(saved);
            setDialog(null);
            void message.success(isNew ? `已创建账号 ${saved.username}` : `已保存账号 ${saved.username}`);
          }}
          onConflict={handleConflict}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'password' && (
        <ResetPasswordModal
          user={dialog.user}
          onSaved={(saved) => {
            replaceUser(saved);
            setDialog(null);
            void message.success(`已重置 ${saved.username} 的密码，该账号需用新密码重新登录`);
          }}
          onConflict={handleConflict}
          onClose={() => setDialog(null)}
        />
      )}
    </Card>
  );
}

/** The admin page: accounts, and a unit's departments and people (部门与人员). */
export function AdminUsersPage() {
  return (
    <Tabs
      destroyOnHidden
      items={[
        { key: 'users', label: '账号管理', children: <UsersTab /> },
        { key: 'organisation', label: '部门与人员', children: <OrganisationPanel /> },
      ]}
    />
  );
}
