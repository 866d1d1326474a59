/**
 * Supervision-engine benchmark (`npm run bench -- --only supervision`): on the demo loaded into
 * SQLite and PostgreSQL (1,000 units × 30 problems × 4 measures by default), with an office user,
 * a unit-office user per unit and a supervision notice on every tenth unit (so firings have
 * recipients and notices are scanned too), times one engine scan of every office on the demo's
 * today and a rerun the same day (which must write nothing), and counts the queries each issued
 * with a Kysely plugin — the number must not grow with the items (no N+1). Target: the first scan
 * < 2 s on PostgreSQL.
 */
import type { KyselyPlugin } from 'kysely';
import type { Database } from '../src/storage/database.ts';
import { createFixedClock } from '../src/modules/common/clock.ts';
import { addDays } from '../src/modules/deadlines/calendar-date.rules.ts';
import { createCalendarService } from '../src/modules/deadlines/calendar.service.ts';
import { createSupervisionEngine } from '../src/modules/supervision/supervision-engine.ts';
import { measureOnLoaded, type LoadedBackend } from './demo-load.bench.ts';

/** The first scan on PostgreSQL must finish within this many seconds. */
export const supervisionTargetSeconds = 2;

export type SupervisionFigures =
  | {
      backend: string;
      status: 'ok';
      units: number;
      problems: number;
      recipients: number;
      notices: number;
      firstScanSeconds: number;
      firstScanQueries: number;
      firings: number;
      notifications: number;
      rerunSeconds: number;
      rerunQueries: number;
      rerunFirings: number;
      rerunNotifications: number;
      /** Only PostgreSQL carries the target; SQLite reports null. */
      isTargetMet: boolean | null;
    }
  | { backend: string; status: 'skipped' | 'failed'; reason: string };

const seconds = (started: number) => Math.round((performance.now() - started) / 10) / 100;

/** Counts every query the engine compiles and sends (including those inside its transactions). */
function createQueryCounter(): KyselyPlugin & { count: number } {
  return {
    count: 0,
    transformQuery(args) {
      this.count += 1;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
}

/** An office user, a unit-office user per unit, and a notice on every tenth unit. */
async function seedRecipients(db: Database, today: string) {
  const office = await db.selectFrom('offices').select('id').orderBy('id').executeTakeFirstOrThrow();
  const units = await db
    .selectFrom('units')
    .select('id')
    .where('office_id', '=', office.id)
    .orderBy('id')
    .execute();
  const at = `${today}T01:00:00.000Z`;
  const user = (username: string, role: 'office' | 'unit_office') => ({
    office_id: office.id,
    username,
    display_name: username,
    password_hash: 'bench-no-login',
    role,
    created_at: at,
  });
  const officeUser = await db
    .insertInto('users')
    .values(user('bench-office', 'office'))
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let start = 0; start < units.length; start += 500) {
    const chunk = units.slice(start, start + 500);
    const created = await db
      .insertInto('users')
      .values(chunk.map((unit) => user(`bench-unit-${unit.id}`, 'unit_office')))
      .returning(['id', 'username'])
      .execute();
    await db
      .insertInto('user_scopes')
      .values(
        created.map((row) => ({
          office_id: office.id,
          user_id: row.id,
          unit_id: Number(row.username.slice('bench-unit-'.length)),
        })),
      )
      .execute();
  }
  const noticeUnits = units.filter((_, index) => index % 10 === 0);
  for (let start = 0; start < noticeUnits.length; start += 200) {
    await db
      .insertInto('supervision_notices')
      .values(
        noticeUnits.slice(start, start + 200).map((unit, index) => ({
          office_id: office.id,
          unit_id: unit.id,
          problem_id: null,
          title: '督办单（基准）',
          content: '请按期回复整改进展。',
          // Alternately due soon (a reminder fires) and already overdue.
          reply_by: addDays(today, (start + index) % 2 === 0 ? 3 : -1),
          issued_by: officeUser.id,
          issued_at: at,
          reply_text: null,
          replied_by: null,
          replied_at: null,
          closed_by: null,
          closed_at: null,
        })),
      )
      .execute();
  }
  return { recipients: units.length + 1, notices: noticeUnits.length };
}

export async function runSupervisionBench(loaded: LoadedBackend): Promise<SupervisionFigures> {
  return measureOnLoaded(loaded, async (handle) => {
    const today = loaded.options.today;
    const seeded = await seedRecipients(handle.db, today);
    const problems = await handle.db
      .selectFrom('problems')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    const counter = createQueryCounter();
    const db = handle.db.withPlugin(counter);
    const clock = createFixedClock(`${today}T02:00:00.000Z`);
    const calendars = createCalendarService({ db, clock });
    const engine = createSupervisionEngine({ db, clock, getCalendar: () => calendars.getCalendar() });

    process.stderr.write(`supervision (${loaded.backend}): first scan…\n`);
    let started = performance.now();
    const first = await engine.runOnce();
    const firstScanSeconds = seconds(started);
    const firstScanQueries = counter.count;

    process.stderr.write(`supervision (${loaded.backend}): rerun the same day…\n`);
    counter.count = 0;
    started = performance.now();
    const rerun = await engine.runOnce();
    const rerunSeconds = seconds(started);
    return {
      backend: loaded.backend,
      status: 'ok',
      units: loaded.options.units,
      problems: Number(problems.count),
      ...seeded,
      firstScanSeconds,
      firstScanQueries,
      firings: first.newFirings,
      notifications: first.newNotifications,
      rerunSeconds,
      rerunQueries: counter.count,
      rerunFirings: rerun.newFirings,
      rerunNotifications: rerun.newNotifications,
      isTargetMet: loaded.backend === 'postgres' ? firstScanSeconds < supervisionTargetSeconds : null,
    };
  });
}

/** The report section in Markdown. */
export function renderSupervision(results: readonly SupervisionFigures[]): string[] {
  const lines = [
    '## Supervision engine: one scan of the office',
    '',
    '| backend | units | problems | recipients | notices | first scan s | queries | firings | notifications | rerun s | rerun queries | rerun firings / notifications | target < 2 s (PostgreSQL) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
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
        result.problems,
        result.recipients,
        result.notices,
        result.firstScanSeconds,
        result.firstScanQueries,
        result.firings,
        result.notifications,
        result.rerunSeconds,
        result.rerunQueries,
        `${result.rerunFirings} / ${result.rerunNotifications}`,
        result.isTargetMet == null ? '—' : result.isTargetMet ? 'met' : '**missed**',
      ].join(' | ')} |`,
    );
  }
  lines.push(
    '',
    "Engine run in process on the loaded demo, clock fixed at the demo's today, default office policy; " +
      'an office user and a unit-office user per unit (so firings have recipients) and a notice on every ' +
      'tenth unit, half due in 3 days and half a day overdue. Queries = every query Kysely compiled ' +
      '(a counting plugin), transactions and firings/notifications chunks included. The rerun the same ' +
      'day must write nothing.',
    '',
  );
  return lines;
}
