/**
 * Migration 0011: look-backs (回头看). A look-back is scheduled for an inspection some months
 * after feedback and checks every item that was closed when it was scheduled: each check says
 * whether the rectification holds or the problem has rebounded (反弹). At most one look-back per
 * inspection is open at a time, and a problem is checked once per look-back.
 */
import { sql } from 'kysely';
import {
  oneOf,
  withDate,
  withId,
  withOffice,
  withTimestamp,
  withVersion,
  type SchemaMigration,
} from './migration-helpers.ts';

const lookbackStates = ['planned', 'in_progress', 'completed'] as const;
const checkResults = ['holds', 'rebound'] as const;

export const lookbacksMigration: SchemaMigration = {
  name: '0011-lookbacks',
  async up({ db, dialect }) {
    await db.schema
      .createTable('lookbacks')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('inspection_id', 'integer', (c) =>
        c.notNull().references('inspections.id').onDelete('cascade'),
      )
      .$call((t) => withDate(t, dialect, 'planned_on', true))
      .addColumn('state', 'text', (c) =>
        c.notNull().defaultTo('planned').check(oneOf('state', lookbackStates)),
      )
      .addColumn('scheduled_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .$call((t) => withTimestamp(t, dialect, 'scheduled_at'))
      .$call((t) => withTimestamp(t, dialect, 'completed_at', false))
      .addColumn('completed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('summary', 'text')
      .$call(withVersion)
      // A completed look-back has its moment; an open one has none.
      .addCheckConstraint('lookbacks_completed_at', sql`(state = 'completed') = (completed_at is not null)`)
      .execute();
    await db.schema
      .createIndex('lookbacks_one_open')
      .on('lookbacks')
      .column('inspection_id')
      .unique()
      .where(sql.ref('state'), '<>', 'completed')
      .execute();
    await db.schema
      .createIndex('lookbacks_office_planned')
      .on('lookbacks')
      .columns(['office_id', 'planned_on'])
      .execute();

    await db.schema
      .createTable('lookback_checks')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('lookback_id', 'integer', (c) => c.notNull().references('lookbacks.id').onDelete('cascade'))
      .addColumn('problem_id', 'integer', (c) => c.notNull().references('problems.id').onDelete('cascade'))
      /** Document order of the item in the checklist. */
      .addColumn('position', 'integer', (c) => c.notNull().check(sql`position >= 0`))
      .addColumn('result', 'text', (c) => c.check(sql`result is null or ${oneOf('result', checkResults)}`))
      .addColumn('note', 'text')
      .addColumn('checked_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .$call((t) => withTimestamp(t, dialect, 'checked_at', false))
      .$call(withVersion)
      .addUniqueConstraint('lookback_checks_once', ['lookback_id', 'problem_id'])
      .addCheckConstraint('lookback_checks_checked_at', sql`(result is null) = (checked_at is null)`)
      // A rebound reopens the item, and the ledger needs a reason for that.
      .addCheckConstraint(
        'lookback_checks_rebound_note',
        sql`result is null or result <> 'rebound' or (note is not null and length(trim(note)) > 0)`,
      )
      .execute();
    await db.schema
      .createIndex('lookback_checks_problem')
      .on('lookback_checks')
      .column('problem_id')
      .execute();
  },
};
