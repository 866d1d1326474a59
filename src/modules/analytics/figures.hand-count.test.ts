/**
 * The figures equal a hand count: a small dataset with known states and registers (see
 * figures-dataset.test-support.ts) gives exactly the numbers a person counts, per unit and
 * round, per round, per unit across rounds and in total — and each drill-down lists those rows.
 */
import { describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { createFixedClock } from '../common/clock.ts';
import {
  HAND_COUNT,
  HAND_COUNT_ROUND_1,
  HAND_COUNT_ROUND_2,
  HAND_COUNT_TODAY,
  HAND_COUNT_UNIT_A,
  useHandCountDatabase,
} from './figures-dataset.test-support.ts';
import type { FIGURE_KEYS } from './figure-keys.ts';
import { createFiguresService } from './figures.service.ts';

const clock = createFixedClock(`${HAND_COUNT_TODAY}T02:00:00.000Z`);

describe.each(backends)('figures by hand count on %s', (backend) => {
  const hand = useHandCountDatabase(backend);

  it('per unit and round', async () => {
    const overview = await createFiguresService({ db: hand.db, clock }).getOverview(hand.scope, {});
    expect(overview.units).toHaveLength(3);
    for (const [name, inspectionId] of Object.entries(hand.dataset.inspections)) {
      const row = overview.units.find((unit) => unit.inspectionId === inspectionId)!;
      const expected = HAND_COUNT[name as keyof typeof HAND_COUNT];
      expect(row, name).toMatchObject(expected);
      expect(row.completionRate).toBeCloseTo(expected.closed / expected.problems, 10);
    }
  });

  it('per round, per unit across rounds and in total', async () => {
    const overview = await createFiguresService({ db: hand.db, clock }).getOverview(hand.scope, {});
    const { round1UnitA: a1, round1UnitB: b1, round2UnitA: a2 } = HAND_COUNT;
    expect(overview.byRound.map((round) => round.roundName)).toEqual([
      HAND_COUNT_ROUND_2,
      HAND_COUNT_ROUND_1,
    ]);
    expect(overview.byRound[1]).toMatchObject({
      units: 2,
      problems: 10,
      closed: 4,
      basicallyClosed: 2,
      open: 6,
      overdue: 2,
      measures: 15,
      institutionsNew: 2,
      institutionsRevised: 2,
      fundsReturnedYuan: 12_845.67,
      fundsSavedYuan: 100,
      peopleReminded: 4,
      meetings: 4,
      noticesIssued: 2,
      noticesAnswered: 2,
      completionRate: 0.4,
    });
    expect(overview.byRound[0]).toMatchObject({ ...a2, units: 1 });
    const unitA = overview.byUnit.find((unit) => unit.unitName === HAND_COUNT_UNIT_A)!;
    expect(unitA).toMatchObject({
      problems: a1.problems + a2.problems,
      closed: a1.closed + a2.closed,
      fundsReturnedYuan: 12_846,
      noticesIssued: 3,
      noticesAnswered: 2,
      peopleAccountable: 3,
      roundNames: [HAND_COUNT_ROUND_2, HAND_COUNT_ROUND_1],
    });
    expect(overview.totals).toMatchObject({
      units: 2,
      inspections: 3,
      problems: 12,
      closed: 5,
      basicallyClosed: 2,
      open: 7,
      inProgress: a1.inProgress + b1.inProgress,
      pendingReview: 2,
      draft: 1,
      overdue: 2,
      longTerm: 1,
      rebounds: 1,
      measures: 18,
      institutionsNew: 3,
      institutionsRevised: 2,
      fundsReturnedYuan: 12_846,
      fundsRecoveredYuan: 3000,
      fundsSavedYuan: 100,
      peopleReminded: 4,
      peopleAdmonished: 1,
      peopleAccountable: 3,
      peopleDisciplined: 0,
      meetings: 4,
      noticesIssued: 4,
      noticesAnswered: 3,
    });
    expect(overview.totals.completionRate).toBeCloseTo(5 / 12, 10);
  });

  it('lists the very items a person counted', async () => {
    const service = createFiguresService({ db: hand.db, clock });
    const titles = async (key: (typeof FIGURE_KEYS)[number], inspectionId: number) => {
      const row = (await service.getOverview(hand.scope, {})).units.find(
        (unit) => unit.inspectionId === inspectionId,
      )!;
      const page = await service.getItems(hand.scope, {
        key,
        roundId: row.roundId,
        unitId: row.unitId,
        page: 1,
        pageSize: 200,
      });
      return page.items.map((item) => item.title).sort();
    };
    const { round1UnitA } = hand.dataset.inspections;
    expect(await titles('basicallyClosed', round1UnitA)).toEqual(['问题2', '问题3']);
    expect(await titles('overdue', round1UnitA)).toEqual(['问题4', '问题5']);
    expect(await titles('closed', round1UnitA)).toEqual(['问题1', '问题6甲']);
    expect(await titles('rebounds', round1UnitA)).toEqual(['问题6乙']);
    expect(await titles('institutionsNew', round1UnitA)).toEqual(['公务接待管理办法', '差旅费报销实施细则']);
    const funds = await service.getItems(hand.scope, { key: 'fundsReturnedYuan', page: 1, pageSize: 200 });
    expect(funds.items.map((item) => item.value).sort((a, b) => a! - b!)).toEqual([
      0.11, 0.22, 500, 12_345.67,
    ]);
    expect(funds.figure).toBe(12_846);
  });
});
