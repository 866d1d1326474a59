/**
 * Migration 0018: a working-day deadline ("30个工作日内", 立行立改) whose count reaches into a year
 * the official calendar does not cover yet is stored as pending — its text, the working days and
 * the day they are counted from, and the year it awaits — with no due day until that year is
 * imported. 0001's `deadlines_within_has_months` refused such a row (no months, no day), so it
 * gives way to a check that also admits a pending row, and new checks keep a pending row whole.
 */
import { sql } from 'kysely';
import {
  oneOf,
  withDate,
  withId,
  withOffice,
  withVersion,
  type SchemaMigration,
} from './migration-helpers.ts';

/** A within-deadline has months, a day, or awaits the calendar year that gives it its day. */
const withinHasTerm = sql`kind <> 'within' or months is not null or due_on is not null or awaits_calendar_year is not null`;
/** A pending deadline has no day yet but everything needed to count it, and counts working days. */
const pendingIsWhole = sql`awaits_calendar_year is null or (due_on is null and working_days is not null and counted_from is not null and kind in ('within', 'immediate'))`;
const countGoesWithStart = sql`(working_days is null) = (counted_from is null)`;

export const pendingWorkingDayDeadlinesMigration: SchemaMigration = {
  name: '0018-pending-working-day-deadlines',
  async up(context) {
    const { db, dialect } = context;
    if (dialect === 'postgres') {
      // Runs inside the migrator's transaction on PostgreSQL.
      await db.schema
        .alterTable('deadlines')
        .addColumn('working_days', 'integer', (c) => c.check(sql`working_days between 1 and 1000`))
        .addColumn('counted_from', 'date')
        .addColumn('awaits_calendar_year', 'integer', (c) =>
          c.check(sql`awaits_calendar_year between 1900 and 2999`),
        )
        .execute();
      await db.schema.alterTable('deadlines').dropConstraint('deadlines_within_has_months').execute();
      await db.schema
        .alterTable('deadlines')
        .addCheckConstraint('deadlines_within_has_term', withinHasTerm)
        .execute();
      await db.schema
        .alterTable('deadlines')
        .addCheckConstraint('deadlines_pending_is_whole', pendingIsWhole)
        .execute();
      await db.schema
        .alterTable('deadlines')
        .addCheckConstraint('deadlines_count_has_start', countGoesWithStart)
        .execute();
      return;
    }

    // SQLite cannot drop a CHECK: the table is rebuilt the documented way (foreign keys off
    // outside the transaction, copy, drop, rename, foreign_key_check), so problems and measures
    // keep pointing at the same ids. The migrator runs SQLite migrations outside a transaction.
    await sql`pragma foreign_keys = off`.execute(db);
    try {
      await sql`begin`.execute(db);
      try {
        await db.schema
          .createTable('deadlines_0018')
          .$call((t) => withOffice(withId(t, dialect)))
          .addColumn('kind', 'text', (c) =>
            c.notNull().check(oneOf('kind', ['date', 'immediate', 'within', 'long_term', 'unspecified'])),
          )
          .addColumn('text', 'text')
          .$call((t) => withDate(t, dialect, 'due_on'))
          .addColumn('months', 'integer', (c) => c.check(sql`months is null or months between 0 and 120`))
          .addColumn('checkin_interval_days', 'integer', (c) =>
            c.check(sql`checkin_interval_days is null or checkin_interval_days > 0`),
          )
          .$call(withVersion)
          .addColumn('working_days', 'integer', (c) =>
            c.check(sql`working_days is null or working_days between 1 and 1000`),
          )
          .$call((t) => withDate(t, dialect, 'counted_from'))
          .addColumn('awaits_calendar_year', 'integer', (c) =>
            c.check(sql`awaits_calendar_year is null or awaits_calendar_year between 1900 and 2999`),
          )
          .addCheckConstraint('deadlines_date_has_day', sql`kind <> 'date' or due_on is not null`)
          .addCheckConstraint('deadlines_within_has_term', withinHasTerm)
          .addCheckConstraint('deadlines_pending_is_whole', pendingIsWhole)
          .addCheckConstraint('deadlines_count_has_start', countGoesWithStart)
          .execute();
        await sql`insert into deadlines_0018 (id, office_id, kind, text, due_on, months, checkin_interval_days, version)
          select id, office_id, kind, text, due_on, months, checkin_interval_days, version from deadlines`.execute(
          db,
        );
        // Ids once used stay used: the autoincrement counter carries over.
        const sequence = await sql<{
          seq: number;
        }>`select seq from sqlite_sequence where name = 'deadlines'`.execute(db);
        await sql`drop table deadlines`.execute(db);
        await sql`alter table deadlines_0018 rename to deadlines`.execute(db);
        const seq = sequence.rows[0]?.seq;
        if (seq != null) {
          await sql`update sqlite_sequence set seq = max(seq, ${seq}) where name = 'deadlines'`.execute(db);
          await sql`insert into sqlite_sequence (name, seq) select 'deadlines', ${seq}
            where not exists (select 1 from sqlite_sequence where name = 'deadlines')`.execute(db);
        }
        const broken = await sql`pragma foreign_key_check`.execute(db);
        if (broken.rows.length > 0) throw new Error('deadlines rebuild left dangling foreign keys');
        await sql`commit`.execute(db);
      } catch (error) {
        await sql`rollback`.execute(db);
        throw error;
      }
    } finally {
      await sql`pragma foreign_keys = on`.execute(db);
    }
  },
};
