import { describe, expect, it } from 'vitest';
import { foldKey } from '../text/normalise-text.ts';
import { findDateRanges, findDates, toIsoDate, withYear } from './dates.ts';

describe('findDates', () => {
  it.each([
    ['2021年3月11日反馈', [[2021, 3, 11]]],
    ['于7月26日召开', [[null, 7, 26]]],
    ['二〇二一年八月三十日', [[2021, 8, 30]]],
    ['更新时间:2023-12-15 10:58', [[2023, 12, 15]]],
    [
      '2021.3.1和2022/04/05',
      [
        [2021, 3, 1],
        [2022, 4, 5],
      ],
    ],
    ['5月28.29日', []],
    ['13月40日', []],
  ])('%s', (text, expected) => {
    expect(findDates(foldKey(text)).map((date) => [date.year, date.month, date.day])).toEqual(expected);
  });
});

describe('ranges and years', () => {
  it.each([
    ['2020年11月1日至2021年1月31日', '2020-11-01', '2021-01-31'],
    ['2021年4月26日至6月25日期间', '2021-04-26', '2021-06-25'],
    ['2020年11月1日到1月31日', '2020-11-01', '2021-01-31'],
    ['2022年4月15日—6月15日', '2022-04-15', '2022-06-15'],
  ])('%s', (text, start, end) => {
    const [range] = findDateRanges(foldKey(text));
    expect(range).toBeDefined();
    expect(withYear(range!.start, null)).toBe(start);
    expect(withYear(range!.end, range!.start)).toBe(end);
  });

  it('rejects days that do not exist', () => {
    expect(toIsoDate(2021, 2, 30)).toBeNull();
    expect(toIsoDate(null, 2, 3)).toBeNull();
  });
});
