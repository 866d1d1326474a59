// An inspection's look-backs (回头看): the office schedules one (planned day defaulting to the
// feedback day plus the policy's months), then the office or the unit's rectification office
// goes down the checklist of items closed at scheduling, marking each "巩固" (holds) or "反弹"
// (rebound, with a note — the item goes back into rectification). Progress and the rebound
// rate per aspect sit above the list; the office completes the look-back at the end.
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Input,
  Modal,
  Progress,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { InputRef } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useParams } from 'react-router-dom';
import { InspectionPageLinks, InspectionPageTitle } from '../components/InspectionPageHeader.tsx';
import { api, ApiError } from '../api/client.ts';
import type {
  InspectionLookbacks,
  LookbackCheck,
  LookbackDetail,
  LookbackResult,
  LookbackState,
  ReboundTally,
} from '../api/lookbackTypes.ts';
import { useAuth } from '../auth.tsx';
import { StateTag } from '../components/StateTag.tsx';
import { formatRate } from '../components/lookbacks/ReboundRatesCard.tsx';

const lookbackStateLabels: Record<LookbackState, string> = {
  planned: '已安排',
  in_progress: '检查中',
  completed: '已完成',
};
const lookbackStateColors: Record<LookbackState, string> = {
  planned: 'default',
  in_progress: 'processing',
  completed: 'success',
};
const resultLabels: Record<LookbackResult, string> = { holds: '巩固', rebound: '反弹' };

const messageOf = (caught: unknown, fallback: string) =>
  caught instanceof ApiError ? caught.message : fallback;

function ScheduleCard({
  overview,
  onScheduled,
}: {
  overview: InspectionLookbacks;
  onScheduled: (detail: LookbackDetail) => void;
}) {
  const { message } = AntApp.useApp();
  const [plannedOn, setPlannedOn] = useState<Dayjs | null>(dayjs(overview.defaultPlannedOn));
  const [isSaving, setSaving] = useState(false);
  const schedule = async () => {
    setSaving(true);
    try {
      const detail = await api.post<LookbackDetail>(`/api/inspections/${overview.inspectionId}/lookbacks`, {
        plannedOn: plannedOn?.format('YYYY-MM-DD'),
      });
      message.success(`已安排回头看，共 ${detail.progress.total} 项已销号问题待检查`);
      onScheduled(detail);
    } catch (caught) {
      message.error(messageOf(caught, '安排回头看失败，请重试'));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" title="安排回头看" style={{ marginBottom: 16 }}>
      <Space wrap align="center">
        <label htmlFor="lookback-planned-on">计划日期</label>
        <DatePicker id="lookback-planned-on" value={plannedOn} onChange={setPlannedOn} allowClear={false} />
        <Button type="primary" loading={isSaving} onClick={() => void schedule()}>
          安排回头看
        </Button>
        <Typography.Text type="secondary">
          默认为反馈日期{overview.feedbackOn ? `（${overview.feedbackOn}）` : ''}后 {overview.lookbackMonths}{' '}
          个月；检查安排时全部已销号的问题（含子问题）。
        </Typography.Text>
      </Space>
    </Card>
  );
}

function RateTable({ rows }: { rows: LookbackDetail['aspects'] }) {
  const columns: ColumnsType<LookbackDetail['aspects'][number]> = [
    {
      title: '方面',
      dataIndex: 'aspectTitle',
      render: (title: string, row) => `${row.aspectNumber ? `${row.aspectNumber}、` : ''}${title}`,
    },
    { title: '检查项', dataIndex: 'total', width: 80, align: 'right' },
    { title: '已检查', dataIndex: 'checked', width: 80, align: 'right' },
    { title: '反弹', dataIndex: 'rebounds', width: 70, align: 'right' },
    { title: '反弹率', dataIndex: 'reboundRate', width: 90, align: 'right', render: formatRate },
  ];
  return (
    <div data-testid="lookback-aspect-rates">
      <Table size="small" rowKey="aspectId" pagination={false} columns={columns} dataSource={rows} />
    </div>
  );
}

function ProgressSummary({ progress }: { progress: ReboundTally }) {
  return (
    <Row gutter={24} style={{ marginBottom: 16 }}>
      <Col flex="240px">
        <Typography.Text>
          检查进度 {progress.checked}/{progress.total}
        </Typography.Text>
        <Progress
          percent={progress.total === 0 ? 0 : Math.round((progress.checked / progress.total) * 100)}
          size="small"
        />
      </Col>
      <Col>
        <Statistic title="巩固" value={progress.holds} />
      </Col>
      <Col>
        <Statistic
          title="反弹"
          value={progress.rebounds}
          valueStyle={{ color: progress.rebounds > 0 ? '#cf1322' : undefined }}
        />
      </Col>
      <Col>
        <Statistic title="反弹率" value={formatRate(progress.reboundRate)} />
      </Col>
    </Row>
  );
}

function CompleteButton({
  detail,
  onCompleted,
}: {
  detail: LookbackDetail;
  onCompleted: (next: LookbackDetail) => void;
}) {
  const { message } = AntApp.useApp();
  const [isOpen, setOpen] = useState(false);
  const [summary, setSummary] = useState('');
  const [acceptUnchecked, setAcceptUnchecked] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const unchecked = detail.checks.filter((check) => check.result == null);
  const complete = async () => {
    setSaving(true);
    try {
      const next = await api.post<LookbackDetail>(`/api/lookbacks/${detail.id}/complete`, {
        summary,
        acceptUnchecked,
        version: detail.version,
      });
      message.success('回头看已完成');
      setOpen(false);
      onCompleted(next);
    } catch (caught) {
      message.error(messageOf(caught, '完成回头看失败，请重试'));
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>完成回头看</Button>
      <Modal
        title="完成回头看"
        open={isOpen}
        okText="完成"
        cancelText="取消"
        confirmLoading={isSaving}
        okButtonProps={{ disabled: unchecked.length > 0 && !acceptUnchecked }}
        onOk={() => void complete()}
        onCancel={() => setOpen(false)}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea
            aria-label="回头看总结"
            placeholder="回头看总体情况（可选）"
            rows={4}
            value={summary}
            onChange={(event) => setSummary(event.target.value)}
          />
          {unchecked.length > 0 && (
            <Alert
              type="warning"
              showIcon
              message={`尚有 ${unchecked.length} 项未检查`}
              description={
                <Space direction="vertical">
                  <span>
                    {unchecked
                      .map((check) => (check.number ? `问题${check.number}` : check.title))
                      .join('、')}
                  </span>
                  <Checkbox
                    checked={acceptUnchecked}
                    onChange={(event) => setAcceptUnchecked(event.target.checked)}
                  >
                    未检查项一并完成（将记录在完成情况中）
                  </Checkbox>
                </Space>
              }
            />
          )}
        </Space>
      </Modal>
    </>
  );
}

function Checklist({
  detail,
  canCheck,
  onChanged,
}: {
  detail: LookbackDetail;
  canCheck: boolean;
  onChanged: (next: LookbackDetail) => void;
}) {
  const { message } = AntApp.useApp();
  const [notes, setNotes] = useState<Record<number, string>>({});
  const [savingId, setSavingId] = useState<number | null>(null);
  const noteInputs = useRef(new Map<number, InputRef>());
  const isOpen = detail.state !== 'completed';

  const record = async (check: LookbackCheck, result: LookbackResult) => {
    const note = (notes[check.problemId] ?? check.note ?? '').trim();
    if (result === 'rebound' && note === '') {
      message.warning('认定反弹请先填写情况说明');
      noteInputs.current.get(check.problemId)?.focus();
      return;
    }
    setSavingId(check.problemId);
    try {
      const next = await api.put<LookbackDetail>(`/api/lookbacks/${detail.id}/checks/${check.problemId}`, {
        result,
        note: note || null,
        version: check.version,
      });
      message.success(
        result === 'rebound' ? `${label(check)} 已认定反弹，重新进入整改` : `${label(check)} 整改成果巩固`,
      );
      onChanged(next);
    } catch (caught) {
      message.error(messageOf(caught, '记录检查结果失败，请刷新后重试'));
    } finally {
      setSavingId(null);
    }
  };

  const columns: ColumnsType<LookbackCheck> = [
    {
      title: '问题',
      key: 'problem',
      render: (_: unknown, check) => (
        <Space direction="vertical" size={0} style={{ paddingLeft: check.parentId ? 16 : 0 }}>
          <Link to={`/problems/${check.problemId}`}>{label(check)}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {check.aspectTitle}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '台账状态',
      dataIndex: 'problemState',
      width: 110,
      render: (state: LookbackCheck['problemState']) => <StateTag state={state} />,
    },
    {
      title: '检查结果',
      dataIndex: 'result',
      width: 110,
      render: (result: LookbackResult | null, check) =>
        result ? (
          <Space direction="vertical" size={0}>
            <Tag color={result === 'rebound' ? 'volcano' : 'green'}>{resultLabels[result]}</Tag>
            {check.checkedByName && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {check.checkedByName}
              </Typography.Text>
            )}
          </Space>
        ) : (
          <Tag>未检查</Tag>
        ),
    },
    {
      title: '情况说明',
      key: 'note',
      render: (_: unknown, check) => {
        const isEditable = canCheck && isOpen && check.result !== 'rebound';
        if (!isEditable) return check.note ?? '—';
        return (
          <Input
            ref={(input) => {
              if (input) noteInputs.current.set(check.problemId, input);
            }}
            aria-label={`${label(check)} 情况说明`}
            placeholder="反弹须说明情况"
            value={notes[check.problemId] ?? check.note ?? ''}
            onChange={(event) =>
              setNotes((current) => ({ ...current, [check.problemId]: event.target.value }))
            }
          />
        );
      },
    },
    ...(canCheck && isOpen
      ? [
          {
            title: '认定',
            key: 'actions',
            width: 150,
            render: (_: unknown, check: LookbackCheck) =>
              check.result === 'rebound' ? null : check.problemState !== 'closed' ? (
                // Reopened in the ledger since scheduling: there is nothing left to confirm here.
                <Typography.Text type="secondary">已不在销号状态</Typography.Text>
              ) : (
                <Space>
                  <Button
                    size="small"
                    aria-label={`${label(check)} 巩固`}
                    type={check.result === 'holds' ? 'primary' : 'default'}
                    loading={savingId === check.problemId}
                    onClick={() => void record(check, 'holds')}
                  >
                    巩固
                  </Button>
                  <Button
                    size="small"
                    danger
                    aria-label={`${label(check)} 反弹`}
                    loading={savingId === check.problemId}
                    onClick={() => void record(check, 'rebound')}
                  >
                    反弹
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];

  return (
    <div data-testid="lookback-checklist">
      <Table
        size="small"
        rowKey="problemId"
        pagination={false}
        columns={columns}
        dataSource={detail.checks}
        rowClassName={(check) => (check.result == null ? 'lookback-unchecked' : '')}
      />
    </div>
  );
}

const label = (check: Pick<LookbackCheck, 'number' | 'title'>) =>
  check.number ? `问题${check.number} ${check.title}` : check.title;

export function LookbacksPage() {
  const params = useParams();
  const inspectionId = Number(params.id);
  const { user } = useAuth();
  const [overview, setOverview] = useState<InspectionLookbacks | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [detail, setDetail] = useState<LookbackDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canCheck = user?.role === 'office' || user?.role === 'unit_office';
  const canComplete = user?.role === 'office';

  const loadOverview = useCallback(async () => {
    try {
      const next = await api.get<InspectionLookbacks>(`/api/inspections/${inspectionId}/lookbacks`);
      setOverview(next);
      setSelectedId((current) => current ?? next.lookbacks[0]?.id ?? null);
    } catch (caught) {
      setError(messageOf(caught, '加载回头看失败，请刷新重试'));
    }
  }, [inspectionId]);

  useEffect(() => {
    void loadOverview();
  }, [loadOverview]);

  useEffect(() => {
    if (selectedId == null) {
      setDetail(null);
      return;
    }
    api
      .get<LookbackDetail>(`/api/lookbacks/${selectedId}`)
      .then(setDetail)
      .catch((caught: unknown) => setError(messageOf(caught, '加载回头看失败，请刷新重试')));
  }, [selectedId]);

  const show = (next: LookbackDetail) => {
    setDetail(next);
    setSelectedId(next.id);
    void loadOverview();
  };

  if (error) return <Result status="404" title="无法打开回头看" subTitle={error} />;
  if (!overview) return <Spin style={{ display: 'block', padding: 48 }} tip="加载中…" />;

  return (
    <Card
      title={
        <InspectionPageTitle section="回头看">
          {overview.unitName}
          {overview.feedbackOn ? ` · 反馈日期 ${overview.feedbackOn}` : ''}
        </InspectionPageTitle>
      }
      extra={<InspectionPageLinks inspectionId={inspectionId} />}
    >
      {overview.canSchedule && <ScheduleCard overview={overview} onScheduled={show} />}
      {overview.lookbacks.length === 0 ? (
        <Empty description={overview.canSchedule ? '尚未安排回头看' : '尚未安排回头看（由巡察办安排）'} />
      ) : (
        <>
          {overview.lookbacks.length > 1 && (
            <Select
              aria-label="选择回头看"
              style={{ width: 280, marginBottom: 16 }}
              value={selectedId}
              onChange={setSelectedId}
              options={overview.lookbacks.map((lookback) => ({
                value: lookback.id,
                label: `${lookback.plannedOn} · ${lookbackStateLabels[lookback.state]}`,
              }))}
            />
          )}
          {detail == null ? (
            <Spin style={{ display: 'block', padding: 48 }} tip="加载中…" />
          ) : (
            <>
              <Descriptions size="small" column={3} style={{ marginBottom: 16 }}>
                <Descriptions.Item label="计划日期">
                  {detail.plannedOn}
                  {detail.isDue && (
                    <Tag color="warning" style={{ marginLeft: 8 }}>
                      已到期
                    </Tag>
                  )}
                </Descriptions.Item>
                <Descriptions.Item label="状态">
                  <Tag color={lookbackStateColors[detail.state]}>{lookbackStateLabels[detail.state]}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label="完成时间">
                  {detail.completedAt ? dayjs(detail.completedAt).format('YYYY-MM-DD HH:mm') : '—'}
                </Descriptions.Item>
                {detail.summary && (
                  <Descriptions.Item label="总结" span={3}>
                    {detail.summary}
                  </Descriptions.Item>
                )}
              </Descriptions>
              <ProgressSummary progress={detail.progress} />
              {canComplete && detail.state !== 'completed' && (
                <div style={{ marginBottom: 16 }}>
                  <CompleteButton detail={detail} onCompleted={show} />
                </div>
              )}
              <Checklist detail={detail} canCheck={canCheck} onChanged={show} />
              <Typography.Title level={5} style={{ marginTop: 24 }}>
                各方面反弹率
              </Typography.Title>
              <RateTable rows={detail.aspects} />
            </>
          )}
        </>
      )}
    </Card>
  );
}
