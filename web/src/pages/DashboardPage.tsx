// The inspection office's dashboard: per round, every unit's progress and the totals the
// office reports upward, computed from the ledgers; a unit's bar or row drills into its ledger.
import { useEffect, useState } from 'react';
import { Alert, Card, Col, Empty, Progress, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.ts';
import { Chart } from '../components/Chart.tsx';
import { ReboundRatesCard } from '../components/lookbacks/ReboundRatesCard.tsx';
import { UnitGradesCard } from '../components/quality/UnitGradesCard.tsx';

interface UnitFigures {
  inspectionId: number;
  unitId: number;
  unitName: string;
  roundName: string;
  problems: number;
  closed: number;
  inProgress: number;
  pendingReview: number;
  draft: number;
  overdue: number;
  completionRate: number;
  institutionsNew: number;
  institutionsRevised: number;
  fundsReturnedYuan: number;
  fundsRecoveredYuan: number;
  fundsSavedYuan: number;
  peopleReminded: number;
  peopleAdmonished: number;
  peopleAccountable: number;
  peopleDisciplined: number;
  meetings: number;
}

interface Figures {
  rounds: Array<{ id: number; name: string; year: number }>;
  units: UnitFigures[];
  totals: Omit<UnitFigures, 'inspectionId' | 'unitId' | 'unitName' | 'roundName'> & { units: number };
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const money = (yuan: number) => `${yuan.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`;

const columns: ColumnsType<UnitFigures> = [
  {
    title: '被巡察单位',
    dataIndex: 'unitName',
    render: (name: string, row) => <Link to={`/ledger?inspectionId=${row.inspectionId}`}>{name}</Link>,
  },
  { title: '轮次', dataIndex: 'roundName', width: 170 },
  { title: '问题', dataIndex: 'problems', width: 70, align: 'right' },
  { title: '已销号', dataIndex: 'closed', width: 80, align: 'right' },
  {
    title: '完成率',
    dataIndex: 'completionRate',
    width: 160,
    sorter: (a, b) => a.completionRate - b.completionRate,
    render: (rate: number) => <Progress percent={Math.round(rate * 1000) / 10} size="small" />,
  },
  {
    title: '逾期',
    dataIndex: 'overdue',
    width: 70,
    align: 'right',
    sorter: (a, b) => a.overdue - b.overdue,
    render: (value: number) => (value > 0 ? <Typography.Text type="danger">{value}</Typography.Text> : value),
  },
  { title: '待审核', dataIndex: 'pendingReview', width: 80, align: 'right' },
  {
    title: '制度（新/修）',
    width: 110,
    align: 'right',
    render: (_: unknown, row) => `${row.institutionsNew}/${row.institutionsRevised}`,
  },
];

export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const [figures, setFigures] = useState<Figures | null>(null);
  const [error, setError] = useState<string | null>(null);
  const roundId = params.get('roundId') ?? undefined;

  useEffect(() => {
    setError(null);
    api
      .get<Figures>('/api/analytics/figures', { roundId })
      .then(setFigures)
      .catch((caught: unknown) => setError(caught instanceof ApiError ? caught.message : '加载统计失败'));
  }, [roundId]);

  if (error) return <Alert type="error" showIcon message={error} />;
  const totals = figures?.totals;
  const units = figures?.units ?? [];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title="巡察整改总览"
        loading={!figures}
        extra={
          <Select
            style={{ width: 220 }}
            value={roundId ? Number(roundId) : 0}
            onChange={(value: number) => setParams(value ? { roundId: String(value) } : {})}
            options={[
              { value: 0, label: '全部轮次' },
              ...(figures?.rounds ?? []).map((round) => ({ value: round.id, label: round.name })),
            ]}
            aria-label="轮次"
          />
        }
      >
        {totals && (
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6} lg={3}>
              <Statistic title="被巡察单位" value={totals.units} />
            </Col>
            <Col xs={12} md={6} lg={3}>
              <Statistic title="反馈问题" value={totals.problems} suffix="个" />
            </Col>
            <Col xs={12} md={6} lg={3}>
              <Statistic title="已销号" value={totals.closed} suffix="个" />
            </Col>
            <Col xs={12} md={6} lg={3}>
              <Statistic
                title="完成率"
                value={percent(totals.completionRate)}
                data-figure="completion-rate"
              />
            </Col>
            <Col xs={12} md={6} lg={3}>
              <Statistic
                title="逾期"
                value={totals.overdue}
                valueStyle={{ color: totals.overdue ? '#cf1322' : undefined }}
              />
            </Col>
            <Col xs={12} md={6} lg={3}>
              <Statistic title="待审核" value={totals.pendingReview} />
            </Col>
            <Col xs={12} md={6} lg={3}>
              <Statistic
                title="建章立制"
                value={`${totals.institutionsNew + totals.institutionsRevised} 项`}
              />
            </Col>
            <Col xs={12} md={6} lg={3}>
              <Statistic
                title="问责/处分"
                value={`${totals.peopleAccountable + totals.peopleDisciplined} 人`}
              />
            </Col>
            <Col span={24}>
              <Typography.Text type="secondary">
                清退/追缴/挽回资金 {money(totals.fundsReturnedYuan)} / {money(totals.fundsRecoveredYuan)} /{' '}
                {money(totals.fundsSavedYuan)}； 提醒谈话 {totals.peopleReminded} 人，诫勉{' '}
                {totals.peopleAdmonished} 人；召开会议 {totals.meetings} 次；新建制度 {totals.institutionsNew}{' '}
                项、修订 {totals.institutionsRevised} 项。
              </Typography.Text>
            </Col>
          </Row>
        )}
      </Card>
      {figures && units.length === 0 ? (
        <Card>
          <Empty description="本轮次暂无巡察整改数据" />
        </Card>
      ) : (
        <Row gutter={16}>
          <Col xs={24} lg={16}>
            <Card title="各单位整改进度（点击柱条查看台账）">
              <Chart
                height={Math.max(280, units.length * 28)}
                onClick={(name) => {
                  const unit = units.find((candidate) => candidate.unitName === name);
                  if (unit) navigate(`/ledger?inspectionId=${unit.inspectionId}`);
                }}
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { top: 0 },
                  grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
                  xAxis: { type: 'value' },
                  yAxis: { type: 'category', data: units.map((unit) => unit.unitName), inverse: true },
                  series: [
                    {
                      name: '已销号',
                      type: 'bar',
                      stack: 'state',
                      data: units.map((unit) => unit.closed),
                      itemStyle: { color: '#52c41a' },
                    },
                    {
                      name: '待审核',
                      type: 'bar',
                      stack: 'state',
                      data: units.map((unit) => unit.pendingReview),
                      itemStyle: { color: '#faad14' },
                    },
                    {
                      name: '整改中',
                      type: 'bar',
                      stack: 'state',
                      data: units.map((unit) => unit.inProgress),
                      itemStyle: { color: '#1677ff' },
                    },
                    {
                      name: '草稿',
                      type: 'bar',
                      stack: 'state',
                      data: units.map((unit) => unit.draft),
                      itemStyle: { color: '#bfbfbf' },
                    },
                  ],
                }}
              />
            </Card>
          </Col>
          <Col xs={24} lg={8}>
            <Card title="问题状态分布">
              <Chart
                option={{
                  tooltip: { trigger: 'item' },
                  legend: { bottom: 0 },
                  series: [
                    {
                      type: 'pie',
                      radius: ['40%', '70%'],
                      data: totals
                        ? [
                            { name: '已销号', value: totals.closed, itemStyle: { color: '#52c41a' } },
                            { name: '待审核', value: totals.pendingReview, itemStyle: { color: '#faad14' } },
                            { name: '整改中', value: totals.inProgress, itemStyle: { color: '#1677ff' } },
                            { name: '草稿', value: totals.draft, itemStyle: { color: '#bfbfbf' } },
                          ]
                        : [],
                    },
                  ],
                }}
              />
            </Card>
          </Col>
        </Row>
      )}
      <Card title="各单位明细">
        <Table<UnitFigures>
          rowKey="inspectionId"
          size="middle"
          columns={columns}
          dataSource={units}
          loading={!figures}
          pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 个单位` }}
        />
      </Card>
      <UnitGradesCard roundId={roundId} />
      <ReboundRatesCard roundId={roundId} />
    </Space>
  );
}
