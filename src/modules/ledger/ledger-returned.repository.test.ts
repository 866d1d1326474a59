import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { buildUser } from '../../../test/support/fixtures.ts';
import { createFixedClock } from '../common/clock.ts';
import { findLedgerPage, type LedgerFilter } from './ledger-query.repository.ts';
import type { LedgerScope } from './ledger-scope.ts';
import { createWorkflowService, type WorkflowActor } from './workflow.service.ts';

describe.each(backends)('ledger "returned to me" filter on %s', (backend) => {
  let database: TestDatabase;
  let officeScope: LedgerScope;
  let reviewer: WorkflowActor;
  const clock = createFixedClock(`${DEMO_TODAY}T03:00:00.000Z`);
  beforeAll(async () => {
    const demo = await createDemoDatabase(backend);
    database = demo.database;
    officeScope = { officeId: demo.summary.officeId, unitIds: 'all' };
    const userId = await buildUser(database.db, { officeId: officeScope.officeId, role: 'office' });
    reviewer = { ...officeScope, userId, role: 'office' };
  });
  afterAll(async () => {
    await database.dispose();
  });

  const list = (filter: LedgerFilter, scope: LedgerScope = officeScope) =>
    findLedgerPage(database.db, scope, {
      filter,
      sort: 'document',
      page: 1,
      pageSize: 500,
      today: DEMO_TODAY,
    });

  const pendingLeaf = async () =>
    database.db
      .selectFrom('problems')
      .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
      .select(['problems.id', 'problems.version', 'inspections.unit_id'])
      .where('problems.state', '=', 'pending_review')
      .where(sql<boolean>`not exists (select 1 from problems child where child.parent_id = problems.id)`)
      .orderBy('problems.id')
      .executeTakeFirstOrThrow();

  it('lists a rejected item, only in scope, and drops it once it moves on', async () => {
    const before = await list({ isReturned: true });
    const pending = await pendingLeaf();
    expect(before.items.map((item) => item.id)).not.toContain(pending.id);
    const workflow = createWorkflowService({ db: database.db, clock });
    const rejected = await workflow.transition(reviewer, {
      problemId: pending.id,
      action: 'reject',
      reason: '佐证材料不足',
      statement: null,
      expectedVersion: pending.version,
    });

    const after = await list({ isReturned: true });
    expect(after.total).toBe(before.total + 1);
    expect(after.items.map((item) => item.id)).toContain(pending.id);
    expect(after.items.every((item) => item.state === 'in_progress')).toBe(true);
    // The complement and the filter together make the whole office.
    const notReturned = await list({ isReturned: false });
    expect(notReturned.total + after.total).toBe((await list({})).total);
    expect(notReturned.items.map((item) => item.id)).not.toContain(pending.id);

    // Scope: the unit's own scope sees it, another unit's scope and another office do not.
    const ownUnit = await list(
      { isReturned: true },
      { officeId: officeScope.officeId, unitIds: [pending.unit_id] },
    );
    expect(ownUnit.items.map((item) => item.id)).toContain(pending.id);
    const otherUnit = await database.db
      .selectFrom('units')
      .select('id')
      .where('id', '<>', pending.unit_id)
      .executeTakeFirstOrThrow();
    const elsewhere = await list(
      { isReturned: true },
      { officeId: officeScope.officeId, unitIds: [otherUnit.id] },
    );
    expect(elsewhere.items.map((item) => item.id)).not.toContain(pending.id);
    expect(
      (await list({ isReturned: true }, { officeId: officeScope.officeId + 100, unitIds: 'all' })).total,
    ).toBe(0);

    // Once the owner applies again, the latest transition is no longer the rejection.
    await database.db
      .insertInto('state_transitions')
      .values({
        office_id: officeScope.officeId,
        problem_id: pending.id,
        from_state: 'in_progress',
        to_state: 'pending_review',
        actor_user_id: null,
        at: `${DEMO_TODAY}T04:00:00.000Z`,
        reason: null,
        statement: '已补充材料',
      })
      .execute();
    await database.db
      .updateTable('problems')
      .set({ state: 'pending_review', version: rejected.version + 1 })
      .where('id', '=', pending.id)
      .execute();
    expect((await list({ isReturned: true })).items.map((item) => item.id)).not.toContain(pending.id);
  });

  it('does not count the applicant withdrawing, with or without a reason, as a return', async () => {
    const workflow = createWorkflowService({ db: database.db, clock });
    // Another pending item than the test above took (it takes the lowest id).
    const pending = await database.db
      .selectFrom('problems')
      .select(['problems.id', 'problems.version'])
      .where('problems.state', '=', 'pending_review')
      .where(sql<boolean>`not exists (select 1 from problems child where child.parent_id = problems.id)`)
      .orderBy('problems.id', 'desc')
      .executeTakeFirstOrThrow();
    const applicantId = await buildUser(database.db, { officeId: officeScope.officeId, role: 'unit_office' });
    const applicant: WorkflowActor = { ...officeScope, userId: applicantId, role: 'unit_office' };
    const returnedIds = async () => (await list({ isReturned: true })).items.map((item) => item.id);
    let version = pending.version;
    const step = async (
      actor: WorkflowActor,
      action: 'apply_close' | 'reject' | 'withdraw',
      reason: string | null,
    ) => {
      const statement = action === 'apply_close' ? '已按要求补充材料' : null;
      ({ version } = await workflow.transition(actor, {
        problemId: pending.id,
        action,
        reason,
        statement,
        expectedVersion: version,
      }));
    };

    await step(reviewer, 'reject', '佐证材料不足');
    expect(await returnedIds()).toContain(pending.id);
    // Applied again and withdrawn by the applicant: in progress again, but not returned.
    await step(applicant, 'apply_close', null);
    await step(applicant, 'withdraw', null);
    expect(await returnedIds()).not.toContain(pending.id);
    await step(applicant, 'apply_close', null);
    await step(applicant, 'withdraw', '发现材料有误，撤回修改');
    expect(await returnedIds()).not.toContain(pending.id);
    expect((await list({ isReturned: false })).items.map((item) => item.id)).toContain(pending.id);
    // A reviewer's rejection after that is a return again.
    await step(applicant, 'apply_close', null);
    await step(reviewer, 'reject', '整改不到位');
    expect(await returnedIds()).toContain(pending.id);
  });
});
