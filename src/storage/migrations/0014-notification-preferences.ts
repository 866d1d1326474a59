/**
 * Migration 0014: notification preferences. Each user, each office robot and each office's policy
 * names the rule kinds it does not want (stored as the muted ones, so a kind added later reaches
 * everyone until they opt out); robots and user settings gain an optimistic version.
 */
import { sql } from 'kysely';
import type { SchemaMigration } from './migration-helpers.ts';

export const notificationPreferencesMigration: SchemaMigration = {
  name: '0014-notification-preferences',
  async up({ db }) {
    for (const table of ['office_robots', 'user_notification_settings', 'office_policies']) {
      await db.schema
        .alterTable(table)
        .addColumn('muted_kinds_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
    }
    for (const table of ['office_robots', 'user_notification_settings']) {
      await db.schema
        .alterTable(table)
        .addColumn('version', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(1)
            .check(sql`version >= 1`),
        )
        .execute();
    }
  },
};
