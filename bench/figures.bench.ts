/**
 * Office figures benchmark (`npm run bench -- --only figures`): on the demo loaded into SQLite
 * and PostgreSQL (1,000 units × 30 problems × 4 measures by default) with a supervision notice on
 * every tenth unit (half of them answered), times what the 整改统计 page asks for as an
 * inspection-office user: the figures of one round (the largest), the figures across every round
 * (per inspection, per round, per unit across rounds, totals), and the first drill-down page of
 * a problem figure and of the notices across rounds. Median of 5 runs after a warm-up.
 * Target: figures < 300 ms on PostgreSQL.
 */
import type { Database } from '../src/storage/database.ts';
import { createFixedClock } from '../src/modules/common/clock.ts';
import { createFiguresService } from '../src/modules/analytics/figures.service.ts';
import { measureOnLoaded, type LoadedBackend } from './demo-load.bench.ts';

/** Office figures (a round, or across rounds) on PostgreSQL must answer within this many ms. */
export const figuresTargetMs = 300;

const RUNS = 5;

interface Timing {
  medianMs: number;
  maxMs: number;
}

export type FiguresBenchFigures =
  | {
      backend: string;
      status: 'ok';
      units: number;
      rounds: number;
      problems: number;
      notices: number;
      roundInspections: number;
      round: Timing;
      acrossRounds: Timing;
      drillDownOverdue: Timing & { rows: number };
      drillDownNotices: Timing & { rows: number };
      /** Only PostgreSQL carries the target; SQLite reports null. */
      isTargetMet: boolean | null;
    }
  | { backend: string; status: 'skipped' | 'failed'; reason: string };

async function time(run: () => Promise<unknown>): Promise<Timing> {
  await run();
  const runs: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    await run();
    runs.push(performance.now() - started);
  }
  runs.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return { medianMs: round(runs[Math.floor(RUNS / 2)]!), maxMs: round(runs.at(-1)!) };
}

/** A notice on every tenth unit, every other one answered (replied), like an office at work. */
async function seedNotices(db: Database, officeId: number, today: string): Promise<number> {
  const units = await db
    .selectFrom('units')
    .select('id')
    .where('office_id', '=', officeId)
    .orderBy('id')
    .execute();
  const at = `${today}T01:00:00.000Z`;
  const chosen = units.filter((_, index) => index % 10 === 0);
  for (let start = 0; start < chosen.length; start += 200) {
    await db
      .insertInto('supervision_notices')
      .values(
        chosen.slice(start, start + 200).map((unit, index) => {
          const isAnswered = (start + index) % 2 === 0;
          return {
            office_id: officeId,
            unit_id: unit.id,
            problem_id: null,
            title: '督办单（基准）',
            content: '请按期回复整改进展。',
            reply_by: today,
            state: isAnswered ? ('replied' as const) : ('issued' as const),
            issued_by: null,
            issued_at: at,
            reply_text: isAnswered ? '已按要求整改。' : null,
            replied_by: null,
            replied_at: isAnswered ? at : null,
            closed_by: null,
            closed_at: null,
          };
        }),
      )
      .execute();
  }
  return chosen.length;
}

export async function runFiguresBench(loaded: LoadedBackend): Promise<FiguresBenchFigures> {
  return measureOnLoaded(loaded, async (handle) => {
    const { db } = handle;
    const today = loaded.options.today;
    const office = await db.selectFrom('offices').select('id').orderBy('id').executeTakeFirstOrThrow();
    const notices = await seedNotices(db, office.id, today);
    const scope = { officeId: office.id, unitIds: 'all' as const };
    const service = createFiguresService({ db, clock: createFixedClock(`${today}T02:00:00.000Z`) });
    const largest = await db
      .selectFrom('inspections')
      .select(['round_id', (eb) => eb.fn.countAll<number>().as('inspections')])
      .where('office_id', '=', office.id)
      .groupBy('round_id')
      .orderBy('inspections', 'desc')
      .executeTakeFirstOrThrow();
    process.stderr.write(`figures (${loaded.backend}): one round, across rounds, drill-downs…\n`);
    const all = await service.getOverview(scope, {});
    const round = await time(() => service.getOverview(scope, { roundId: largest.round_id }));
    const acrossRounds = await time(() => service.getOverview(scope, {}));
    let overdueRows = 0;
    const drillDownOverdue = await time(async () => {
      overdueRows = (await service.getItems(scope, { key: 'overdue', page: 1, pageSize: 50 })).total;
    });
    let noticeRows = 0;
    const drillDownNotices = await time(async () => {
      noticeRows = (await service.getItems(scope, { key: 'noticesIssued', page: 1, pageSize: 50 })).total;
    });
    return {
      backend: loaded.backend,
      status: 'ok',
      units: all.totals.units,
      rounds: all.byRound.length,
      problems: all.totals.problems,
      notices,
      roundInspections: Number(largest.inspections),
      round,
      acrossRounds,
      drillDownOverdue: { ...drillDownOverdue, rows: overdueRows },
      drillDownNotices: { ...drillDownNotices, rows: noticeRows },
      isTargetMet:
        loaded.backend === 'postgres'
          ? round.medianMs < figuresTargetMs && acrossRounds.medianMs < figuresTargetMs
          : null,
    };
  });
}

/** The report section in Markdown. */
export function renderFigures(results: readonly FiguresBenchFigures[]): string[] {
  const lines = [
    '## Office figures (整改统计) as an inspection-office user',
    '',
    '| backend | units | rounds | concrete problems | notices | one round (inspections) median / max ms | across rounds median / max ms | drill-down 逾期 page 1 (rows) median ms | drill-down 督办单 page 1 (rows) median ms | target < 300 ms (PostgreSQL) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const result of results) {
    if (result.status !== 'ok') {
      lines.push(`| ${result.backend} | ${result.status}: ${result.reason.replaceAll('|', '/')} |`);
      continue;
    }
    lines.push(
      `| ${[
        result.backend,
        result.units,
        result.rounds,
        result.problems,
        result.notices,
        `${result.round.medianMs} / ${result.round.maxMs} (${result.roundInspections})`,
        `${result.acrossRounds.medianMs} / ${result.acrossRounds.maxMs}`,
        `${result.drillDownOverdue.medianMs} (${result.drillDownOverdue.rows})`,
        `${result.drillDownNotices.medianMs} (${result.drillDownNotices.rows})`,
        result.isTargetMet == null ? '—' : result.isTargetMet ? 'met' : '**missed**',
      ].join(' | ')} |`,
    );
  }
  lines.push(
    '',
    "The figures service in process on the loaded demo, clock fixed at the demo's today, the office's whole " +
      'scope: one round = the round with the most inspections; across rounds = every inspection with the ' +
      'per-round, per-unit and total rows. A notice on every tenth unit, half answered. Median of 5 runs ' +
      'after one warm-up.',
    '',
  );
  return lines;
}
