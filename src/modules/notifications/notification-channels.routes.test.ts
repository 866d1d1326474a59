import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { startWebhookReceiver } from '../../../test/support/webhook-receiver.ts';
import { startApi, type ApiFixture } from '../inspections/api.test-support.ts';

/** A local webhook receiver: `/ok` answers 200, `/down` 503; keeps what it got. */
const startReceiver = () =>
  startWebhookReceiver((path) => ({ status: path === '/down' ? 503 : 200, body: '{"errcode":0}' }));

describe.each(backends)('notification channel settings API (%s)', (backend) => {
  let api: ApiFixture;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    api = await startApi(backend);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await api.dispose();
  });

  it('robots: office-only CRUD, masked address and secret, versions, other offices see nothing', async () => {
    const body = {
      kind: 'dingtalk',
      name: '整改督办群',
      url: 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef',
      secret: 'SEC0123456789secret',
      kinds: ['overdue', 'notice'],
    };
    expect((await api.request(null, 'GET', '/api/office/robots')).statusCode).toBe(401);
    for (const user of ['unit', 'observer', 'leader', 'admin'] as const) {
      expect((await api.request(user, 'GET', '/api/office/robots')).statusCode, user).toBe(403);
      expect((await api.request(user, 'POST', '/api/office/robots', body)).statusCode, user).toBe(403);
    }
    const bad = await api.request('office', 'POST', '/api/office/robots', {
      ...body,
      url: 'https://user:pw@example.org/hook',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ where: 'body.url' });
    expect(bad.json().error.message).toMatch(/用户名或密码/);
    expect(
      (await api.request('office', 'POST', '/api/office/robots', { ...body, url: 'ftp://example.org/x' }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await api.request('office', 'POST', '/api/office/robots', { ...body, kinds: ['overdue', 'bogus'] })
      ).json().error.where,
    ).toBe('body.kinds[1]');

    const created = await api.request('office', 'POST', '/api/office/robots', body);
    expect(created.statusCode, created.body).toBe(201);
    const robot = created.json();
    expect(robot).toMatchObject({
      kind: 'dingtalk',
      name: '整改督办群',
      url: 'https://oapi.dingtalk.com/robot/send?access_token=****cdef',
      hasSecret: true,
      secret: '****cret',
      enabled: true,
      kinds: ['overdue', 'notice'],
      version: 1,
    });
    const listed = await api.request('office', 'GET', '/api/office/robots');
    expect(listed.body).not.toContain('0123456789abcdef');
    expect(listed.body).not.toContain('SEC0123456789');
    expect(listed.json().items).toHaveLength(1);

    // Another office neither lists nor reaches it.
    expect((await api.request('otherOffice', 'GET', '/api/office/robots')).json().items).toEqual([]);
    for (const [method, url, payload] of [
      ['PUT', `/api/office/robots/${robot.id}`, { version: 1, enabled: false }],
      ['DELETE', `/api/office/robots/${robot.id}`, { version: 1 }],
      ['POST', `/api/office/robots/${robot.id}/test`, undefined],
    ] as const) {
      expect((await api.request('otherOffice', method, url, payload)).statusCode, `${method} ${url}`).toBe(
        404,
      );
    }

    // A change keeps the address and secret unless replaced; a stale version is refused.
    const disabled = await api.request('office', 'PUT', `/api/office/robots/${robot.id}`, {
      version: 1,
      enabled: false,
      name: '督办群（停用）',
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json()).toMatchObject({
      enabled: false,
      name: '督办群（停用）',
      hasSecret: true,
      version: 2,
    });
    const stored = await api.database.db
      .selectFrom('office_robots')
      .select(['url', 'secret'])
      .where('id', '=', robot.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ url: body.url, secret: body.secret });
    expect(
      (await api.request('office', 'PUT', `/api/office/robots/${robot.id}`, { version: 1, enabled: true }))
        .statusCode,
    ).toBe(409);
    const cleared = await api.request('office', 'PUT', `/api/office/robots/${robot.id}`, {
      version: 2,
      secret: null,
    });
    expect(cleared.json()).toMatchObject({ hasSecret: false, secret: null, version: 3 });

    // Every change is in the event log, never with the address or the secret.
    const events = await api.database.db
      .selectFrom('events')
      .select(['action', 'data_json'])
      .where('entity_type', '=', 'office_robot')
      .where('entity_id', '=', robot.id)
      .orderBy('id')
      .execute();
    expect(events.map((event) => event.action)).toEqual(['robot_created', 'robot_updated', 'robot_updated']);
    expect(JSON.stringify(events)).not.toMatch(/0123456789abcdef|SEC0123456789/);

    expect(
      (await api.request('office', 'DELETE', `/api/office/robots/${robot.id}`, { version: 1 })).statusCode,
    ).toBe(409);
    expect(
      (await api.request('office', 'DELETE', `/api/office/robots/${robot.id}`, { version: 3 })).statusCode,
    ).toBe(204);
    expect((await api.request('office', 'GET', '/api/office/robots')).json().items).toEqual([]);
  });

  it('发送测试消息 posts to the robot and answers the result', async () => {
    const ok = (
      await api.request('office', 'POST', '/api/office/robots', {
        kind: 'webhook',
        name: '本地接收端',
        url: `${receiver.url}/ok`,
        secret: 'generic-secret-123',
      })
    ).json();
    const down = (
      await api.request('office', 'POST', '/api/office/robots', {
        kind: 'wecom',
        name: '故障群',
        url: `${receiver.url}/down?key=wecom-key-abcdef123456`,
      })
    ).json();
    expect((await api.request('unit', 'POST', `/api/office/robots/${ok.id}/test`)).statusCode).toBe(403);
    receiver.received.length = 0;
    const sent = await api.request('office', 'POST', `/api/office/robots/${ok.id}/test`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ ok: true, error: null });
    expect(receiver.received).toHaveLength(1);
    const posted = JSON.parse(receiver.received[0]!.body);
    expect(posted).toMatchObject({ event: 'rectify.notification', notification: { rule: 'robot_test' } });
    expect(posted.notification.title).toBe('测试消息');

    const failed = await api.request('office', 'POST', `/api/office/robots/${down.id}/test`);
    expect(failed.statusCode).toBe(200);
    expect(failed.json().ok).toBe(false);
    expect(failed.json().error).toMatch(/HTTP 503/);
    expect(failed.body).not.toContain('wecom-key-abcdef123456');
    expect((await api.request('office', 'POST', '/api/office/robots/999999/test')).statusCode).toBe(404);
  });

  it('GET/PUT /api/me/notification-settings: each user their own, e-mail needs an address', async () => {
    expect((await api.request(null, 'GET', '/api/me/notification-settings')).statusCode).toBe(401);
    const initial = await api.request('unit', 'GET', '/api/me/notification-settings');
    expect(initial.statusCode).toBe(200);
    expect(initial.json()).toMatchObject({
      inApp: true,
      email: null,
      emailEnabled: false,
      kinds: ['due_soon', 'overdue', 'review', 'document', 'notice', 'lookback'],
      isEmailConfigured: false,
      version: 0,
    });
    const missing = await api.request('unit', 'PUT', '/api/me/notification-settings', {
      version: 0,
      email: '',
      emailEnabled: true,
      kinds: ['overdue'],
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.where).toBe('body.email');
    const malformed = await api.request('unit', 'PUT', '/api/me/notification-settings', {
      version: 0,
      email: 'not-an-address',
      emailEnabled: true,
      kinds: [],
    });
    expect(malformed.json().error.where).toBe('body.email');
    const saved = await api.request('unit', 'PUT', '/api/me/notification-settings', {
      version: 0,
      email: 'zhenggai@example.org',
      emailEnabled: true,
      kinds: ['overdue', 'notice'],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      email: 'zhenggai@example.org',
      emailEnabled: true,
      kinds: ['overdue', 'notice'],
      version: 1,
    });
    expect(
      (
        await api.request('unit', 'PUT', '/api/me/notification-settings', {
          version: 0,
          email: null,
          emailEnabled: false,
          kinds: [],
        })
      ).statusCode,
    ).toBe(409);
    // Another user's settings are untouched; the admin (no office) has settings too.
    expect((await api.request('otherUnit', 'GET', '/api/me/notification-settings')).json().email).toBeNull();
    const admin = await api.request('admin', 'PUT', '/api/me/notification-settings', {
      version: 0,
      email: 'admin@example.org',
      emailEnabled: false,
      kinds: ['overdue'],
    });
    expect(admin.statusCode, admin.body).toBe(200);
  });

  it('the office policy names the rule kinds it supervises by', async () => {
    const initial = (await api.request('office', 'GET', '/api/office/policy')).json();
    expect(initial.kinds).toEqual(['due_soon', 'overdue', 'review', 'document', 'notice', 'lookback']);
    const { isDefault: _isDefault, updatedAt: _updatedAt, ...policy } = initial;
    const saved = await api.request('office', 'PUT', '/api/office/policy', {
      ...policy,
      kinds: ['overdue', 'notice'],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().kinds).toEqual(['overdue', 'notice']);
    expect((await api.request('observer', 'GET', '/api/office/policy')).json().kinds).toEqual([
      'overdue',
      'notice',
    ]);
  });
});
