/**
 * Migration 0015: the text read out of each evidence document (docx, pdf, text) when it was
 * uploaded, and the dates found in it (its 落款 and the latest day it mentions, with how each was
 * written), so quality checks compare them with the ledger without re-reading files or texts
 * on each request. Goes with its evidence row.
 */
import { withDate, withOffice, withTimestamp, type SchemaMigration } from './migration-helpers.ts';

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
      .$call((t) => withDate(t, dialect, 'signed_on'))
      .addColumn('signed_written', 'text')
      .$call((t) => withDate(t, dialect, 'latest_on'))
      .addColumn('latest_written', 'text')
      .$call((t) => withTimestamp(t, dialect, 'extracted_at'))
      .execute();
    await db.schema.createIndex('evidence_texts_office').on('evidence_texts').column('office_id').execute();
  },
};
