/**
 * Migration 0018 on a database that already holds deadlines: rows, ids, links from problems and
 * measures and the foreign keys survive the SQLite rebuild; the checks admit a whole pending
 * working-day deadline and refuse a partial one.
 */
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { migrateToLatest, schemaMigrations } from '../migrate.ts';

const NAME = '0018-pending-working-day-deadlines';

/** Applies every migration but 0018, as a database from before it would be. */
async function migrateBefore0018(database: TestDatabase, backend: 'sqlite' | 'postgres') {
  const db = database.db as unknown as Kysely<unknown>;
  const migrator = new Migrator({
    db,
    allowUnorderedMigrations: true,
    provider: {
      async getMigrations() {
        const migrations: Record<string, Migration> = {};
        for (const migration of schemaMigrations.filter((m) => m.name !== NAME)) {
          migrations[migration.name] = { up: (handle) => migration.up({ db: handle, dialect: backend }) };
        }
        return migrations;
      },
    },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

describe.each(backends)('migration 0018 on %s', (backend) => {
  let database: TestDatabase;
  afterEach(async () => {
    await database.dispose();
  });

  it('keeps existing deadlines and their links, and guards pending rows', async () => {
    database = await createTestDatabase(backend, { migrate: false });
    await migrateBefore0018(database, backend);
    const { db } = database;
    const at = '2026-01-01T00:00:00.000Z';
    const office = await db
      .insertInto('offices')
      .values({ name: '某县委巡察办', region: '某县', created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const officeId = office.id;
    const unit = await db
      .insertInto('units')
      .values({ office_id: officeId, name: '某局党组' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const round = await db
      .insertInto('inspection_rounds')
      .values({ office_id: officeId, name: '第一轮', year: 2026 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const inspection = await db
      .insertInto('inspections')
      .values({ office_id: officeId, round_id: round.id, unit_id: unit.id, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const aspect = await db
      .insertInto('aspects')
      .values({ office_id: officeId, inspection_id: inspection.id, position: 0, number: '一', title: '方面' })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Before 0018 the new columns do not exist: insert the old shape only.
    const oldDeadline = (values: { kind: 'within' | 'date'; due_on: string | null; months: number | null }) =>
      sql<{ id: number }>`insert into deadlines (office_id, kind, text, due_on, months, version)
        values (${officeId}, ${values.kind}, ${'3个月内'}, ${values.due_on}, ${values.months}, 2) returning id`
        .execute(db)
        .then((result) => result.rows[0]!.id);
    const withinId = await oldDeadline({ kind: 'within', due_on: '2026-04-01', months: 3 });
    const dateId = await oldDeadline({ kind: 'date', due_on: '2026-05-01', months: null });
    const removedId = await oldDeadline({ kind: 'date', due_on: '2026-06-01', months: null });
    await db.deleteFrom('deadlines').where('id', '=', removedId).execute();
    const problem = await db
      .insertInto('problems')
      .values({
        office_id: officeId,
        inspection_id: inspection.id,
        aspect_id: aspect.id,
        position: 0,
        number: '1',
        title: '问题',
        deadline_id: withinId,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('measures')
      .values({ office_id: officeId, problem_id: problem.id, position: 0, text: '措施', deadline_id: dateId })
      .execute();

    expect(await migrateToLatest(database.db, backend)).toEqual([NAME]);

    const rows = await db
      .selectFrom('deadlines')
      .select(['id', 'kind', 'due_on', 'months', 'version', 'awaits_calendar_year'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      {
        id: withinId,
        kind: 'within',
        due_on: '2026-04-01',
        months: 3,
        version: 2,
        awaits_calendar_year: null,
      },
      {
        id: dateId,
        kind: 'date',
        due_on: '2026-05-01',
        months: null,
        version: 2,
        awaits_calendar_year: null,
      },
    ]);
    const linked = await db.selectFrom('problems').select('deadline_id').executeTakeFirstOrThrow();
    expect(linked.deadline_id).toBe(withinId);

    const base = { office_id: officeId, kind: 'within' as const, text: '30个工作日内' };
    const pending = { working_days: 30, counted_from: '2026-12-20', awaits_calendar_year: 2027 };
    // A within-deadline with neither months, a day nor a pending count is still refused.
    await expect(db.insertInto('deadlines').values(base).execute()).rejects.toThrow();
    // A pending row must be whole, dateless, and count working days.
    await expect(
      db
        .insertInto('deadlines')
        .values({ ...base, awaits_calendar_year: 2027 })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('deadlines')
        .values({ ...base, ...pending, due_on: '2027-02-01' })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('deadlines')
        .values({ ...base, ...pending, kind: 'date', due_on: null })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('deadlines')
        .values({ ...base, working_days: 30 })
        .execute(),
    ).rejects.toThrow();
    const accepted = await db
      .insertInto('deadlines')
      .values({ ...base, ...pending })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Ids once used are not handed out again, and the foreign keys still hold.
    expect(accepted.id).toBeGreaterThan(removedId);
    await expect(
      db.updateTable('problems').set({ deadline_id: 99_999 }).where('id', '=', problem.id).execute(),
    ).rejects.toThrow();
    await db.deleteFrom('deadlines').where('id', '=', withinId).execute();
    const unlinked = await db.selectFrom('problems').select('deadline_id').executeTakeFirstOrThrow();
    expect(unlinked.deadline_id).toBeNull();
  });
});
