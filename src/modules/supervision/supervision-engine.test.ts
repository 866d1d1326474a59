import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase } from '../../../test/support/demo-database.ts';
import { buildInspection } from '../../../test/support/fixtures.ts';
import { createFixedClock } from '../common/clock.ts';
import { addDays } from '../deadlines/calendar-date.rules.ts';
import { createCalendarService } from '../deadlines/calendar.service.ts';
import { findOrCreateOffice } from '../inspections/inspection.repository.ts';
import { insertLookback, updateLookbackState } from '../lookbacks/lookback.repository.ts';
import type { Database } from '../../storage/database.ts';
import type { Role } from '../../storage/schema.ts';
import { saveOfficePolicy } from './office-policy.repository.ts';
import { createSupervisionEngine } from './supervision-engine.ts';
import { defaultSupervisionPolicy } from './supervision.rules.ts';

/** A small office of its own inside the demo database, whose firings the test knows exactly. */
async function buildSupervisedOffice(db: Database) {
  const clock = createFixedClock('2026-10-20T02:00:00.000Z');
  const officeId = await findOrCreateOffice(db, '督办测试巡察办', '测试县', '2026-10-01T00:00:00.000Z');
  const inspectionId = await buildInspection(db, clock, {
    officeId,
    round: { name: '2026年第九轮巡察', year: 2026 },
    unitName: '测试县档案馆党组',
    feedbackOn: '2026-10-20',
  });
  await db
    .updateTable('inspections')
    .set({ plan_due_on: '2026-11-20', report_due_on: '2026-12-20', concentrated_until: '2027-01-20' })
    .where('id', '=', inspectionId)
    .execute();
  const { unit_id: unitId } = await db
    .selectFrom('inspections')
    .select('unit_id')
    .where('id', '=', inspectionId)
    .executeTakeFirstOrThrow();
  const aspect = await db
    .insertInto('aspects')
    .values({ office_id: officeId, inspection_id: inspectionId, position: 0, title: '方面一' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const at = '2026-10-20T02:00:00.000Z';
  const addProblem = async (
    number: string,
    state: 'in_progress' | 'closed' | 'pending_review',
    dueOn: string | null,
  ) => {
    const deadline = await db
      .insertInto('deadlines')
      .values({ office_id: officeId, kind: dueOn ? 'date' : 'unspecified', due_on: dueOn, text: dueOn })
      .returning('id')
      .executeTakeFirstOrThrow();
    const problem = await db
      .insertInto('problems')
      .values({
        office_id: officeId,
        inspection_id: inspectionId,
        aspect_id: aspect.id,
        position: Number(number),
        number,
        title: `问题${number}`,
        state,
        deadline_id: deadline.id,
        closed_at: state === 'closed' ? at : null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return problem.id;
  };
  const late = await addProblem('1', 'in_progress', '2026-11-10');
  const closedItem = await addProblem('2', 'closed', '2026-11-12');
  // A completed look-back (no reminder) and the open one after it, planned for 11-25.
  await db.transaction().execute(async (transaction) => {
    const lookback = { officeId, inspectionId, scheduledBy: null, at, problemIds: [closedItem] };
    const completed = await insertLookback(transaction, { ...lookback, plannedOn: '2026-11-05' });
    await updateLookbackState(transaction, {
      officeId,
      lookbackId: completed,
      state: 'completed',
      expectedVersion: 1,
      actorUserId: null,
      at,
    });
    await insertLookback(transaction, { ...lookback, plannedOn: '2026-11-25' });
  });
  const pending = await addProblem('3', 'pending_review', null);
  await db
    .insertInto('state_transitions')
    .values([
      { office_id: officeId, problem_id: pending, from_state: 'draft', to_state: 'in_progress', at },
      {
        office_id: officeId,
        problem_id: pending,
        from_state: 'in_progress',
        to_state: 'pending_review',
        at: '2026-11-02T03:00:00.000Z',
      },
    ])
    .execute();
  const users: Record<string, number> = {};
  for (const [name, role] of [
    ['unitOffice', 'unit_office'],
    ['department', 'department'],
    ['leader', 'leader'],
    ['office', 'office'],
    ['observer', 'observer'],
  ] as Array<[string, Role]>) {
    const user = await db
      .insertInto('users')
      .values({
        office_id: officeId,
        username: `supervision-${name}`,
        display_name: name,
        password_hash: 'not-a-login',
        role,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    users[name] = user.id;
    if (role !== 'office' && role !== 'observer') {
      await db
        .insertInto('user_scopes')
        .values({ office_id: officeId, user_id: user.id, unit_id: unitId })
        .execute();
    }
  }
  return { officeId, inspectionId, late, pending, users };
}

describe.each(backends)('supervision engine over a simulated month (%s)', (backend) => {
  let database: TestDatabase;
  let office: Awaited<ReturnType<typeof buildSupervisedOffice>>;

  beforeAll(async () => {
    ({ database } = await createDemoDatabase(backend));
    office = await buildSupervisedOffice(database.db);
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('notifies exactly once per subject × rule × day, across restarts, reruns and a racing process', async () => {
    const clock = createFixedClock('2026-11-01T01:00:00.000Z');
    const calendars = createCalendarService({ db: database.db, clock });
    const startEngine = () =>
      createSupervisionEngine({ db: database.db, clock, getCalendar: () => calendars.getCalendar() });
    let engine = startEngine();
    const firstRunNew: Record<string, number> = {};
    for (let day = '2026-11-01'; day <= '2026-11-30'; day = addDays(day, 1)) {
      clock.set(`${day}T01:00:00.000Z`);
      if (day === '2026-11-15') engine = startEngine(); // a restarted server
      const summary = await engine.runOnce();
      firstRunNew[day] = summary.newNotifications;
      // A rerun the same day, and a second process scanning at the same moment, add nothing.
      const [again, racing] = await Promise.all([engine.runOnce(), startEngine().runOnce()]);
      expect(again.newNotifications + racing.newNotifications, day).toBe(0);
      expect(again.newFirings + racing.newFirings, day).toBe(0);
    }

    const rows = await database.db
      .selectFrom('notifications')
      .innerJoin('supervision_firings', 'supervision_firings.id', 'notifications.firing_id')
      .select([
        'supervision_firings.subject_type',
        'supervision_firings.subject_id',
        'supervision_firings.rule',
        'supervision_firings.fired_on',
        'supervision_firings.run_on',
        'notifications.recipient_user_id',
      ])
      .where('notifications.office_id', '=', office.officeId)
      .execute();
    const { unitOffice, department, leader, office: officeUser } = office.users as Record<string, number>;
    const actual = rows
      .map(
        (row) =>
          `${row.subject_type}:${row.subject_id} ${row.rule} ${row.fired_on}@${row.run_on} → ${row.recipient_user_id}`,
      )
      .sort();
    const expected = [
      ...[unitOffice, department].flatMap((user) => [
        `problem:${office.late} due_soon_7 2026-11-03@2026-11-03 → ${user}`,
        `problem:${office.late} due_soon_3 2026-11-07@2026-11-07 → ${user}`,
        `problem:${office.late} overdue_0 2026-11-11@2026-11-11 → ${user}`,
      ]),
      ...[unitOffice, department, leader].map(
        (user) => `problem:${office.late} overdue_7 2026-11-18@2026-11-18 → ${user}`,
      ),
      ...[unitOffice, department, leader, officeUser].map(
        (user) => `problem:${office.late} overdue_15 2026-11-26@2026-11-26 → ${user}`,
      ),
      // 5 working days after Monday 11-02 end on 11-09; the review is stale from 11-10.
      `problem:${office.pending} stale_review 2026-11-10@2026-11-10 → ${leader}`,
      `inspection:${office.inspectionId} plan_due 2026-11-13@2026-11-13 → ${unitOffice}`,
      `inspection:${office.inspectionId} plan_due 2026-11-17@2026-11-17 → ${unitOffice}`,
      ...[unitOffice, officeUser].map(
        (user) => `inspection:${office.inspectionId} plan_due 2026-11-21@2026-11-21 → ${user}`,
      ),
      ...[unitOffice, officeUser].map(
        (user) => `inspection:${office.inspectionId} overdue_lookback 2026-11-25@2026-11-25 → ${user}`,
      ),
    ].sort();
    expect(actual).toEqual(expected);

    // The demo office (which has no accounts here) was scanned too, and every key is stored once.
    const demoCount = await database.db
      .selectFrom('supervision_firings')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('office_id', '<>', office.officeId)
      .executeTakeFirstOrThrow();
    expect(Number(demoCount.count)).toBeGreaterThan(0);
    const firings = await database.db
      .selectFrom('supervision_firings')
      .select(['subject_type', 'subject_id', 'rule', 'fired_on'])
      .execute();
    const keys = new Set(
      firings.map((row) => `${row.subject_type}:${row.subject_id}:${row.rule}:${row.fired_on}`),
    );
    expect(keys.size).toBe(firings.length);
    expect(Object.values(firstRunNew).reduce((sum, count) => sum + count, 0)).toBe(expected.length);
  });
});

describe.each(backends)('supervision engine with muted rule kinds (%s)', (backend) => {
  let database: TestDatabase;
  afterAll(async () => {
    await database?.dispose();
  });

  it('an office that does not supervise by due-soon reminders and stale reviews gets neither', async () => {
    database = await createTestDatabase(backend);
    const office = await buildSupervisedOffice(database.db);
    await database.db.transaction().execute((transaction) =>
      saveOfficePolicy(transaction, {
        officeId: office.officeId,
        policy: { ...defaultSupervisionPolicy, mutedKinds: ['due_soon', 'review'] },
        expectedVersion: 0,
        userId: office.users.office!,
        at: '2026-10-20T02:00:00.000Z',
      }),
    );
    const clock = createFixedClock('2026-11-01T01:00:00.000Z');
    const calendars = createCalendarService({ db: database.db, clock });
    const engine = createSupervisionEngine({
      db: database.db,
      clock,
      getCalendar: () => calendars.getCalendar(),
    });
    for (const day of ['2026-11-03', '2026-11-07', '2026-11-10', '2026-11-11']) {
      clock.set(`${day}T01:00:00.000Z`);
      await engine.runOnce();
    }
    const rules = await database.db
      .selectFrom('supervision_firings')
      .select('rule')
      .distinct()
      .where('office_id', '=', office.officeId)
      .execute();
    expect(rules.map((row) => row.rule)).toEqual(['overdue_0']);
  });
});
