import { describe, expect, it } from 'vitest';
import {
  combineIndicators,
  defaultQualityWeights,
  gradeOf,
  indicatorNames,
  type IndicatorInput,
  type IndicatorName,
} from './unit-grade.rules.ts';

const inputs = (values: Partial<Record<IndicatorName, number | null>>) =>
  Object.fromEntries(
    indicatorNames.map((name) => [name, { value: values[name] ?? null, basis: '', problemIds: [] }]),
  ) as unknown as Record<IndicatorName, IndicatorInput>;

describe('grade', () => {
  it.each([
    [100, '好'],
    [90, '好'],
    [89.9, '较好'],
    [75, '较好'],
    [60, '一般'],
    [59.9, '差'],
    [0, '差'],
  ])('%d → %s', (score, grade) => {
    expect(gradeOf(score)).toBe(grade);
  });
});

describe('combineIndicators', () => {
  it('weights the indicators that have a value; public feedback has weight 0 by default', () => {
    const result = combineIndicators(
      inputs({ timeliness: 1, evidence: 1, concreteness: 0.5, duplication: 1, rebound: 1, overdue: 1 }),
      defaultQualityWeights,
    );
    expect(result.score).toBe(90);
    expect(result.grade).toBe('好');
    expect(result.indicators.find((indicator) => indicator.name === 'publicFeedback')!.weight).toBe(0);
  });

  it('leaves out an indicator with nothing to count instead of scoring it 0', () => {
    const result = combineIndicators(inputs({ timeliness: null, overdue: 0.5 }), defaultQualityWeights);
    expect(result.score).toBe(50);
    expect(result.grade).toBe('差');
  });

  it('gives no grade when nothing can be counted', () => {
    expect(combineIndicators(inputs({}), defaultQualityWeights)).toMatchObject({ score: null, grade: null });
  });
});
