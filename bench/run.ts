/**
 * `npm run bench`: runs every benchmark (demo load on SQLite and PostgreSQL, the ledger API under
 * load on the data just loaded, and the parse bench), prints a table and writes it to
 * bench/results/latest.json (machine-readable) and latest.md.
 *
 *   npm run bench -- [--only demo|api|parse|web|quality|supervision|reports|search|figures] [--units N]
 *
 * The data is loaded once per backend: the API bench runs on it before it is dropped, so
 * `--only api` loads too (and reports the load). `--units N` scales the demo load down for a
 * quick run; the figures in the repository come from a full run (1,000 units). `--only web` times
 * the web ledger in headless Chromium (bench/web-ledger.bench.ts) and keeps the other sections of
 * the previous latest.json. `--only quality` loads the demo into SQLite and PostgreSQL and times
 * duplication detection, timing checks and the office-wide grade list (bench/quality.bench.ts).
 * `--only supervision` loads the demo into SQLite and PostgreSQL and times one supervision-engine
 * scan and a same-day rerun, with the queries each issued (bench/supervision.bench.ts).
 * `--only reports` (also part of the full run) times a 200-problem notice .docx and a 30,000-row
 * ledger .xlsx export and import on its own small SQLite demo (bench/reports.bench.ts).
 * `--only search` loads the demo into SQLite and PostgreSQL and times the full-text index build
 * and refresh, typical queries' p95 and the 举一反三 grouping (bench/search.bench.ts); its section
 * is kept by every other run.
 * `--only figures` loads the demo into SQLite and PostgreSQL and times the office's figures for a
 * round and across rounds, and two drill-downs (bench/figures.bench.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  runDemoLoadBench,
  type DemoLoadFigures,
  type DemoLoadOptions,
  type LoadedBackend,
} from './demo-load.bench.ts';
import {
  defaultLedgerApiOptions,
  ledgerApiTargets,
  runLedgerApiBench,
  type LedgerApiFigures,
  type LedgerApiOptions,
} from './ledger-api.bench.ts';
import { renderFigures, runFiguresBench, type FiguresBenchFigures } from './figures.bench.ts';
import { renderQuality, runQualityBench, type QualityFigures } from './quality.bench.ts';
import { renderReports, runReportsBench, type ReportsFigures } from './reports.bench.ts';
import { renderSearch, runSearchBench, type SearchFigures } from './search.bench.ts';
import { renderSupervision, runSupervisionBench, type SupervisionFigures } from './supervision.bench.ts';
import {
  defaultWebLedgerOptions,
  runWebLedgerBench,
  type WebLedgerFigures,
  type WebLedgerOptions,
} from './web-ledger.bench.ts';

type ParseFigures =
  { status: 'ok'; figures: Record<string, number> } | { status: 'skipped' | 'failed'; reason: string };

interface BenchReport {
  date: string;
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  totalMemoryMb: number;
  totalSeconds: number;
  demoLoad?: { options: DemoLoadOptions; results: DemoLoadFigures[] };
  ledgerApi?: { options: LedgerApiOptions; results: LedgerApiFigures[] };
  parse?: ParseFigures;
  webLedger?: { options: WebLedgerOptions; result: WebLedgerFigures };
  quality?: { results: QualityFigures[] };
  supervision?: { results: SupervisionFigures[] };
  reports?: ReportsFigures;
  search?: { results: SearchFigures[] };
  figures?: { results: FiguresBenchFigures[] };
}

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

/**
 * The parse bench belongs to another part of the project and may not exist yet in a given
 * checkout; its absence is recorded rather than failing the other benchmarks.
 */
async function runParseBench(): Promise<ParseFigures> {
  const file = new URL('./parse.bench.ts', import.meta.url);
  if (!fs.existsSync(file))
    return { status: 'skipped', reason: 'not available — bench/parse.bench.ts is missing' };
  // A computed specifier keeps the type checker from resolving a file that may be absent.
  const specifier: string = file.href;
  let module: { runParseBench?: unknown };
  try {
    module = (await import(specifier)) as { runParseBench?: unknown };
  } catch (error) {
    return {
      status: 'failed',
      reason: `cannot import bench/parse.bench.ts: ${error instanceof Error ? error.message : error}`,
    };
  }
  if (typeof module.runParseBench !== 'function') {
    return { status: 'skipped', reason: 'not available — bench/parse.bench.ts has no runParseBench export' };
  }
  try {
    const figures = (await (module.runParseBench as () => Promise<Record<string, number>>)()) ?? {};
    return { status: 'ok', figures };
  } catch (error) {
    return { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}

const formatNumber = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });

function renderLedgerApi(section: NonNullable<BenchReport['ledgerApi']>): string[] {
  const { options, results } = section;
  const lines = [
    `## Ledger API under load: ${options.connections} connections, ${options.durationSeconds} s each after ${options.warmUpSeconds} s warm-up`,
    '',
    '| backend | endpoint | matching rows | p50 ms | p95 ms | p99 ms | max ms | requests/s | requests | non-2xx | errors | vs trivial |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const verdicts: string[] = [];
  for (const result of results) {
    if (result.status !== 'ok') {
      lines.push(`| ${result.backend} | ${result.status}: ${result.reason.replaceAll('|', '/')} |`);
      continue;
    }
    const trivial = result.endpoints.health.requestsPerSecond;
    for (const figures of Object.values(result.endpoints)) {
      const cells = [
        result.backend,
        figures.label.replaceAll('|', '/'),
        figures.matchingRows ?? '—',
        figures.p50Ms,
        figures.p95Ms,
        figures.p99Ms,
        figures.maxMs,
        figures.requestsPerSecond,
        figures.requests,
        figures.non2xx,
        figures.errors,
        `${formatNumber((figures.requestsPerSecond / trivial) * 100)} %`,
      ].map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell));
      lines.push(`| ${cells.join(' | ')} |`);
    }
    const search = result.endpoints.ledgerSearch;
    verdicts.push(
      `- ${result.backend}: listing with text search p95 ${formatNumber(search.p95Ms)} ms ` +
        `(target < ${ledgerApiTargets.p95Ms}), throughput ${formatNumber(result.throughputRatio.search * 100)} % ` +
        `of the trivial endpoint's (target ≥ ${ledgerApiTargets.throughputRatio * 100} %) — ` +
        `${result.meetsTargets ? 'targets met' : '**targets missed**'}`,
    );
  }
  lines.push(
    '',
    ...verdicts,
    '',
    'The server runs in its own process (bench/api-server.ts: startApplication, demo off, logging off, clock ' +
      "fixed at the demo's today) on the data loaded above, signed in as an inspection-office user (all " +
      'units in scope); autocannon drives it from the bench process on the same machine. Latency is ' +
      'per response; requests/s = responses / measured seconds.',
    '',
  );
  return lines;
}

function renderWebLedger(section: NonNullable<BenchReport['webLedger']>): string[] {
  const { options, result } = section;
  const lines = [
    `## Web ledger in headless Chromium: ${options.units} units × ${options.problemsPerUnit} problems × ${options.measuresPerProblem} measures, pageSize ${options.pageSize}, median of ${options.runs} runs after 1 warm-up`,
    '',
  ];
  if (result.status !== 'ok') return [...lines, `web ledger: ${result.status} (${result.reason})`, ''];
  const kb = (bytes: number) => `${formatNumber(bytes / 1024)} KB`;
  lines.push(
    '| figure | value |',
    '| --- | ---: |',
    `| problems loaded / rows on the page | ${result.problemsLoaded} / ${result.rowsShown} |`,
    `| navigation → usable ledger (all rows' data in the table), median ms | ${formatNumber(result.usableMedianMs)} |`,
    `| runs ms | ${result.usableRunsMs.join(', ')} |`,
    `| scroll the virtual list to the last row until its title shows, median ms | ${formatNumber(result.lastRowMedianMs)} |`,
    `| ↓ key until the focused row shows, median ms | ${formatNumber(result.keyResponseMedianMs)} |`,
    `| bundle the page loads, gzip (raw) | ${kb(result.bundle.totalGzipBytes)} (${kb(result.bundle.totalBytes)}) |`,
    `| main chunk ${result.bundle.mainChunk.file}, gzip (raw) | ${kb(result.bundle.mainChunk.gzipBytes)} (${kb(result.bundle.mainChunk.bytes)}) |`,
    '',
    'Real server in process (startApplication, demo off) on a SQLite data folder loaded by `rectify demo`; ' +
      'an inspection-office user; Chromium at 1440×900 with a warm HTTP cache. Bundle = the JS/CSS files ' +
      'under /assets/ the page requested, gzip level 9 with node:zlib.',
    '',
  );
  return lines;
}

function renderMarkdown(report: BenchReport): string {
  const lines = [
    '# rectify benchmarks',
    '',
    `${report.date} · Node ${report.node} · ${report.platform} · ${report.cpus} × ${report.cpuModel} · ` +
      `${formatNumber(report.totalMemoryMb)} MB RAM · total ${report.totalSeconds} s`,
    '',
  ];
  if (report.demoLoad) {
    const { options, results } = report.demoLoad;
    lines.push(
      `## Demo load: ${options.units} units × ${options.problemsPerUnit} problems × ${options.measuresPerProblem} measures (seed ${options.seed}, today ${options.today})`,
      '',
      '| backend | load s | rows/s | database MB | evidence files MB | peak RSS MB | inspections | problems | measures | evidence | where |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    );
    for (const result of results) {
      if (result.status !== 'ok') {
        lines.push(`| ${result.backend} | ${result.status}: ${result.reason.replaceAll('|', '/')} |`);
        continue;
      }
      const cells = [
        result.backend,
        result.loadSeconds,
        result.rowsPerSecond,
        result.databaseMb,
        result.evidenceFilesMb,
        result.peakRssMb,
        result.counts.inspections,
        result.counts.problems,
        result.counts.measures,
        result.counts.evidence,
      ].map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell));
      lines.push(`| ${[...cells, result.note].join(' | ')} |`);
    }
    lines.push(
      '',
      'rows/s = (problems + measures) / load seconds; load time includes generating the data and every ' +
        'workflow step (transitions, evidence, registers), one transaction per step as the product does. ' +
        'Peak RSS is the loading Node process only.',
      '',
    );
  }
  if (report.ledgerApi) lines.push(...renderLedgerApi(report.ledgerApi));
  if (report.webLedger) lines.push(...renderWebLedger(report.webLedger));
  if (report.quality) lines.push(...renderQuality(report.quality.results));
  if (report.supervision) lines.push(...renderSupervision(report.supervision.results));
  if (report.reports) lines.push(...renderReports(report.reports));
  if (report.search) lines.push(...renderSearch(report.search.results));
  if (report.figures) lines.push(...renderFigures(report.figures.results));
  if (report.parse) {
    lines.push('## Parse', '');
    if (report.parse.status === 'ok') {
      lines.push('| figure | value |', '| --- | ---: |');
      for (const [name, value] of Object.entries(report.parse.figures)) {
        lines.push(`| ${name} | ${formatNumber(value)} |`);
      }
    } else {
      lines.push(`parse: ${report.parse.status} (${report.parse.reason})`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function readUnits(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const units = Number(value);
  if (!Number.isInteger(units) || units < 1) throw new Error(`--units must be a positive integer: ${value}`);
  return units;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, units: { type: 'string' } },
    strict: true,
  });
  const sections = ['demo', 'api', 'parse', 'web', 'quality', 'supervision', 'reports', 'search', 'figures'];
  if (values.only !== undefined && !sections.includes(values.only)) {
    throw new Error(
      `--only must be demo, api, parse, web, quality, supervision, reports, search or figures: ${values.only}`,
    );
  }
  const units = readUnits(values.units);
  const started = performance.now();
  const cpus = os.cpus();
  const report: BenchReport = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryMb: Math.round(os.totalmem() / 1024 / 1024),
    totalSeconds: 0,
  };
  if (
    values.only === 'web' ||
    values.only === 'quality' ||
    values.only === 'supervision' ||
    values.only === 'reports' ||
    values.only === 'search' ||
    values.only === 'figures'
  ) {
    // Keep the previous run's other sections: a web-only run should not wipe them.
    const previousFile = path.join(resultsDir, 'latest.json');
    if (fs.existsSync(previousFile)) {
      const previous = JSON.parse(fs.readFileSync(previousFile, 'utf8')) as BenchReport;
      Object.assign(report, {
        demoLoad: previous.demoLoad,
        ledgerApi: previous.ledgerApi,
        parse: previous.parse,
        webLedger: previous.webLedger,
        quality: previous.quality,
        supervision: previous.supervision,
        reports: previous.reports,
        search: previous.search,
        figures: previous.figures,
      });
    }
  } else {
    // The search section has its own run (--only search); other runs keep its figures.
    const previousFile = path.join(resultsDir, 'latest.json');
    if (fs.existsSync(previousFile)) {
      report.search = (JSON.parse(fs.readFileSync(previousFile, 'utf8')) as BenchReport).search;
    }
  }
  if (values.only === 'quality') {
    const qualityResults: QualityFigures[] = [];
    await runDemoLoadBench(units === undefined ? {} : { units }, undefined, async (loaded) => {
      qualityResults.push(await runQualityBench(loaded));
    });
    report.quality = { results: qualityResults };
  } else if (values.only === 'search') {
    const searchResults: SearchFigures[] = [];
    const load = await runDemoLoadBench(units === undefined ? {} : { units }, undefined, async (loaded) => {
      searchResults.push(await runSearchBench(loaded));
    });
    for (const loadResult of load.results) {
      if (loadResult.status === 'ok') continue;
      searchResults.push({
        backend: loadResult.backend,
        status: 'skipped',
        reason: `no data: demo load ${loadResult.status}`,
      });
    }
    report.search = { results: searchResults };
  } else if (values.only === 'supervision') {
    const supervisionResults: SupervisionFigures[] = [];
    const load = await runDemoLoadBench(units === undefined ? {} : { units }, undefined, async (loaded) => {
      supervisionResults.push(await runSupervisionBench(loaded));
    });
    // A backend whose load was skipped or failed has no scan figures either; say so.
    for (const loadResult of load.results) {
      if (loadResult.status === 'ok') continue;
      supervisionResults.push({
        backend: loadResult.backend,
        status: 'skipped',
        reason: `no data: demo load ${loadResult.status}`,
      });
    }
    report.supervision = { results: supervisionResults };
  } else if (values.only === 'figures') {
    const figuresResults: FiguresBenchFigures[] = [];
    const load = await runDemoLoadBench(units === undefined ? {} : { units }, undefined, async (loaded) => {
      figuresResults.push(await runFiguresBench(loaded));
    });
    for (const loadResult of load.results) {
      if (loadResult.status === 'ok') continue;
      figuresResults.push({
        backend: loadResult.backend,
        status: 'skipped',
        reason: `no data: demo load ${loadResult.status}`,
      });
    }
    report.figures = { results: figuresResults };
  } else if (values.only !== 'parse' && values.only !== 'web' && values.only !== 'reports') {
    const isApiWanted = values.only !== 'demo';
    const apiResults: LedgerApiFigures[] = [];
    const figuresResults: FiguresBenchFigures[] = [];
    const afterLoad = isApiWanted
      ? async (loaded: LoadedBackend) => {
          apiResults.push(await runLedgerApiBench(loaded, defaultLedgerApiOptions));
          // The full run times the figures on the same data, after the API bench (it adds notices).
          if (values.only === undefined) figuresResults.push(await runFiguresBench(loaded));
        }
      : undefined;
    report.demoLoad = await runDemoLoadBench(units === undefined ? {} : { units }, undefined, afterLoad);
    if (isApiWanted) {
      // A backend whose load was skipped or failed has no API figures either; say so.
      for (const loadResult of report.demoLoad.results) {
        if (loadResult.status === 'ok' || apiResults.some((api) => api.backend === loadResult.backend))
          continue;
        apiResults.push({
          backend: loadResult.backend,
          status: 'skipped',
          reason: `no data: demo load ${loadResult.status}`,
        });
      }
      report.ledgerApi = { options: defaultLedgerApiOptions, results: apiResults };
      if (values.only === undefined) report.figures = { results: figuresResults };
    }
  }
  if (values.only === undefined || values.only === 'parse') report.parse = await runParseBench();
  if (values.only === undefined || values.only === 'web') {
    report.webLedger = { options: defaultWebLedgerOptions, result: await runWebLedgerBench() };
  }
  if (values.only === undefined || values.only === 'reports') report.reports = await runReportsBench();
  report.totalSeconds = Math.round((performance.now() - started) / 100) / 10;

  const markdown = renderMarkdown(report);
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(resultsDir, 'latest.md'), markdown);
  process.stdout.write(`\n${markdown}\n`);
  const hasFailure =
    report.demoLoad?.results.some((result) => result.status === 'failed') ||
    report.ledgerApi?.results.some((result) => result.status === 'failed') ||
    report.parse?.status === 'failed' ||
    report.webLedger?.result.status === 'failed' ||
    report.quality?.results.some((result) => result.status === 'failed') ||
    report.supervision?.results.some((result) => result.status === 'failed') ||
    report.reports?.status === 'failed' ||
    report.search?.results.some((result) => result.status === 'failed') ||
    report.figures?.results.some((result) => result.status === 'failed');
  return hasFailure ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
