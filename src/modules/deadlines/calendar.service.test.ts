import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { AppError } from '../common/app-error.ts';
import { createFixedClock } from '../common/clock.ts';
import { createCalendarService } from './calendar.service.ts';
import { defaultDeadlinePolicy, resolveDueOn } from './deadline.rules.ts';
import { addWorkingDays, CalendarRangeError } from './working-calendar.rules.ts';

/** A 2027 arrangement as a new year's file would bring it (New Year's Day and one 调休 Sunday). */
const calendar2027 = {
  version: '2027.1',
  years: {
    '2027': {
      holidays: { '2027-01-01': '元旦', '2027-02-05': '春节', '2027-02-08': '春节' },
      adjustedWorkdays: { '2027-02-07': '春节' },
    },
  },
};

describe.each(backends)('official calendar in the database (%s)', (backend) => {
  let database: TestDatabase;
  const clock = createFixedClock('2026-12-01T02:00:00.000Z');

  beforeEach(async () => {
    database = await createTestDatabase(backend);
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('uses the bundled file until a year is imported', async () => {
    const service = createCalendarService({ db: database.db, clock });
    const calendar = await service.getCalendar();
    expect(calendar.isWorkingDay('2024-09-29')).toBe(true);
    expect(calendar.isWorkingDay('2024-10-07')).toBe(false);
    expect(() => calendar.isWorkingDay('2027-01-04')).toThrow(CalendarRangeError);
    const effective = await service.getEffectiveCalendar();
    expect(effective.sources['2024']).toMatchObject({ source: 'bundled' });
  });

  it('merges an imported year, and another service instance (another process) sees it', async () => {
    const service = createCalendarService({ db: database.db, clock });
    await service.getCalendar();
    const result = await service.importCalendar(calendar2027);
    expect(result.years).toEqual([2027]);
    expect(Object.keys(result.effective.file.years)).toEqual([
      '2020',
      '2021',
      '2022',
      '2023',
      '2024',
      '2025',
      '2026',
      '2027',
    ]);
    const other = createCalendarService({ db: database.db, clock });
    const calendar = await other.getCalendar();
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2027-02-07')).toBe(true);
    expect(addWorkingDays('2027-02-04', 2, calendar)).toBe('2027-02-09');
    // 立行立改 with an office's 3 working days, across the imported Spring Festival.
    expect(
      resolveDueOn(
        { kind: 'immediate' },
        { feedbackOn: '2027-02-04', planApprovedOn: null },
        { ...defaultDeadlinePolicy, immediateWorkingDays: 3 },
        calendar,
      ),
    ).toBe('2027-02-10');
    expect((await other.getEffectiveCalendar()).sources['2027']).toMatchObject({
      source: 'imported',
      version: '2027.1',
    });
  });

  it('replaces a whole year on re-import, leaving the other years', async () => {
    const service = createCalendarService({ db: database.db, clock });
    await service.importCalendar(calendar2027);
    await service.importCalendar({
      version: '2024.fix',
      years: { '2024': { holidays: { '2024-10-01': '国庆节' }, adjustedWorkdays: {} } },
    });
    const calendar = await service.getCalendar();
    expect(calendar.isWorkingDay('2024-10-02')).toBe(true);
    expect(calendar.isWorkingDay('2024-09-29')).toBe(false);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2025-01-01')).toBe(false);
  });

  it.each([
    [{ years: {} }, 'body.version'],
    [
      { version: '1', years: { '2027': { holidays: { '2028-01-01': '元旦' }, adjustedWorkdays: {} } } },
      'body.years.2027.holidays.2028-01-01',
    ],
    [
      { version: '1', years: { '2027': { holidays: { '2027-02-30': 'x' }, adjustedWorkdays: {} } } },
      'body.years.2027.holidays.2027-02-30',
    ],
    [
      {
        version: '1',
        years: { '2027': { holidays: { '2027-02-07': 'x' }, adjustedWorkdays: { '2027-02-07': 'x' } } },
      },
      'body.years.2027.adjustedWorkdays.2027-02-07',
    ],
  ])('refuses a bad file %#, naming where, and changes nothing', async (file, where) => {
    const service = createCalendarService({ db: database.db, clock });
    const failure = await service.importCalendar(file).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).details.where).toBe(where);
    const stored = await database.db.selectFrom('official_calendar_years').select('year').execute();
    expect(stored).toEqual([]);
  });
});
