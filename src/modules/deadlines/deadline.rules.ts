/**
 * Deadlines (整改时限) as the documents write them — a date, "N个月内", 立行立改, 长期坚持 — turned
 * into a typed spec, and the spec turned into a due day from the inspection's anchor dates.
 */
import { addDays, addMonths, endOfMonth, isCalendarDate, makeDate } from './calendar-date.rules.ts';
import { addWorkingDays, CalendarRangeError, type WorkingCalendar } from './working-calendar.rules.ts';

export type PeriodUnit = 'months' | 'calendar_days' | 'working_days';
export type DeadlineAnchor = 'feedback' | 'plan_approval';

export type DeadlineSpec =
  | { kind: 'date'; dueOn: string }
  | { kind: 'within'; amount: number; unit: PeriodUnit; from: DeadlineAnchor }
  | { kind: 'immediate' }
  | { kind: 'long_term'; checkinIntervalDays: number };

export interface InterpretedDeadline {
  /** The binding part; null when the text names no deadline at all. */
  spec: DeadlineSpec | null;
  /** 长期坚持 written alongside another deadline keeps the item open for check-ins. */
  isLongTerm: boolean;
}

export interface DeadlinePolicy {
  /** 立行立改 means done within this many working days of the anchor. */
  immediateWorkingDays: number;
  /** Default check-in interval for long-term items, in days. */
  longTermCheckinDays: number;
}

export const defaultDeadlinePolicy: DeadlinePolicy = { immediateWorkingDays: 10, longTermCheckinDays: 30 };

const chineseDigits: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Reads "3", "三", "十二", "二十" as a number; null when it is not a numeral. */
export function readNumeral(text: string): number | null {
  const ascii = text.replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));
  if (/^\d+$/.test(ascii)) return Number(ascii);
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(text)) return null;
  let total = 0;
  let current = 0;
  for (const char of text) {
    if (char === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (char === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else {
      current = chineseDigits[char] ?? 0;
    }
  }
  return total + current;
}

const numeral = '([0-9０-９]+|[零〇一二两三四五六七八九十百]+)';
const immediatePattern = /立行立改|即知即改|立知立改|立查立改|立即整改|马上就改|立改立行/;
const longTermPattern = /长期(坚持|优化|完善|推进|整改|执行)|持续(整改|推进|深化)|常态化/;
const monthsPattern = new RegExp(`${numeral}个月`);
const workingDaysPattern = new RegExp(`${numeral}个工作日`);
const calendarDaysPattern = new RegExp(`${numeral}(天|日)内`);
const fullDatePattern = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/;
const monthEndPattern = /(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(底|末|份|前|内)/;
const dottedDatePattern = /(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})/;
const monthDayPattern = /(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/;

function dateOrNull(year: number, month: number, day: number): string | null {
  try {
    return makeDate(year, month, day);
  } catch {
    return null;
  }
}

function findDate(text: string, referenceYear: number | null): string | null {
  const full = fullDatePattern.exec(text) ?? dottedDatePattern.exec(text);
  if (full) return dateOrNull(Number(full[1]), Number(full[2]), Number(full[3]));
  const monthDay = monthDayPattern.exec(text);
  if (monthDay && referenceYear != null)
    return dateOrNull(referenceYear, Number(monthDay[1]), Number(monthDay[2]));
  const monthEnd = monthEndPattern.exec(text);
  if (monthEnd) {
    const year = monthEnd[1] ? Number(monthEnd[1]) : referenceYear;
    if (year == null) return null;
    const first = dateOrNull(year, Number(monthEnd[2]), 1);
    return first ? endOfMonth(first) : null;
  }
  return null;
}

/**
 * Interprets a deadline as written. A year-less date takes `referenceYear` (the inspection's
 * year, FORMAT.md rule 6). An explicit date wins over a period; a period over 立行立改.
 */
export function interpretDeadlineText(text: string, referenceYear: number | null): InterpretedDeadline {
  const isLongTerm = longTermPattern.test(text);
  const dueOn = findDate(text, referenceYear);
  if (dueOn) return { spec: { kind: 'date', dueOn }, isLongTerm };
  const periods: Array<[RegExp, PeriodUnit]> = [
    [monthsPattern, 'months'],
    [workingDaysPattern, 'working_days'],
    [calendarDaysPattern, 'calendar_days'],
  ];
  for (const [pattern, unit] of periods) {
    const match = pattern.exec(text);
    const amount = match?.[1] ? readNumeral(match[1]) : null;
    if (amount != null && amount > 0) {
      const from: DeadlineAnchor = /方案|计划/.test(text) ? 'plan_approval' : 'feedback';
      return { spec: { kind: 'within', amount, unit, from }, isLongTerm };
    }
  }
  if (immediatePattern.test(text)) return { spec: { kind: 'immediate' }, isLongTerm };
  if (isLongTerm)
    return {
      spec: { kind: 'long_term', checkinIntervalDays: defaultDeadlinePolicy.longTermCheckinDays },
      isLongTerm,
    };
  return { spec: null, isLongTerm };
}

export interface DeadlineAnchors {
  feedbackOn: string | null;
  planApprovedOn: string | null;
}

/**
 * The due day of a deadline, or null when it has none (long-term) or its anchor is unknown yet.
 * Working-day periods need the official calendar; a year it does not cover throws.
 */
export function resolveDueOn(
  spec: DeadlineSpec,
  anchors: DeadlineAnchors,
  policy: DeadlinePolicy,
  calendar: WorkingCalendar,
): string | null {
  switch (spec.kind) {
    case 'date':
      return isCalendarDate(spec.dueOn) ? spec.dueOn : null;
    case 'long_term':
      return null;
    case 'immediate':
      return anchors.feedbackOn
        ? addWorkingDays(anchors.feedbackOn, policy.immediateWorkingDays, calendar)
        : null;
    case 'within': {
      const anchor =
        spec.from === 'plan_approval' ? (anchors.planApprovedOn ?? anchors.feedbackOn) : anchors.feedbackOn;
      if (!anchor) return null;
      if (spec.unit === 'months') return addMonths(anchor, spec.amount);
      if (spec.unit === 'calendar_days') return addDays(anchor, spec.amount);
      return addWorkingDays(anchor, spec.amount, calendar);
    }
  }
}

/** A working-day count that cannot be counted yet: the official calendar lacks `awaitsYear`. */
export interface PendingWorkingDays {
  workingDays: number;
  countedFrom: string;
  awaitsYear: number;
}

export interface ResolvedDeadline {
  dueOn: string | null;
  /** Set when the day waits for the calendar of a year; `dueOn` is null then. */
  pending: PendingWorkingDays | null;
}

/** The working days a spec counts and the day they run from; null when it counts none. */
function workingDayCount(
  spec: DeadlineSpec,
  anchors: DeadlineAnchors,
  policy: DeadlinePolicy,
): { workingDays: number; countedFrom: string } | null {
  if (spec.kind === 'immediate' && anchors.feedbackOn)
    return { workingDays: policy.immediateWorkingDays, countedFrom: anchors.feedbackOn };
  if (spec.kind === 'within' && spec.unit === 'working_days') {
    const anchor =
      spec.from === 'plan_approval' ? (anchors.planApprovedOn ?? anchors.feedbackOn) : anchors.feedbackOn;
    if (anchor) return { workingDays: spec.amount, countedFrom: anchor };
  }
  return null;
}

/**
 * Like `resolveDueOn`, but a working-day count reaching into a year the calendar does not cover
 * is pending instead of an error — an import must not fail because a year is not published yet.
 */
export function resolveDeadline(
  spec: DeadlineSpec,
  anchors: DeadlineAnchors,
  policy: DeadlinePolicy,
  calendar: WorkingCalendar,
): ResolvedDeadline {
  try {
    return { dueOn: resolveDueOn(spec, anchors, policy, calendar), pending: null };
  } catch (error) {
    if (!(error instanceof CalendarRangeError)) throw error;
    const count = workingDayCount(spec, anchors, policy);
    if (!count) throw error;
    return { dueOn: null, pending: { ...count, awaitsYear: Number(error.date.slice(0, 4)) } };
  }
}

/** A pending count once the calendar may cover it: the day, or the next year it still lacks. */
export function countPendingWorkingDays(
  pending: { workingDays: number; countedFrom: string },
  calendar: WorkingCalendar,
): { dueOn: string } | { awaitsYear: number } {
  try {
    return { dueOn: addWorkingDays(pending.countedFrom, pending.workingDays, calendar) };
  } catch (error) {
    if (!(error instanceof CalendarRangeError)) throw error;
    return { awaitsYear: Number(error.date.slice(0, 4)) };
  }
}
