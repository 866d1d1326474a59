/**
 * A unit's rectification grade for one inspection (one unit in one round): indicators, each a
 * share 0…1 where 1 is best, with the items behind it; combined by the office's weights into a
 * score 0–100 and one of 好 / 较好 / 一般 / 差. Pure: the service supplies the counted items.
 *
 * Default weights (an office may set its own; PUT /api/quality/weights):
 *
 * | indicator        | 中文         | weight | value                                                         |
 * | ---------------- | ------------ | -----: | ------------------------------------------------------------- |
 * | timeliness       | 按时完成     |     25 | items closed by their deadline ÷ items closed or past due     |
 * | evidence         | 佐证完整     |     20 | items applied/closed with evidence ÷ items applied or closed   |
 * | concreteness     | 措施具体     |     15 | mean concreteness score of the measures ÷ 100                 |
 * | duplication      | 材料原创     |     10 | 1 − items in a duplication finding ÷ items                    |
 * | rebound          | 未反弹       |     10 | 1 − items that rebounded ÷ items (problems.rebound_count)     |
 * | overdue          | 未逾期       |     15 | 1 − items overdue ÷ items                                     |
 * | publicFeedback   | 群众评价     |      5 | 1 − feedback on the unit's items not yet replied to ÷ feedback |
 *
 * Weights are whole-number shares that add up to 100. An indicator with nothing to count (no
 * item closed yet, no public feedback) is left out of the weighting rather than counted as 0
 * or 1. Grades by the office's thresholds, by default 好 ≥ 90, 较好 ≥ 75, 一般 ≥ 60, 差 below.
 */

export const indicatorNames = [
  'timeliness',
  'evidence',
  'concreteness',
  'duplication',
  'rebound',
  'overdue',
  'publicFeedback',
] as const;

export type IndicatorName = (typeof indicatorNames)[number];

export type QualityWeights = Record<IndicatorName, number>;

export const defaultQualityWeights: QualityWeights = {
  timeliness: 25,
  evidence: 20,
  concreteness: 15,
  duplication: 10,
  rebound: 10,
  overdue: 15,
  publicFeedback: 5,
};

/** What weights must add up to. */
export const WEIGHT_TOTAL = 100;

export const indicatorLabels: Record<IndicatorName, string> = {
  timeliness: '按时完成',
  evidence: '佐证完整',
  concreteness: '措施具体',
  duplication: '材料原创',
  rebound: '未反弹',
  overdue: '未逾期',
  publicFeedback: '群众评价',
};

export type Grade = '好' | '较好' | '一般' | '差';

/** The lowest score of each grade above 差; strictly descending, each in 1…100. */
export interface GradeThresholds {
  good: number;
  fairlyGood: number;
  average: number;
}

export const defaultGradeThresholds: GradeThresholds = { good: 90, fairlyGood: 75, average: 60 };

export const grades: readonly Grade[] = ['好', '较好', '一般', '差'];

/** Why thresholds cannot be used (Chinese), or null when they can. */
export function thresholdsProblem(thresholds: GradeThresholds): string | null {
  const { good, fairlyGood, average } = thresholds;
  if (![good, fairlyGood, average].every((value) => value > 0 && value <= 100)) {
    return '等次分数线须在1至100之间';
  }
  if (!(good > fairlyGood && fairlyGood > average)) return '等次分数线须满足 好 > 较好 > 一般';
  return null;
}

/** Why weights cannot be used (Chinese), or null when they can. */
export function weightsProblem(weights: QualityWeights): string | null {
  const values = indicatorNames.map((name) => weights[name]);
  if (values.some((value) => !Number.isInteger(value) || value < 0 || value > WEIGHT_TOTAL)) {
    return `各项权重须为0至${WEIGHT_TOTAL}的整数`;
  }
  const total = values.reduce((sum, value) => sum + value, 0);
  if (total !== WEIGHT_TOTAL) return `各项权重之和须为${WEIGHT_TOTAL}（现为${total}）`;
  return null;
}

/** One indicator as counted: `value` null when there is nothing to count. */
export interface IndicatorInput {
  value: number | null;
  /** How the value was counted, in Chinese, e.g. "28项中26项按期销号". */
  basis: string;
  /** The items that lower the value (drill-down). */
  problemIds: number[];
}

export interface IndicatorResult extends IndicatorInput {
  name: IndicatorName;
  label: string;
  weight: number;
  /** value × 100, rounded, or null. */
  points: number | null;
}

export interface GradeResult {
  score: number | null;
  grade: Grade | null;
  indicators: IndicatorResult[];
}

export function gradeOf(score: number, thresholds: GradeThresholds = defaultGradeThresholds): Grade {
  if (score >= thresholds.good) return '好';
  if (score >= thresholds.fairlyGood) return '较好';
  if (score >= thresholds.average) return '一般';
  return '差';
}

/** Combines the indicators by weight; indicators without a value or weight are left out. */
export function combineIndicators(
  inputs: Record<IndicatorName, IndicatorInput>,
  weights: QualityWeights,
  thresholds: GradeThresholds = defaultGradeThresholds,
): GradeResult {
  let weighted = 0;
  let totalWeight = 0;
  const indicators = indicatorNames.map((name): IndicatorResult => {
    const input = inputs[name];
    const weight = weights[name];
    if (input.value !== null && weight > 0) {
      weighted += weight * input.value;
      totalWeight += weight;
    }
    return {
      name,
      label: indicatorLabels[name],
      weight,
      ...input,
      points: input.value === null ? null : Math.round(input.value * 100),
    };
  });
  if (totalWeight === 0) return { score: null, grade: null, indicators };
  const score = Math.round((weighted / totalWeight) * 1000) / 10;
  return { score, grade: gradeOf(score, thresholds), indicators };
}

/** How many graded units fall in each grade (ungraded ones are left out). */
export function gradeDistribution(results: ReadonlyArray<{ grade: Grade | null }>): Record<Grade, number> {
  const counts: Record<Grade, number> = { 好: 0, 较好: 0, 一般: 0, 差: 0 };
  for (const result of results) if (result.grade) counts[result.grade] += 1;
  return counts;
}

/** A share with nothing to divide by is "nothing to count". */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
