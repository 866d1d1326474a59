// 整改统计: the inspection office's figures for a round or every round — a row per unit (per
// unit across rounds when all rounds are chosen), a row per round, and a totals row. Every
// number opens the rows behind it; the aggregate notice (.docx) is one click away.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Select, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType, ColumnType } from 'antd/es/table';
import { FileWordOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.ts';
import { useAuth } from '../auth.tsx';
import { FigureItemsDrawer, type FigureTarget } from '../components/figures/FigureItemsDrawer.tsx';
import {
  FIGURE_COLUMNS,
  formatFigure,
  percentText,
  type FigureKey,
  type Figures,
} from '../components/figures/figureColumns.ts';

interface InspectionRow extends Figures {
  inspectionId: number;
  unitId: number;
  unitName: string;
  roundId: number;
  roundName: string;
}

interface RoundRow extends Figures {
  roundId: number;
  roundName: string;
}

interface UnitRow extends Figures {
  unitId: number;
  unitName: string;
  roundNames: string[];
}

interface Overview {
  rounds: Array<{ id: number; name: string; year: number }>;
  asOf: string;
  units: InspectionRow[];
  byRound: RoundRow[];
  byUnit: UnitRow[];
  totals: Figures;
}

type Open = (target: FigureTarget) => void;

interface RowPlace {
  selection: { roundId?: number; unitId?: number };
  caption: string;
}

function NumberLink({
  value,
  text,
  onClick,
  figure,
}: {
  value: number;
  text: string;
  onClick: () => void;
  figure: FigureKey;
}) {
  if (value === 0) return <span className="figure-number">{text}</span>;
  return (
    <Button
      type="link"
      size="small"
      style={{ padding: 0 }}
      onClick={onClick}
      className="figure-number"
      data-figure={figure}
    >
      {text}
    </Button>
  );
}

function ColumnTitle({ title, hint }: { title: string; hint?: string }) {
  if (!hint) return <>{title}</>;
  return (
    <Tooltip title={hint}>
      <span className="figure-hint">
        {title} <QuestionCircleOutlined />
      </span>
    </Tooltip>
  );
}

/** The figure columns, grouped as the office reports them, each number opening its rows. */
function figureColumns<Row extends Figures>(placeOf: (row: Row) => RowPlace, open: Open): ColumnsType<Row> {
  const groups = new Map<string, ColumnType<Row>[]>();
  for (const column of FIGURE_COLUMNS) {
    const list = groups.get(column.group) ?? [];
    list.push({
      key: column.key,
      title: <ColumnTitle title={column.title} hint={column.hint} />,
      width: column.isMoney ? 90 : 80,
      align: 'right',
      sorter: (a: Row, b: Row) => a[column.key] - b[column.key],
      render: (_: unknown, row: Row) => {
        const place = placeOf(row);
        return (
          <NumberLink
            figure={column.key}
            value={row[column.key]}
            text={formatFigure(column, row[column.key])}
            onClick={() =>
              open({ key: column.key, caption: `${place.caption} · ${column.title}`, ...place.selection })
            }
          />
        );
      },
    });
    groups.set(column.group, list);
    if (column.key === 'closed') {
      list.push({
        key: 'completionRate',
        title: <ColumnTitle title="完成率" hint="完成整改 ÷ 反馈问题；点击查看已完成整改的问题" />,
        width: 90,
        align: 'right',
        sorter: (a: Row, b: Row) => a.completionRate - b.completionRate,
        render: (_: unknown, row: Row) => {
          const place = placeOf(row);
          return (
            <NumberLink
              figure="closed"
              value={row.problems}
              text={percentText(row.completionRate)}
              onClick={() =>
                open({ key: 'closed', caption: `${place.caption} · 完成整改`, ...place.selection })
              }
            />
          );
        },
      });
    }
  }
  return [...groups].map(([group, children]) => ({ title: group, children }));
}

/** The totals row under a table: the same numbers for the whole selection, also clickable. */
function totalsRow(totals: Figures, leadingCells: number, selection: RowPlace['selection'], open: Open) {
  const cells: JSX.Element[] = [];
  let index = leadingCells;
  for (const column of FIGURE_COLUMNS) {
    cells.push(
      <Table.Summary.Cell key={column.key} index={index++} align="right">
        <NumberLink
          figure={column.key}
          value={totals[column.key]}
          text={formatFigure(column, totals[column.key])}
          onClick={() => open({ key: column.key, caption: `合计 · ${column.title}`, ...selection })}
        />
      </Table.Summary.Cell>,
    );
    if (column.key === 'closed') {
      cells.push(
        <Table.Summary.Cell key="completionRate" index={index++} align="right">
          <span data-testid="total-completion-rate">{percentText(totals.completionRate)}</span>
        </Table.Summary.Cell>,
      );
    }
  }
  return (
    <Table.Summary fixed>
      <Table.Summary.Row className="figures-totals">
        <Table.Summary.Cell index={0} colSpan={leadingCells}>
          <Typography.Text strong>合计</Typography.Text>
        </Table.Summary.Cell>
        {cells}
      </Table.Summary.Row>
    </Table.Summary>
  );
}

export function FiguresPage() {
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [target, setTarget] = useState<FigureTarget | null>(null);
  // Kept across loads, so the selector keeps its options while another round loads.
  const [rounds, setRounds] = useState<Overview['rounds']>([]);
  const roundParam = params.get('roundId');
  const roundId = roundParam ? Number(roundParam) : undefined;

  useEffect(() => {
    setError(null);
    setOverview(null);
    api
      .get<Overview>('/api/analytics/figures', { roundId })
      .then((loaded) => {
        setOverview(loaded);
        setRounds(loaded.rounds);
      })
      .catch((caught: unknown) => setError(caught instanceof ApiError ? caught.message : '加载统计失败'));
  }, [roundId]);

  const unitColumns = useMemo(() => {
    const lead: ColumnsType<InspectionRow | UnitRow> = [
      { title: '被巡察单位', dataIndex: 'unitName', fixed: 'left', width: 200 },
    ];
    const placeOf = (row: InspectionRow | UnitRow): RowPlace => ({
      selection: { roundId, unitId: row.unitId },
      caption: row.unitName,
    });
    return [...lead, ...figureColumns<InspectionRow | UnitRow>(placeOf, setTarget)];
  }, [roundId]);

  const roundColumns = useMemo(() => {
    const lead: ColumnsType<RoundRow> = [
      { title: '巡察轮次', dataIndex: 'roundName', fixed: 'left', width: 200 },
      { title: '单位数', dataIndex: 'units', width: 70, align: 'right' },
    ];
    const placeOf = (row: RoundRow): RowPlace => ({
      selection: { roundId: row.roundId },
      caption: row.roundName,
    });
    return [...lead, ...figureColumns<RoundRow>(placeOf, setTarget)];
  }, []);

  if (error) return <Alert type="error" showIcon message={error} />;
  const isAllRounds = roundId === undefined;
  const unitRows: Array<InspectionRow | UnitRow> = overview
    ? isAllRounds
      ? overview.byUnit
      : overview.units
    : [];
  const canGenerate = user?.role === 'office' || user?.role === 'observer';
  const noticeUrl = `/api/reports/aggregate-notice${roundId ? `?roundId=${roundId}` : ''}`;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title="整改统计"
        extra={
          <Space>
            <Select
              style={{ width: 240 }}
              value={roundId ?? 0}
              onChange={(value: number) => setParams(value ? { roundId: String(value) } : {})}
              options={[
                { value: 0, label: '全部轮次' },
                ...rounds.map((round) => ({ value: round.id, label: round.name })),
              ]}
              aria-label="轮次"
            />
            {canGenerate && (
              <Button icon={<FileWordOutlined />} href={noticeUrl} download>
                生成整改情况通报
              </Button>
            )}
          </Space>
        }
      >
        {overview && (
          <Typography.Paragraph style={{ marginBottom: 0 }} data-testid="figures-summary">
            截至 {overview.asOf}，
            {isAllRounds ? '历轮巡察' : (rounds.find((round) => round.id === roundId)?.name ?? '')}
            共涉及被巡察单位 {overview.totals.units} 个，反馈问题 {overview.totals.problems} 个，完成整改{' '}
            {overview.totals.closed} 个，完成率 {percentText(overview.totals.completionRate)}，基本完成{' '}
            {overview.totals.basicallyClosed} 个。点击任一数字查看其背后的明细。
          </Typography.Paragraph>
        )}
      </Card>
      {isAllRounds && (
        <Card title="各轮次">
          <Table<RoundRow>
            rowKey="roundId"
            size="small"
            bordered
            showSorterTooltip={false}
            columns={roundColumns}
            dataSource={overview?.byRound ?? []}
            loading={!overview}
            pagination={false}
            scroll={{ x: 'max-content' }}
            summary={() => (overview ? totalsRow(overview.totals, 2, {}, setTarget) : null)}
          />
        </Card>
      )}
      <Card title={isAllRounds ? '各单位（跨轮次合计）' : '各单位'}>
        <Table<InspectionRow | UnitRow>
          rowKey={(row) => ('inspectionId' in row ? `i${row.inspectionId}` : `u${row.unitId}`)}
          size="small"
          bordered
          showSorterTooltip={false}
          columns={unitColumns}
          dataSource={unitRows}
          loading={!overview}
          pagination={{ pageSize: 50, showTotal: (total) => `共 ${total} 个单位`, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          summary={() => (overview ? totalsRow(overview.totals, 1, { roundId }, setTarget) : null)}
        />
      </Card>
      <FigureItemsDrawer target={target} onClose={() => setTarget(null)} />
    </Space>
  );
}
