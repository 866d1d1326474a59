import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, type TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase } from '../../../test/support/demo-database.ts';
import type { Database } from '../../storage/database.ts';
import type { LedgerState } from '../../storage/schema.ts';
import { buildUser } from '../../../test/support/fixtures.ts';
import { insertEvidence } from './ledger.repository.ts';
import { createFixedClock } from '../common/clock.ts';
import { verifyEventChain } from '../events/event.repository.ts';
import { createWorkflowService, type WorkflowActor } from './workflow.service.ts';

async function findProblem(db: Database, state: LedgerState, options: { withEvidence?: boolean } = {}) {
  const candidates = await db
    .selectFrom('problems')
    .select(['id', 'version'])
    .where('state', '=', state)
    .where(sql<boolean>`not exists (select 1 from problems child where child.parent_id = problems.id)`)
    .where(
      options.withEvidence === undefined
        ? sql<boolean>`1 = 1`
        : options.withEvidence
          ? sql<boolean>`exists (select 1 from evidence where evidence.problem_id = problems.id)`
          : sql<boolean>`not exists (select 1 from evidence where evidence.problem_id = problems.id)`,
    )
    .orderBy('id')
    .execute();
  const first = candidates[0];
  if (!first) throw new Error(`the demo has no ${state} problem to test with`);
  return first;
}

describe.each(backends)('ledger workflow on %s', (backend) => {
  let database: TestDatabase;
  let officeId: number;
  const clock = createFixedClock('2026-11-21T03:00:00.000Z');
  beforeEach(async () => {
    const demo = await createDemoDatabase(backend);
    database = demo.database;
    officeId = demo.summary.officeId;
  });
  afterEach(async () => {
    await database.dispose();
  });

  const users = new Map<number, number>();
  /** An actor backed by a real user row; the same key gives the same user within a test. */
  const actor = async (role: WorkflowActor['role'], key = 10): Promise<WorkflowActor> => {
    let userId = users.get(key);
    if (userId === undefined) {
      userId = await buildUser(database.db, { officeId, role });
      users.set(key, userId);
    }
    return { userId, role, officeId, unitIds: 'all' };
  };
  beforeEach(() => users.clear());
  const workflow = () => createWorkflowService({ db: database.db, clock });

  it('closes an item: apply with evidence and statement, approved by someone else, recorded with hashes', async () => {
    const problem = await findProblem(database.db, 'in_progress', { withEvidence: false });
    await database.db.transaction().execute((transaction) =>
      insertEvidence(transaction, {
        officeId,
        problemId: problem.id,
        measureId: null,
        fileName: '党组会议纪要.pdf',
        mediaType: 'application/pdf',
        sizeBytes: 3,
        sha256: 'a'.repeat(64),
        storageKey: `aa/${'a'.repeat(64)}`,
        description: '会议纪要',
        effectiveOn: '2026-11-01',
        uploadedBy: null,
        uploadedAt: '2026-11-20T02:00:00.000Z',
      }),
    );
    const application = {
      problemId: problem.id,
      action: 'apply_close' as const,
      reason: null,
      statement: '已完成全部整改措施',
      expectedVersion: problem.version,
    };
    // Not while a measure is still open.
    await expect(workflow().transition(await actor('department', 11), application)).rejects.toMatchObject({
      details: { refusal: 'measures_open' },
    });
    await database.db
      .updateTable('measures')
      .set({ is_done: 1, done_on: '2026-11-20' })
      .where('problem_id', '=', problem.id)
      .execute();
    const applied = await workflow().transition(await actor('department', 11), application);
    expect(applied.state).toBe('pending_review');
    await expect(
      workflow().transition(await actor('leader', 11), {
        problemId: problem.id,
        action: 'approve',
        reason: null,
        statement: null,
        expectedVersion: applied.version,
      }),
    ).rejects.toMatchObject({ code: 'transition_refused', details: { refusal: 'applicant_cannot_review' } });
    const approved = await workflow().transition(await actor('leader', 12), {
      problemId: problem.id,
      action: 'approve',
      reason: '同意销号',
      statement: null,
      expectedVersion: applied.version,
    });
    expect(approved.state).toBe('closed');
    const row = await database.db
      .selectFrom('problems')
      .select(['state', 'closed_at', 'version'])
      .where('id', '=', problem.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      state: 'closed',
      closed_at: '2026-11-21T03:00:00.000Z',
      version: problem.version + 2,
    });
    const snapshot = await database.db
      .selectFrom('transition_evidence')
      .innerJoin('state_transitions', 'state_transitions.id', 'transition_evidence.transition_id')
      .select('transition_evidence.evidence_id')
      .where('state_transitions.id', '=', applied.transitionId)
      .execute();
    expect(snapshot.length).toBeGreaterThan(0);
    const event = await database.db
      .selectFrom('events')
      .select('data_json')
      .where('entity_id', '=', problem.id)
      .where('action', '=', 'apply_close')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.data_json).evidence[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await verifyEventChain(database.db, officeId)).isIntact).toBe(true);
  });

  it('refuses an application without evidence and changes nothing', async () => {
    const problem = await findProblem(database.db, 'in_progress', { withEvidence: false });
    await expect(
      workflow().transition(await actor('department'), {
        problemId: problem.id,
        action: 'apply_close',
        reason: null,
        statement: '完成',
        expectedVersion: problem.version,
      }),
    ).rejects.toMatchObject({ code: 'transition_refused', userMessage: '申请销号须至少上传一份佐证材料' });
    const row = await database.db
      .selectFrom('problems')
      .select(['state', 'version'])
      .where('id', '=', problem.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'in_progress', version: problem.version });
  });

  it('refuses a stale version with a conflict', async () => {
    const problem = await findProblem(database.db, 'draft');
    const input = {
      problemId: problem.id,
      action: 'start' as const,
      reason: null,
      statement: null,
      expectedVersion: problem.version,
    };
    await workflow().transition(await actor('unit_office'), input);
    await expect(workflow().transition(await actor('unit_office'), input)).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('rejects with a reason and reopens a closed item as rebound', async () => {
    const pending = await findProblem(database.db, 'pending_review');
    await expect(
      workflow().transition(await actor('office'), {
        problemId: pending.id,
        action: 'reject',
        reason: ' ',
        statement: null,
        expectedVersion: pending.version,
      }),
    ).rejects.toMatchObject({ details: { refusal: 'reason_required' } });
    const rejected = await workflow().transition(await actor('office'), {
      problemId: pending.id,
      action: 'reject',
      reason: '佐证材料不足',
      statement: null,
      expectedVersion: pending.version,
    });
    expect(rejected.state).toBe('in_progress');
    const closed = await findProblem(database.db, 'closed');
    const reopened = await workflow().transition(await actor('office'), {
      problemId: closed.id,
      action: 'reopen_rebound',
      reason: '回头看发现问题反弹',
      statement: null,
      expectedVersion: closed.version,
    });
    expect(reopened.state).toBe('in_progress');
    const row = await database.db
      .selectFrom('problems')
      .select(['rebound_count', 'closed_at'])
      .where('id', '=', closed.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ rebound_count: 1, closed_at: null });
  });

  it('does not close a parent while a child is open', async () => {
    const parent = await database.db
      .selectFrom('problems')
      .select(['id', 'version', 'state'])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('problems as child')
            .select('child.id')
            .whereRef('child.parent_id', '=', 'problems.id')
            .where('child.state', '<>', 'closed'),
        ),
      )
      .orderBy('id')
      .executeTakeFirst();
    if (!parent) throw new Error('the demo has no parent with an open child');
    // Bring the parent to pending review directly, as an earlier application would have.
    await database.db
      .updateTable('problems')
      .set({ state: 'pending_review' })
      .where('id', '=', parent.id)
      .execute();
    await database.db
      .updateTable('measures')
      .set({ is_done: 1, done_on: '2026-11-20' })
      .where('problem_id', '=', parent.id)
      .execute();
    await expect(
      workflow().transition(await actor('leader', 99), {
        problemId: parent.id,
        action: 'approve',
        reason: null,
        statement: null,
        expectedVersion: parent.version,
      }),
    ).rejects.toMatchObject({ details: { refusal: 'children_open' } });
  });

  it('answers not found outside the scope', async () => {
    const problem = await findProblem(database.db, 'draft');
    const outsider: WorkflowActor = { userId: 1, role: 'unit_office', officeId, unitIds: [] };
    await expect(
      workflow().transition(outsider, {
        problemId: problem.id,
        action: 'start',
        reason: null,
        statement: null,
        expectedVersion: problem.version,
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const otherOffice: WorkflowActor = { ...(await actor('office')), officeId: officeId + 1 };
    await expect(
      workflow().transition(otherOffice, {
        problemId: problem.id,
        action: 'start',
        reason: null,
        statement: null,
        expectedVersion: problem.version,
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
