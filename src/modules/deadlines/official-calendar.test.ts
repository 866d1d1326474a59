import { describe, expect, it } from 'vitest';
import { getOfficialCalendar, readBundledCalendarFile } from './official-calendar.ts';
import { CalendarRangeError } from './working-calendar.rules.ts';

describe('bundled official calendar', () => {
  const calendar = getOfficialCalendar();

  it('covers every year from 2020 to the latest published', () => {
    const years = Object.keys(readBundledCalendarFile().years).map(Number);
    expect(years).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it.each([
    ['2024-10-01', false],
    ['2024-10-07', false],
    ['2024-09-29', true],
    ['2024-10-12', true],
    ['2025-01-01', false],
    ['2021-02-07', true],
    ['2021-02-11', false],
    ['2026-11-23', true],
  ])('%s working: %s', (date, expected) => {
    expect(calendar.isWorkingDay(date)).toBe(expected);
  });

  it('refuses 2027 until its arrangement is published and loaded', () => {
    expect(() => calendar.isWorkingDay('2027-01-01')).toThrow(CalendarRangeError);
  });
});
