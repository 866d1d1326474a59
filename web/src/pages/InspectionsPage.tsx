// Inspections (巡察管理): every inspection in scope with its problem counts, and the way into its
// ledger, its import wizard and its registers. The inspection office also sets up rounds, units
// and inspections here.
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.ts';
import type { Inspection, InspectionDetail, Round, Unit } from '../api/inspectionTypes.ts';
import { useAuth } from '../auth.tsx';
import { showServerError } from '../components/admin/formErrors.ts';
import { PublishNoticeButton } from '../components/public/PublishNoticeButton.tsx';

const toDay = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);

function period(start: string | null, end: string | null): string {
  if (!start && !end) return '—';
  return `${start ?? '？'} 至 ${end ?? '？'}`;
}

interface RoundForm {
  name: string;
  year: number;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function RoundModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose(): void;
  onCreated(round: Round): void;
}) {
  const [form] = Form.useForm<RoundForm>();
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  async function submit(values: RoundForm) {
    setIsSaving(true);
    setError(null);
    try {
      const round = await api.post<Round>('/api/rounds', {
        name: values.name,
        year: values.year,
        startedOn: toDay(values.range?.[0]),
        endedOn: toDay(values.range?.[1]),
      });
      form.resetFields();
      onCreated(round);
    } catch (caught) {
      setError(showServerError(form, ['name', 'year'], caught, '新建轮次失败，请稍后重试'));
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Modal
      title="新建巡察轮次"
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="创建"
      confirmLoading={isSaving}
      destroyOnClose
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form<RoundForm>
        form={form}
        layout="vertical"
        initialValues={{ year: dayjs().year() }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="name"
          label="轮次名称"
          rules={[{ required: true, whitespace: true, message: '请输入轮次名称' }]}
        >
          <Input placeholder="如：县委2026年第一轮巡察" maxLength={200} />
        </Form.Item>
        <Form.Item name="year" label="年份" rules={[{ required: true, message: '请输入年份' }]}>
          <InputNumber min={1949} max={2200} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="range" label="巡察起止日期（可选）">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface InspectionForm {
  roundId: number;
  unitId?: number;
  newUnitName?: string;
  groupName?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
  feedbackOn?: Dayjs | null;
}

function InspectionModal({
  open,
  rounds,
  units,
  defaultRoundId,
  onClose,
  onCreated,
}: {
  open: boolean;
  rounds: Round[];
  units: Unit[];
  defaultRoundId: number | undefined;
  onClose(): void;
  onCreated(inspection: InspectionDetail): void;
}) {
  const [form] = Form.useForm<InspectionForm>();
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const [isNewUnit, setIsNewUnit] = useState(false);

  useEffect(() => {
    if (open) form.setFieldsValue({ roundId: defaultRoundId });
  }, [open, defaultRoundId, form]);

  async function submit(values: InspectionForm) {
    setIsSaving(true);
    setError(null);
    try {
      let unitId = values.unitId;
      if (isNewUnit) {
        const unit = await api.post<Unit>('/api/units', { name: values.newUnitName });
        unitId = unit.id;
      }
      const inspection = await api.post<InspectionDetail>('/api/inspections', {
        roundId: values.roundId,
        unitId,
        groupName: values.groupName?.trim() || null,
        periodStart: toDay(values.period?.[0]),
        periodEnd: toDay(values.period?.[1]),
        feedbackOn: toDay(values.feedbackOn),
      });
      form.resetFields();
      setIsNewUnit(false);
      onCreated(inspection);
    } catch (caught) {
      setError(
        showServerError(
          form,
          ['roundId', 'unitId', 'groupName', 'feedbackOn'],
          caught,
          '新建巡察失败，请稍后重试',
        ),
      );
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Modal
      title="新建巡察"
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="创建"
      confirmLoading={isSaving}
      width={560}
      destroyOnClose
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form<InspectionForm> form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item name="roundId" label="巡察轮次" rules={[{ required: true, message: '请选择巡察轮次' }]}>
          <Select
            placeholder="选择轮次"
            options={rounds.map((round) => ({ value: round.id, label: round.name }))}
            aria-label="巡察轮次"
          />
        </Form.Item>
        {isNewUnit ? (
          <Form.Item
            name="newUnitName"
            label="被巡察单位（新建）"
            rules={[{ required: true, whitespace: true, message: '请输入单位名称' }]}
            extra={
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setIsNewUnit(false)}>
                从已有单位中选择
              </Button>
            }
          >
            <Input placeholder="如：县融媒体中心党组" maxLength={200} />
          </Form.Item>
        ) : (
          <Form.Item
            name="unitId"
            label="被巡察单位"
            rules={[{ required: true, message: '请选择被巡察单位' }]}
            extra={
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setIsNewUnit(true)}>
                单位不在列表中？新建单位
              </Button>
            }
          >
            <Select
              showSearch
              optionFilterProp="label"
              placeholder="选择单位"
              options={units.map((unit) => ({ value: unit.id, label: unit.name }))}
              aria-label="被巡察单位"
            />
          </Form.Item>
        )}
        <Form.Item name="groupName" label="巡察组">
          <Input placeholder="如：县委第四巡察组" maxLength={200} />
        </Form.Item>
        <Form.Item name="period" label="巡察期间">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item
          name="feedbackOn"
          label="反馈日期"
          extra="整改方案、整改报告和集中整改期的时限由反馈日期推算"
        >
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function InspectionsPage() {
  const { user } = useAuth();
  const { message } = AntApp.useApp();
  const [params, setParams] = useSearchParams();
  const roundId = params.get('roundId') ? Number(params.get('roundId')) : undefined;
  const [rounds, setRounds] = useState<Round[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const [inspections, setInspections] = useState<Inspection[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(false);
  const [modal, setModal] = useState<'round' | 'inspection' | null>(null);
  const isOffice = user?.role === 'office';
  const canImport = user?.role === 'office' || user?.role === 'unit_office';

  const load = useCallback(async () => {
    setIsLoading(true);
    setError(null);
    try {
      const [roundList, unitList, inspectionList] = await Promise.all([
        api.get<{ items: Round[] }>('/api/rounds'),
        api.get<{ items: Unit[] }>('/api/units'),
        api.get<{ items: Inspection[] }>('/api/inspections', { roundId }),
      ]);
      setRounds(roundList.items);
      setUnits(unitList.items);
      setInspections(inspectionList.items);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : '加载巡察列表失败，请刷新重试');
    } finally {
      setIsLoading(false);
    }
  }, [roundId]);

  useEffect(() => {
    void load();
  }, [load]);

  const columns = useMemo<ColumnsType<Inspection>>(
    () => [
      {
        title: '被巡察单位',
        dataIndex: ['unit', 'name'],
        render: (name: string, row) => (
          <Space direction="vertical" size={0}>
            <Typography.Text strong>{name}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {row.round.name}
            </Typography.Text>
          </Space>
        ),
      },
      {
        title: '巡察组 / 巡察期间',
        key: 'group',
        width: 230,
        render: (_: unknown, row) => (
          <Space direction="vertical" size={0}>
            <span>{row.group?.name ?? '—'}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {period(row.periodStart, row.periodEnd)}
            </Typography.Text>
          </Space>
        ),
      },
      { title: '反馈日期', dataIndex: 'feedbackOn', width: 110, render: (day: string | null) => day ?? '—' },
      { title: '问题', dataIndex: ['counts', 'problems'], width: 64, align: 'right' },
      { title: '已销号', dataIndex: ['counts', 'closed'], width: 76, align: 'right' },
      {
        title: '逾期',
        dataIndex: ['counts', 'overdue'],
        width: 64,
        align: 'right',
        render: (count: number) =>
          count > 0 ? <Typography.Text type="danger">{count}</Typography.Text> : count,
      },
      {
        title: '完成率',
        dataIndex: ['counts', 'completionRate'],
        width: 140,
        render: (rate: number | null) =>
          rate === null ? (
            <Typography.Text type="secondary">未导入</Typography.Text>
          ) : (
            <Progress percent={Math.round(rate * 1000) / 10} size="small" />
          ),
      },
      {
        title: '操作',
        key: 'actions',
        width: 320,
        render: (_: unknown, row) => (
          <Space size="middle">
            <Link to={`/ledger?inspectionId=${row.id}`}>台账</Link>
            {canImport && row.counts.problems === 0 && (
              <Link to={`/inspections/${row.id}/import`}>导入方案</Link>
            )}
            <Link to={`/inspections/${row.id}/registers`}>整改成果</Link>
            <Link to={`/inspections/${row.id}/lookbacks`}>回头看</Link>
            {canImport && row.counts.problems > 0 && (
              <PublishNoticeButton inspectionId={row.id} unitName={row.unit.name} />
            )}
          </Space>
        ),
      },
    ],
    [canImport],
  );

  return (
    <Card
      title="巡察管理"
      extra={
        isOffice && (
          <Space>
            <Button icon={<PlusOutlined />} onClick={() => setModal('round')}>
              新建轮次
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal('inspection')}>
              新建巡察
            </Button>
          </Space>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder="全部轮次"
          value={roundId}
          onChange={(value?: number) => setParams(value ? { roundId: String(value) } : {})}
          options={rounds.map((round) => ({
            value: round.id,
            label: `${round.name}（${round.inspectionCount}）`,
          }))}
          style={{ minWidth: 260 }}
          aria-label="轮次"
        />
        {inspections && <Typography.Text type="secondary">共 {inspections.length} 个巡察</Typography.Text>}
      </Space>
      {error && (
        <Alert
          type="error"
          showIcon
          message={error}
          action={<Button onClick={() => void load()}>重试</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<Inspection>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={inspections ?? []}
        loading={isLoading}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 个巡察` }}
        locale={{ emptyText: isOffice ? '还没有巡察，点击右上角“新建巡察”开始' : '您的范围内还没有巡察' }}
      />
      <RoundModal
        open={modal === 'round'}
        onClose={() => setModal(null)}
        onCreated={(round) => {
          setModal(null);
          message.success(`已创建轮次“${round.name}”`);
          setRounds((current) => [round, ...current]);
          void load();
        }}
      />
      <InspectionModal
        open={modal === 'inspection'}
        rounds={rounds}
        units={units}
        defaultRoundId={roundId ?? rounds[0]?.id}
        onClose={() => setModal(null)}
        onCreated={(inspection) => {
          setModal(null);
          message.success(`已创建对${inspection.unit.name}的巡察，可以导入整改方案了`);
          void load();
        }}
      />
    </Card>
  );
}
