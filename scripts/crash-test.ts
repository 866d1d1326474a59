/**
 * Crash-durability test (issue 2): kill -9 the server in the middle of writes, restart it, and
 * prove that every acknowledged write is there and the database is whole.
 *
 *   node --import tsx scripts/crash-test.ts [--rounds N] [--seed S] [--units N]
 *
 * Each round starts scripts/crash-writer.ts on a fresh data folder (the real server start: lock,
 * migrations, HTTP) writing demo inspections and acknowledging each committed one, SIGKILLs it at
 * a seeded random moment, then restarts the server on the same folder (so the data-folder lock
 * must have been released by the kill), runs the integrity check (SQLite integrity_check,
 * foreign_key_check, event hash chains), checks every acknowledged inspection against the
 * deterministic generator (problems, measures, evidence, ledger states, registers) and asks
 * GET /api/health. Exits non-zero with the reason on any lost write or integrity failure.
 * test/crash-durability.test.ts runs the same rounds under vitest.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startApplication } from '../src/app.ts';
import { generateDemoInspections } from '../src/modules/demo/demo-generator.ts';
import type { DemoInspection, DemoProblemProgress } from '../src/modules/demo/demo-dataset.ts';
import { createSeededRandom, deriveSeed } from '../src/modules/demo/seeded-random.ts';
import { listProblemIdsInDocumentOrder } from '../src/modules/ledger/ledger.repository.ts';
import { checkIntegrity } from '../src/modules/system/integrity.service.ts';
import type { ParsedProblem } from '../src/parse/parsed-document.schema.ts';
import type { Database } from '../src/storage/database.ts';

/** The data set the writer generates; kept here so the test can regenerate what to expect. */
export const crashWriterDemoOptions = {
  problemsPerUnit: 30,
  measuresPerProblem: 4,
  today: '2026-11-01',
} as const;

export interface CrashRoundOptions {
  /** 1-based round number, mixed into the seed so rounds kill at different moments. */
  round: number;
  seed: number;
  /** Units the writer would load if never killed; enough that it is always killed mid-way. */
  units: number;
  /** The kill comes this long after the first acknowledgement, drawn from the seeded stream. */
  minKillDelayMs: number;
  maxKillDelayMs: number;
}

export interface CrashRoundResult {
  round: number;
  killDelayMs: number;
  acknowledged: number;
  /** Inspections found in the database after restart (acknowledged or still in flight). */
  inspectionsInDatabase: number;
  eventsChecked: number;
  wasKilledMidWrite: boolean;
  /** The server started again on the folder, so the database could be checked at all. */
  wasRestarted: boolean;
  /** Empty when the round passed. */
  failures: string[];
}

export const defaultCrashRoundOptions: Omit<CrashRoundOptions, 'round'> = {
  seed: 1,
  units: 400,
  minKillDelayMs: 100,
  maxKillDelayMs: 3000,
};

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const writerScript = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));

/** Milliseconds to wait for the writer's first acknowledgement before calling the round broken. */
const FIRST_ACK_TIMEOUT_MS = 60_000;

export interface Acknowledgement {
  index: number;
  unitName: string;
}

interface WriterRun {
  acknowledgements: Acknowledgement[];
  wasKilledMidWrite: boolean;
  failure: string | null;
}

/** Runs the writer and SIGKILLs it `killDelayMs` after its first acknowledgement. */
async function runAndKillWriter(dataDir: string, options: CrashRoundOptions, killDelayMs: number) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      writerScript,
      '--data-dir',
      dataDir,
      '--units',
      String(options.units),
      '--seed',
      String(options.seed),
    ],
    { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const acknowledgements: Acknowledgement[] = [];
  let isDone = false;
  let errorOutput = '';
  let pending = '';
  let killTimer: NodeJS.Timeout | undefined;
  const startupTimer = setTimeout(() => child.kill('SIGKILL'), FIRST_ACK_TIMEOUT_MS);
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errorOutput += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const ack = /^ack (\d+) (.+)$/.exec(line);
      if (ack) {
        acknowledgements.push({ index: Number(ack[1]), unitName: ack[2] ?? '' });
        if (!killTimer) {
          clearTimeout(startupTimer);
          killTimer = setTimeout(() => child.kill('SIGKILL'), killDelayMs);
        }
      } else if (line === 'done') {
        isDone = true;
      }
    }
  });
  // 'close' comes after stdout has been drained, so every acknowledgement written before the kill
  // has been read by then.
  const signal = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (_code, closeSignal) => resolve(closeSignal));
  });
  clearTimeout(startupTimer);
  clearTimeout(killTimer);
  let failure: string | null = null;
  if (acknowledgements.length === 0) {
    failure = `the writer acknowledged nothing (signal ${signal}): ${errorOutput.trim().slice(-2000)}`;
  } else if (signal !== 'SIGKILL' && !isDone) {
    failure = `the writer died on its own before the kill: ${errorOutput.trim().slice(-2000)}`;
  }
  return {
    acknowledgements,
    wasKilledMidWrite: signal === 'SIGKILL' && !isDone,
    failure,
  } satisfies WriterRun;
}

interface ExpectedInspection {
  problems: number;
  measures: number;
  evidence: number;
  states: string[];
  institutions: number;
  meetings: number;
  outcomes: number;
}

/** The state the loader leaves an item in: it stops at the first step whose date is missing. */
function loadedState(progress: DemoProblemProgress): string {
  if (progress.state === 'draft' || !progress.startedOn) return 'draft';
  if (progress.state === 'in_progress' || !progress.appliedOn) return 'in_progress';
  if (progress.state === 'pending_review' || !progress.closedOn) return 'pending_review';
  return 'closed';
}

function countMeasures(problems: readonly ParsedProblem[]): number {
  return problems.reduce(
    (total, problem) => total + problem.measures.length + countMeasures(problem.children),
    0,
  );
}

/** What the demo loader writes for one generated inspection, counted the way the loader writes it. */
function expectationOf(inspection: DemoInspection): ExpectedInspection {
  return {
    problems: inspection.progress.length,
    measures: inspection.plan.aspects.reduce((total, aspect) => total + countMeasures(aspect.problems), 0),
    evidence: inspection.progress.reduce(
      (total, progress) =>
        total +
        (progress.startedOn &&
        progress.appliedOn &&
        progress.state !== 'draft' &&
        progress.state !== 'in_progress'
          ? progress.evidence.length
          : 0),
      // The look-back's rebounded item is closed again on one fresh piece of evidence.
      inspection.lookback ? 1 : 0,
    ),
    states: inspection.progress.map(loadedState),
    institutions: inspection.institutions.length,
    meetings: inspection.meetings.length,
    outcomes: inspection.outcomes.length,
  };
}

async function countWhere(
  db: Database,
  table: 'measures' | 'evidence',
  problemIds: readonly number[],
): Promise<number> {
  if (problemIds.length === 0) return 0;
  const row = await db
    .selectFrom(table)
    .select((builder) => builder.fn.countAll<number>().as('count'))
    .where('problem_id', 'in', problemIds)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function countForInspection(
  db: Database,
  table: 'institutions' | 'meetings' | 'outcomes',
  inspectionId: number,
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((builder) => builder.fn.countAll<number>().as('count'))
    .where('inspection_id', '=', inspectionId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Compares every acknowledged inspection in the database with what the generator says it holds. */
export async function findLostWrites(
  db: Database,
  options: CrashRoundOptions,
  acknowledgements: readonly Acknowledgement[],
): Promise<string[]> {
  const failures: string[] = [];
  const lastIndex = Math.max(0, ...acknowledgements.map((ack) => ack.index));
  const dataset = generateDemoInspections({
    ...crashWriterDemoOptions,
    units: options.units,
    seed: options.seed,
  });
  const expected: ExpectedInspection[] = [];
  for (const inspection of dataset.inspections) {
    if (expected.length >= lastIndex) break;
    expected.push(expectationOf(inspection));
  }
  for (const ack of acknowledgements) {
    const where = `acknowledged inspection ${ack.index} (${ack.unitName})`;
    if (dataset.units[ack.index - 1]?.name !== ack.unitName) {
      failures.push(`${where}: the writer named a different unit than the generator's unit ${ack.index}`);
      continue;
    }
    const rows = await db
      .selectFrom('inspections')
      .innerJoin('units', 'units.id', 'inspections.unit_id')
      .select('inspections.id')
      .where('units.name', '=', ack.unitName)
      .execute();
    if (rows.length !== 1) {
      failures.push(`${where}: ${rows.length} inspections in the database, expected 1`);
      continue;
    }
    const inspectionId = rows[0]!.id;
    const want = expected[ack.index - 1]!;
    const problemIds = await listProblemIdsInDocumentOrder(db, inspectionId);
    const stateRows = problemIds.length
      ? await db.selectFrom('problems').select(['id', 'state']).where('id', 'in', problemIds).execute()
      : [];
    const stateOf = new Map(stateRows.map((row) => [row.id, row.state as string]));
    const found: ExpectedInspection = {
      problems: problemIds.length,
      measures: await countWhere(db, 'measures', problemIds),
      evidence: await countWhere(db, 'evidence', problemIds),
      states: problemIds.map((id) => stateOf.get(id) ?? '?'),
      institutions: await countForInspection(db, 'institutions', inspectionId),
      meetings: await countForInspection(db, 'meetings', inspectionId),
      outcomes: await countForInspection(db, 'outcomes', inspectionId),
    };
    for (const key of ['problems', 'measures', 'evidence', 'institutions', 'meetings', 'outcomes'] as const) {
      if (found[key] !== want[key]) failures.push(`${where}: ${found[key]} ${key}, expected ${want[key]}`);
    }
    if (found.states.join() !== want.states.join()) {
      failures.push(`${where}: ledger states ${found.states.join()} differ from ${want.states.join()}`);
    }
  }
  return failures;
}

/** One round: write, kill -9, restart, check. Never throws for a failed check; lists it instead. */
export async function runCrashRound(options: CrashRoundOptions): Promise<CrashRoundResult> {
  const random = createSeededRandom(deriveSeed(options.seed, options.round));
  const killDelayMs = random.int(options.minKillDelayMs, options.maxKillDelayMs);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-crash-'));
  const result: CrashRoundResult = {
    round: options.round,
    killDelayMs,
    acknowledged: 0,
    inspectionsInDatabase: 0,
    eventsChecked: 0,
    wasKilledMidWrite: false,
    wasRestarted: false,
    failures: [],
  };
  try {
    const run = await runAndKillWriter(dataDir, options, killDelayMs);
    result.acknowledged = run.acknowledgements.length;
    result.wasKilledMidWrite = run.wasKilledMidWrite;
    if (run.failure) {
      result.failures.push(run.failure);
      return result;
    }
    // The restart is the product's own start: it takes the data-folder lock (which the kill must
    // have released), opens SQLite with the product's settings and migrates.
    let application: Awaited<ReturnType<typeof startApplication>>;
    try {
      application = await startApplication({
        port: 0,
        host: '127.0.0.1',
        dataDir,
        databaseUrl: null,
        isDemoEnabled: false,
        logLevel: 'silent',
        evidenceMaxBytes: 50 * 1024 * 1024,
      });
    } catch (error) {
      result.failures.push(`restart failed: ${error instanceof Error ? error.message : String(error)}`);
      return result;
    }
    result.wasRestarted = true;
    try {
      const integrity = await checkIntegrity(application.database);
      result.eventsChecked = integrity.eventsChecked;
      result.failures.push(...integrity.findings.map((finding) => `integrity: ${finding}`));
      const db = application.database.db;
      const count = await db
        .selectFrom('inspections')
        .select((builder) => builder.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      result.inspectionsInDatabase = Number(count.count);
      result.failures.push(...(await findLostWrites(db, options, run.acknowledgements)));
      const response = await fetch(`${application.url}/api/health`);
      const health = (await response.json()) as { ok?: boolean; database?: string };
      if (response.status !== 200 || health.ok !== true || health.database !== 'sqlite') {
        result.failures.push(`health after restart: HTTP ${response.status} ${JSON.stringify(health)}`);
      }
    } finally {
      await application.stop();
    }
    return result;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The one-line summary of a round. */
export function describeRound(result: CrashRoundResult, rounds: number): string {
  const hasFailed = (prefix: string) => result.failures.some((failure) => failure.startsWith(prefix));
  const verdict = result.failures.length === 0 ? 'PASS' : `FAIL (${result.failures.length} findings)`;
  const killed =
    `round ${result.round}/${rounds}: SIGKILL ${result.killDelayMs} ms after the first ack` +
    (result.wasKilledMidWrite ? '' : ' (the writer was not killed mid-write)');
  if (!result.wasRestarted) {
    return [killed, `${result.acknowledged} acknowledged`, 'not checked: no restart', verdict].join('; ');
  }
  const inFlight = result.inspectionsInDatabase - result.acknowledged;
  return [
    killed,
    `${result.acknowledged} acknowledged, ${hasFailed('acknowledged') ? 'SOME LOST OR INCOMPLETE' : 'all present and complete'}`,
    `${result.inspectionsInDatabase} in database (${inFlight} unacknowledged, in flight at the kill)`,
    hasFailed('integrity') ? 'INTEGRITY FAILED' : `integrity ok, ${result.eventsChecked} events chained`,
    hasFailed('health') ? 'HEALTH FAILED' : 'health ok',
    verdict,
  ].join('; ');
}

/** Runs `rounds` rounds one after another and returns their results. */
export async function runCrashTest(
  rounds: number,
  overrides: Partial<Omit<CrashRoundOptions, 'round'>> = {},
  onRound: (result: CrashRoundResult) => void = () => undefined,
): Promise<CrashRoundResult[]> {
  const results: CrashRoundResult[] = [];
  for (let round = 1; round <= rounds; round++) {
    const result = await runCrashRound({ ...defaultCrashRoundOptions, ...overrides, round });
    onRound(result);
    results.push(result);
  }
  return results;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      seed: { type: 'string', default: String(defaultCrashRoundOptions.seed) },
      units: { type: 'string', default: String(defaultCrashRoundOptions.units) },
    },
    strict: true,
  });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`--rounds must be a positive integer: ${values.rounds}`);
  const results = await runCrashTest(
    rounds,
    { seed: Number(values.seed), units: Number(values.units) },
    (result) => {
      process.stdout.write(`${describeRound(result, rounds)}\n`);
      for (const failure of result.failures) process.stdout.write(`  ✗ ${failure}\n`);
    },
  );
  const failed = results.filter((result) => result.failures.length > 0);
  const acknowledged = results.reduce((total, result) => total + result.acknowledged, 0);
  process.stdout.write(
    failed.length === 0
      ? `crash test passed: ${rounds} kill -9 rounds, ${acknowledged} acknowledged inspections, none lost, integrity intact\n`
      : `crash test FAILED in ${failed.length} of ${rounds} rounds: acknowledged writes lost or database damaged (see above)\n`,
  );
  return failed.length === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = await main();
  } catch (error) {
    process.stderr.write(`crash test: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
