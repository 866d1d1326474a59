import { describe, expect, it } from 'vitest';
import type { LedgerState } from '../../storage/schema.ts';
import {
  closedAncestors,
  decideCheck,
  decideCompletion,
  defaultLookbackDate,
  reboundRate,
  stateAfterCheck,
  tallyChecks,
  tallyChecksBy,
} from './lookback.rules.ts';

describe('default planned day', () => {
  it.each([
    ['2026-03-15', 6, '2026-09-15'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-01-10', 12, '2027-01-10'],
  ])('feedback %s + %i months = %s', (feedbackOn, months, expected) => {
    expect(defaultLookbackDate(feedbackOn, months, '2026-11-20')).toBe(expected);
  });

  it('is today when there is no feedback day', () => {
    expect(defaultLookbackDate(null, 6, '2026-11-20')).toBe('2026-11-20');
  });
});

describe('recording a check', () => {
  const base = {
    lookbackState: 'in_progress' as const,
    currentResult: null,
    nextResult: 'holds' as const,
    problemState: 'closed' as LedgerState,
    note: null,
  };
  it.each([
    [{}, { ok: true }],
    [{ lookbackState: 'planned' as const }, { ok: true }],
    [{ nextResult: 'rebound' as const, note: '又出现超标准接待' }, { ok: true }],
    [{ currentResult: 'holds' as const, nextResult: 'rebound' as const, note: '复查发现反弹' }, { ok: true }],
    [{ currentResult: 'holds' as const }, { ok: true }],
    [{ lookbackState: 'completed' as const }, { ok: false, refusal: 'lookback_completed' }],
    [{ currentResult: 'rebound' as const }, { ok: false, refusal: 'already_rebounded' }],
    [{ problemState: 'in_progress' as const }, { ok: false, refusal: 'item_not_closed' }],
    [
      { nextResult: 'rebound' as const, note: '  ' },
      { ok: false, refusal: 'note_required' },
    ],
    [{ nextResult: 'rebound' as const }, { ok: false, refusal: 'note_required' }],
  ])('%o → %o', (change, expected) => {
    expect(decideCheck({ ...base, ...change })).toEqual(expected);
  });
});

describe('closed ancestors of a rebounding sub-item', () => {
  const tree = new Map<number, { parentId: number | null; state: LedgerState }>([
    [1, { parentId: null, state: 'closed' }],
    [2, { parentId: 1, state: 'closed' }],
    [3, { parentId: 2, state: 'closed' }],
    [4, { parentId: null, state: 'in_progress' }],
    [5, { parentId: 4, state: 'closed' }],
  ]);
  it.each([
    [1, []],
    [2, [1]],
    [3, [2, 1]],
    [5, []],
    [99, []],
  ])('item %i reopens %o', (problemId, expected) => {
    expect(closedAncestors(problemId, tree)).toEqual(expected);
  });
});

describe('look-back state and completion', () => {
  it.each([
    ['planned', 'in_progress'],
    ['in_progress', 'in_progress'],
  ] as const)('a check moves %s to %s', (from, to) => {
    expect(stateAfterCheck(from)).toBe(to);
  });

  it.each([
    [{ state: 'in_progress' as const, uncheckedCount: 0, acceptUnchecked: false }, { ok: true }],
    [{ state: 'planned' as const, uncheckedCount: 0, acceptUnchecked: false }, { ok: true }],
    [
      { state: 'in_progress' as const, uncheckedCount: 2, acceptUnchecked: false },
      { ok: false, refusal: 'unchecked_items' },
    ],
    [{ state: 'in_progress' as const, uncheckedCount: 2, acceptUnchecked: true }, { ok: true }],
    [
      { state: 'completed' as const, uncheckedCount: 0, acceptUnchecked: true },
      { ok: false, refusal: 'lookback_completed' },
    ],
  ])('%o → %o', (input, expected) => {
    expect(decideCompletion(input)).toEqual(expected);
  });
});

describe('rebound rate', () => {
  it.each([
    [0, 0, null],
    [0, 4, 0],
    [1, 4, 0.25],
    [3, 3, 1],
  ])('%i rebounds of %i checked = %o', (rebounds, checked, expected) => {
    expect(reboundRate(rebounds, checked)).toBe(expected);
  });

  it('counts only checked items in the rate, all items in the total', () => {
    expect(tallyChecks(['holds', 'rebound', null, 'holds', null])).toEqual({
      total: 5,
      checked: 3,
      holds: 2,
      rebounds: 1,
      reboundRate: 1 / 3,
    });
    expect(tallyChecks([])).toEqual({ total: 0, checked: 0, holds: 0, rebounds: 0, reboundRate: null });
  });

  it('tallies per group in first-seen order', () => {
    const tallies = tallyChecksBy([
      { key: 'B', result: 'rebound' as const },
      { key: 'A', result: 'holds' as const },
      { key: 'B', result: 'holds' as const },
      { key: 'A', result: null },
    ]);
    expect(
      tallies.map(({ key, rebounds, checked, reboundRate }) => ({ key, rebounds, checked, reboundRate })),
    ).toEqual([
      { key: 'B', rebounds: 1, checked: 2, reboundRate: 0.5 },
      { key: 'A', rebounds: 0, checked: 1, reboundRate: 0 },
    ]);
  });
});
