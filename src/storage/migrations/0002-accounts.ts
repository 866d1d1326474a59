/**
 * Accounts: the failed-login record that login throttling counts (kept in the database so a
 * lockout survives a restart and holds across processes), and the indexes session lookups
 * and revocation need.
 */
import { sql } from 'kysely';
import { oneOf, withId, withTimestamp, type SchemaMigration } from './migration-helpers.ts';

export const accountsMigration: SchemaMigration = {
  name: '0002-accounts',
  async up(context) {
    const { db, dialect } = context;

    // One row per failed login, keyed by what is throttled: the username tried and the client
    // address. Rows older than the throttle window are ignored and pruned on the next failure.
    await withTimestamp(
      withId(db.schema.createTable('login_failures'), dialect)
        .addColumn('key_kind', 'text', (c) => c.notNull().check(oneOf('key_kind', ['username', 'address'])))
        .addColumn('key', 'text', (c) => c.notNull().check(sql`length(key) > 0`)),
      dialect,
      'failed_at',
    ).execute();
    await db.schema
      .createIndex('login_failures_key')
      .on('login_failures')
      .columns(['key_kind', 'key', 'failed_at'])
      .execute();

    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
    await db.schema.createIndex('user_scopes_user').on('user_scopes').column('user_id').execute();
  },
};
