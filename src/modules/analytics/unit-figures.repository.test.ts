import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { findLedgerPage } from '../ledger/ledger-query.repository.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import { findUnitFigures, totalFigures } from './unit-figures.repository.ts';

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

  it('agrees with the ledger itself, unit by unit', async () => {
    const figures = await findUnitFigures(database.db, scope, { today: DEMO_TODAY });
    expect(figures).toHaveLength(4);
    for (const unit of figures) {
      const page = await findLedgerPage(database.db, scope, {
        filter: { inspectionId: unit.inspectionId },
        sort: 'document',
        page: 1,
        pageSize: 500,
        today: DEMO_TODAY,
      });
      expect(unit.problems).toBe(page.total);
      expect(unit.closed).toBe(page.items.filter((item) => item.state === 'closed').length);
      expect(unit.overdue).toBe(page.items.filter((item) => item.isOverdue).length);
      expect(unit.measures).toBe(page.items.reduce((sum, item) => sum + item.measureCount, 0));
      expect(unit.completionRate).toBeCloseTo(unit.closed / unit.problems);
    }
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
