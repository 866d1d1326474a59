/**
 * Test databases: a fresh, migrated SQLite file in a temp folder for every test, and — when
 * TEST_DATABASE_URL is set — a fresh PostgreSQL database created on that server and dropped
 * afterwards. `backends` lists the ones to run, for `describe.each(backends)`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';

export type Backend = 'sqlite' | 'postgres';

const postgresUrl = process.env.TEST_DATABASE_URL;

/** The backends tests run against: SQLite always, PostgreSQL when configured. */
export const backends: Backend[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase extends DatabaseHandle {
  /** Closes the handle and removes the database. */
  dispose(): Promise<void>;
}

/** Creates a fresh, migrated database on the given backend. */
export async function createTestDatabase(
  backend: Backend,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const shouldMigrate = options.migrate ?? true;
  if (backend === 'sqlite') {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-test-'));
    const handle = openDatabase({ kind: 'sqlite', file: path.join(folder, 'test.sqlite') });
    if (shouldMigrate) await migrateToLatest(handle.db, 'sqlite');
    return {
      ...handle,
      async dispose() {
        await handle.close();
        fs.rmSync(folder, { recursive: true, force: true });
      },
    };
  }
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `rectify_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ kind: 'postgres', url: url.toString() });
  if (shouldMigrate) await migrateToLatest(handle.db, 'postgres');
  return {
    ...handle,
    async dispose() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: postgresUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
