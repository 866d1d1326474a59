/**
 * The official calendar in force: the bundled file (2020 to the latest year shipped) with the
 * years the admin imported laid over it, year by year — an imported year replaces the bundled
 * one; other years stay. Imports go through the same file schema as the bundled data, and
 * fill in the working-day deadlines that were waiting for the years they bring.
 */
import type { Database, DatabaseTransaction, Executor } from '../../storage/database.ts';
import { AppError } from '../common/app-error.ts';
import { isCalendarDate } from './calendar-date.rules.ts';
import { nowIso, type Clock } from '../common/clock.ts';
import {
  OfficialCalendarFileSchema,
  readBundledCalendarFile,
  toWorkingCalendarData,
  type OfficialCalendarFile,
} from './official-calendar.ts';
import {
  findStoredCalendarYears,
  readCalendarFingerprint,
  saveCalendarYears,
} from './calendar.repository.ts';
import { createWorkingCalendar, type WorkingCalendar } from './working-calendar.rules.ts';
import { countPendingWorkingDays } from './deadline.rules.ts';
import {
  findDeadlinesAwaiting,
  setPendingDeadlineDay,
  setPendingDeadlineYear,
} from './pending-deadline.repository.ts';
import { appendEvent } from '../events/event.repository.ts';

export type CalendarYearSource = 'bundled' | 'imported';

export interface EffectiveCalendar {
  file: OfficialCalendarFile;
  /** Where each year's data comes from. */
  sources: Record<string, { source: CalendarYearSource; version: string; importedAt: string | null }>;
}

export interface CalendarImportResult extends PendingRecount {
  /** Years the import wrote (new or replaced). */
  years: number[];
  effective: EffectiveCalendar;
}

export interface PendingRecount {
  /** Pending working-day deadlines that got their day. */
  resolvedDeadlines: number;
  /** Pending ones whose count reaches a year still not covered. */
  stillPendingDeadlines: number;
}

/**
 * Counts the day of each deadline pending on one of `years`, with the calendar that now covers
 * them, and records an event on each problem it belongs to (the ledger cache follows events).
 */
async function recountPendingDeadlines(
  transaction: DatabaseTransaction,
  calendar: WorkingCalendar,
  context: { years: number[]; at: string; actorUserId: number | null },
): Promise<PendingRecount> {
  const result: PendingRecount = { resolvedDeadlines: 0, stillPendingDeadlines: 0 };
  for (const deadline of await findDeadlinesAwaiting(transaction, context.years)) {
    const counted = countPendingWorkingDays(deadline, calendar);
    let data: Record<string, unknown>;
    if ('dueOn' in counted) {
      await setPendingDeadlineDay(transaction, deadline.id, counted.dueOn);
      result.resolvedDeadlines += 1;
      data = {
        deadlineId: deadline.id,
        text: deadline.text,
        year: deadline.awaitsYear,
        dueOn: counted.dueOn,
      };
    } else {
      await setPendingDeadlineYear(transaction, deadline.id, counted.awaitsYear);
      result.stillPendingDeadlines += 1;
      data = {
        deadlineId: deadline.id,
        text: deadline.text,
        year: deadline.awaitsYear,
        awaitsYear: counted.awaitsYear,
      };
    }
    for (const problemId of deadline.problemIds) {
      await appendEvent(transaction, {
        officeId: deadline.officeId,
        at: context.at,
        actorUserId: context.actorUserId,
        entityType: 'problem',
        entityId: problemId,
        action: 'dueOn' in counted ? 'deadline_calendar_resolved' : 'deadline_calendar_pending',
        data,
      });
    }
  }
  return result;
}

/** Checks a calendar file: its schema, and that every day listed belongs to the year it is under. */
export function validateCalendarFile(input: unknown, where = 'body'): OfficialCalendarFile {
  const result = OfficialCalendarFileSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.map(String).join('.') ?? '';
    const at = path ? `${where}.${path}` : where;
    throw new AppError(
      'invalid_input',
      `日历文件有误：${at}：${issue?.message ?? '格式有误'}`,
      `invalid calendar at ${at}: ${issue?.message ?? ''}`,
      { where: at },
    );
  }
  for (const [year, data] of Object.entries(result.data.years)) {
    for (const [kind, days] of [
      ['holidays', data.holidays],
      ['adjustedWorkdays', data.adjustedWorkdays],
    ] as const) {
      for (const day of Object.keys(days)) {
        if (!day.startsWith(`${year}-`) || !isCalendarDate(day)) {
          const at = `${where}.years.${year}.${kind}.${day}`;
          throw new AppError(
            'invalid_input',
            `日历文件有误：${at}：日期不属于${year}年或不是有效日期`,
            `invalid calendar at ${at}: day outside its year or not a date`,
            { where: at },
          );
        }
      }
      if (kind === 'adjustedWorkdays') {
        const clash = Object.keys(days).find((day) => day in data.holidays);
        if (clash) {
          const at = `${where}.years.${year}.adjustedWorkdays.${clash}`;
          throw new AppError(
            'invalid_input',
            `日历文件有误：${at}：同一天既是假日又是调休工作日`,
            `invalid calendar at ${at}: both a holiday and an adjusted workday`,
            { where: at },
          );
        }
      }
    }
  }
  return result.data;
}

/** The calendar service: the effective calendar (cached until an import changes it) and imports. */
export function createCalendarService(dependencies: { db: Database; clock: Clock }) {
  const { db, clock } = dependencies;
  let cached: { fingerprint: string; effective: EffectiveCalendar; calendar: WorkingCalendar } | undefined;

  async function load(executor: Executor = db) {
    // The fingerprint query is one cheap aggregate, so an import by the CLI or another server
    // process is seen on the next use without restarting.
    const fingerprint = await readCalendarFingerprint(executor);
    if (cached?.fingerprint === fingerprint) return cached;
    const bundled = readBundledCalendarFile();
    const file: OfficialCalendarFile = { ...bundled, years: { ...bundled.years } };
    const sources: EffectiveCalendar['sources'] = {};
    for (const year of Object.keys(bundled.years)) {
      sources[year] = { source: 'bundled', version: bundled.version, importedAt: null };
    }
    let latestImport: { version: string; importedAt: string } | null = null;
    for (const stored of await findStoredCalendarYears(executor)) {
      const year = String(stored.year);
      file.years[year] = { holidays: stored.holidays, adjustedWorkdays: stored.adjustedWorkdays };
      sources[year] = { source: 'imported', version: stored.sourceVersion, importedAt: stored.importedAt };
      if (!latestImport || stored.importedAt > latestImport.importedAt)
        latestImport = { version: stored.sourceVersion, importedAt: stored.importedAt };
    }
    if (latestImport) file.version = latestImport.version;
    file.years = Object.fromEntries(Object.entries(file.years).sort(([a], [b]) => a.localeCompare(b)));
    const effective: EffectiveCalendar = { file, sources };
    cached = { fingerprint, effective, calendar: createWorkingCalendar(toWorkingCalendarData(file)) };
    return cached;
  }

  return {
    /**
     * The working calendar in force. Inside a transaction, pass it: SQLite has one connection,
     * and a read beside the open transaction would wait for it forever.
     */
    async getCalendar(executor?: Executor): Promise<WorkingCalendar> {
      return (await load(executor)).calendar;
    },

    /** The calendar in force as a file, with the source of each year. */
    async getEffectiveCalendar(): Promise<EffectiveCalendar> {
      return (await load()).effective;
    },

    /**
     * Validates a calendar file and merges its years into the stored calendar; in the same
     * transaction, counts the day of every deadline that waited for one of those years.
     */
    async importCalendar(
      input: unknown,
      where = 'body',
      options: { actorUserId?: number | null } = {},
    ): Promise<CalendarImportResult> {
      const file = validateCalendarFile(input, where);
      const importedAt = nowIso(clock);
      const years = Object.entries(file.years).map(([year, data]) => ({
        year: Number(year),
        holidays: data.holidays,
        adjustedWorkdays: data.adjustedWorkdays,
        sourceVersion: file.version,
        importedAt,
      }));
      let counted: PendingRecount;
      try {
        counted = await db.transaction().execute(async (transaction) => {
          await saveCalendarYears(transaction, years);
          cached = undefined;
          const { calendar } = await load(transaction);
          return recountPendingDeadlines(transaction, calendar, {
            years: years.map((year) => year.year),
            at: importedAt,
            actorUserId: options.actorUserId ?? null,
          });
        });
      } finally {
        // The calendar loaded inside the transaction may have been rolled back with it.
        cached = undefined;
      }
      return {
        years: years.map((year) => year.year),
        effective: (await load()).effective,
        ...counted,
      };
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
