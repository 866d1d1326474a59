/**
 * Migration 0009: notification channels — each office's robots (WeCom, DingTalk, Feishu, generic
 * JSON webhook), each user's e-mail opt-in, the delivery outbox (one row per notification ×
 * channel × target, unique by its key so nothing is sent twice) and a row per delivery attempt.
 */
import { sql } from 'kysely';
import {
  oneOf,
  withFlag,
  withId,
  withOffice,
  withTimestamp,
  type SchemaMigration,
} from './migration-helpers.ts';

const robotKinds = ['wecom', 'dingtalk', 'feishu', 'webhook'] as const;
const channels = ['email', ...robotKinds] as const;
const statuses = ['pending', 'sent', 'failed'] as const;

export const notificationDeliveriesMigration: SchemaMigration = {
  name: '0009-notification-deliveries',
  async up({ db, dialect }) {
    await db.schema
      .createTable('office_robots')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', robotKinds)))
      .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 100`))
      .addColumn('url', 'text', (c) => c.notNull().check(sql`url like 'http%'`))
      .addColumn('secret', 'text')
      .$call((t) => withFlag(t, 'is_enabled', 1))
      .$call((t) => withTimestamp(t, dialect, 'created_at'))
      .execute();

    await db.schema
      .createTable('user_notification_settings')
      .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('email', 'text', (c) => c.check(sql`email is null or email like '%_@_%'`))
      .$call((t) => withFlag(t, 'email_enabled', 0))
      .$call((t) => withTimestamp(t, dialect, 'updated_at'))
      .execute();

    await db.schema
      .createTable('notification_deliveries')
      .$call((t) => withOffice(withId(t, dialect)))
      .addColumn('notification_id', 'integer', (c) =>
        c.notNull().references('notifications.id').onDelete('cascade'),
      )
      .addColumn('channel', 'text', (c) => c.notNull().check(oneOf('channel', channels)))
      .addColumn('robot_id', 'integer', (c) => c.references('office_robots.id').onDelete('cascade'))
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('delivery_key', 'text', (c) => c.notNull().unique())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(oneOf('status', statuses)))
      .addColumn('attempts', 'integer', (c) =>
        c
          .notNull()
          .defaultTo(0)
          .check(sql`attempts >= 0`),
      )
      .$call((t) => withTimestamp(t, dialect, 'next_attempt_at'))
      .addColumn('last_error', 'text')
      .$call((t) => withTimestamp(t, dialect, 'created_at'))
      .$call((t) => withTimestamp(t, dialect, 'sent_at', false))
      .execute();
    await db.schema
      .createIndex('notification_deliveries_due')
      .on('notification_deliveries')
      .columns(['status', 'next_attempt_at'])
      .execute();

    await db.schema
      .createTable('notification_delivery_attempts')
      .$call((t) => withId(t, dialect))
      .addColumn('delivery_id', 'integer', (c) =>
        c.notNull().references('notification_deliveries.id').onDelete('cascade'),
      )
      .addColumn('attempt', 'integer', (c) => c.notNull().check(sql`attempt >= 1`))
      .$call((t) => withTimestamp(t, dialect, 'at'))
      .$call((t) => withFlag(t, 'is_success'))
      .addColumn('error', 'text')
      .addUniqueConstraint('notification_delivery_attempts_once', ['delivery_id', 'attempt'])
      .execute();
  },
};
