/**
 * Dates as documents write them: 2021年3月11日, 3月11日 (year from context), 二〇二一年八月三十日,
 * 2023-12-15, 2021.3.11; and ranges joined by 至/到/—. All matching runs on the key.
 */
import { parseChineseNumeral, parseChineseYear } from '../text/chinese-numerals.ts';

export interface FoundDate {
  index: number;
  end: number;
  year: number | null;
  month: number;
  day: number;
}

const CN_DIGIT = '[〇○零一二三四五六七八九]';
const CN_SMALL = '[一二三四五六七八九十]';
const WRITTEN = new RegExp(
  `(?:(\\d{4}|${CN_DIGIT}{4})\\s?年\\s?)?(\\d{1,2}|${CN_SMALL}{1,3})\\s?月\\s?(\\d{1,2}|${CN_SMALL}{1,3})\\s?[日号]`,
  'g',
);
const NUMERIC = /(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)/g;

function valid(year: number | null, month: number, day: number): boolean {
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= 31 && (year === null || (year >= 1949 && year <= 2100))
  );
}

/** All dates in a key, in order of position. */
export function findDates(key: string): FoundDate[] {
  const dates: FoundDate[] = [];
  for (const match of key.matchAll(WRITTEN)) {
    const year = match[1] ? parseChineseYear(match[1]) : null;
    const month = parseChineseNumeral(match[2] ?? '') ?? 0;
    const day = parseChineseNumeral(match[3] ?? '') ?? 0;
    if (valid(year, month, day))
      dates.push({ index: match.index, end: match.index + match[0].length, year, month, day });
  }
  for (const match of key.matchAll(NUMERIC)) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (valid(year, month, day))
      dates.push({ index: match.index, end: match.index + match[0].length, year, month, day });
  }
  return dates.sort((a, b) => a.index - b.index);
}

/** YYYY-MM-DD, or null when the year is unknown or the day does not exist. */
export function toIsoDate(year: number | null, month: number, day: number): string | null {
  if (year === null) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Gives a date without a year the year of a reference date written before it; a month earlier
 * than the reference's means the next year (an inspection from November to January).
 */
export function withYear(
  date: FoundDate,
  reference: { year: number | null; month: number } | null,
): string | null {
  if (date.year !== null) return toIsoDate(date.year, date.month, date.day);
  if (!reference || reference.year === null) return null;
  const year = date.month < reference.month ? reference.year + 1 : reference.year;
  return toIsoDate(year, date.month, date.day);
}

const RANGE_JOINER = /^\s?(?:至|到|-|—|~|－|～|―)+\s?$/;

export interface DateRange {
  start: FoundDate;
  end: FoundDate;
}

/** Pairs of dates joined by 至/到/— in one key. */
export function findDateRanges(key: string, dates: FoundDate[] = findDates(key)): DateRange[] {
  const ranges: DateRange[] = [];
  for (let index = 0; index + 1 < dates.length; index++) {
    const start = dates[index]!;
    const end = dates[index + 1]!;
    if (end.index - start.end <= 3 && RANGE_JOINER.test(key.slice(start.end, end.index)))
      ranges.push({ start, end });
  }
  return ranges;
}
