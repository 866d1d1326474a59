/**
 * Migration 0007: supervision (跟踪督办) — the official calendar as data the admin updates, each
 * office's supervision policy, supervision notices (督办单) with their reply evidence, the
 * engine's firings (one row per subject × rule × day, unique, so a rerun, a restart or a second
 * server process never fires twice) and the in-app notifications they produce.
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

const noticeStates = ['issued', 'replied', 'closed'] as const;
const subjectTypes = ['problem', 'inspection', 'notice'] as const;
const fixedRules = [
  'stale_review',
  'checkin_due',
  'plan_due',
  'report_due',
  'notice_issued',
  'notice_replied',
  'notice_due_soon',
  'notice_overdue',
] as const;

export const supervisionMigration: SchemaMigration = {
  name: '0007-supervision',
  async up({ db, dialect }) {
    await withTimestamp(
      db.schema
        .createTable('official_calendar_years')
        .addColumn('year', 'integer', (c) => c.primaryKey().check(sql`year between 1949 and 2200`))
        .addColumn('holidays_json', 'text', (c) => c.notNull())
        .addColumn('adjusted_workdays_json', 'text', (c) => c.notNull())
        .addColumn('source_version', 'text', (c) => c.notNull()),
      dialect,
      'imported_at',
    ).execute();

    const positive = (column: string) => sql`${sql.ref(column)} >= 1 and ${sql.ref(column)} <= 366`;
    await withTimestamp(
      db.schema
        .createTable('office_policies')
        .addColumn('office_id', 'integer', (c) => c.primaryKey().references('offices.id').onDelete('cascade'))
        .addColumn('plan_due_months', 'integer', (c) => c.notNull().check(positive('plan_due_months')))
        .addColumn('report_due_months', 'integer', (c) => c.notNull().check(positive('report_due_months')))
        .addColumn('concentrated_months', 'integer', (c) =>
          c.notNull().check(positive('concentrated_months')),
        )
        .addColumn('lookback_months', 'integer', (c) => c.notNull().check(positive('lookback_months')))
        .addColumn('immediate_working_days', 'integer', (c) =>
          c.notNull().check(positive('immediate_working_days')),
        )
        .addColumn('long_term_checkin_days', 'integer', (c) =>
          c.notNull().check(positive('long_term_checkin_days')),
        )
        .addColumn('stale_review_working_days', 'integer', (c) =>
          c.notNull().check(positive('stale_review_working_days')),
        )
        .addColumn('due_soon_days_json', 'text', (c) => c.notNull())
        .addColumn('escalation_days_json', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .$call(withVersion),
      dialect,
      'updated_at',
    ).execute();

    await db.schema
      .createTable('supervision_notices')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
      .addColumn('problem_id', 'integer', (c) => c.references('problems.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 200`))
      .addColumn('content', 'text', (c) => c.notNull().check(sql`length(content) between 1 and 10000`))
      .$call((t) => withDate(t, dialect, 'reply_by', true))
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('issued').check(oneOf('state', noticeStates)))
      .addColumn('issued_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .$call((t) => withTimestamp(t, dialect, 'issued_at'))
      .addColumn('reply_text', 'text')
      .addColumn('replied_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .$call((t) => withTimestamp(t, dialect, 'replied_at', false))
      .addColumn('closed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .$call((t) => withTimestamp(t, dialect, 'closed_at', false))
      .$call(withVersion)
      .addCheckConstraint(
        'supervision_notices_reply_present',
        sql`state = 'issued' or (reply_text is not null and replied_at is not null)`,
      )
      .addCheckConstraint(
        'supervision_notices_closed_present',
        sql`state <> 'closed' or closed_at is not null`,
      )
      .execute();
    await db.schema
      .createIndex('supervision_notices_office')
      .on('supervision_notices')
      .columns(['office_id', 'state', 'reply_by'])
      .execute();

    await db.schema
      .createTable('supervision_notice_evidence')
      .addColumn('notice_id', 'integer', (c) =>
        c.notNull().references('supervision_notices.id').onDelete('cascade'),
      )
      .addColumn('evidence_id', 'integer', (c) => c.notNull().references('evidence.id').onDelete('cascade'))
      .$call(withOffice)
      .addPrimaryKeyConstraint('supervision_notice_evidence_pk', ['notice_id', 'evidence_id'])
      .execute();

    await db.schema
      .createTable('supervision_firings')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('subject_type', 'text', (c) => c.notNull().check(oneOf('subject_type', subjectTypes)))
      .addColumn('subject_id', 'integer', (c) => c.notNull())
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
      .addColumn('rule', 'text', (c) =>
        c
          .notNull()
          .check(sql`rule like 'due_soon_%' or rule like 'overdue_%' or ${oneOf('rule', fixedRules)}`),
      )
      .$call((t) => withDate(t, dialect, 'fired_on', true))
      .$call((t) => withDate(t, dialect, 'run_on', true))
      .$call((t) => withTimestamp(t, dialect, 'created_at'))
      .addUniqueConstraint('supervision_firings_key', [
        'office_id',
        'subject_type',
        'subject_id',
        'rule',
        'fired_on',
      ])
      .execute();

    await db.schema
      .createTable('notifications')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('firing_id', 'integer', (c) =>
        c.notNull().references('supervision_firings.id').onDelete('cascade'),
      )
      .addColumn('recipient_user_id', 'integer', (c) =>
        c.notNull().references('users.id').onDelete('cascade'),
      )
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('problem_id', 'integer', (c) => c.references('problems.id').onDelete('cascade'))
      .addColumn('inspection_id', 'integer', (c) => c.references('inspections.id').onDelete('cascade'))
      .addColumn('notice_id', 'integer', (c) => c.references('supervision_notices.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .$call((t) => withTimestamp(t, dialect, 'created_at'))
      .$call((t) => withTimestamp(t, dialect, 'read_at', false))
      .addUniqueConstraint('notifications_once_per_recipient', ['firing_id', 'recipient_user_id'])
      .execute();
    await db.schema
      .createIndex('notifications_recipient')
      .on('notifications')
      .columns(['recipient_user_id', 'read_at', 'id'])
      .execute();
  },
};
