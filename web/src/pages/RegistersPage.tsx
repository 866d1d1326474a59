// An inspection's registers (整改成果登记): institutions built or revised (制度), meetings held,
// and outcomes — funds returned or recovered and people reminded or held accountable — each
// linked to the problems it answers. Amounts are in yuan with two decimals.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { InspectionPageLinks, InspectionPageTitle } from '../components/InspectionPageHeader.tsx';
import { api, ApiError } from '../api/client.ts';
import type {
  InspectionDetail,
  Institution,
  InstitutionChange,
  Meeting,
  MeetingKind,
  Outcome,
  OutcomeKind,
} from '../api/inspectionTypes.ts';
import type { LedgerPage, LedgerRow } from '../api/types.ts';
import { useAuth } from '../auth.tsx';
import { showServerError } from '../components/admin/formErrors.ts';

const changeLabels: Record<InstitutionChange, string> = { new: '新制定', revised: '修订完善' };
const meetingLabels: Record<MeetingKind, string> = {
  party_group: '党组（党委）会议',
  democratic_life: '专题民主生活会',
  leading_group: '整改领导小组会议',
  mobilisation: '整改动员部署会',
  other: '其他会议',
};
const outcomeLabels: Record<OutcomeKind, string> = {
  funds_returned: '退还资金',
  funds_recovered: '追缴资金',
  funds_saved: '挽回损失',
  people_reminded: '提醒谈话',
  people_admonished: '诫勉约谈',
  people_accountable: '问责',
  people_disciplined: '党纪政务处分',
};
const isFunds = (kind: OutcomeKind | undefined) => kind?.startsWith('funds_') ?? false;

/** 12345.67 → "12,345.67". */
export const formatYuan = (yuan: number) =>
  yuan.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const toDay = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);
const fromDay = (value: string | null | undefined) => (value ? dayjs(value) : null);
const options = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));

// ---------------------------------------------------------------------------------------------
// Linked problems

interface ProblemIndex {
  byId: Map<number, LedgerRow>;
  options: Array<{ label: string; options: Array<{ value: number; label: string }> }>;
}

function indexProblems(rows: LedgerRow[]): ProblemIndex {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const groups = new Map<string, Array<{ value: number; label: string }>>();
  for (const row of rows) {
    const group = groups.get(row.aspectTitle) ?? [];
    const number = row.number ? `${row.parentId ? '└ ' : ''}${row.number}. ` : row.parentId ? '└ ' : '';
    group.push({ value: row.id, label: `${number}${row.title}` });
    groups.set(row.aspectTitle, group);
  }
  return { byId, options: [...groups].map(([label, group]) => ({ label, options: group })) };
}

function ProblemLinks({ ids, problems }: { ids: number[]; problems: ProblemIndex }) {
  if (ids.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {ids.map((id) => {
        const row = problems.byId.get(id);
        const title = row?.title ?? `问题 #${id}`;
        return (
          <Tooltip key={id} title={title}>
            <Tag style={{ maxWidth: 240, overflow: 'hidden', textOverflow: 'ellipsis' }}>
              <Link to={`/problems/${id}`}>
                {row?.number ? `${row.number}. ` : ''}
                {title}
              </Link>
            </Tag>
          </Tooltip>
        );
      })}
    </Space>
  );
}

function ProblemPicker({
  problems,
  multiple,
  ...rest
}: {
  problems: ProblemIndex;
  multiple: boolean;
  value?: number[] | number | null;
  onChange?: (value: number[] | number | null) => void;
  id?: string;
}) {
  return (
    <Select
      {...rest}
      mode={multiple ? 'multiple' : undefined}
      allowClear
      showSearch
      optionFilterProp="label"
      placeholder="选择本巡察的问题（可搜索）"
      options={problems.options}
      notFoundContent="该巡察还没有导入问题"
      aria-label="关联问题"
      popupMatchSelectWidth={560}
    />
  );
}

// ---------------------------------------------------------------------------------------------
// One register: a table with create, edit and delete in a modal

interface RegisterConfig<Row extends { id: number; version: number }, Values> {
  path: 'institutions' | 'meetings' | 'outcomes';
  noun: string;
  columns: ColumnsType<Row>;
  fields: (form: FormInstance<Values>) => ReactNode;
  fieldNames: string[];
  toForm(row: Row | null): Partial<Values>;
  toBody(values: Values): Record<string, unknown>;
  summary?: (rows: Row[]) => ReactNode;
}

function RegisterTab<Row extends { id: number; version: number }, Values extends object>({
  inspectionId,
  config,
  canWrite,
}: {
  inspectionId: number;
  config: RegisterConfig<Row, Values>;
  canWrite: boolean;
}) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(false);
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  const load = useCallback(async () => {
    setIsLoading(true);
    setError(null);
    try {
      setRows(await api.get<Row[]>(`/api/inspections/${inspectionId}/${config.path}`));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : `加载${config.noun}失败，请刷新重试`);
    } finally {
      setIsLoading(false);
    }
  }, [inspectionId, config.path, config.noun]);

  useEffect(() => {
    void load();
  }, [load]);

  function open(row: Row | null) {
    setFormError(null);
    form.resetFields();
    form.setFieldsValue(config.toForm(row) as Parameters<typeof form.setFieldsValue>[0]);
    setEditing(row ?? 'new');
  }

  async function save(values: Values) {
    setIsSaving(true);
    setFormError(null);
    const body = config.toBody(values);
    try {
      if (editing === 'new') {
        await api.post(`/api/inspections/${inspectionId}/${config.path}`, body);
        message.success(`已登记${config.noun}`);
      } else if (editing) {
        await api.put(`/api/${config.path}/${editing.id}`, { ...body, version: editing.version });
        message.success(`已保存${config.noun}`);
      }
      setEditing(null);
      void load();
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 409) {
        message.warning(`${caught.message}（列表已刷新）`);
        setEditing(null);
        void load();
      } else {
        setFormError(showServerError(form, config.fieldNames, caught, `保存${config.noun}失败，请稍后重试`));
      }
    } finally {
      setIsSaving(false);
    }
  }

  async function remove(row: Row) {
    try {
      await api.delete(`/api/${config.path}/${row.id}?version=${row.version}`);
      message.success(`已删除${config.noun}`);
    } catch (caught) {
      message.error(caught instanceof ApiError ? caught.message : `删除${config.noun}失败，请稍后重试`);
    }
    void load();
  }

  const columns: ColumnsType<Row> = canWrite
    ? [
        ...config.columns,
        {
          title: '操作',
          key: 'actions',
          width: 120,
          render: (_: unknown, row) => (
            <Space>
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open(row)}>
                编辑
              </Button>
              <Popconfirm
                title={`删除这条${config.noun}？`}
                okText="删除"
                cancelText="取消"
                okButtonProps={{ danger: true }}
                onConfirm={() => void remove(row)}
              >
                <Button type="link" size="small" danger style={{ padding: 0 }}>
                  删除
                </Button>
              </Popconfirm>
            </Space>
          ),
        },
      ]
    : config.columns;

  return (
    <div data-register={config.path}>
      <div
        style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16 }}
      >
        <div>{rows && config.summary?.(rows)}</div>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open(null)}>
            登记{config.noun}
          </Button>
        )}
      </div>
      {error && (
        <Alert
          type="error"
          showIcon
          message={error}
          action={<Button onClick={() => void load()}>重试</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<Row>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows ?? []}
        loading={isLoading}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 条` }}
        locale={{ emptyText: `还没有登记${config.noun}` }}
      />
      <Modal
        title={editing === 'new' ? `登记${config.noun}` : `编辑${config.noun}`}
        open={editing !== null}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText="保存"
        confirmLoading={isSaving}
        width={620}
        forceRender
      >
        {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
        <Form<Values> form={form} layout="vertical" onFinish={(values) => void save(values)}>
          {config.fields(form)}
        </Form>
      </Modal>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The three registers

interface InstitutionValues {
  name: string;
  change: InstitutionChange;
  adoptedOn?: Dayjs | null;
  problemIds?: number[];
}

interface MeetingValues {
  kind: MeetingKind;
  heldOn: Dayjs;
  topic: string;
  problemIds?: number[];
}

interface OutcomeValues {
  kind: OutcomeKind;
  amountYuan?: number | null;
  peopleCount?: number | null;
  recordedOn: Dayjs;
  problemId?: number | null;
  note?: string;
}

function OutcomeMeasureField({ form }: { form: FormInstance<OutcomeValues> }) {
  const kind = Form.useWatch('kind', form);
  return isFunds(kind) ? (
    <Form.Item name="amountYuan" label="金额（元）" rules={[{ required: true, message: '请填写金额' }]}>
      <InputNumber<number>
        min={0}
        max={1_000_000_000_000}
        precision={2}
        step={0.01}
        style={{ width: 240 }}
        addonAfter="元"
        formatter={(value) => `${value ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}
        parser={(value) => Number((value ?? '').replace(/,/g, ''))}
        aria-label="金额（元）"
      />
    </Form.Item>
  ) : (
    <Form.Item name="peopleCount" label="人数" rules={[{ required: true, message: '请填写人数' }]}>
      <InputNumber min={0} precision={0} style={{ width: 160 }} addonAfter="人" aria-label="人数" />
    </Form.Item>
  );
}

function useRegisterConfigs(problems: ProblemIndex) {
  return useMemo(() => {
    const institutions: RegisterConfig<Institution, InstitutionValues> = {
      path: 'institutions',
      noun: '制度',
      fieldNames: ['name', 'change', 'adoptedOn', 'problemIds'],
      columns: [
        { title: '制度名称', dataIndex: 'name' },
        {
          title: '类型',
          dataIndex: 'change',
          width: 100,
          render: (change: InstitutionChange) => (
            <Tag color={change === 'new' ? 'green' : 'blue'}>{changeLabels[change]}</Tag>
          ),
        },
        { title: '印发日期', dataIndex: 'adoptedOn', width: 120, render: (day: string | null) => day ?? '—' },
        {
          title: '关联问题',
          dataIndex: 'problemIds',
          width: 420,
          render: (ids: number[]) => <ProblemLinks ids={ids} problems={problems} />,
        },
      ],
      fields: () => (
        <>
          <Form.Item
            name="name"
            label="制度名称"
            rules={[{ required: true, whitespace: true, message: '请填写制度名称' }]}
          >
            <Input maxLength={200} placeholder="如：《公务接待管理办法》" />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="change" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
                <Select options={options(changeLabels)} aria-label="类型" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="adoptedOn" label="印发日期">
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="problemIds" label="关联问题">
            <ProblemPicker problems={problems} multiple />
          </Form.Item>
        </>
      ),
      toForm: (row) =>
        row
          ? {
              name: row.name,
              change: row.change,
              adoptedOn: fromDay(row.adoptedOn),
              problemIds: row.problemIds,
            }
          : { change: 'new', problemIds: [] },
      toBody: (values) => ({
        name: values.name,
        change: values.change,
        adoptedOn: toDay(values.adoptedOn),
        problemIds: values.problemIds ?? [],
      }),
      summary: (rows) => (
        <Typography.Text type="secondary">
          新制定 {rows.filter((row) => row.change === 'new').length} 项，修订完善{' '}
          {rows.filter((row) => row.change === 'revised').length} 项
        </Typography.Text>
      ),
    };

    const meetings: RegisterConfig<Meeting, MeetingValues> = {
      path: 'meetings',
      noun: '会议',
      fieldNames: ['kind', 'heldOn', 'topic', 'problemIds'],
      columns: [
        {
          title: '会议类型',
          dataIndex: 'kind',
          width: 170,
          render: (kind: MeetingKind) => meetingLabels[kind],
        },
        { title: '召开日期', dataIndex: 'heldOn', width: 120 },
        { title: '议题', dataIndex: 'topic' },
        {
          title: '关联问题',
          dataIndex: 'problemIds',
          width: 380,
          render: (ids: number[]) => <ProblemLinks ids={ids} problems={problems} />,
        },
      ],
      fields: () => (
        <>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="kind" label="会议类型" rules={[{ required: true, message: '请选择会议类型' }]}>
                <Select options={options(meetingLabels)} aria-label="会议类型" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="heldOn"
                label="召开日期"
                rules={[{ required: true, message: '请选择召开日期' }]}
              >
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="topic"
            label="议题"
            rules={[{ required: true, whitespace: true, message: '请填写会议议题' }]}
          >
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
          <Form.Item name="problemIds" label="关联问题">
            <ProblemPicker problems={problems} multiple />
          </Form.Item>
        </>
      ),
      toForm: (row) =>
        row
          ? { kind: row.kind, heldOn: dayjs(row.heldOn), topic: row.topic, problemIds: row.problemIds }
          : { kind: 'party_group', heldOn: dayjs(), problemIds: [] },
      toBody: (values) => ({
        kind: values.kind,
        heldOn: toDay(values.heldOn),
        topic: values.topic,
        problemIds: values.problemIds ?? [],
      }),
      summary: (rows) => <Typography.Text type="secondary">共召开会议 {rows.length} 次</Typography.Text>,
    };

    const outcomes: RegisterConfig<Outcome, OutcomeValues> = {
      path: 'outcomes',
      noun: '成果',
      fieldNames: ['kind', 'amountYuan', 'peopleCount', 'recordedOn', 'problemId', 'note'],
      columns: [
        { title: '类型', dataIndex: 'kind', width: 140, render: (kind: OutcomeKind) => outcomeLabels[kind] },
        {
          title: '金额 / 人数',
          key: 'measure',
          width: 170,
          align: 'right',
          render: (_: unknown, row) =>
            row.amountYuan !== null ? (
              <span className="amount">{formatYuan(row.amountYuan)} 元</span>
            ) : (
              `${row.peopleCount ?? 0} 人`
            ),
        },
        { title: '登记日期', dataIndex: 'recordedOn', width: 120 },
        {
          title: '关联问题',
          dataIndex: 'problemId',
          width: 320,
          render: (id: number | null) => <ProblemLinks ids={id ? [id] : []} problems={problems} />,
        },
        { title: '备注', dataIndex: 'note', render: (note: string | null) => note ?? '—' },
      ],
      fields: (form) => (
        <>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="kind" label="成果类型" rules={[{ required: true, message: '请选择成果类型' }]}>
                <Select options={options(outcomeLabels)} aria-label="成果类型" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="recordedOn"
                label="登记日期"
                rules={[{ required: true, message: '请选择日期' }]}
              >
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <OutcomeMeasureField form={form} />
          <Form.Item name="problemId" label="关联问题">
            <ProblemPicker problems={problems} multiple={false} />
          </Form.Item>
          <Form.Item name="note" label="备注">
            <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
        </>
      ),
      toForm: (row) =>
        row
          ? {
              kind: row.kind,
              amountYuan: row.amountYuan,
              peopleCount: row.peopleCount,
              recordedOn: dayjs(row.recordedOn),
              problemId: row.problemId,
              note: row.note ?? undefined,
            }
          : { kind: 'funds_returned', recordedOn: dayjs() },
      toBody: (values) => ({
        kind: values.kind,
        ...(isFunds(values.kind)
          ? { amountYuan: values.amountYuan ?? 0 }
          : { peopleCount: values.peopleCount ?? 0 }),
        recordedOn: toDay(values.recordedOn),
        problemId: values.problemId ?? null,
        note: values.note?.trim() || null,
      }),
      summary: (rows) => {
        const fen = rows.reduce((sum, row) => sum + Math.round((row.amountYuan ?? 0) * 100), 0);
        const people = rows.reduce((sum, row) => sum + (row.peopleCount ?? 0), 0);
        return (
          <Space size={32}>
            <Statistic title="资金合计（元）" value={formatYuan(fen / 100)} valueStyle={{ fontSize: 20 }} />
            <Statistic title="涉及人员" value={people} suffix="人次" valueStyle={{ fontSize: 20 }} />
          </Space>
        );
      },
    };
    return { institutions, meetings, outcomes };
  }, [problems]);
}

export function RegistersPage() {
  const params = useParams();
  const inspectionId = Number(params.id);
  const { user } = useAuth();
  const [searchParams, setSearchParams] = useSearchParams();
  const [inspection, setInspection] = useState<InspectionDetail | null>(null);
  const [problemRows, setProblemRows] = useState<LedgerRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const problems = useMemo(() => indexProblems(problemRows), [problemRows]);
  const configs = useRegisterConfigs(problems);
  const canWrite = user?.role === 'office' || user?.role === 'unit_office';
  const tab = searchParams.get('tab') ?? 'institutions';

  useEffect(() => {
    Promise.all([
      api.get<InspectionDetail>(`/api/inspections/${inspectionId}`),
      api.get<LedgerPage>('/api/ledger', { inspectionId, pageSize: 500, sort: 'document' }),
    ])
      .then(([detail, ledger]) => {
        setInspection(detail);
        setProblemRows(ledger.items);
      })
      .catch((caught: unknown) =>
        setError(caught instanceof ApiError ? caught.message : '加载巡察信息失败，请刷新重试'),
      );
  }, [inspectionId]);

  if (error) return <Result status="404" title="无法打开整改成果登记" subTitle={error} />;
  if (!inspection) return <Spin style={{ display: 'block', padding: 48 }} tip="加载中…" />;

  return (
    <Card
      title={
        <InspectionPageTitle section="整改成果登记">
          {inspection.unit.name} · {inspection.round.name}
          {inspection.group ? ` · ${inspection.group.name}` : ''} · 问题 {inspection.counts.problems} 个
        </InspectionPageTitle>
      }
      extra={<InspectionPageLinks inspectionId={inspectionId} />}
    >
      {!canWrite && (
        <Alert
          type="info"
          showIcon
          message="您可以查看登记情况；登记和修改由巡察办或整改办进行。"
          style={{ marginBottom: 16 }}
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearchParams({ tab: key }, { replace: true })}
        items={[
          {
            key: 'institutions',
            label: '制度',
            children: (
              <RegisterTab inspectionId={inspectionId} config={configs.institutions} canWrite={canWrite} />
            ),
          },
          {
            key: 'meetings',
            label: '会议',
            children: (
              <RegisterTab inspectionId={inspectionId} config={configs.meetings} canWrite={canWrite} />
            ),
          },
          {
            key: 'outcomes',
            label: '成果（资金与问责）',
            children: (
              <RegisterTab inspectionId={inspectionId} config={configs.outcomes} canWrite={canWrite} />
            ),
          },
        ]}
      />
    </Card>
  );
}
