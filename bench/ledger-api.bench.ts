/**
 * Ledger API benchmark: the real server (bench/api-server.ts, in a child process) on the demo data
 * the demo-load bench has just loaded, signed in as an inspection-office user (the widest scope:
 * every unit of the office), loaded by autocannon from this process with 32 keep-alive
 * connections. Measured, each after a warm-up: the trivial endpoint (GET /api/health), the ledger
 * listing with two filters and a Chinese text search, and the same listing without the search.
 *
 * Latency percentiles are computed from every response's own time (autocannon's histogram rounds
 * to whole milliseconds); requests/s is responses over the measured duration.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { BenchBackend, LoadedBackend } from './demo-load.bench.ts';

export interface LedgerApiOptions {
  connections: number;
  warmUpSeconds: number;
  durationSeconds: number;
}

export const defaultLedgerApiOptions: LedgerApiOptions = {
  connections: 32,
  warmUpSeconds: 3,
  durationSeconds: 10,
};

/** The targets for the listing with filters and text search. */
export const ledgerApiTargets = { p95Ms: 50, throughputRatio: 0.5 } as const;

/** A word of the generated measures (e.g. "进一步健全完善相关制度机制"). */
export const SEARCH_WORD = '制度';

export type EndpointName = 'health' | 'ledgerSearch' | 'ledgerFilters';

export const endpoints: ReadonlyArray<{ name: EndpointName; label: string; path: string }> = [
  { name: 'health', label: 'GET /api/health (trivial)', path: '/api/health' },
  {
    name: 'ledgerSearch',
    label: `ledger: state + overdue + q=${SEARCH_WORD}`,
    path: `/api/ledger?state=in_progress,pending_review&overdue=true&q=${encodeURIComponent(SEARCH_WORD)}&pageSize=50`,
  },
  {
    name: 'ledgerFilters',
    label: 'ledger: state + overdue (no q)',
    path: '/api/ledger?state=in_progress,pending_review&overdue=true&pageSize=50',
  },
];

export interface EndpointFigures {
  label: string;
  path: string;
  /** Rows matching the query (the listing's `total`), for the ledger endpoints. */
  matchingRows: number | null;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  requestsPerSecond: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export type LedgerApiFigures =
  | {
      backend: BenchBackend;
      status: 'ok';
      options: LedgerApiOptions;
      endpoints: Record<EndpointName, EndpointFigures>;
      /** Listing requests/s over the trivial endpoint's, with and without the text search. */
      throughputRatio: { search: number; filters: number };
      /** p95 < 50 ms and ratio ≥ 50 %, for the listing with the text search. */
      meetsTargets: boolean;
      note: string;
    }
  | { backend: BenchBackend; status: 'skipped' | 'failed'; reason: string };

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const serverScript = fileURLToPath(new URL('./api-server.ts', import.meta.url));
const SERVER_START_TIMEOUT_MS = 120_000;
const SESSION_COOKIE = 'rectify_session';
/** Long enough that a slow listing is measured as slow rather than dropped as a timeout. */
const REQUEST_TIMEOUT_SECONDS = 120;

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The value below which `fraction` of the sorted sample lies (nearest rank). */
function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

interface RunningServer {
  url: string;
  username: string;
  password: string;
  child: ChildProcess;
}

/** Starts bench/api-server.ts on the loaded data and waits for its `{ url, … }` line. */
async function startServer(loaded: LoadedBackend): Promise<RunningServer> {
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    RECTIFY_DATA_DIR: loaded.dataDir,
    BENCH_TODAY: loaded.options.today,
  };
  if (loaded.databaseUrl) environment.DATABASE_URL = loaded.databaseUrl;
  else delete environment.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', serverScript], {
    cwd: repositoryRoot,
    env: environment,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise<RunningServer>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the API server did not start within ${SERVER_START_TIMEOUT_MS / 1000} s`));
    }, SERVER_START_TIMEOUT_MS);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`the API server exited with ${code} before it was ready: ${output.trim()}`));
    };
    child.once('exit', onExit);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (!line || !output.includes('\n')) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      const ready = JSON.parse(line) as { url: string; username: string; password: string };
      resolve({ ...ready, child });
    });
  });
}

async function stopServer(server: RunningServer): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/** Signs in once and returns the `Cookie` header value for the session. */
async function signIn(server: RunningServer): Promise<string> {
  const response = await fetch(new URL('/api/auth/login', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: server.username, password: server.password }),
  });
  if (!response.ok) throw new Error(`login answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .find((pair) => pair.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`login set no ${SESSION_COOKIE} cookie`);
  return cookie;
}

/** One request outside the load, to check the endpoint answers 200 and read the listing's total. */
async function probe(url: string, cookie: string): Promise<number | null> {
  const response = await fetch(url, { headers: { cookie } });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${body.slice(0, 300)}`);
  const parsed = JSON.parse(body) as { total?: unknown };
  return typeof parsed.total === 'number' ? parsed.total : null;
}

async function load(
  url: string,
  cookie: string,
  connections: number,
  seconds: number,
): Promise<{ result: autocannon.Result; latencies: number[] }> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, connections, duration: seconds, headers: { cookie }, timeout: REQUEST_TIMEOUT_SECONDS },
      (error, done) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done),
    );
    instance.on('response', (_client, _statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
  return { result, latencies };
}

async function measureEndpoint(
  server: RunningServer,
  cookie: string,
  endpoint: (typeof endpoints)[number],
  options: LedgerApiOptions,
  backend: BenchBackend,
): Promise<EndpointFigures> {
  const url = new URL(endpoint.path, server.url).toString();
  const matchingRows = await probe(url, cookie);
  process.stderr.write(`  ${backend} api: ${endpoint.label} — warm-up ${options.warmUpSeconds} s\n`);
  await load(url, cookie, options.connections, options.warmUpSeconds);
  process.stderr.write(`  ${backend} api: ${endpoint.label} — measuring ${options.durationSeconds} s\n`);
  const { result, latencies } = await load(url, cookie, options.connections, options.durationSeconds);
  const sorted = latencies.sort((a, b) => a - b);
  const requests = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return {
    label: endpoint.label,
    path: endpoint.path,
    matchingRows,
    p50Ms: round(percentile(sorted, 0.5), 2),
    p95Ms: round(percentile(sorted, 0.95), 2),
    p99Ms: round(percentile(sorted, 0.99), 2),
    maxMs: round(sorted.at(-1) ?? Number.NaN, 2),
    requestsPerSecond: round(requests / result.duration),
    requests,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** Runs the three loads against one loaded backend; the server is stopped before returning. */
export async function runLedgerApiBench(
  loaded: LoadedBackend,
  options: LedgerApiOptions = defaultLedgerApiOptions,
): Promise<LedgerApiFigures> {
  const { backend } = loaded;
  let server: RunningServer | undefined;
  try {
    server = await startServer(loaded);
    const cookie = await signIn(server);
    const figures = {} as Record<EndpointName, EndpointFigures>;
    for (const endpoint of endpoints) {
      figures[endpoint.name] = await measureEndpoint(server, cookie, endpoint, options, backend);
    }
    const trivial = figures.health.requestsPerSecond;
    const throughputRatio = {
      search: round(figures.ledgerSearch.requestsPerSecond / trivial, 3),
      filters: round(figures.ledgerFilters.requestsPerSecond / trivial, 3),
    };
    return {
      backend,
      status: 'ok',
      options,
      endpoints: figures,
      throughputRatio,
      meetsTargets:
        figures.ledgerSearch.p95Ms < ledgerApiTargets.p95Ms &&
        throughputRatio.search >= ledgerApiTargets.throughputRatio &&
        figures.ledgerSearch.non2xx === 0,
      note: `${loaded.note}; server in a child process, ${path.basename(serverScript)}`,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`  ${backend} api failed: ${reason}\n`);
    return { backend, status: 'failed', reason };
  } finally {
    if (server) await stopServer(server);
  }
}
