/**
 * One phase of the 30,000-row ledger sheet benchmark, run in its own process by
 * bench/reports.bench.ts so that the peak RSS it reports belongs to that phase alone (in one
 * process the phases' garbage and the demo load blur into each other):
 *
 *   node --import tsx bench/reports-sheet.child.ts export|read|import WORK_DIR INSPECTION_ID ROWS TODAY
 *
 * `export` replicates the loaded inspection's report model to ROWS problem rows and writes the
 * sheet to WORK_DIR/ledger.xlsx; `read` reads and validates that file; `import` imports it through
 * the service into the SQLite database in WORK_DIR. Prints one JSON line of figures on stdout.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createFixedClock } from '../src/modules/common/clock.ts';
import { defaultDeadlinePolicy } from '../src/modules/deadlines/deadline.rules.ts';
import { getOfficialCalendar } from '../src/modules/deadlines/official-calendar.ts';
import { officeScopeOfInspection } from '../src/modules/inspections/inspection-office.repository.ts';
import { exportLedgerXlsx } from '../src/modules/reports/export-ledger-xlsx.ts';
import { readLedgerXlsx } from '../src/modules/reports/import-ledger-xlsx.ts';
import { createLedgerXlsxService } from '../src/modules/reports/ledger-xlsx.service.ts';
import type { ReportAspect, ReportModel, ReportProblem } from '../src/modules/reports/report-model.ts';
import { createReportService } from '../src/modules/reports/report.service.ts';
import { openDatabase, SQLITE_FILE_NAME } from '../src/storage/database.ts';

export type SheetPhase = 'export' | 'read' | 'import';

export interface SheetPhaseFigures {
  phase: SheetPhase;
  seconds: number;
  /** CPU time of the phase (user + system, all threads): less sensitive than wall time to a busy machine. */
  cpuSeconds: number;
  /** Peak RSS of this process before the phase began (runtime, modules, and for export the model). */
  baselineRssMb: number;
  peakRssMb: number;
  sheetMb?: number;
  rowsRead?: number;
  rowErrors?: number;
  created?: number;
}

export const SHEET_FILE_NAME = 'ledger.xlsx';

/** The model's problems replicated (with fresh numbers and titles) up to `rows` problem rows. */
function replicateModel(model: ReportModel, rows: number): ReportModel {
  const source = model.aspects.flatMap((aspect) => aspect.problems.filter((p) => p.children.length === 0));
  if (source.length === 0) throw new Error('the loaded inspection has no problems to replicate');
  const aspects: ReportAspect[] = [];
  const perAspect = 3_000;
  for (let index = 0; index < rows; index++) {
    if (index % perAspect === 0)
      aspects.push({ number: null, title: `第${aspects.length + 1}方面问题`, problems: [] });
    const template = source[index % source.length]!;
    const problem: ReportProblem = {
      ...template,
      id: index + 1,
      number: String((index % perAspect) + 1),
      title: `${template.title}（${index + 1}）`,
      children: [],
    };
    aspects.at(-1)!.problems.push(problem);
  }
  return { ...model, aspects };
}

const maxRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const secondsSince = (started: number) => Math.round((performance.now() - started) / 10) / 100;
const cpuSecondsSince = (started: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(started);
  return Math.round((used.user + used.system) / 10_000) / 100;
};

async function runPhase(
  phase: SheetPhase,
  workDir: string,
  inspectionId: number,
  rows: number,
  today: string,
): Promise<SheetPhaseFigures> {
  const sheetFile = path.join(workDir, SHEET_FILE_NAME);
  if (phase === 'read') {
    const bytes = fs.readFileSync(sheetFile);
    const baselineRssMb = maxRssMb();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const read = await readLedgerXlsx(bytes);
    const seconds = secondsSince(started);
    return {
      phase,
      seconds,
      cpuSeconds: cpuSecondsSince(cpu),
      baselineRssMb,
      peakRssMb: maxRssMb(),
      rowsRead: read.rows.length,
      rowErrors: read.errors.length,
    };
  }
  const handle = openDatabase({ kind: 'sqlite', file: path.join(workDir, SQLITE_FILE_NAME) });
  try {
    const clock = createFixedClock(`${today}T02:00:00.000Z`);
    const scope = await officeScopeOfInspection(handle.db, inspectionId);
    if (phase === 'export') {
      const reports = createReportService({ db: handle.db, clock });
      const model = replicateModel(await reports.getReportModel(scope, inspectionId), rows);
      const baselineRssMb = maxRssMb();
      const started = performance.now();
      const cpu = process.cpuUsage();
      const sheet = await exportLedgerXlsx(model);
      const seconds = secondsSince(started);
      const cpuSeconds = cpuSecondsSince(cpu);
      const peakRssMb = maxRssMb();
      fs.writeFileSync(sheetFile, sheet);
      return {
        phase,
        seconds,
        cpuSeconds,
        baselineRssMb,
        peakRssMb,
        sheetMb: Math.round((sheet.length / 1024 / 1024) * 10) / 10,
      };
    }
    const bytes = fs.readFileSync(sheetFile);
    const service = createLedgerXlsxService({
      db: handle.db,
      clock,
      calendar: getOfficialCalendar(),
      deadlinePolicy: defaultDeadlinePolicy,
    });
    const baselineRssMb = maxRssMb();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const imported = await service.importLedger({ scope, inspectionId, bytes, actorUserId: null });
    const seconds = secondsSince(started);
    return {
      phase,
      seconds,
      cpuSeconds: cpuSecondsSince(cpu),
      baselineRssMb,
      peakRssMb: maxRssMb(),
      created: imported.created,
    };
  } finally {
    await handle.close();
  }
}

const [phase, workDir, inspectionId, rows, today] = process.argv.slice(2);
if (phase !== 'export' && phase !== 'read' && phase !== 'import') {
  process.stderr.write(
    'usage: reports-sheet.child.ts export|read|import WORK_DIR INSPECTION_ID ROWS TODAY\n',
  );
  process.exitCode = 2;
} else {
  const figures = await runPhase(phase, workDir!, Number(inspectionId), Number(rows), today!);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
