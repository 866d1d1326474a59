/**
 * Demo-load benchmark: generates the 1,000 units × 30 problems × 4 measures with the
 * product's own generator and writes it through the product's demo loader into a fresh SQLite file
 * (WAL, synchronous=FULL, as the product opens it) and a fresh PostgreSQL database, then reports
 * load time, throughput, database size, peak memory and the counts read back from the database.
 *
 * Each backend is loaded in its own child process (this file, run with `--backend`), so the peak
 * RSS reported for one backend is that backend's alone and not the high-water mark of the other.
 * The parent owns the work folder and the PostgreSQL database: a caller may use the loaded data
 * (e.g. the ledger API bench) through `afterLoad` before both are dropped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { createFixedClock } from '../src/modules/common/clock.ts';
import { defaultDeadlinePolicy } from '../src/modules/deadlines/deadline.rules.ts';
import { getOfficialCalendar } from '../src/modules/deadlines/official-calendar.ts';
import { generateDemoInspections } from '../src/modules/demo/demo-generator.ts';
import { createDemoLoader } from '../src/modules/demo/demo-loader.ts';
import { openDatabase, SQLITE_FILE_NAME, type DatabaseHandle } from '../src/storage/database.ts';
import { createFileStore } from '../src/storage/file-store.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';

export type BenchBackend = 'sqlite' | 'postgres';

export interface DemoLoadOptions {
  units: number;
  problemsPerUnit: number;
  measuresPerProblem: number;
  seed: number;
  /** The demo's "today", fixed so every run generates the same data. */
  today: string;
}

/** The benchmark size: 1,000 units × 30 problems × 4 measures. */
export const fullDemoLoadOptions: DemoLoadOptions = {
  units: 1000,
  problemsPerUnit: 30,
  measuresPerProblem: 4,
  seed: 1,
  today: '2026-11-01',
};

export interface DemoLoadCounts {
  inspections: number;
  problems: number;
  measures: number;
  evidence: number;
}

export type DemoLoadFigures =
  | {
      backend: BenchBackend;
      status: 'ok';
      /** Seconds spent generating and loading (migrations excluded). */
      loadSeconds: number;
      /** Problems plus measures written per second. */
      rowsPerSecond: number;
      /** SQLite: main file + WAL after a checkpoint; PostgreSQL: pg_database_size. */
      databaseMb: number;
      /** Evidence files in the data folder (content-addressed, same for both backends). */
      evidenceFilesMb: number;
      /** Peak resident set of the loading Node process (the PostgreSQL server is not included). */
      peakRssMb: number;
      counts: DemoLoadCounts;
      /** Where the database lived, e.g. "private cluster" or "TEST_DATABASE_URL". */
      note: string;
    }
  | { backend: BenchBackend; status: 'skipped' | 'failed'; reason: string };

/** A backend holding the loaded demo, as `afterLoad` receives it (dropped once it returns). */
export interface LoadedBackend {
  backend: BenchBackend;
  /** The data folder: the SQLite file (for sqlite) and the evidence files (for both). */
  dataDir: string;
  /** The loaded PostgreSQL database, or null for SQLite. */
  databaseUrl: string | null;
  options: DemoLoadOptions;
  note: string;
}

/** A bench section's row for a backend it could not measure. */
export interface FailedBenchRow {
  backend: BenchBackend;
  status: 'failed';
  reason: string;
}

/**
 * Opens the database `afterLoad` was given, runs one section's measurements on it and closes it;
 * an error becomes that section's failed row, so one section's failure never hides the others.
 */
export async function measureOnLoaded<T>(
  loaded: LoadedBackend,
  measure: (handle: DatabaseHandle) => Promise<T>,
): Promise<T | FailedBenchRow> {
  const handle =
    loaded.backend === 'sqlite'
      ? openDatabase({ kind: 'sqlite', file: path.join(loaded.dataDir, SQLITE_FILE_NAME) })
      : openDatabase({ kind: 'postgres', url: loaded.databaseUrl ?? '' });
  try {
    return await measure(handle);
  } catch (error) {
    return {
      backend: loaded.backend,
      status: 'failed',
      reason: error instanceof Error ? error.message : String(error),
    };
  } finally {
    await handle.close();
  }
}

/** How often (in inspections) the loader reports progress on stderr. */
const PROGRESS_EVERY_INSPECTIONS = 100;

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function sizeOfTree(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.size;
  return fs.readdirSync(target).reduce((total, name) => total + sizeOfTree(path.join(target, name)), 0);
}

async function readCounts(database: DatabaseHandle): Promise<DemoLoadCounts> {
  const count = async (table: 'inspections' | 'problems' | 'measures' | 'evidence') => {
    const row = await database.db
      .selectFrom(table)
      .select((builder) => builder.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  };
  return {
    inspections: await count('inspections'),
    problems: await count('problems'),
    measures: await count('measures'),
    evidence: await count('evidence'),
  };
}

async function measureDatabaseBytes(database: DatabaseHandle, sqliteFile: string | null): Promise<number> {
  if (database.dialect === 'postgres') {
    const result = await sql<{
      size: string | number;
    }>`select pg_database_size(current_database()) as size`.execute(database.db);
    return Number(result.rows[0]?.size ?? 0);
  }
  // A checkpoint first, so the figure is the data itself rather than however much WAL happened to
  // be pending when the load ended; TRUNCATE leaves the -wal file empty.
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(database.db);
  const file = sqliteFile ?? '';
  return sizeOfTree(file) + sizeOfTree(`${file}-wal`);
}

/**
 * Loads the demo into one backend inside this process and returns its figures. The work folder
 * (a data folder: the SQLite file for sqlite, the evidence files for both) belongs to the caller.
 */
async function loadIntoBackend(
  backend: BenchBackend,
  options: DemoLoadOptions,
  postgresUrl: string | null,
  note: string,
  workDir: string,
): Promise<DemoLoadFigures> {
  const sqliteFile = backend === 'sqlite' ? path.join(workDir, SQLITE_FILE_NAME) : null;
  const database =
    backend === 'sqlite'
      ? openDatabase({ kind: 'sqlite', file: sqliteFile ?? '' })
      : openDatabase({ kind: 'postgres', url: postgresUrl ?? '' });
  try {
    await migrateToLatest(database.db, database.dialect);
    const dataset = generateDemoInspections(options);
    const loader = createDemoLoader({
      db: database.db,
      clock: createFixedClock(`${options.today}T02:00:00.000Z`),
      fileStore: createFileStore(path.join(workDir, 'files')),
      calendar: getOfficialCalendar(),
      deadlinePolicy: defaultDeadlinePolicy,
    });
    const started = performance.now();
    await loader.loadDemo(dataset, (loaded) => {
      if (loaded % PROGRESS_EVERY_INSPECTIONS === 0 || loaded === dataset.inspectionCount) {
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        process.stderr.write(`  ${backend}: loaded ${loaded}/${dataset.inspectionCount} (${seconds} s)\n`);
      }
    });
    const loadSeconds = (performance.now() - started) / 1000;
    const counts = await readCounts(database);
    const databaseBytes = await measureDatabaseBytes(database, sqliteFile);
    return {
      backend,
      status: 'ok',
      loadSeconds: Math.round(loadSeconds * 10) / 10,
      rowsPerSecond: Math.round((counts.problems + counts.measures) / loadSeconds),
      databaseMb: megabytes(databaseBytes),
      evidenceFilesMb: megabytes(sizeOfTree(path.join(workDir, 'files'))),
      // maxRSS is in kilobytes.
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      counts,
      note,
    };
  } finally {
    await database.close();
  }
}

/** Runs this file as a child for one backend and reads its figures from the last stdout line. */
async function loadInChild(
  backend: BenchBackend,
  options: DemoLoadOptions,
  postgresUrl: string | null,
  note: string,
  workDir: string,
): Promise<DemoLoadFigures> {
  const args = [
    '--import',
    'tsx',
    fileURLToPath(import.meta.url),
    '--backend',
    backend,
    '--options',
    JSON.stringify(options),
    '--note',
    note,
    '--work-dir',
    workDir,
  ];
  if (postgresUrl) args.push('--url', postgresUrl);
  const child = spawn(process.execPath, args, { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const lastLine = output.trim().split('\n').at(-1) ?? '';
  if (exitCode !== 0 || !lastLine.startsWith('{')) {
    return { backend, status: 'failed', reason: `loader process exited with ${exitCode}: ${lastLine}` };
  }
  return JSON.parse(lastLine) as DemoLoadFigures;
}

interface PostgresTarget {
  url: string;
  note: string;
  release(): Promise<void>;
}

function withDatabaseName(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Finds a PostgreSQL server (BENCH_DATABASE_URL, TEST_DATABASE_URL, or a private cluster started
 * here) and creates a fresh database on it. Returns the reason instead when there is none.
 */
async function preparePostgres(): Promise<PostgresTarget | { reason: string }> {
  let serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || null;
  let note = process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'TEST_DATABASE_URL';
  let clusterDir: string | null = null;
  const stopCluster = () => {
    if (clusterDir)
      spawnSync('bash', [path.join(repositoryRoot, 'scripts/pg-private-cluster.sh'), 'stop', clusterDir]);
    clusterDir = null;
  };
  if (!serverUrl) {
    const started = spawnSync('bash', [path.join(repositoryRoot, 'scripts/pg-private-cluster.sh')], {
      encoding: 'utf8',
    });
    if (started.status !== 0) {
      return {
        reason: (started.stderr || started.error?.message || 'could not start a private cluster').trim(),
      };
    }
    clusterDir = /RECTIFY_PG_DIR=(\S+)/.exec(started.stdout)?.[1] ?? null;
    serverUrl = /TEST_DATABASE_URL=(\S+)/.exec(started.stdout)?.[1] ?? null;
    note = 'private cluster (scripts/pg-private-cluster.sh)';
    if (!serverUrl) {
      stopCluster();
      return { reason: `unexpected output from pg-private-cluster.sh: ${started.stdout}` };
    }
  }
  // A Ctrl-C during a long load should not leave a private cluster running in /tmp.
  const onInterrupt = () => {
    stopCluster();
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  const name = `rectify_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (error) {
    process.off('SIGINT', onInterrupt);
    stopCluster();
    return {
      reason: `cannot create a database on ${note}: ${error instanceof Error ? error.message : error}`,
    };
  } finally {
    await admin.end().catch(() => undefined);
  }
  const adminUrl = serverUrl;
  return {
    url: withDatabaseName(adminUrl, name),
    note,
    async release() {
      process.off('SIGINT', onInterrupt);
      const cleanup = new pg.Client({ connectionString: adminUrl });
      try {
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end().catch(() => undefined);
        stopCluster();
      }
    },
  };
}

/**
 * Loads one backend in a child, then hands the loaded data to `afterLoad` (when the load
 * succeeded) before removing the work folder.
 */
async function loadAndUse(
  backend: BenchBackend,
  options: DemoLoadOptions,
  postgresUrl: string | null,
  note: string,
  afterLoad: ((loaded: LoadedBackend) => Promise<void>) | undefined,
): Promise<DemoLoadFigures> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-bench-'));
  try {
    const figures = await loadInChild(backend, options, postgresUrl, note, workDir);
    if (figures.status === 'ok' && afterLoad) {
      await afterLoad({ backend, dataDir: workDir, databaseUrl: postgresUrl, options, note });
    }
    return figures;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Runs the demo-load benchmark on SQLite and (when available) PostgreSQL. `afterLoad`, when given,
 * runs on each successfully loaded backend before its data folder and database are dropped, so
 * further benchmarks reuse the load instead of repeating it.
 */
export async function runDemoLoadBench(
  overrides: Partial<DemoLoadOptions> = {},
  backends: readonly BenchBackend[] = ['sqlite', 'postgres'],
  afterLoad?: (loaded: LoadedBackend) => Promise<void>,
): Promise<{ options: DemoLoadOptions; results: DemoLoadFigures[] }> {
  const options = { ...fullDemoLoadOptions, ...overrides };
  const results: DemoLoadFigures[] = [];
  for (const backend of backends) {
    process.stderr.write(
      `demo load → ${backend}: ${options.units} units × ${options.problemsPerUnit} problems × ${options.measuresPerProblem} measures\n`,
    );
    if (backend === 'sqlite') {
      results.push(
        await loadAndUse('sqlite', options, null, 'temp folder, WAL, synchronous=FULL', afterLoad),
      );
      continue;
    }
    const target = await preparePostgres();
    if ('reason' in target) {
      process.stderr.write(`  postgres skipped: ${target.reason}\n`);
      results.push({ backend, status: 'skipped', reason: target.reason });
      continue;
    }
    try {
      results.push(await loadAndUse('postgres', options, target.url, target.note, afterLoad));
    } finally {
      await target.release();
    }
  }
  return { options, results };
}

async function runAsChild(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string' },
      options: { type: 'string' },
      url: { type: 'string' },
      note: { type: 'string' },
      'work-dir': { type: 'string' },
    },
  });
  const workDir = values['work-dir'];
  if (!workDir) throw new Error('--work-dir is required');
  const backend = values.backend === 'postgres' ? 'postgres' : 'sqlite';
  const options = {
    ...fullDemoLoadOptions,
    ...(JSON.parse(values.options ?? '{}') as Partial<DemoLoadOptions>),
  };
  const figures = await loadIntoBackend(backend, options, values.url ?? null, values.note ?? '', workDir);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runAsChild();
}
