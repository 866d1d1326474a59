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
 * | concreteness     | 措施具体     |     20 | mean concreteness score of the measures ÷ 100                 |
 * | duplication      | 材料原创     |     10 | 1 − items in a duplication finding ÷ items                    |
 * | rebound          | 未反弹       |     10 | 1 − items that rebounded ÷ items                              |
 * | overdue          | 未逾期       |     15 | 1 − items overdue ÷ items                                     |
 * | publicFeedback   | 群众评价     |      0 | not available: the public feedback module does not exist yet  |
 *
 * An indicator with nothing to count (no item closed yet, say) is left out of the weighting
 * rather than counted as 0 or 1. Grades: 好 ≥ 90, 较好 ≥ 75, 一般 ≥ 60, 差 below.
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
  concreteness: 20,
  duplication: 10,
  rebound: 10,
  overdue: 15,
  publicFeedback: 0,
};

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

export const gradeThresholds: ReadonlyArray<[number, Grade]> = [
  [90, '好'],
  [75, '较好'],
  [60, '一般'],
];

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

export function gradeOf(score: number): Grade {
  for (const [threshold, grade] of gradeThresholds) if (score >= threshold) return grade;
  return '差';
}

/** Combines the indicators by weight; indicators without a value or weight are left out. */
export function combineIndicators(
  inputs: Record<IndicatorName, IndicatorInput>,
  weights: QualityWeights,
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
  return { score, grade: gradeOf(score), indicators };
}

/** A share with nothing to divide by is "nothing to count". */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
