/**
 * One search text per problem (its number, title, goal, manifestations and measures), so a
 * text search scans one narrow table instead of three. Rows are refreshed from the problem's
 * version and update time, which every edit of the problem or its parts moves.
 */
import { withTimestamp, type SchemaMigration } from './migration-helpers.ts';

export const problemSearchMigration: SchemaMigration = {
  name: '0006-problem-search',
  async up({ db, dialect }) {
    await withTimestamp(
      db.schema
        .createTable('problem_search')
        .addColumn('problem_id', 'integer', (c) =>
          c.primaryKey().references('problems.id').onDelete('cascade'),
        )
        .addColumn('office_id', 'integer', (c) => c.notNull().references('offices.id').onDelete('cascade'))
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('source_version', 'integer', (c) => c.notNull()),
      dialect,
      'source_updated_at',
    ).execute();
    await db.schema
      .createIndex('problem_search_office')
      .on('problem_search')
      .columns(['office_id', 'problem_id'])
      .execute();
  },
};
