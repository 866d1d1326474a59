/**
 * Working days on the official calendar: weekends are off, except the adjusted working days
 * (调休), and the public holidays are off. The calendar is data covering known years only;
 * asking about a year it does not cover is an error rather than a silent guess (STACK.md: the
 * holiday packages quietly call unpublished years ordinary).
 */
import { addDays, isoWeekday } from './calendar-date.rules.ts';

export interface WorkingCalendarData {
  /** Years this data describes completely. */
  years: number[];
  /** Public holiday days off, YYYY-MM-DD. */
  holidays: string[];
  /** Weekend days that are working days (调休), YYYY-MM-DD. */
  adjustedWorkdays: string[];
}

export class CalendarRangeError extends Error {
  constructor(readonly date: string) {
    super(`the working calendar has no data for ${date.slice(0, 4)}`);
    this.name = 'CalendarRangeError';
  }
}

export interface WorkingCalendar {
  covers(date: string): boolean;
  isWorkingDay(date: string): boolean;
}

export function createWorkingCalendar(data: WorkingCalendarData): WorkingCalendar {
  const years = new Set(data.years);
  const holidays = new Set(data.holidays);
  const adjusted = new Set(data.adjustedWorkdays);
  const covers = (date: string) => years.has(Number(date.slice(0, 4)));
  return {
    covers,
    isWorkingDay(date) {
      if (!covers(date)) throw new CalendarRangeError(date);
      if (holidays.has(date)) return false;
      if (adjusted.has(date)) return true;
      return isoWeekday(date) <= 5;
    },
  };
}

/** The day that is `count` working days after `date` (count 0: the date itself if working, else the next). */
export function addWorkingDays(date: string, count: number, calendar: WorkingCalendar): string {
  if (count < 0) throw new RangeError('count must not be negative');
  let day = date;
  if (count === 0) {
    while (!calendar.isWorkingDay(day)) day = addDays(day, 1);
    return day;
  }
  let remaining = count;
  while (remaining > 0) {
    day = addDays(day, 1);
    if (calendar.isWorkingDay(day)) remaining -= 1;
  }
  return day;
}

/** Working days strictly after `from` up to and including `to` (0 when `to` is not later). */
export function workingDaysBetween(from: string, to: string, calendar: WorkingCalendar): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (calendar.isWorkingDay(day)) count += 1;
  }
  return count;
}
