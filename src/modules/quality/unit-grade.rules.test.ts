import { describe, expect, it } from 'vitest';
import {
  combineIndicators,
  defaultGradeThresholds,
  defaultQualityWeights,
  gradeDistribution,
  gradeOf,
  indicatorNames,
  thresholdsProblem,
  weightsProblem,
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

describe('grade with other thresholds', () => {
  const strict = { good: 95, fairlyGood: 85, average: 70 };
  it.each([
    [95, '好'],
    [94.9, '较好'],
    [85, '较好'],
    [70, '一般'],
    [69.9, '差'],
  ])('%d → %s', (score, grade) => {
    expect(gradeOf(score, strict)).toBe(grade);
  });
});

describe('settings checks', () => {
  it('accepts the defaults', () => {
    expect(weightsProblem(defaultQualityWeights)).toBeNull();
    expect(thresholdsProblem(defaultGradeThresholds)).toBeNull();
  });

  it('wants whole weights between 0 and 100 adding up to 100', () => {
    expect(weightsProblem({ ...defaultQualityWeights, timeliness: 30 })).toBe(
      '各项权重之和须为100（现为105）',
    );
    expect(weightsProblem({ ...defaultQualityWeights, timeliness: 24.5, evidence: 20.5 })).toBe(
      '各项权重须为0至100的整数',
    );
    expect(weightsProblem({ ...defaultQualityWeights, timeliness: -5, evidence: 50 })).toBe(
      '各项权重须为0至100的整数',
    );
  });

  it('wants thresholds descending within 1…100', () => {
    expect(thresholdsProblem({ good: 90, fairlyGood: 90, average: 60 })).toBe(
      '等次分数线须满足 好 > 较好 > 一般',
    );
    expect(thresholdsProblem({ good: 60, fairlyGood: 75, average: 90 })).toBe(
      '等次分数线须满足 好 > 较好 > 一般',
    );
    expect(thresholdsProblem({ good: 101, fairlyGood: 75, average: 60 })).toBe('等次分数线须在1至100之间');
    expect(thresholdsProblem({ good: 90, fairlyGood: 75, average: 0 })).toBe('等次分数线须在1至100之间');
  });
});

describe('gradeDistribution', () => {
  it('counts graded units per grade and leaves out the ungraded', () => {
    expect(gradeDistribution([{ grade: '好' }, { grade: '差' }, { grade: '好' }, { grade: null }])).toEqual({
      好: 2,
      较好: 0,
      一般: 0,
      差: 1,
    });
  });
});

describe('combineIndicators', () => {
  it('weights the indicators that have a value, public feedback included', () => {
    const result = combineIndicators(
      inputs({
        timeliness: 1,
        evidence: 1,
        concreteness: 0.5,
        duplication: 1,
        rebound: 1,
        overdue: 1,
        publicFeedback: 0.5,
      }),
      defaultQualityWeights,
    );
    // 100 − 15 × 0.5 − 5 × 0.5
    expect(result.score).toBe(90);
    expect(result.grade).toBe('好');
    expect(result.indicators.find((indicator) => indicator.name === 'publicFeedback')!.weight).toBe(5);
  });

  it('grades by the thresholds given', () => {
    const values = inputs({ overdue: 0.8 });
    expect(combineIndicators(values, defaultQualityWeights).grade).toBe('较好');
    expect(
      combineIndicators(values, defaultQualityWeights, { good: 80, fairlyGood: 70, average: 50 }).grade,
    ).toBe('好');
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
