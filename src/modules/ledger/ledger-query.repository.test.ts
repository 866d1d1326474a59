import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { findLedgerPage, type LedgerFilter, type LedgerQuery } from './ledger-query.repository.ts';
import type { LedgerScope } from './ledger-scope.ts';

describe.each(backends)('ledger listing on %s', (backend) => {
  let database: TestDatabase;
  let officeScope: LedgerScope;
  beforeAll(async () => {
    const demo = await createDemoDatabase(backend);
    database = demo.database;
    officeScope = { officeId: demo.summary.officeId, unitIds: 'all' };
  });
  afterAll(async () => {
    await database.dispose();
  });

  const list = (
    filter: LedgerFilter,
    overrides: Partial<LedgerQuery> = {},
    scope: LedgerScope = officeScope,
  ) =>
    findLedgerPage(database.db, scope, {
      filter,
      sort: 'document',
      page: 1,
      pageSize: 500,
      today: DEMO_TODAY,
      ...overrides,
    });

  it('lists every problem of the office in document order with owners', async () => {
    const page = await list({});
    expect(page.total).toBe(40);
    expect(page.items).toHaveLength(40);
    const withDepartments = page.items.filter((item) => item.departments.length > 0);
    expect(withDepartments.length).toBeGreaterThan(0);
    // A child always follows its parent in document order.
    for (const [index, item] of page.items.entries()) {
      if (item.parentId != null) {
        const parentIndex = page.items.findIndex((candidate) => candidate.id === item.parentId);
        expect(parentIndex).toBeGreaterThanOrEqual(0);
        expect(parentIndex).toBeLessThan(index);
      }
    }
  });

  it.each(['draft', 'in_progress', 'pending_review', 'closed'] as const)(
    'filters by state %s',
    async (state) => {
      const all = await list({});
      const page = await list({ states: [state] });
      expect(page.items.every((item) => item.state === state)).toBe(true);
      expect(page.total).toBe(all.items.filter((item) => item.state === state).length);
    },
  );

  it('filters overdue and not overdue, which together make the whole', async () => {
    const overdue = await list({ isOverdue: true });
    const notOverdue = await list({ isOverdue: false });
    expect(overdue.total).toBeGreaterThan(0);
    expect(overdue.items.every((item) => item.isOverdue)).toBe(true);
    expect(notOverdue.items.some((item) => item.isOverdue)).toBe(false);
    expect(overdue.total + notOverdue.total).toBe(40);
  });

  it('combines a department filter with a deadline range', async () => {
    const department = await database.db
      .selectFrom('departments')
      .innerJoin('assignments', 'assignments.department_id', 'departments.id')
      .select(['departments.id', 'departments.name'])
      .executeTakeFirstOrThrow();
    const page = await list({ departmentId: department.id, dueFrom: '2000-01-01', dueTo: '2100-12-31' });
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.every((item) => item.departments.includes(department.name) && item.dueOn != null)).toBe(
      true,
    );
  });

  it('finds Chinese text in titles and measures, and treats % literally', async () => {
    const measure = await database.db
      .selectFrom('measures')
      .select(['problem_id', 'text'])
      .executeTakeFirstOrThrow();
    const word = measure.text.slice(2, 6);
    const page = await list({ text: word });
    expect(page.items.map((item) => item.id)).toContain(measure.problem_id);
    expect((await list({ text: '%_%' })).total).toBe(0);
    expect((await list({ text: '不可能出现的词语组合' })).total).toBe(0);
  });

  it.each(['document', 'due_on', 'updated_at', 'state'] as const)(
    'pages by %s without overlap or gaps',
    async (sort) => {
      const seen: number[] = [];
      for (let page = 1; page <= 5; page += 1) {
        const result = await list({}, { sort, page, pageSize: 9 });
        seen.push(...result.items.map((item) => item.id));
      }
      expect(seen).toHaveLength(40);
      expect(new Set(seen).size).toBe(40);
    },
  );

  it('sees only the units in scope, and nothing of another office', async () => {
    const unit = await database.db.selectFrom('units').select('id').orderBy('id').executeTakeFirstOrThrow();
    const unitPage = await list({}, {}, { officeId: officeScope.officeId, unitIds: [unit.id] });
    expect(unitPage.total).toBe(10);
    expect(unitPage.items.every((item) => item.unitId === unit.id)).toBe(true);
    expect((await list({}, {}, { officeId: officeScope.officeId, unitIds: [] })).total).toBe(0);
    expect((await list({}, {}, { officeId: officeScope.officeId + 100, unitIds: 'all' })).total).toBe(0);
  });
});
