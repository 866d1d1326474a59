/**
 * What the backup tests share: a demo database with its own evidence folder, and the
 * canonical content of a database (every table as JSON, rows in primary-key order) that two
 * databases must agree on byte for byte after a restore.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDemoLoader } from '../demo/demo-loader.ts';
import { generateDemoDataset } from '../demo/demo-generator.ts';
import { createFixedClock } from '../common/clock.ts';
import { defaultDeadlinePolicy } from '../deadlines/deadline.rules.ts';
import { getOfficialCalendar } from '../deadlines/official-calendar.ts';
import { createFileStore } from '../../storage/file-store.ts';
import type { DatabaseHandle } from '../../storage/database.ts';
import { createTestDatabase, type Backend, type TestDatabase } from '../../../test/support/databases.ts';
import { describeTables, readTablePage } from './backup.repository.ts';

export const DEMO_NOW = '2026-11-20T02:00:00.000Z';

export interface DatabaseWithFiles {
  database: TestDatabase;
  filesDir: string;
  dispose(): Promise<void>;
}

/** A fresh database (migrated or not) with an empty evidence folder of its own. */
export async function createEmptyTarget(backend: Backend, migrate = true): Promise<DatabaseWithFiles> {
  const database = await createTestDatabase(backend, { migrate });
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-backup-files-'));
  return {
    database,
    filesDir,
    async dispose() {
      await database.dispose();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/** A database holding a small generated demo, with its evidence files. */
export async function createDemoSource(backend: Backend): Promise<DatabaseWithFiles> {
  const target = await createEmptyTarget(backend);
  await createDemoLoader({
    db: target.database.db,
    clock: createFixedClock(DEMO_NOW),
    fileStore: createFileStore(target.filesDir),
    calendar: getOfficialCalendar(),
    deadlinePolicy: defaultDeadlinePolicy,
  }).loadDemo(
    generateDemoDataset({
      units: 2,
      problemsPerUnit: 5,
      measuresPerProblem: 2,
      seed: 11,
      today: '2026-11-20',
    }),
  );
  return target;
}

/**
 * Every table as canonical JSON: rows in primary-key order. Text keys are sorted here by code
 * point, so the result does not depend on a backend's collation.
 */
export async function canonicalTables(database: DatabaseHandle): Promise<Record<string, string>> {
  const tables = await describeTables(database.db, database.dialect);
  const result: Record<string, string> = {};
  for (const table of tables) {
    const rows = await readTablePage(database.db, table.name, table.primaryKey, null, 1_000_000);
    const ordered = rows
      .map((row) => ({ key: JSON.stringify(table.primaryKey.map((column) => row[column])), row }))
      .sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0))
      .map((entry) => table.columns.map((column) => entry.row[column] ?? null));
    const sortable = table.primaryKey.every((column) => rows.every((row) => typeof row[column] === 'number'));
    result[table.name] = JSON.stringify(
      sortable ? rows.map((row) => table.columns.map((column) => row[column] ?? null)) : ordered,
    );
  }
  return result;
}

/** Every file under a folder, as relative path → bytes (hex). */
export function filesUnder(root: string): Record<string, string> {
  const result: Record<string, string> = {};
  if (!fs.existsSync(root)) return result;
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    result[path.relative(root, full)] = fs.readFileSync(full).toString('hex');
  }
  return result;
}
