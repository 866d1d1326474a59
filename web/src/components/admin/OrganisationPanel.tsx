// 部门与人员: pick a unit of an office, then list, create, edit and delete its departments
// (责任部门) and people (责任领导 / 责任人). Every edit names the version it read, so a change
// made meanwhile is refused (409) and the lists reload; server errors show beside their field.
import { useCallback, useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../api/client.ts';
import type { OfficeWithUnits } from '../../api/types.ts';
import { isConflict, showServerError } from './formErrors.ts';

interface Department {
  id: number;
  unitId: number;
  name: string;
  version: number;
  problemCount: number;
}

interface Person {
  id: number;
  unitId: number;
  name: string;
  title: string | null;
  departmentId: number | null;
  departmentName: string | null;
  isLeader: boolean;
  version: number;
  problemCount: number;
}

type Dialog =
  { kind: 'department'; department: Department | null } | { kind: 'person'; person: Person | null };

interface PersonForm {
  name: string;
  title?: string;
  departmentId?: number | null;
  isLeader?: boolean;
}

const nameRules = [
  { required: true, whitespace: true, message: '请输入名称' },
  { max: 100, message: '名称不能超过100个字符' },
];

export function OrganisationPanel() {
  const { message } = AntApp.useApp();
  const [offices, setOffices] = useState<OfficeWithUnits[]>([]);
  const [unitId, setUnitId] = useState<number | undefined>();
  const [departments, setDepartments] = useState<Department[] | null>(null);
  const [people, setPeople] = useState<Person[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  useEffect(() => {
    api
      .get<{ offices: OfficeWithUnits[] }>('/api/admin/offices')
      .then((result) => {
        setOffices(result.offices);
        setUnitId((current) => current ?? result.offices.flatMap((office) => office.units)[0]?.id);
      })
      .catch((caught: unknown) =>
        setError(caught instanceof ApiError ? caught.message : '单位列表未能加载，请刷新重试'),
      );
  }, []);

  const reload = useCallback(() => {
    if (unitId === undefined) return;
    setError(null);
    Promise.all([
      api.get<{ departments: Department[] }>(`/api/admin/units/${unitId}/departments`),
      api.get<{ people: Person[] }>(`/api/admin/units/${unitId}/people`),
    ])
      .then(([departmentResult, peopleResult]) => {
        setDepartments(departmentResult.departments);
        setPeople(peopleResult.people);
      })
      .catch((caught: unknown) =>
        setError(caught instanceof ApiError ? caught.message : '部门与人员未能加载，请刷新重试'),
      );
  }, [unitId]);
  useEffect(reload, [reload]);

  const unitOptions = useMemo(
    () =>
      offices.map((office) => ({
        label: office.name,
        title: office.name,
        options: office.units.map((unit) => ({ value: unit.id, label: unit.name })),
      })),
    [offices],
  );

  const remove = async (path: string, name: string) => {
    try {
      await api.delete(path);
      void message.success(`已删除“${name}”`);
    } catch (caught) {
      void message.error(caught instanceof ApiError ? caught.message : '删除失败，请重试');
    }
    reload();
  };

  const onSaved = (text: string) => {
    setDialog(null);
    void message.success(text);
    reload();
  };
  const onConflict = (text: string) => {
    setDialog(null);
    void message.error(text);
    reload();
  };

  const deleteButton = (path: string, name: string, problemCount: number) => (
    <Popconfirm
      title={`删除“${name}”？`}
      okText="删除"
      cancelText="取消"
      disabled={problemCount > 0}
      onConfirm={() => remove(path, name)}
    >
      <Button
        size="small"
        danger
        disabled={problemCount > 0}
        title={problemCount > 0 ? `仍被 ${problemCount} 个问题使用，不能删除` : undefined}
      >
        删除
      </Button>
    </Popconfirm>
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space>
        <Typography.Text>被巡察单位</Typography.Text>
        <Select
          aria-label="选择单位"
          style={{ width: 360 }}
          showSearch
          optionFilterProp="label"
          placeholder="请选择单位"
          value={unitId}
          onChange={(value: number) => setUnitId(value)}
          options={unitOptions}
          notFoundContent="暂无单位"
        />
      </Space>
      {error && <Alert type="error" showIcon message={error} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card
            title="责任部门"
            extra={
              <Button
                type="primary"
                icon={<PlusOutlined />}
                disabled={unitId === undefined}
                onClick={() => setDialog({ kind: 'department', department: null })}
              >
                新增部门
              </Button>
            }
          >
            <Table<Department>
              rowKey="id"
              size="small"
              loading={unitId !== undefined && departments === null && !error}
              dataSource={departments ?? []}
              pagination={false}
              onRow={(row) => ({ 'data-department': row.name }) as HTMLAttributes<HTMLElement>}
              locale={{ emptyText: '本单位还没有部门，点击“新增部门”添加' }}
              columns={[
                { title: '名称', dataIndex: 'name' },
                { title: '涉及问题', dataIndex: 'problemCount', width: 90 },
                {
                  title: '操作',
                  width: 140,
                  render: (_, row) => (
                    <Space>
                      <Button size="small" onClick={() => setDialog({ kind: 'department', department: row })}>
                        编辑
                      </Button>
                      {deleteButton(
                        `/api/admin/units/${row.unitId}/departments/${row.id}`,
                        row.name,
                        row.problemCount,
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            title="责任领导与责任人"
            extra={
              <Button
                type="primary"
                icon={<PlusOutlined />}
                disabled={unitId === undefined}
                onClick={() => setDialog({ kind: 'person', person: null })}
              >
                新增人员
              </Button>
            }
          >
            <Table<Person>
              rowKey="id"
              size="small"
              loading={unitId !== undefined && people === null && !error}
              dataSource={people ?? []}
              pagination={false}
              onRow={(row) => ({ 'data-person': row.name }) as HTMLAttributes<HTMLElement>}
              locale={{ emptyText: '本单位还没有人员，点击“新增人员”添加' }}
              columns={[
                {
                  title: '姓名',
                  dataIndex: 'name',
                  render: (name: string, row) => (
                    <Space>
                      {name}
                      {row.isLeader && <Tag color="blue">领导</Tag>}
                    </Space>
                  ),
                },
                { title: '职务', dataIndex: 'title', render: (title: string | null) => title ?? '—' },
                { title: '部门', dataIndex: 'departmentName', render: (name: string | null) => name ?? '—' },
                { title: '涉及问题', dataIndex: 'problemCount', width: 90 },
                {
                  title: '操作',
                  width: 140,
                  render: (_, row) => (
                    <Space>
                      <Button size="small" onClick={() => setDialog({ kind: 'person', person: row })}>
                        编辑
                      </Button>
                      {deleteButton(
                        `/api/admin/units/${row.unitId}/people/${row.id}`,
                        row.name,
                        row.problemCount,
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {dialog?.kind === 'department' && unitId !== undefined && (
        <DepartmentModal
          unitId={unitId}
          department={dialog.department}
          onSaved={onSaved}
          onConflict={onConflict}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'person' && unitId !== undefined && (
        <PersonModal
          unitId={unitId}
          person={dialog.person}
          departments={departments ?? []}
          onSaved={onSaved}
          onConflict={onConflict}
          onClose={() => setDialog(null)}
        />
      )}
    </Space>
  );
}

interface ModalProps {
  unitId: number;
  onSaved: (text: string) => void;
  onConflict: (text: string) => void;
  onClose: () => void;
}

/** A stale version is a 409 on body.version: close, say so and reload; a duplicate name stays beside the field. */
function isStale(caught: unknown): boolean {
  return isConflict(caught) && caught instanceof ApiError && caught.where === 'body.version';
}

function DepartmentModal({
  unitId,
  department,
  onSaved,
  onConflict,
  onClose,
}: ModalProps & { department: Department | null }) {
  const [form] = Form.useForm<{ name: string }>();
  const [banner, setBanner] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const submit = async (values: { name: string }) => {
    setIsSaving(true);
    setBanner(null);
    try {
      if (department) {
        await api.patch(`/api/admin/units/${unitId}/departments/${department.id}`, {
          name: values.name,
          version: department.version,
        });
      } else {
        await api.post(`/api/admin/units/${unitId}/departments`, { name: values.name });
      }
      onSaved(`已保存部门“${values.name.trim()}”`);
    } catch (caught) {
      if (isStale(caught)) onConflict((caught as ApiError).message);
      else setBanner(showServerError(form, ['name'], caught, '保存失败，请重试'));
    } finally {
      setIsSaving(false);
    }
  };
  return (
    <Modal
      open
      title={department ? '编辑部门' : '新增部门'}
      okText="保存"
      cancelText="取消"
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {banner && <Alert type="error" showIcon message={banner} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ name: department?.name }} onFinish={submit}>
        <Form.Item name="name" label="部门名称" rules={nameRules}>
          <Input autoFocus maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PersonModal({
  unitId,
  person,
  departments,
  onSaved,
  onConflict,
  onClose,
}: ModalProps & { person: Person | null; departments: Department[] }) {
  const [form] = Form.useForm<PersonForm>();
  const [banner, setBanner] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const submit = async (values: PersonForm) => {
    setIsSaving(true);
    setBanner(null);
    const body = {
      name: values.name,
      title: values.title?.trim() ? values.title : null,
      departmentId: values.departmentId ?? null,
      isLeader: values.isLeader ?? false,
    };
    try {
      if (person) {
        await api.patch(`/api/admin/units/${unitId}/people/${person.id}`, {
          ...body,
          version: person.version,
        });
      } else {
        await api.post(`/api/admin/units/${unitId}/people`, body);
      }
      onSaved(`已保存人员“${values.name.trim()}”`);
    } catch (caught) {
      if (isStale(caught)) onConflict((caught as ApiError).message);
      else
        setBanner(
          showServerError(form, ['name', 'title', 'departmentId', 'isLeader'], caught, '保存失败，请重试'),
        );
    } finally {
      setIsSaving(false);
    }
  };
  return (
    <Modal
      open
      title={person ? '编辑人员' : '新增人员'}
      okText="保存"
      cancelText="取消"
      confirmLoading={isSaving}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {banner && <Alert type="error" showIcon message={banner} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: person?.name,
          title: person?.title ?? undefined,
          departmentId: person?.departmentId ?? undefined,
          isLeader: person?.isLeader ?? false,
        }}
        onFinish={submit}
      >
        <Form.Item name="name" label="姓名" rules={nameRules}>
          <Input autoFocus maxLength={100} />
        </Form.Item>
        <Form.Item name="title" label="职务" rules={[{ max: 100, message: '职务不能超过100个字符' }]}>
          <Input maxLength={100} placeholder="如：副局长" />
        </Form.Item>
        <Form.Item name="departmentId" label="所属部门">
          <Select
            allowClear
            placeholder="不属于任何部门"
            options={departments.map((department) => ({ value: department.id, label: department.name }))}
          />
        </Form.Item>
        <Form.Item name="isLeader" label="责任领导" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
