/**
 * Migration 0015: the text read out of each evidence document (docx, pdf, text) when it was
 * uploaded, so quality checks can compare the dates written in it with the ledger without
 * re-reading every file on each request. Goes with its evidence row.
 */
import { withOffice, withTimestamp, type SchemaMigration } from './migration-helpers.ts';

export const evidenceTextsMigration: SchemaMigration = {
  name: '0015-evidence-texts',
  async up({ db, dialect }) {
    await db.schema
      .createTable('evidence_texts')
      .addColumn('evidence_id', 'integer', (c) =>
        c.primaryKey().references('evidence.id').onDelete('cascade'),
      )
      .$call(withOffice)
      .addColumn('text', 'text', (c) => c.notNull())
      .$call((t) => withTimestamp(t, dialect, 'extracted_at'))
      .execute();
    await db.schema.createIndex('evidence_texts_office').on('evidence_texts').column('office_id').execute();
  },
};
