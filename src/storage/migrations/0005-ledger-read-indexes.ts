/**
 * Indexes for reading the ledger fast: the newest event of an office (the ledger cache's
 * freshness check reads it on every listing) and assignments by person/department (filters).
 */
import type { SchemaMigration } from './migration-helpers.ts';

export const ledgerReadIndexesMigration: SchemaMigration = {
  name: '0005-ledger-read-indexes',
  async up({ db }) {
    await db.schema.createIndex('events_office_id').on('events').columns(['office_id', 'id']).execute();
    await db.schema
      .createIndex('assignments_person')
      .on('assignments')
      .columns(['person_id', 'role', 'problem_id'])
      .execute();
    await db.schema
      .createIndex('assignments_department')
      .on('assignments')
      .columns(['department_id', 'problem_id'])
      .execute();
  },
};
