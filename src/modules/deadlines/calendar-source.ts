/**
 * Where a service finds the working calendar: a fixed one (tests, a one-shot CLI command) or a
 * provider answering the calendar in force — in the server, the calendar service's, so years
 * the admin imports apply at once without a restart.
 */
import type { Executor } from '../../storage/database.ts';
import type { WorkingCalendar } from './working-calendar.rules.ts';

/** A provider reads through the caller's executor: inside a transaction, on its connection. */
export type CalendarSource = WorkingCalendar | ((executor: Executor) => Promise<WorkingCalendar>);

/** The calendar to compute with now, read through `executor` when it is looked up. */
export async function resolveCalendar(source: CalendarSource, executor: Executor): Promise<WorkingCalendar> {
  return typeof source === 'function' ? source(executor) : source;
}
