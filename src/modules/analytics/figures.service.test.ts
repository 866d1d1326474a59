/**
 * Every figure leads to the rows behind it: on a generated demo (with supervision notices issued
 * and answered through the product's notice service), for every figure key and every selection
 * (all, each round, each unit, each round × unit), the drill-down's rows — read page by page —
 * number exactly the figure (or, for summed figures, add up to it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { buildUser } from '../../../test/support/fixtures.ts';
import { createFixedClock } from '../common/clock.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import { createSupervisionNoticeService } from '../supervision/supervision-notice.service.ts';
import type { Actor } from '../users/actor.ts';
import { FIGURE_DEFINITIONS, FIGURE_KEYS } from './figure-keys.ts';
import type { FigureSelection } from './figure-selection.repository.ts';
import { createFiguresService } from './figures.service.ts';

const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);

describe.each(backends)('figures and their drill-down on %s', (backend) => {
  let database: TestDatabase;
  let scope: LedgerScope;

  beforeAll(async () => {
    const demo = await createDemoDatabase(backend, { units: 5, problemsPerUnit: 8, measuresPerProblem: 2 });
    database = demo.database;
    const officeId = demo.summary.officeId;
    scope = { officeId, unitIds: 'all' };
    const actorOf = async (role: 'office' | 'unit_office'): Promise<Actor> => ({
      userId: await buildUser(database.db, { officeId, role }),
      username: role,
      displayName: role,
      role,
      officeId,
      unitIds: 'all',
    });
    const office = await actorOf('office');
    const unitOffice = await actorOf('unit_office');
    const notices = createSupervisionNoticeService({ db: database.db, clock });
    const problems = await database.db
      .selectFrom('problems')
      .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
      .select(['problems.id', 'inspections.unit_id'])
      .orderBy('problems.id')
      .execute();
    // Notices on problems and on whole units; every other one answered.
    for (const [index, problem] of problems.filter((_, index) => index % 9 === 0).entries()) {
      const notice = await notices.issue(office, {
        ...(index % 2 === 0 ? { problemId: problem.id } : { unitId: problem.unit_id }),
        title: `督办单${index}`,
        content: '请按期回复。',
        replyBy: '2026-12-01',
      });
      if (index % 3 !== 0)
        await notices.reply(unitOffice, notice.id, {
          text: '已整改',
          evidenceIds: [],
          version: notice.version,
        });
    }
  }, 120_000);
  afterAll(async () => {
    await database.dispose();
  });

  it('the rows behind every figure, for every selection, number or add up to the figure', async () => {
    const service = createFiguresService({ db: database.db, clock });
    const all = await service.getOverview(scope, {});
    expect(all.byRound.length).toBeGreaterThan(1);
    expect(all.totals.noticesIssued).toBeGreaterThan(0);
    expect(all.totals.noticesAnswered).toBeGreaterThan(0);
    expect(all.totals.basicallyClosed).toBeGreaterThan(0);
    const selections: FigureSelection[] = [
      {},
      ...all.byRound.map((round) => ({ roundId: round.roundId })),
      ...all.byUnit.map((unit) => ({ unitId: unit.unitId })),
      ...all.units.map((row) => ({ roundId: row.roundId, unitId: row.unitId })),
    ];
    for (const selection of selections) {
      const { totals } = await service.getOverview(scope, selection);
      for (const key of FIGURE_KEYS) {
        const pageSize = 7;
        const first = await service.getItems(scope, { ...selection, key, page: 1, pageSize });
        const items = [...first.items];
        for (let page = 2; (page - 1) * pageSize < first.total; page += 1)
          items.push(...(await service.getItems(scope, { ...selection, key, page, pageSize })).items);
        const where = `${key} for ${JSON.stringify(selection)}`;
        expect(first.figure, where).toBe(totals[key]);
        expect(items, where).toHaveLength(first.total);
        expect(new Set(items.map((item) => item.id)).size, where).toBe(first.total);
        if (FIGURE_DEFINITIONS[key].aggregate === 'count') {
          expect(first.total, where).toBe(totals[key]);
        } else {
          const sum = items.reduce((total, item) => total + Math.round((item.value ?? 0) * 100), 0) / 100;
          expect(sum, where).toBe(totals[key]);
        }
      }
    }
  }, 120_000);

  it('the per-round rows and the per-unit rows add up to the same totals', async () => {
    const service = createFiguresService({ db: database.db, clock });
    const all = await service.getOverview(scope, {});
    for (const key of ['problems', 'closed', 'noticesIssued', 'measures', 'meetings'] as const) {
      expect(all.byRound.reduce((sum, row) => sum + row[key], 0)).toBe(all.totals[key]);
      expect(all.byUnit.reduce((sum, row) => sum + row[key], 0)).toBe(all.totals[key]);
    }
    const round = all.byRound[0]!;
    const oneRound = await service.getOverview(scope, { roundId: round.roundId });
    expect(oneRound.totals.problems).toBe(round.problems);
    expect(oneRound.units.every((row) => row.roundId === round.roundId)).toBe(true);
  });

  it('answers a round of another office or a unit outside the scope as not found', async () => {
    const service = createFiguresService({ db: database.db, clock });
    const units = await database.db.selectFrom('units').select('id').orderBy('id').execute();
    const narrow: LedgerScope = { ...scope, unitIds: [units[0]!.id] };
    await expect(service.getOverview(narrow, { unitId: units[1]!.id })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      service.getItems(narrow, { unitId: units[1]!.id, key: 'problems', page: 1, pageSize: 10 }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(service.getOverview(scope, { roundId: 987_654 })).rejects.toMatchObject({
      code: 'not_found',
    });
    const mine = await service.getOverview(narrow, {});
    expect(new Set(mine.units.map((row) => row.unitId))).toEqual(new Set([units[0]!.id]));
  });
});
