/**
 * Opens the database: embedded SQLite in the data folder by default, or a PostgreSQL server
 * when a postgres:// URL is given. Both return the same typed Kysely handle, so nothing above
 * this layer knows which one it talks to.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Tables } from './schema.ts';
import type { Dialect } from './migrations/migration-helpers.ts';

export type Database = Kysely<Tables>;
export type DatabaseTransaction = Transaction<Tables>;
/** A handle that is either the database or an open transaction: repositories accept both. */
export type Executor = Database | DatabaseTransaction;

export interface DatabaseHandle {
  db: Database;
  dialect: Dialect;
  /** For SQLite, the file path; for PostgreSQL, the URL without password. */
  location: string;
  close(): Promise<void>;
}

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** SQLite file name inside the data folder. */
export const SQLITE_FILE_NAME = 'rectify.sqlite';

/** Milliseconds a SQLite writer waits for another writer before giving up. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** Opens better-sqlite3 with the durability settings STACK.md measured (WAL + full fsync). */
export function openSqliteFile(file: string): BetterSqlite3.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return sqlite;
}

function createPostgresPool(url: string): pg.Pool {
  // Dates stay calendar strings, instants become ISO strings and bigint counts become numbers,
  // so rows look exactly like SQLite's.
  const parsers: Record<number, (value: string) => unknown> = {
    1082: (value) => value,
    1184: (value) => new Date(value).toISOString(),
    1114: (value) => new Date(`${value}Z`).toISOString(),
    20: (value) => Number(value),
    1700: (value) => Number(value),
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle pooled connection can be closed by the server (restart, admin command); the pool
  // replaces it on the next checkout, so this is logged rather than left to crash the process.
  pool.on('error', (error: Error & { code?: string }) => {
    if (error.code !== '57P01') process.stderr.write(`postgres idle connection error: ${error.message}\n`);
  });
  return pool;
}

/** Hides the password of a connection URL for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(invalid url)';
  }
}

/** Opens the target database (without migrating it). */
export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.kind === 'sqlite') {
    const sqlite = openSqliteFile(target.file);
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect: 'sqlite', location: target.file, close: () => db.destroy() };
  }
  const pool = createPostgresPool(target.url);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', location: redactUrl(target.url), close: () => db.destroy() };
}
