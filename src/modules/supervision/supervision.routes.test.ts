import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { createFixedClock } from '../common/clock.ts';
import { createCalendarService } from '../deadlines/calendar.service.ts';
import { startApi, type ApiFixture } from '../inspections/api.test-support.ts';
import { createSupervisionEngine } from './supervision-engine.ts';
import { defaultSupervisionPolicy } from './supervision.rules.ts';

describe.each(backends)('supervision and notification API (%s)', (backend) => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApi(backend);
  });
  afterAll(async () => {
    await api.dispose();
  });

  it('GET/PUT /api/office/policy: defaults, office-only edits, versions', async () => {
    expect((await api.request(null, 'GET', '/api/office/policy')).statusCode).toBe(401);
    expect((await api.request('unit', 'GET', '/api/office/policy')).statusCode).toBe(403);
    expect((await api.request('admin', 'GET', '/api/office/policy')).statusCode).toBe(403);
    const initial = await api.request('observer', 'GET', '/api/office/policy');
    expect(initial.statusCode).toBe(200);
    const { mutedKinds: _mutedKinds, ...defaults } = defaultSupervisionPolicy;
    expect(initial.json()).toMatchObject({ ...defaults, version: 0, isDefault: true });

    const changed = { ...defaults, dueSoonDays: [10, 3], version: 0 };
    expect((await api.request('observer', 'PUT', '/api/office/policy', changed)).statusCode).toBe(403);
    const bad = await api.request('office', 'PUT', '/api/office/policy', { ...changed, escalationDays: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.where).toBe('body.escalationDays');
    const saved = await api.request('office', 'PUT', '/api/office/policy', changed);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ dueSoonDays: [10, 3], version: 1, isDefault: false });
    expect((await api.request('office', 'PUT', '/api/office/policy', changed)).statusCode).toBe(409);
    const again = await api.request('office', 'PUT', '/api/office/policy', { ...changed, version: 1 });
    expect(again.json()).toMatchObject({ version: 2 });
    // Another office still has its own defaults.
    expect((await api.request('otherOffice', 'GET', '/api/office/policy')).json()).toMatchObject({
      version: 0,
    });
  });

  it('GET /api/supervision/traffic-lights: lights per item in scope, 404 outside it', async () => {
    const inspection = await api.database.db
      .selectFrom('inspections')
      .select('id')
      .where('unit_id', '=', api.unitIds[0])
      .executeTakeFirstOrThrow();
    const response = await api.request(
      'unit',
      'GET',
      `/api/supervision/traffic-lights?inspectionId=${inspection.id}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.today).toBe(DEMO_TODAY);
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) {
      const isOverdue = item.state !== 'closed' && item.dueOn != null && item.dueOn < DEMO_TODAY;
      expect(item.light === 'red', JSON.stringify(item)).toBe(isOverdue);
    }
    expect(body.counts.green + body.counts.yellow + body.counts.red).toBe(body.items.length);
    expect(
      (await api.request('otherUnit', 'GET', `/api/supervision/traffic-lights?inspectionId=${inspection.id}`))
        .statusCode,
    ).toBe(404);
    expect((await api.request('unit', 'GET', '/api/supervision/traffic-lights')).statusCode).toBe(400);
  });

  it('notifications: the engine fills the inbox; read one, read all; others are not visible', async () => {
    const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);
    const calendars = createCalendarService({ db: api.database.db, clock });
    await createSupervisionEngine({
      db: api.database.db,
      clock,
      getCalendar: () => calendars.getCalendar(),
    }).runOnce();

    expect((await api.request(null, 'GET', '/api/notifications')).statusCode).toBe(401);
    const inbox = await api.request('unit', 'GET', '/api/notifications');
    expect(inbox.statusCode).toBe(200);
    const { unreadCount, items } = inbox.json();
    expect(unreadCount).toBeGreaterThan(0);
    expect(items[0]).toMatchObject({ readAt: null });
    expect(typeof items[0].title).toBe('string');

    const first = items[0].id as number;
    expect((await api.request('otherUnit', 'POST', `/api/notifications/${first}/read`)).statusCode).toBe(404);
    expect((await api.request('unit', 'POST', '/api/notifications/abc/read')).statusCode).toBe(400);
    const read = await api.request('unit', 'POST', `/api/notifications/${first}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().unreadCount).toBe(unreadCount - 1);
    const all = await api.request('unit', 'POST', '/api/notifications/read-all');
    expect(all.json()).toMatchObject({ updated: unreadCount - 1, unreadCount: 0 });
    expect((await api.request('unit', 'GET', '/api/notifications?unread=true')).json().items).toEqual([]);
    // Observers (纪检监察) are never sent supervision notifications.
    expect((await api.request('observer', 'GET', '/api/notifications')).json().unreadCount).toBe(0);
  });
});
