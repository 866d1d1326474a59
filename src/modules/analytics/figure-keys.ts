/**
 * The figures the inspection office reports, as data: each key's Chinese name, the rows behind
 * it (what a drill-down lists) and whether the figure counts those rows or sums a column of
 * them. The API, the web page and the aggregate notice all name figures by these keys.
 */

/** Where the rows behind a figure live. */
export type FigureSource = 'problems' | 'measures' | 'institutions' | 'outcomes' | 'meetings' | 'notices';

export interface FigureDefinition {
  label: string;
  source: FigureSource;
  /**
   * `count`: the figure is the number of rows behind it. `sum`: the figure adds a column of them
   * (money in yuan, people, rebounds), so the drill-down's sum — not its row count — equals it.
   */
  aggregate: 'count' | 'sum';
  /** The measure word shown after the number (个, 项, 人, 次, 万元…). */
  unit: string;
}

export const FIGURE_DEFINITIONS = {
  problems: { label: '反馈问题', source: 'problems', aggregate: 'count', unit: '个' },
  closed: { label: '完成整改', source: 'problems', aggregate: 'count', unit: '个' },
  basicallyClosed: { label: '基本完成', source: 'problems', aggregate: 'count', unit: '个' },
  open: { label: '未完成', source: 'problems', aggregate: 'count', unit: '个' },
  inProgress: { label: '整改中', source: 'problems', aggregate: 'count', unit: '个' },
  pendingReview: { label: '待审核销号', source: 'problems', aggregate: 'count', unit: '个' },
  draft: { label: '未启动', source: 'problems', aggregate: 'count', unit: '个' },
  overdue: { label: '逾期', source: 'problems', aggregate: 'count', unit: '个' },
  longTerm: { label: '长期坚持', source: 'problems', aggregate: 'count', unit: '个' },
  rebounds: { label: '反弹', source: 'problems', aggregate: 'sum', unit: '次' },
  measures: { label: '整改措施', source: 'measures', aggregate: 'count', unit: '条' },
  institutionsNew: { label: '新建制度', source: 'institutions', aggregate: 'count', unit: '项' },
  institutionsRevised: { label: '完善制度', source: 'institutions', aggregate: 'count', unit: '项' },
  fundsReturnedYuan: { label: '清退资金', source: 'outcomes', aggregate: 'sum', unit: '元' },
  fundsRecoveredYuan: { label: '追缴资金', source: 'outcomes', aggregate: 'sum', unit: '元' },
  fundsSavedYuan: { label: '挽回损失', source: 'outcomes', aggregate: 'sum', unit: '元' },
  peopleReminded: { label: '提醒谈话', source: 'outcomes', aggregate: 'sum', unit: '人' },
  peopleAdmonished: { label: '诫勉谈话', source: 'outcomes', aggregate: 'sum', unit: '人' },
  peopleAccountable: { label: '问责', source: 'outcomes', aggregate: 'sum', unit: '人' },
  peopleDisciplined: { label: '党纪政务处分', source: 'outcomes', aggregate: 'sum', unit: '人' },
  meetings: { label: '召开会议', source: 'meetings', aggregate: 'count', unit: '次' },
  noticesIssued: { label: '下发督办单', source: 'notices', aggregate: 'count', unit: '份' },
  noticesAnswered: { label: '已回复督办单', source: 'notices', aggregate: 'count', unit: '份' },
} as const satisfies Record<string, FigureDefinition>;

export type FigureKey = keyof typeof FIGURE_DEFINITIONS;

export const FIGURE_KEYS = Object.keys(FIGURE_DEFINITIONS) as FigureKey[];

/** The problem figures, each a condition on one concrete problem. */
export type ProblemFigureKey = {
  [K in FigureKey]: (typeof FIGURE_DEFINITIONS)[K]['source'] extends 'problems' ? K : never;
}[FigureKey];

/** The outcome kind each money/people figure adds up. */
export const OUTCOME_FIGURES = {
  fundsReturnedYuan: { kind: 'funds_returned', column: 'amount_fen' },
  fundsRecoveredYuan: { kind: 'funds_recovered', column: 'amount_fen' },
  fundsSavedYuan: { kind: 'funds_saved', column: 'amount_fen' },
  peopleReminded: { kind: 'people_reminded', column: 'people_count' },
  peopleAdmonished: { kind: 'people_admonished', column: 'people_count' },
  peopleAccountable: { kind: 'people_accountable', column: 'people_count' },
  peopleDisciplined: { kind: 'people_disciplined', column: 'people_count' },
} as const;

export type OutcomeFigureKey = keyof typeof OUTCOME_FIGURES;

export function isFigureKey(value: string): value is FigureKey {
  return Object.hasOwn(FIGURE_DEFINITIONS, value);
}

/**
 * 基本完成, as the UI tooltip and docs/glossary.md state it: not yet closed (整改中 or 待审核销号),
 * at least one measure done, every measure done except those whose own deadline is 长期坚持 — and
 * the item is either long-term (it stays open for the long-term part after the concentrated
 * period) or already applied for closing (awaiting review). Closed items are 完成整改, not this.
 */
export const BASICALLY_CLOSED_DEFINITION =
  '尚未销号（整改中或待审核销号），已完成至少一条整改措施，且除“长期坚持”时限的措施外全部措施均已完成；' +
  '并且该问题为长期坚持事项（集中整改期任务已完成、长期任务继续推进），或已申请销号待审核。';
