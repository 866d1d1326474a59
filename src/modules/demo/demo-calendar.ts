/**
 * Calendar-day arithmetic for the demo generator on ISO dates (YYYY-MM-DD) through integer day
 * numbers: no Date objects and no time zones, so results never depend on the machine's clock
 * or zone, and the hot loop of a 30,000-problem run stays cheap.
 */

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a proleptic Gregorian date (Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  return (
    daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
    daysFromCivil(year, month, 1)
  );
}

/** Whether the text is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const match = isoDatePattern.exec(text);
  if (!match) return false;
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(match[1]), month);
}

/** The day number (days since 1970-01-01) of an ISO date; throws on anything else. */
export function toDayNumber(isoDate: string): number {
  if (!isIsoDate(isoDate)) throw new RangeError(`不是有效日期 (not a YYYY-MM-DD date): ${isoDate}`);
  return daysFromCivil(
    Number(isoDate.slice(0, 4)),
    Number(isoDate.slice(5, 7)),
    Number(isoDate.slice(8, 10)),
  );
}

/** The ISO date of a day number. */
export function toIsoDate(dayNumber: number): string {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The calendar parts of a day number. */
export function toCivil(dayNumber: number): { year: number; month: number; day: number } {
  return civilFromDays(dayNumber);
}

/** The same day of the month `months` later, clamped to the month's end (Jan 31 + 1 → Feb 28/29). */
export function addMonths(dayNumber: number, months: number): number {
  const { year, month, day } = civilFromDays(dayNumber);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  return daysFromCivil(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** The last day of the month that the day falls in. */
export function endOfMonth(dayNumber: number): number {
  const { year, month } = civilFromDays(dayNumber);
  return daysFromCivil(year, month, daysInMonth(year, month));
}

/** A date as Chinese documents write it: "2024年6月30日". */
export function formatChineseDate(dayNumber: number): string {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${year}年${month}月${day}日`;
}

/** A month as Chinese documents write it: "2024年6月". */
export function formatChineseMonth(dayNumber: number): string {
  const { year, month } = civilFromDays(dayNumber);
  return `${year}年${month}月`;
}
