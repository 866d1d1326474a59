import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  endOfMonth,
  isCalendarDate,
  isoWeekday,
  shanghaiDate,
} from './calendar-date.rules.ts';
import {
  CalendarRangeError,
  addWorkingDays,
  createWorkingCalendar,
  workingDaysBetween,
} from './working-calendar.rules.ts';
import {
  countPendingWorkingDays,
  defaultDeadlinePolicy,
  interpretDeadlineText,
  readNumeral,
  resolveDeadline,
  resolveDueOn,
} from './deadline.rules.ts';

/** The published 2024 National Day arrangement: 10-01…10-07 off, Sunday 09-29 and Saturday 10-12 worked. */
const calendar2024 = createWorkingCalendar({
  years: [2024],
  holidays: [
    '2024-10-01',
    '2024-10-02',
    '2024-10-03',
    '2024-10-04',
    '2024-10-05',
    '2024-10-06',
    '2024-10-07',
  ],
  adjustedWorkdays: ['2024-09-29', '2024-10-12'],
});

describe('calendar days', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-11-30', 3, '2025-02-28'],
    ['2024-03-15', -3, '2023-12-15'],
    ['2021-01-31', 12, '2022-01-31'],
  ])('addMonths(%s, %i) = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2024-03-01', -1, '2024-02-29'],
  ])('addDays(%s, %i) = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('measures, names weekdays and month ends', () => {
    expect(daysBetween('2024-01-01', '2024-12-31')).toBe(365);
    expect(daysBetween('2024-03-10', '2024-03-01')).toBe(-9);
    expect(isoWeekday('2024-09-29')).toBe(7);
    expect(endOfMonth('2023-02-10')).toBe('2023-02-28');
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(() => addDays('2024/01/01', 1)).toThrow(RangeError);
  });

  it('takes the Shanghai calendar day of an instant', () => {
    expect(shanghaiDate(new Date('2024-09-30T16:30:00Z'))).toBe('2024-10-01');
    expect(shanghaiDate(new Date('2024-09-30T15:59:59Z'))).toBe('2024-09-30');
  });
});

describe('working days on the official calendar', () => {
  it.each([
    ['2024-09-29', true],
    ['2024-09-28', false],
    ['2024-10-01', false],
    ['2024-10-07', false],
    ['2024-10-08', true],
    ['2024-10-12', true],
    ['2024-10-13', false],
  ])('%s working: %s', (date, expected) => {
    expect(calendar2024.isWorkingDay(date)).toBe(expected);
  });

  it.each([
    ['2024-09-27', 1, '2024-09-29'],
    ['2024-09-29', 1, '2024-09-30'],
    ['2024-09-30', 1, '2024-10-08'],
    ['2024-09-30', 5, '2024-10-12'],
    ['2024-10-05', 0, '2024-10-08'],
    ['2024-10-08', 0, '2024-10-08'],
  ])('addWorkingDays(%s, %i) = %s', (date, count, expected) => {
    expect(addWorkingDays(date, count, calendar2024)).toBe(expected);
  });

  it('counts working days between two days', () => {
    expect(workingDaysBetween('2024-09-27', '2024-10-12', calendar2024)).toBe(7);
    expect(workingDaysBetween('2024-10-12', '2024-10-01', calendar2024)).toBe(0);
  });

  it('refuses a year the data does not cover instead of guessing', () => {
    expect(() => calendar2024.isWorkingDay('2027-01-01')).toThrow(CalendarRangeError);
    expect(() => addWorkingDays('2024-12-30', 5, calendar2024)).toThrow(CalendarRangeError);
  });
});

describe('deadlines as written', () => {
  it.each([
    ['3', 3],
    ['３', 3],
    ['三', 3],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['两', 2],
    ['*', null],
  ])('readNumeral(%s) = %s', (text, expected) => {
    expect(readNumeral(text)).toBe(expected);
  });

  it.each([
    ['立行立改', { spec: { kind: 'immediate' }, isLongTerm: false }],
    ['即知即改，长期坚持', { spec: { kind: 'immediate' }, isLongTerm: true }],
    ['长期坚持', { spec: { kind: 'long_term', checkinIntervalDays: 30 }, isLongTerm: true }],
    ['3个月内', { spec: { kind: 'within', amount: 3, unit: 'months', from: 'feedback' }, isLongTerm: false }],
    [
      '三个月内完成',
      { spec: { kind: 'within', amount: 3, unit: 'months', from: 'feedback' }, isLongTerm: false },
    ],
    [
      '方案印发后15个工作日内',
      {
        spec: { kind: 'within', amount: 15, unit: 'working_days', from: 'plan_approval' },
        isLongTerm: false,
      },
    ],
    [
      '30日内',
      { spec: { kind: 'within', amount: 30, unit: 'calendar_days', from: 'feedback' }, isLongTerm: false },
    ],
    ['2021年6月30日前', { spec: { kind: 'date', dueOn: '2021-06-30' }, isLongTerm: false }],
    ['2021年12月底前完成，长期坚持', { spec: { kind: 'date', dueOn: '2021-12-31' }, isLongTerm: true }],
    ['6月底', { spec: { kind: 'date', dueOn: '2021-06-30' }, isLongTerm: false }],
    ['9月15日前', { spec: { kind: 'date', dueOn: '2021-09-15' }, isLongTerm: false }],
    ['2021.10.08', { spec: { kind: 'date', dueOn: '2021-10-08' }, isLongTerm: false }],
    ['*个月内', { spec: null, isLongTerm: false }],
    ['2月30日前', { spec: null, isLongTerm: false }],
    ['', { spec: null, isLongTerm: false }],
  ])('interprets %s', (text, expected) => {
    expect(interpretDeadlineText(text, 2021)).toEqual(expected);
  });

  const anchors = { feedbackOn: '2024-09-27', planApprovedOn: '2024-10-12' };
  it.each([
    [{ kind: 'date', dueOn: '2024-12-31' }, '2024-12-31'],
    [{ kind: 'long_term', checkinIntervalDays: 30 }, null],
    [{ kind: 'immediate' }, '2024-10-16'],
    [{ kind: 'within', amount: 3, unit: 'months', from: 'feedback' }, '2024-12-27'],
    [{ kind: 'within', amount: 10, unit: 'calendar_days', from: 'feedback' }, '2024-10-07'],
    [{ kind: 'within', amount: 2, unit: 'working_days', from: 'plan_approval' }, '2024-10-15'],
  ] as const)('resolves %o to %s', (spec, expected) => {
    expect(resolveDueOn(spec, anchors, defaultDeadlinePolicy, calendar2024)).toBe(expected);
  });

  it('has no due day before its anchor is known', () => {
    const spec = { kind: 'within', amount: 3, unit: 'months', from: 'feedback' } as const;
    expect(
      resolveDueOn(spec, { feedbackOn: null, planApprovedOn: null }, defaultDeadlinePolicy, calendar2024),
    ).toBeNull();
  });
});

describe('working-day deadlines into a year the calendar does not cover', () => {
  const anchors = { feedbackOn: '2024-12-20', planApprovedOn: null };
  const within = (amount: number) => ({
    kind: 'within' as const,
    amount,
    unit: 'working_days' as const,
    from: 'feedback' as const,
  });

  it('are pending on the year they reach, with the count and the day it runs from', () => {
    expect(resolveDeadline(within(30), anchors, defaultDeadlinePolicy, calendar2024)).toEqual({
      dueOn: null,
      pending: { workingDays: 30, countedFrom: '2024-12-20', awaitsYear: 2025 },
    });
    expect(resolveDeadline({ kind: 'immediate' }, anchors, defaultDeadlinePolicy, calendar2024)).toEqual({
      dueOn: null,
      pending: {
        workingDays: defaultDeadlinePolicy.immediateWorkingDays,
        countedFrom: '2024-12-20',
        awaitsYear: 2025,
      },
    });
  });

  it('resolve as before when the calendar covers them, and other kinds never wait', () => {
    expect(resolveDeadline(within(3), anchors, defaultDeadlinePolicy, calendar2024)).toEqual({
      dueOn: '2024-12-25',
      pending: null,
    });
    const months = { kind: 'within' as const, amount: 3, unit: 'months' as const, from: 'feedback' as const };
    expect(resolveDeadline(months, anchors, defaultDeadlinePolicy, calendar2024)).toEqual({
      dueOn: '2025-03-20',
      pending: null,
    });
  });

  it('count their day once the year is covered, or name the next year still missing', () => {
    const pending = { workingDays: 30, countedFrom: '2024-12-20' };
    const with2025 = createWorkingCalendar({
      years: [2024, 2025],
      holidays: ['2025-01-01'],
      adjustedWorkdays: [],
    });
    // 23–27 and 30–31 Dec (7), then 2–3 Jan and four weeks of January (23 more), 1 Jan off.
    expect(countPendingWorkingDays(pending, with2025)).toEqual({ dueOn: '2025-02-03' });
    expect(countPendingWorkingDays({ workingDays: 300, countedFrom: '2024-12-20' }, with2025)).toEqual({
      awaitsYear: 2026,
    });
    expect(countPendingWorkingDays(pending, calendar2024)).toEqual({ awaitsYear: 2025 });
  });
});
