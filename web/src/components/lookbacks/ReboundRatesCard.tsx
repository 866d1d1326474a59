// 回头看反弹率 on the office dashboard: per unit and across the office (for the chosen round),
// rebounds ÷ items checked in the look-backs, so units whose rectification does not hold stand out.
import { useEffect, useState } from 'react';
import { Alert, Card, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api, ApiError } from '../../api/client.ts';
import type { ReboundRates } from '../../api/lookbackTypes.ts';

type UnitRate = ReboundRates['units'][number];

/** 0.25 → "25.0%"; null (nothing checked) → "—". */
export const formatRate = (rate: number | null) => (rate == null ? '—' : `${(rate * 100).toFixed(1)}%`);

const columns: ColumnsType<UnitRate> = [
  { title: '被巡察单位', dataIndex: 'unitName' },
  { title: '检查项', dataIndex: 'total', width: 90, align: 'right' },
  { title: '已检查', dataIndex: 'checked', width: 90, align: 'right' },
  { title: '反弹', dataIndex: 'rebounds', width: 80, align: 'right' },
  {
    title: '反弹率',
    dataIndex: 'reboundRate',
    width: 100,
    align: 'right',
    sorter: (a, b) => (a.reboundRate ?? -1) - (b.reboundRate ?? -1),
    render: formatRate,
  },
];

export function ReboundRatesCard({ roundId }: { roundId: string | undefined }) {
  const [rates, setRates] = useState<ReboundRates | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setRates(null);
    api
      .get<ReboundRates>('/api/analytics/rebound-rates', { roundId })
      .then(setRates)
      .catch((caught: unknown) =>
        setError(caught instanceof ApiError ? caught.message : '加载回头看反弹率失败，请刷新重试'),
      );
  }, [roundId]);
  return (
    <Card
      title="回头看反弹率"
      extra={
        rates && (
          <Typography.Text>
            全办：已检查 {rates.totals.checked} 项，反弹 {rates.totals.rebounds} 项，反弹率{' '}
            {formatRate(rates.totals.reboundRate)}
          </Typography.Text>
        )
      }
    >
      {error && <Alert type="error" showIcon message={error} />}
      <div data-testid="unit-rebound-rates">
        <Table<UnitRate>
          rowKey="unitId"
          size="small"
          columns={columns}
          dataSource={rates?.units ?? []}
          loading={!rates && !error}
          pagination={false}
          locale={{ emptyText: '尚无回头看检查记录' }}
        />
      </div>
    </Card>
  );
}
