import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { backends, createTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { migrateToLatest, schemaMigrations } from './migrate.ts';

describe.each(backends)('migrations on %s', (backend) => {
  let database: TestDatabase;
  afterEach(async () => {
    await database.dispose();
  });

  async function seedOffice(): Promise<number> {
    const office = await database.db
      .insertInto('offices')
      .values({ name: '某县委巡察办', region: '某县', created_at: '2026-01-01T00:00:00.000Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return office.id;
  }

  it('applies every migration once and is idempotent', async () => {
    database = await createTestDatabase(backend, { migrate: false });
    const applied = await migrateToLatest(database.db, backend);
    expect(applied).toEqual(schemaMigrations.map((migration) => migration.name));
    expect(await migrateToLatest(database.db, backend)).toEqual([]);
  });

  it('applies a migration that lands after a higher-numbered one already ran', async () => {
    // Parallel branches get their numbers up front: 0011 may reach a database that has 0014.
    database = await createTestDatabase(backend);
    await sql`drop table lookback_checks`.execute(database.db);
    await sql`drop table lookbacks`.execute(database.db);
    await sql`delete from kysely_migration where name = '0011-lookbacks'`.execute(database.db);
    expect(await migrateToLatest(database.db, backend)).toEqual(['0011-lookbacks']);
  });

  it('refuses rows the domain forbids', async () => {
    database = await createTestDatabase(backend);
    const officeId = await seedOffice();
    const { db } = database;
    const unit = await db
      .insertInto('units')
      .values({ office_id: officeId, name: '某局党组' })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A unit name is unique within an office.
    await expect(
      db.insertInto('units').values({ office_id: officeId, name: '某局党组' }).execute(),
    ).rejects.toThrow();
    // A foreign key to a missing office.
    await expect(
      db.insertInto('units').values({ office_id: 9999, name: '别的单位' }).execute(),
    ).rejects.toThrow();
    // A non-admin user needs an office.
    await expect(
      db
        .insertInto('users')
        .values({
          username: 'x',
          display_name: 'x',
          password_hash: 'x',
          role: 'unit_office',
          created_at: '2026-01-01T00:00:00.000Z',
        })
        .execute(),
    ).rejects.toThrow();
    const round = await db
      .insertInto('inspection_rounds')
      .values({ office_id: officeId, name: '第一轮', year: 2026 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const inspection = await db
      .insertInto('inspections')
      .values({
        office_id: officeId,
        round_id: round.id,
        unit_id: unit.id,
        created_at: '2026-01-01T00:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The inspection period must not end before it starts.
    await expect(
      db
        .updateTable('inspections')
        .set({ period_start: '2026-03-01', period_end: '2026-02-01' })
        .where('id', '=', inspection.id)
        .execute(),
    ).rejects.toThrow();
    const aspect = await db
      .insertInto('aspects')
      .values({ office_id: officeId, inspection_id: inspection.id, position: 0, number: '一', title: '方面' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const problem = {
      office_id: officeId,
      inspection_id: inspection.id,
      aspect_id: aspect.id,
      position: 0,
      number: '1',
      title: '问题',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
    };
    // A closed problem must carry its closing time, and an unknown state is refused.
    await expect(
      db
        .insertInto('problems')
        .values({ ...problem, state: 'closed' })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('problems')
        .values({ ...problem, state: 'done' as never })
        .execute(),
    ).rejects.toThrow();
    const { id: problemId } = await db
      .insertInto('problems')
      .values(problem)
      .returning('id')
      .executeTakeFirstOrThrow();
    // Two problems may not share a position under the same parent.
    await expect(db.insertInto('problems').values(problem).execute()).rejects.toThrow();
    // One open look-back per inspection; a completed one carries its completion time.
    const lookback = {
      office_id: officeId,
      inspection_id: inspection.id,
      planned_on: '2026-09-01',
      scheduled_at: '2026-03-01T00:00:00.000Z',
    };
    const { id: lookbackId } = await db
      .insertInto('lookbacks')
      .values(lookback)
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(db.insertInto('lookbacks').values(lookback).execute()).rejects.toThrow();
    await expect(
      db
        .insertInto('lookbacks')
        .values({ ...lookback, state: 'completed' })
        .execute(),
    ).rejects.toThrow();
    await db
      .insertInto('lookbacks')
      .values({ ...lookback, state: 'completed', completed_at: '2026-09-10T00:00:00.000Z' })
      .execute();
    // A problem is checked once per look-back; a rebound needs its note, a result its time.
    const check = { office_id: officeId, lookback_id: lookbackId, problem_id: problemId, position: 0 };
    const { id: checkId } = await db
      .insertInto('lookback_checks')
      .values(check)
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(db.insertInto('lookback_checks').values(check).execute()).rejects.toThrow();
    const checked = (values: {
      result: 'holds' | 'rebound';
      note: string | null;
      checked_at: string | null;
    }) => db.updateTable('lookback_checks').set(values).where('id', '=', checkId).execute();
    await expect(
      checked({ result: 'rebound', note: null, checked_at: '2026-09-01T00:00:00.000Z' }),
    ).rejects.toThrow();
    await expect(
      checked({ result: 'rebound', note: ' ', checked_at: '2026-09-01T00:00:00.000Z' }),
    ).rejects.toThrow();
    await expect(checked({ result: 'holds', note: null, checked_at: null })).rejects.toThrow();
    await checked({ result: 'rebound', note: '反弹', checked_at: '2026-09-01T00:00:00.000Z' });
    if (backend === 'sqlite') {
      await expect(
        db
          .updateTable('inspections')
          .set({ feedback_on: '2026/03/01' })
          .where('id', '=', inspection.id)
          .execute(),
      ).rejects.toThrow();
    }
  });

  it('keeps the event log and published reports append-only', async () => {
    database = await createTestDatabase(backend);
    const officeId = await seedOffice();
    const { db } = database;
    await db
      .insertInto('events')
      .values({
        office_id: officeId,
        at: '2026-01-01T00:00:00.000Z',
        entity_type: 'office',
        entity_id: officeId,
        action: 'created',
        data_json: '{}',
        prev_hash: '',
        hash: 'a'.repeat(64),
      })
      .execute();
    await expect(db.updateTable('events').set({ action: 'forged' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('events').execute()).rejects.toThrow(/append-only/);
    const count = await db
      .selectFrom('events')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});
