/**
 * Calendar-day arithmetic on `YYYY-MM-DD` strings. Deadlines are days in Asia/Shanghai, not
 * instants, so this works on the civil date alone (via UTC, which has no daylight saving) and
 * never on local time.
 */

const DAY_MS = 86_400_000;
const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a `YYYY-MM-DD` string; throws on anything that is not a real calendar day. */
function toUtcMs(date: string): number {
  const match = isoDatePattern.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`not a calendar day: ${date}`);
  }
  return ms;
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** True when the string is a real `YYYY-MM-DD` calendar day. */
export function isCalendarDate(date: string): boolean {
  try {
    toUtcMs(date);
    return true;
  } catch {
    return false;
  }
}

/** Builds a date from parts; throws when the parts are not a real day. */
export function makeDate(year: number, month: number, day: number): string {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  toUtcMs(text);
  return text;
}

export function addDays(date: string, days: number): string {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Adds calendar months; a day past the target month's end falls on its last day (1-31 + 1 month = 2-28/29). */
export function addMonths(date: string, months: number): string {
  const ms = toUtcMs(date);
  const start = new Date(ms);
  const monthIndex = start.getUTCFullYear() * 12 + start.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromUtcMs(Date.UTC(year, month, Math.min(start.getUTCDate(), lastDay)));
}

/** The last day of the date's month. */
export function endOfMonth(date: string): string {
  const start = new Date(toUtcMs(date));
  return fromUtcMs(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(toUtcMs(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Today's calendar day in Asia/Shanghai for an instant. */
export function shanghaiDate(instant: Date): string {
  return fromUtcMs(instant.getTime() + 8 * 3_600_000);
}
