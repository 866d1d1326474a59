import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { startApi, type ApiFixture } from '../inspections/api.test-support.ts';

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
