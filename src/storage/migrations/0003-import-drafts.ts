/**
 * Migration 0003: import drafts — a parsed document waiting in the import wizard. The wizard
 * keeps the file's text and the editable parse here, so nothing reaches the ledger until the
 * user commits; a committed or discarded draft stays as the record of what was uploaded.
 */
import { sql } from 'kysely';
import {
  oneOf,
  withId,
  withOffice,
  withTimestamp,
  withVersion,
  type SchemaMigration,
} from './migration-helpers.ts';

export const importDraftsMigration: SchemaMigration = {
  name: '0003-import-drafts',
  async up(context) {
    const { db, dialect } = context;
    await db.schema
      .createTable('import_drafts')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('inspection_id', 'integer', (c) =>
        c.notNull().references('inspections.id').onDelete('cascade'),
      )
      .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .$call((t) => withTimestamp(t, dialect, 'created_at'))
      .addColumn('file_name', 'text', (c) => c.notNull().check(sql`length(file_name) > 0`))
      .addColumn('sha256', 'text', (c) => c.notNull().check(sql`length(sha256) = 64`))
      .addColumn('source_text', 'text', (c) => c.notNull())
      .addColumn('parsed_json', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c
          .notNull()
          .defaultTo('draft')
          .check(oneOf('status', ['draft', 'committed', 'discarded'])),
      )
      .$call(withVersion)
      .execute();
    await db.schema
      .createIndex('import_drafts_inspection')
      .on('import_drafts')
      .columns(['office_id', 'inspection_id', 'status'])
      .execute();
  },
};
