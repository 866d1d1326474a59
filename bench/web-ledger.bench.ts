/**
 * The web ledger in headless Chromium: time from navigation to a usable ledger page of 500
 * problems, and the production bundle the page loads (gzip).
 *
 * Loads a demo of 17 units × 30 problems × 4 measures (510 problems, one office) into a temp
 * data folder, starts the real server in process (startApplication, demo off, clock fixed at the
 * demo's today), creates an inspection-office account, then in Chromium opens
 * /ledger?pageSize=500: one warm-up, then the median of 5 runs, each in a fresh page with a
 * warm HTTP cache as a returning user has. "Usable" = the page marks itself ready with all 500
 * rows' data in the table (data-ledger-ready, data-ledger-rows); we also time scrolling the
 * virtual list to the last row until its title shows, and one ↓ key press until a row is focused.
 * Bundle: the JS and CSS files under /assets/ the page requested, gzipped with node:zlib.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWebIfStale } from '../scripts/build-web.ts';
import { startApplication } from '../src/app.ts';
import { readConfig } from '../src/config.ts';
import { createFixedClock } from '../src/modules/common/clock.ts';
import { createUserService } from '../src/modules/users/user.service.ts';

export interface WebLedgerOptions {
  units: number;
  problemsPerUnit: number;
  measuresPerProblem: number;
  pageSize: number;
  runs: number;
  today: string;
}

export const defaultWebLedgerOptions: WebLedgerOptions = {
  units: 17,
  problemsPerUnit: 30,
  measuresPerProblem: 4,
  pageSize: 500,
  runs: 5,
  today: '2026-11-20',
};

export interface BundleFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export type WebLedgerFigures =
  | {
      status: 'ok';
      problemsLoaded: number;
      rowsShown: number;
      /** Navigation → all rows' data in the table and the page marked ready (median, ms). */
      usableMedianMs: number;
      usableRunsMs: number[];
      /** Scrolling the virtual list to the bottom until the last row's title shows (median, ms). */
      lastRowMedianMs: number;
      /** One ↓ key press until the focused row shows (median, ms). */
      keyResponseMedianMs: number;
      bundle: { totalGzipBytes: number; totalBytes: number; mainChunk: BundleFile; files: BundleFile[] };
    }
  | { status: 'skipped' | 'failed'; reason: string };

const CHROMIUM_PATH = process.env.RECTIFY_CHROMIUM ?? '/usr/bin/chromium';
const distDir = path.resolve('web/dist');

/** The environment for the demo load: this data folder on SQLite, whatever the caller had set. */
function sqliteEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, RECTIFY_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return env;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value);
}

/** The bundle files a page requested, with raw and gzip sizes, read from web/dist. */
function bundleOf(requested: ReadonlySet<string>) {
  const files: BundleFile[] = [...requested].sort().map((file) => {
    const content = fs.readFileSync(path.join(distDir, file));
    return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const entry = /<script[^>]+src="\/?([^"]+\.js)"/.exec(html)?.[1];
  const mainChunk = files.find((file) => file.file === entry) ?? files[0]!;
  return {
    totalGzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
    totalBytes: files.reduce((sum, file) => sum + file.bytes, 0),
    mainChunk,
    files,
  };
}

async function timeOneRun(page: Page, url: string, rows: number, lastTitle: string) {
  const started = performance.now();
  await page.goto(url);
  await page
    .locator(`[data-ledger-ready="true"][data-ledger-rows="${rows}"] .ant-table-row`)
    .first()
    .waitFor();
  const usableMs = performance.now() - started;
  const scrollStarted = performance.now();
  // A string, evaluated in the page: this file is type-checked without the DOM library.
  await page.evaluate(`(() => {
    const holder =
      document.querySelector('.ant-table-tbody-virtual-holder') ?? document.querySelector('.ant-table-body');
    if (holder) holder.scrollTop = holder.scrollHeight;
  })()`);
  await page.locator('.ledger-title', { hasText: lastTitle }).last().waitFor();
  const lastRowMs = performance.now() - scrollStarted;
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const keyStarted = performance.now();
  await page.keyboard.press('ArrowDown');
  await page.locator('.ledger-row-focused').waitFor();
  const keyMs = performance.now() - keyStarted;
  return { usableMs, lastRowMs, keyMs };
}

export async function runWebLedgerBench(
  options: WebLedgerOptions = defaultWebLedgerOptions,
): Promise<WebLedgerFigures> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    return { status: 'skipped', reason: `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)` };
  }
  await buildWebIfStale();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-web-bench-'));
  const clock = createFixedClock(`${options.today}T02:00:00.000Z`);
  let browser: Browser | undefined;
  // The CLI's demo command: the same generator and loader the product uses, into the data folder.
  const load = spawnSync(
    process.execPath,
    [
      'bin/rectify.js',
      'demo',
      '--units',
      String(options.units),
      '--problems',
      String(options.problemsPerUnit),
      '--measures',
      String(options.measuresPerProblem),
      '--today',
      options.today,
    ],
    { encoding: 'utf8', env: sqliteEnv(dataDir) },
  );
  if (load.status !== 0) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    return { status: 'failed', reason: `demo load failed: ${load.stderr || load.stdout}` };
  }
  const application = await startApplication(
    readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      RECTIFY_DATA_DIR: dataDir,
      RECTIFY_DEMO: 'off',
      LOG_LEVEL: 'silent',
    }),
    clock,
  );
  try {
    const db = application.database.db;
    const counted = await db
      .selectFrom('problems')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const office = await db.selectFrom('offices').select('id').orderBy('id').executeTakeFirstOrThrow();
    const username = `bench-web-${randomBytes(4).toString('hex')}`;
    const password = randomBytes(18).toString('base64url');
    await createUserService({ db, clock }).createUser('system', {
      username,
      displayName: '压测巡察办',
      role: 'office',
      officeId: office.id,
      unitIds: [],
      password,
    });

    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const login = await context.request.post(`${application.url}/api/auth/login`, {
      data: { username, password },
    });
    if (!login.ok()) throw new Error(`bench login failed: ${login.status()}`);
    const listing = (await (
      await context.request.get(`${application.url}/api/ledger?pageSize=${options.pageSize}`)
    ).json()) as { items: Array<{ title: string }>; total: number };
    const rows = listing.items.length;
    const lastTitle = listing.items.at(-1)!.title;
    const url = `${application.url}/ledger?pageSize=${options.pageSize}`;

    const requested = new Set<string>();
    const runs: Array<{ usableMs: number; lastRowMs: number; keyMs: number }> = [];
    for (let run = 0; run <= options.runs; run += 1) {
      const page = await context.newPage();
      page.on('request', (request) => {
        const { pathname } = new URL(request.url());
        if (pathname.startsWith('/assets/') && /\.(js|css)$/.test(pathname)) requested.add(pathname.slice(1));
      });
      const figures = await timeOneRun(page, url, rows, lastTitle);
      if (run > 0) runs.push(figures);
      await page.close();
    }
    return {
      status: 'ok',
      problemsLoaded: Number(counted.n),
      rowsShown: rows,
      usableMedianMs: median(runs.map((run) => run.usableMs)),
      usableRunsMs: runs.map((run) => Math.round(run.usableMs)),
      lastRowMedianMs: median(runs.map((run) => run.lastRowMs)),
      keyResponseMedianMs: median(runs.map((run) => run.keyMs)),
      bundle: bundleOf(requested),
    };
  } catch (error) {
    return { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await browser?.close();
    await application.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
