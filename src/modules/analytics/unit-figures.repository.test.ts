import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from '../../../test/support/demo-database.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import { createFixedClock } from '../common/clock.ts';
import { createReportService } from '../reports/report.service.ts';
import { isBasicallyClosed } from './figure.rules.ts';
import { totalFigures } from './figure-totals.ts';
import { findUnitFigures } from './unit-figures.repository.ts';

describe.each(backends)('unit figures on %s', (backend) => {
  let database: TestDatabase;
  let scope: LedgerScope;
  beforeAll(async () => {
    const demo = await createDemoDatabase(backend);
    database = demo.database;
    scope = { officeId: demo.summary.officeId, unitIds: 'all' };
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('agrees with the report documents, unit by unit', async () => {
    const figures = await findUnitFigures(database.db, scope, { today: DEMO_TODAY });
    expect(figures).toHaveLength(4);
    const reports = createReportService({
      db: database.db,
      clock: createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`),
    });
    for (const unit of figures) {
      const { totals } = await reports.getReportModel(scope, unit.inspectionId, DEMO_TODAY);
      expect(unit).toMatchObject({
        problems: totals.problems,
        closed: totals.closed,
        inProgress: totals.inProgress,
        pendingReview: totals.pendingReview,
        draft: totals.draft,
        overdue: totals.overdue,
        longTerm: totals.longTerm,
        measures: totals.measures,
        institutionsNew: totals.institutionsNew,
        institutionsRevised: totals.institutionsRevised,
        fundsReturnedYuan: totals.fundsReturnedYuan,
        fundsRecoveredYuan: totals.fundsRecoveredYuan,
        fundsSavedYuan: totals.fundsSavedYuan,
        peopleReminded: totals.peopleReminded,
        peopleAccountable: totals.peopleAccountable,
        meetings: totals.meetings,
      });
      expect(unit.open).toBe(unit.problems - unit.closed);
      expect(unit.completionRate).toBeCloseTo(unit.closed / unit.problems);
    }
  });

  it('counts 基本完成 as the pure rule decides it, item by item', async () => {
    const problems = await database.db
      .selectFrom('problems')
      .select(['id', 'inspection_id', 'state', 'is_long_term'])
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('problems as child')
              .select('child.id')
              .whereRef('child.parent_id', '=', 'problems.id'),
          ),
        ),
      )
      .execute();
    const measures = await database.db
      .selectFrom('measures')
      .leftJoin('deadlines', 'deadlines.id', 'measures.deadline_id')
      .select(['measures.problem_id', 'measures.is_done', 'deadlines.kind'])
      .execute();
    const expected = new Map<number, number>();
    for (const problem of problems) {
      const facts = {
        state: problem.state,
        isLongTerm: problem.is_long_term === 1,
        measures: measures
          .filter((measure) => measure.problem_id === problem.id)
          .map((measure) => ({
            isDone: measure.is_done === 1,
            hasLongTermDeadline: measure.kind === 'long_term',
          })),
      };
      if (isBasicallyClosed(facts))
        expected.set(problem.inspection_id, (expected.get(problem.inspection_id) ?? 0) + 1);
    }
    const figures = await findUnitFigures(database.db, scope, { today: DEMO_TODAY });
    expect([...expected.values()].reduce((sum, value) => sum + value, 0)).toBeGreaterThan(0);
    for (const unit of figures) expect(unit.basicallyClosed).toBe(expected.get(unit.inspectionId) ?? 0);
  });

  it('totals money in yuan from fen and recomputes the rate', async () => {
    const figures = await findUnitFigures(database.db, scope, { today: DEMO_TODAY });
    const totals = totalFigures(figures);
    const fen = await database.db
      .selectFrom('outcomes')
      .select((eb) => eb.fn.sum<number>('amount_fen').as('fen'))
      .where('kind', '=', 'funds_returned')
      .executeTakeFirstOrThrow();
    expect(totals.fundsReturnedYuan).toBeCloseTo(Number(fen.fen ?? 0) / 100, 2);
    expect(totals.completionRate).toBeCloseTo(totals.closed / totals.problems);
    expect(totals.units).toBe(4);
  });

  it('shows only the units in scope', async () => {
    const unit = await database.db.selectFrom('units').select('id').orderBy('id').executeTakeFirstOrThrow();
    const figures = await findUnitFigures(
      database.db,
      { ...scope, unitIds: [unit.id] },
      { today: DEMO_TODAY },
    );
    expect(figures.map((figure) => figure.unitId)).toEqual([unit.id]);
    expect(
      await findUnitFigures(
        database.db,
        { officeId: scope.officeId + 9, unitIds: 'all' },
        { today: DEMO_TODAY },
      ),
    ).toEqual([]);
  });
});
