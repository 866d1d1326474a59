// 责任领导、责任部门、责任人, editable by the plan's editors through pickers filled from the
// unit's people and departments.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Modal, Select, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { api } from '../../api/client.ts';
import { errorText, isConflict, type NamedRef, type ProblemDetail, type UnitPerson } from './model.ts';

interface OwnerForm {
  leaderIds: number[];
  departmentIds: number[];
  personIds: number[];
}

function Names({ items, color }: { items: NamedRef[]; color?: string }) {
  if (items.length === 0) return <Typography.Text type="secondary">未指定</Typography.Text>;
  return (
    <>
      {items.map((item) => (
        <Tag key={item.id} color={color} style={{ marginBottom: 4 }}>
          {item.name}
        </Tag>
      ))}
    </>
  );
}

function OwnersModal({
  problem,
  open,
  onClose,
  onChanged,
}: {
  problem: ProblemDetail;
  open: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<OwnerForm>();
  const [people, setPeople] = useState<UnitPerson[] | null>(null);
  const [departments, setDepartments] = useState<NamedRef[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.setFieldsValue({
      leaderIds: problem.assignments.leaders.map((item) => item.id),
      departmentIds: problem.assignments.departments.map((item) => item.id),
      personIds: problem.assignments.people.map((item) => item.id),
    });
    Promise.all([
      api.get<UnitPerson[]>(`/api/organisation/units/${problem.unit.id}/people`),
      api.get<NamedRef[]>(`/api/organisation/units/${problem.unit.id}/departments`),
    ])
      .then(([loadedPeople, loadedDepartments]) => {
        setPeople(loadedPeople);
        setDepartments(loadedDepartments);
      })
      .catch((caught: unknown) => setError(errorText(caught, '加载人员失败')));
  }, [open, problem, form]);

  async function save(values: OwnerForm) {
    setIsSaving(true);
    setError(null);
    try {
      await api.put(`/api/problems/${problem.id}/assignments`, { ...values, version: problem.version });
      message.success('责任分工已保存');
      onClose();
      onChanged();
    } catch (caught) {
      if (isConflict(caught)) {
        message.error(errorText(caught));
        onClose();
        onChanged();
      } else setError(errorText(caught));
    } finally {
      setIsSaving(false);
    }
  }

  const personLabel = (person: UnitPerson) =>
    [person.name, person.title, person.department?.name].filter(Boolean).join(' · ');
  const leaders = (people ?? []).filter((person) => person.isLeader);
  const isLoading = open && (!people || !departments) && !error;
  return (
    <Modal
      open={open}
      title="调整责任分工"
      okText="保存"
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={isSaving}
      forceRender
      width={600}
    >
      <Form form={form} layout="vertical" onFinish={(values) => void save(values)}>
        <Form.Item name="leaderIds" label="责任领导">
          <Select
            mode="multiple"
            autoFocus
            loading={isLoading}
            optionFilterProp="label"
            placeholder="选择责任领导"
            options={(leaders.length > 0 ? leaders : (people ?? [])).map((person) => ({
              value: person.id,
              label: personLabel(person),
            }))}
          />
        </Form.Item>
        <Form.Item name="departmentIds" label="责任部门">
          <Select
            mode="multiple"
            loading={isLoading}
            optionFilterProp="label"
            placeholder="选择责任部门"
            options={(departments ?? []).map((department) => ({
              value: department.id,
              label: department.name,
            }))}
          />
        </Form.Item>
        <Form.Item name="personIds" label="责任人">
          <Select
            mode="multiple"
            loading={isLoading}
            optionFilterProp="label"
            placeholder="选择责任人"
            options={(people ?? []).map((person) => ({ value: person.id, label: personLabel(person) }))}
          />
        </Form.Item>
        <button type="submit" hidden aria-hidden />
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}

export function OwnersSection({ problem, onChanged }: { problem: ProblemDetail; onChanged: () => void }) {
  const [isOpen, setIsOpen] = useState(false);
  return (
    <Card
      title="责任分工"
      size="small"
      data-section="owners"
      extra={
        problem.canEdit && (
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setIsOpen(true)}>
            调整
          </Button>
        )
      }
    >
      <Descriptions column={1} size="small" colon={false} labelStyle={{ width: 72 }}>
        <Descriptions.Item label="责任领导">
          <Names items={problem.assignments.leaders} color="purple" />
        </Descriptions.Item>
        <Descriptions.Item label="责任部门">
          <Names items={problem.assignments.departments} color="blue" />
        </Descriptions.Item>
        <Descriptions.Item label="责任人">
          <Names items={problem.assignments.people} />
        </Descriptions.Item>
      </Descriptions>
      {problem.canEdit && (
        <OwnersModal problem={problem} open={isOpen} onClose={() => setIsOpen(false)} onChanged={onChanged} />
      )}
    </Card>
  );
}
