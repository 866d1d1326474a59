/**
 * Migration 0010: public feedback triage and abuse limits. Feedback rows gain the unit and item
 * staff assign them to, an optional attachment (stored in the file store like evidence), the
 * assignment and closing instants and an internal triage note; accepted public submissions are
 * logged per hashed client address so the rate limit holds across processes and restarts.
 */
import { sql } from 'kysely';
import { withId, withTimestamp, type SchemaMigration } from './migration-helpers.ts';

export const publicFeedbackMigration: SchemaMigration = {
  name: '0010-public-feedback',
  async up({ db, dialect }) {
    const instant = dialect === 'sqlite' ? 'text' : 'timestamptz';
    // SQLite adds one column per ALTER TABLE statement.
    const add = (name: string, type: 'text' | 'integer' | 'timestamptz', reference?: string) =>
      db.schema
        .alterTable('public_feedback')
        .addColumn(name, type, (column) => (reference ? column.references(reference) : column))
        .execute();
    await add('assigned_unit_id', 'integer', 'units.id');
    await add('assigned_at', instant);
    await add('closed_at', instant);
    await add('triage_note', 'text');
    await add('attachment_file_name', 'text');
    await add('attachment_media_type', 'text');
    await add('attachment_size_bytes', 'integer');
    await add('attachment_sha256', 'text');
    await add('attachment_storage_key', 'text');
    await db.schema
      .createIndex('public_feedback_office_status')
      .on('public_feedback')
      .columns(['office_id', 'status', 'id'])
      .execute();
    await db.schema
      .createIndex('public_feedback_report')
      .on('public_feedback')
      .columns(['public_report_id'])
      .execute();

    await db.schema
      .createTable('public_submissions')
      .$call((t) => withId(t, dialect))
      .addColumn('address_key', 'text', (c) => c.notNull().check(sql`length(address_key) = 64`))
      .$call((t) => withTimestamp(t, dialect, 'at'))
      .execute();
    await db.schema
      .createIndex('public_submissions_address_at')
      .on('public_submissions')
      .columns(['address_key', 'at'])
      .execute();
  },
};
