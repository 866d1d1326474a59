// Bulk owner change: pick leaders, departments and people of the problems' unit, replace or add,
// then confirm a list of what changes; the server applies all or nothing.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Form, Modal, Radio, Select, Space, Table, Typography } from 'antd';
import { api, ApiError } from '../../api/client.ts';
import type { LedgerRow } from '../../api/types.ts';

interface NamedRef {
  id: number;
  name: string;
}
interface UnitPerson extends NamedRef {
  isLeader: boolean;
  department: NamedRef | null;
}

type Mode = 'replace' | 'add';

export function BulkAssignModal({
  rows,
  open,
  onClose,
  onDone,
}: {
  rows: readonly LedgerRow[];
  open: boolean;
  onClose: () => void;
  onDone: (count: number) => void;
}) {
  const unitIds = useMemo(() => [...new Set(rows.map((row) => row.unitId))], [rows]);
  const unitId = unitIds.length === 1 ? unitIds[0] : undefined;
  const [people, setPeople] = useState<UnitPerson[]>([]);
  const [departments, setDepartments] = useState<NamedRef[]>([]);
  const [leaderIds, setLeaderIds] = useState<number[]>([]);
  const [departmentIds, setDepartmentIds] = useState<number[]>([]);
  const [personIds, setPersonIds] = useState<number[]>([]);
  const [mode, setMode] = useState<Mode>('add');
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    setStep('edit');
    setError(null);
    setLeaderIds([]);
    setDepartmentIds([]);
    setPersonIds([]);
    if (unitId === undefined) return;
    let isCurrent = true;
    Promise.all([
      api.get<UnitPerson[]>(`/api/organisation/units/${unitId}/people`),
      api.get<NamedRef[]>(`/api/organisation/units/${unitId}/departments`),
    ])
      .then(([unitPeople, unitDepartments]) => {
        if (!isCurrent) return;
        setPeople(unitPeople);
        setDepartments(unitDepartments);
      })
      .catch(
        (caught: unknown) =>
          isCurrent && setError(caught instanceof ApiError ? caught.message : '加载人员失败'),
      );
    return () => {
      isCurrent = false;
    };
  }, [open, unitId]);

  const nameOf = (list: readonly NamedRef[], ids: readonly number[]) =>
    ids.map((id) => list.find((item) => item.id === id)?.name ?? String(id)).join('、');
  const changes = [
    leaderIds.length > 0 && `责任领导：${nameOf(people, leaderIds)}`,
    departmentIds.length > 0 && `责任部门：${nameOf(departments, departmentIds)}`,
    personIds.length > 0 && `责任人：${nameOf(people, personIds)}`,
  ].filter(Boolean) as string[];
  const summary =
    mode === 'add'
      ? `将为 ${rows.length} 个问题追加 ${changes.join('；')}`
      : `将把 ${rows.length} 个问题的 ${changes.join('；')}（替换原有）`;

  async function submit() {
    setIsSaving(true);
    setError(null);
    try {
      await api.post('/api/problems/bulk/assignments', {
        items: rows.map((row) => ({ id: row.id, version: row.version })),
        mode,
        ...(leaderIds.length > 0 && { leaderIds }),
        ...(departmentIds.length > 0 && { departmentIds }),
        ...(personIds.length > 0 && { personIds }),
      });
      onDone(rows.length);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : '批量修改失败，请稍后重试');
    } finally {
      setIsSaving(false);
    }
  }

  const toOptions = (list: readonly NamedRef[]) => list.map((item) => ({ value: item.id, label: item.name }));
  return (
    <Modal
      title={step === 'edit' ? '批量分配责任' : '确认批量分配责任'}
      open={open}
      width={720}
      onCancel={onClose}
      okText={step === 'edit' ? '下一步' : '确认修改'}
      cancelText={step === 'edit' ? '取消' : '返回修改'}
      okButtonProps={{ disabled: unitId === undefined || changes.length === 0, loading: isSaving }}
      cancelButtonProps={{ onClick: () => (step === 'edit' ? onClose() : setStep('edit')) }}
      onOk={() => (step === 'edit' ? setStep('confirm') : void submit())}
      destroyOnClose
    >
      {unitId === undefined ? (
        <Alert type="warning" showIcon message="所选问题属于不同单位，请按单位分别批量分配责任。" />
      ) : step === 'edit' ? (
        <Form layout="vertical">
          <Form.Item label="方式">
            <Radio.Group value={mode} onChange={(event) => setMode(event.target.value as Mode)}>
              <Radio value="add">追加（保留原有责任人）</Radio>
              <Radio value="replace">替换（所选类别改为下列人员）</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item label="责任领导">
            <Select
              mode="multiple"
              value={leaderIds}
              onChange={setLeaderIds}
              optionFilterProp="label"
              options={toOptions(people.filter((person) => person.isLeader))}
              aria-label="批量责任领导"
            />
          </Form.Item>
          <Form.Item label="责任部门">
            <Select
              mode="multiple"
              value={departmentIds}
              onChange={setDepartmentIds}
              optionFilterProp="label"
              options={toOptions(departments)}
              aria-label="批量责任部门"
            />
          </Form.Item>
          <Form.Item label="责任人">
            <Select
              mode="multiple"
              value={personIds}
              onChange={setPersonIds}
              optionFilterProp="label"
              options={toOptions(people)}
              aria-label="批量责任人"
            />
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} />}
        </Form>
      ) : (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Alert
            type="warning"
            showIcon
            message={summary}
            description="未选择的类别保持不变。全部修改在一次操作中完成：任一问题已被他人修改或已销号，则全部不生效。"
          />
          <Table<LedgerRow>
            size="small"
            rowKey="id"
            pagination={false}
            scroll={{ y: 280 }}
            dataSource={[...rows]}
            columns={[
              { title: '编号', dataIndex: 'number', width: 80 },
              { title: '问题', dataIndex: 'title', ellipsis: true },
              {
                title: '现责任部门',
                width: 160,
                render: (_: unknown, row) => row.departments.join('、') || '—',
              },
              {
                title: '现责任领导',
                width: 110,
                render: (_: unknown, row) => row.leaders.join('、') || '—',
              },
            ]}
          />
          {error && <Alert type="error" showIcon message={error} />}
          {!error && (
            <Typography.Text type="secondary">确认后立即生效，并记入每个问题的时间线。</Typography.Text>
          )}
        </Space>
      )}
    </Modal>
  );
}
