import { describe, expect, it } from 'vitest';
import {
  addMonths,
  endOfMonth,
  formatChineseDate,
  isIsoDate,
  toDayNumber,
  toIsoDate,
} from './demo-calendar.ts';
import { toChineseNumeral } from './chinese-numeral.ts';

describe('demo calendar', () => {
  it.each(['1970-01-01', '2000-02-29', '2024-02-29', '2024-12-31', '2100-03-01'])(
    'round-trips %s',
    (date) => {
      expect(toIsoDate(toDayNumber(date))).toBe(date);
    },
  );

  it('counts days like the platform does', () => {
    expect(toDayNumber('2024-06-30')).toBe(Date.UTC(2024, 5, 30) / 86_400_000);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-6-1', 'today'])('rejects %s', (text) => {
    expect(isIsoDate(text)).toBe(false);
    expect(() => toDayNumber(text)).toThrow(RangeError);
  });

  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-15', 3, '2024-06-15'],
    ['2024-11-30', 2, '2025-01-30'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2025-06-15', -12, '2024-06-15'],
  ])('%s plus %i months is %s', (date, months, expected) => {
    expect(toIsoDate(addMonths(toDayNumber(date), months))).toBe(expected);
  });

  it('finds the end of a month and writes dates the Chinese way', () => {
    expect(toIsoDate(endOfMonth(toDayNumber('2024-02-10')))).toBe('2024-02-29');
    expect(formatChineseDate(toDayNumber('2024-06-30'))).toBe('2024年6月30日');
  });
});

describe('toChineseNumeral', () => {
  it.each([
    [1, '一'],
    [10, '十'],
    [12, '十二'],
    [20, '二十'],
    [99, '九十九'],
    [105, '一百零五'],
    [110, '一百一十'],
  ])('%i → %s', (value, expected) => {
    expect(toChineseNumeral(value)).toBe(expected);
  });

  it('refuses numbers it cannot write', () => {
    expect(() => toChineseNumeral(0)).toThrow(RangeError);
  });
});
