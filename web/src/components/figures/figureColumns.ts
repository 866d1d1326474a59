// The figures the 整改统计 page shows, in column order, with their Chinese names and how a value
// is written (money in 万元 with two decimals). Keys match the server's figure keys, so a
// clicked number asks the drill-down API for exactly the rows behind it.

export type FigureKey =
  | 'problems'
  | 'closed'
  | 'basicallyClosed'
  | 'open'
  | 'overdue'
  | 'measures'
  | 'institutionsNew'
  | 'institutionsRevised'
  | 'fundsReturnedYuan'
  | 'fundsRecoveredYuan'
  | 'fundsSavedYuan'
  | 'peopleReminded'
  | 'peopleAdmonished'
  | 'peopleAccountable'
  | 'peopleDisciplined'
  | 'meetings'
  | 'noticesIssued'
  | 'noticesAnswered';

export type Figures = Record<FigureKey, number> & {
  completionRate: number;
  units: number;
  inspections: number;
};

export interface FigureColumn {
  key: FigureKey;
  title: string;
  group: string;
  isMoney?: boolean;
  /** Shown as a tooltip on the column title. */
  hint?: string;
}

/** 基本完成 as the server counts it (docs/glossary.md). */
export const BASICALLY_CLOSED_HINT =
  '基本完成：尚未销号（整改中或待审核销号），已完成至少一条整改措施，且除“长期坚持”时限的措施外全部措施均已完成；' +
  '并且该问题为长期坚持事项（集中整改期任务已完成、长期任务继续推进），或已申请销号待审核。';

export const FIGURE_COLUMNS: FigureColumn[] = [
  { key: 'problems', title: '反馈问题', group: '问题整改' },
  { key: 'closed', title: '完成整改', group: '问题整改', hint: '已销号的问题' },
  { key: 'basicallyClosed', title: '基本完成', group: '问题整改', hint: BASICALLY_CLOSED_HINT },
  { key: 'open', title: '未完成', group: '问题整改', hint: '尚未销号的问题（含基本完成）' },
  { key: 'overdue', title: '逾期', group: '问题整改', hint: '超过整改时限仍未销号' },
  { key: 'measures', title: '整改措施', group: '问题整改' },
  { key: 'institutionsNew', title: '新建', group: '建章立制（项）' },
  { key: 'institutionsRevised', title: '完善', group: '建章立制（项）' },
  { key: 'fundsReturnedYuan', title: '清退', group: '资金（万元）', isMoney: true },
  { key: 'fundsRecoveredYuan', title: '追缴', group: '资金（万元）', isMoney: true },
  { key: 'fundsSavedYuan', title: '挽回', group: '资金（万元）', isMoney: true },
  { key: 'peopleReminded', title: '提醒谈话', group: '问责追责（人）' },
  { key: 'peopleAdmonished', title: '诫勉谈话', group: '问责追责（人）' },
  { key: 'peopleAccountable', title: '问责', group: '问责追责（人）' },
  { key: 'peopleDisciplined', title: '处分', group: '问责追责（人）' },
  { key: 'meetings', title: '召开会议', group: '会议（次）' },
  { key: 'noticesIssued', title: '下发', group: '督办单（份）' },
  { key: 'noticesAnswered', title: '已回复', group: '督办单（份）' },
];

/** Yuan as 万元 with two decimals. */
export const tenThousandYuan = (yuan: number) => (Math.round(yuan / 100) / 100).toFixed(2);

export const percentText = (rate: number) => `${(Math.round(rate * 10000) / 100).toFixed(2)}%`;

export function formatFigure(column: FigureColumn, value: number): string {
  return column.isMoney ? tenThousandYuan(value) : String(value);
}
