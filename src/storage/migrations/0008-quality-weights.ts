/**
 * Migration 0008: each office's weights for the unit grade (整改质量评价权重), one row per office
 * holding the indicator weights as JSON (validated by the quality module), with the optimistic
 * version and who changed them last. No row means the documented defaults.
 */
import { sql } from 'kysely';
import { withTimestamp, withVersion, type SchemaMigration } from './migration-helpers.ts';

export const qualityWeightsMigration: SchemaMigration = {
  name: '0008-quality-weights',
  async up({ db, dialect }) {
    await withVersion(
      withTimestamp(
        db.schema
          .createTable('quality_weights')
          .addColumn('office_id', 'integer', (c) =>
            c.primaryKey().references('offices.id').onDelete('cascade'),
          )
          .addColumn('weights_json', 'text', (c) => c.notNull().check(sql`length(weights_json) > 1`))
          .addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null')),
        dialect,
        'updated_at',
      ),
    ).execute();
  },
};
