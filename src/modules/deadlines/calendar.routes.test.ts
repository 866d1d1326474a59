import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { startApi, type ApiFixture } from '../inspections/api.test-support.ts';
import { readBundledCalendarFile } from './official-calendar.ts';

const file2027 = {
  version: '2027.1',
  years: { '2027': { holidays: { '2027-01-01': '元旦' }, adjustedWorkdays: {} } },
};

describe.each(backends)('GET/PUT /api/admin/calendar (%s)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApi(backend);
  });
  afterAll(async () => {
    await api.dispose();
  });

  it('is for admins only', async () => {
    expect((await api.request(null, 'GET', '/api/admin/calendar')).statusCode).toBe(401);
    expect((await api.request('office', 'GET', '/api/admin/calendar')).statusCode).toBe(403);
    expect((await api.request('office', 'PUT', '/api/admin/calendar', file2027)).statusCode).toBe(403);
  });

  it('shows the calendar in force and merges an uploaded year', async () => {
    const before = await api.request('admin', 'GET', '/api/admin/calendar');
    expect(before.statusCode).toBe(200);
    expect(before.json().years['2024'].holidays['2024-10-07']).toBe('国庆节');
    const put = await api.request('admin', 'PUT', '/api/admin/calendar', file2027);
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ importedYears: [2027], version: '2027.1' });
    const after = (await api.request('admin', 'GET', '/api/admin/calendar')).json();
    expect(after.sources['2027']).toMatchObject({ source: 'imported' });
    expect(after.sources['2026']).toMatchObject({ source: 'bundled' });
  });

  it('answers 400 naming the bad field', async () => {
    const response = await api.request('admin', 'PUT', '/api/admin/calendar', {
      version: '1',
      years: { '2027': { holidays: { '2026-12-31': 'x' }, adjustedWorkdays: {} } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.where).toBe('body.years.2027.holidays.2026-12-31');
  });
});

describe.each(backends)('an imported year applies to deadlines at once (%s)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApi(backend);
  });
  afterAll(async () => {
    await api.dispose();
  });

  it('counts "10个工作日内" on the imported holidays, without a restart', async () => {
    const problem = await api.database.db
      .selectFrom('problems')
      .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
      .select(['problems.id', 'problems.inspection_id'])
      .where('inspections.unit_id', '=', api.unitIds[0])
      .where('problems.state', '!=', 'closed')
      .orderBy('problems.id')
      .executeTakeFirstOrThrow();
    const moveFeedback = async (feedbackOn: string) => {
      const path = `/api/inspections/${problem.inspection_id}`;
      const { version } = (await api.request('office', 'GET', path)).json();
      const moved = await api.request('office', 'PATCH', path, { version, feedbackOn });
      expect(moved.statusCode, moved.body).toBe(200);
    };
    const setDeadline = async () => {
      const current = (await api.request('office', 'GET', `/api/problems/${problem.id}`)).json();
      return api.request('office', 'PUT', `/api/problems/${problem.id}/deadline`, {
        text: '10个工作日内',
        version: current.version,
      });
    };
    const importYear = async (year: string, holidays: Record<string, string>) => {
      const response = await api.request('admin', 'PUT', '/api/admin/calendar', {
        version: `${year}.test`,
        years: { [year]: { holidays, adjustedWorkdays: {} } },
      });
      expect(response.statusCode, response.body).toBe(200);
    };

    // From Thu 10 Dec 2026 on the bundled calendar: 11, 14–18 and 21–24 Dec.
    await moveFeedback('2026-12-10');
    expect((await setDeadline()).json().deadline).toMatchObject({ dueOn: '2026-12-24' });
    // An imported 2026 replaces the bundled one: two more days off move the day to 28 Dec.
    const bundled2026 = readBundledCalendarFile().years['2026']!;
    await importYear('2026', { ...bundled2026.holidays, '2026-12-14': '测试假日', '2026-12-15': '测试假日' });
    expect((await setDeadline()).json().deadline).toMatchObject({
      text: '10个工作日内',
      dueOn: '2026-12-28',
    });

    // Across into a year not imported yet, working days cannot be counted: a 400 naming the year.
    await moveFeedback('2026-12-24');
    const uncovered = await setDeadline();
    expect(uncovered.statusCode).toBe(400);
    expect(uncovered.json().error).toMatchObject({ where: 'body.text' });
    expect(uncovered.json().error.message).toContain('2027年');
    // From Thu 24 Dec: 25, 28–31 Dec, then 6–8 and 11–12 Jan, skipping the imported 1, 4 and 5 Jan.
    await importYear('2027', { '2027-01-01': '元旦', '2027-01-04': '测试假日', '2027-01-05': '测试假日' });
    expect((await setDeadline()).json().deadline).toMatchObject({ dueOn: '2027-01-12' });
  });
});
