/**
 * Migration 0012: the full-text search index. Chinese has no spaces, so texts are indexed by
 * character bigram: `search_terms` holds one posting per (office, bigram, problem, field) with
 * the field's weight; the bigram is stored as an integer (two UTF-16 code units) so a one-
 * character query is an index range on both backends without depending on a text collation.
 * `search_documents` records the problem version and update time the postings were built from
 * (rebuilt when they differ, like problem_search); `search_index_marks` the newest event and
 * comment ids per office already taken into account, so an edit within the same millisecond
 * (same update time, same version) and comments written by any path are picked up too.
 */
import { sql } from 'kysely';
import { withTimestamp, type SchemaMigration } from './migration-helpers.ts';

export const searchTermsMigration: SchemaMigration = {
  name: '0012-search-terms',
  async up({ db, dialect }) {
    await db.schema
      .createTable('search_terms')
      .addColumn('office_id', 'integer', (c) => c.notNull().references('offices.id').onDelete('cascade'))
      .addColumn('term', 'integer', (c) => c.notNull())
      .addColumn('problem_id', 'integer', (c) => c.notNull().references('problems.id').onDelete('cascade'))
      .addColumn('field', 'text', (c) =>
        c.notNull().check(sql`field in ('title', 'manifestation', 'measure', 'comment')`),
      )
      .addColumn('weight', 'integer', (c) => c.notNull().check(sql`weight > 0`))
      // A lookup reads the key alone: on SQLite the postings live in the primary-key b-tree
      // itself (without rowid); on PostgreSQL the key carries the weight (include), so a
      // query is an index-only scan.
      .$call((table) =>
        dialect === 'sqlite'
          ? table
              .addPrimaryKeyConstraint('search_terms_pk', ['office_id', 'term', 'problem_id', 'field'])
              .modifyEnd(sql`without rowid`)
          : table,
      )
      .execute();
    if (dialect === 'postgres') {
      await sql`alter table search_terms add constraint search_terms_pk primary key (office_id, term, problem_id, field) include (weight)`.execute(
        db,
      );
    }
    // Rebuilding one problem's postings, and the cascade when a problem is deleted.
    await db.schema.createIndex('search_terms_problem').on('search_terms').columns(['problem_id']).execute();
    await withTimestamp(
      db.schema
        .createTable('search_documents')
        .addColumn('problem_id', 'integer', (c) =>
          c.primaryKey().references('problems.id').onDelete('cascade'),
        )
        .addColumn('office_id', 'integer', (c) => c.notNull().references('offices.id').onDelete('cascade'))
        .addColumn('source_version', 'integer', (c) => c.notNull()),
      dialect,
      'source_updated_at',
    ).execute();
    await db.schema
      .createIndex('search_documents_office')
      .on('search_documents')
      .columns(['office_id', 'problem_id'])
      .execute();
    await db.schema
      .createTable('search_index_marks')
      .addColumn('office_id', 'integer', (c) => c.primaryKey().references('offices.id').onDelete('cascade'))
      .addColumn('through_event_id', 'integer', (c) => c.notNull())
      .addColumn('through_comment_id', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('comments_problem').on('comments').columns(['problem_id', 'id']).execute();
  },
};
