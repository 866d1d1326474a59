/**
 * The account API through the real server in process (`buildServer` + `app.inject`), on each
 * backend: the session cookie's flags, 401 without a session, 403 for non-admins on user
 * management, 400 naming the field, and the admin's create/change round trip.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { buildServer } from '../../http/server.ts';
import { createFixedClock } from '../common/clock.ts';
import { signIn } from '../../../test/support/sign-in.ts';
import { buildOrganisationWithAccounts, testPassword, type TestOrganisation } from './user.test-support.ts';

describe.each(backends)('account API on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let organisation: TestOrganisation;
  const clock = createFixedClock('2026-03-02T01:00:00.000Z');

  beforeEach(async () => {
    database = await createTestDatabase(backend);
    organisation = await buildOrganisationWithAccounts(database.db, clock);
    app = await buildServer({ database, clock, version: 'test', logLevel: 'silent' });
  });
  afterEach(async () => {
    await app.close();
    await database.dispose();
  });

  async function login(username: string, password = testPassword): Promise<LightMyRequestResponse> {
    return app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  }

  it('logs in with an httpOnly SameSite=Lax cookie, answers /me, and logs out', async () => {
    const response = await login('office.zhao');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      user: { username: 'office.zhao', role: 'office', roleName: '巡察办' },
    });
    expect(JSON.stringify(response.json())).not.toContain('scrypt');
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^rectify_session=[\w-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
    const cookie = setCookie.split(';')[0]!;

    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    // A local account has no directory department.
    expect(me.json()).toMatchObject({
      user: { username: 'office.zhao', officeId: organisation.officeId, department: null },
    });

    const logout = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(logout.statusCode).toBe(204);
    expect(String(logout.headers['set-cookie'])).toContain('rectify_session=;');
    const after = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('answers 401 in Chinese without a session, and the same 401 for an unknown user or a wrong password', async () => {
    const me = await app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(me.statusCode).toBe(401);
    expect(me.json()).toEqual({ error: { code: 'unauthenticated', message: '请先登录' } });
    const forged = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: 'rectify_session=forged' },
    });
    expect(forged.statusCode).toBe(401);

    const unknown = await login('no.such.user');
    const wrong = await login('office.zhao', 'not the password');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.json()).toEqual({ error: { code: 'unauthenticated', message: '用户名或密码错误' } });
  });

  it('answers 429 once a username is locked', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1)
      expect((await login('office.zhao', 'wrong password!')).statusCode).toBe(401);
    const locked = await login('office.zhao');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('rate_limited');
  });

  it('answers 400 naming the field for bad input', async () => {
    const missing = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'office.zhao' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'invalid_input', where: 'body.password' });

    const cookie = await signIn(app, 'root.admin');
    const badUnit = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie },
      payload: {
        username: 'li.leader',
        displayName: '李领导',
        role: 'leader',
        officeId: organisation.officeId,
        unitIds: [1, 'x'],
        password: testPassword,
      },
    });
    expect(badUnit.statusCode).toBe(400);
    expect(badUnit.json().error.where).toBe('body.unitIds[1]');
    const badRole = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie },
      payload: { username: 'li.leader', displayName: '李领导', role: 'boss', password: testPassword },
    });
    expect(badRole.json().error).toMatchObject({ code: 'invalid_input', where: 'body.role' });
    const weak = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie },
      payload: {
        username: 'li.leader',
        displayName: '李领导',
        role: 'office',
        officeId: organisation.officeId,
        password: '1234567890',
      },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({
      where: 'password',
      message: '密码过于常见，容易被猜中，请换一个',
    });
    expect(
      await database.db.selectFrom('users').select('id').where('username', '=', 'li.leader').execute(),
    ).toEqual([]);
  });

  it('lets only admins manage users (403 otherwise), and an admin create, list and change one', async () => {
    const officeCookie = await signIn(app, 'office.zhao');
    for (const [method, url] of [
      ['GET', '/api/users'],
      ['POST', '/api/users'],
      ['PATCH', '/api/users/1'],
    ] as const) {
      const response = await app.inject({
        method,
        url,
        headers: { cookie: officeCookie },
        payload: method === 'GET' ? undefined : {},
      });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    }
    expect((await app.inject({ method: 'GET', url: '/api/users' })).statusCode).toBe(401);

    const cookie = await signIn(app, 'root.admin');
    const created = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie },
      payload: {
        username: 'Li.Leader',
        displayName: '李领导',
        role: 'leader',
        officeId: organisation.officeId,
        unitIds: [organisation.unitIds[0]],
        password: testPassword,
      },
    });
    expect(created.statusCode).toBe(201);
    const user = created.json().user;
    expect(user).toMatchObject({
      username: 'li.leader',
      role: 'leader',
      unitIds: [organisation.unitIds[0]],
      isActive: true,
      version: 1,
    });

    const listed = await app.inject({ method: 'GET', url: '/api/users', headers: { cookie } });
    expect(listed.json().users.map((row: { username: string }) => row.username)).toEqual([
      'li.leader',
      'office.zhao',
      'root.admin',
    ]);

    const changed = await app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: { cookie },
      payload: { version: 1, unitIds: [...organisation.unitIds] },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().user).toMatchObject({
      unitIds: [...organisation.unitIds].sort((a, b) => a - b),
      version: 2,
    });
    const stale = await app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: { cookie },
      payload: { version: 1, isActive: false },
    });
    expect(stale.statusCode).toBe(409);
    const absent = await app.inject({
      method: 'PATCH',
      url: '/api/users/999999',
      headers: { cookie },
      payload: { version: 1, isActive: false },
    });
    expect(absent.statusCode).toBe(404);
    const badId = await app.inject({
      method: 'PATCH',
      url: '/api/users/abc',
      headers: { cookie },
      payload: { version: 1 },
    });
    expect(badId.json().error).toMatchObject({ code: 'invalid_input', where: 'params.id' });
  });

  it('changes the password over HTTP and refuses cross-site writes', async () => {
    const cookie = await signIn(app, 'office.zhao');
    const crossSite = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie, origin: 'https://evil.example', host: 'localhost:80' },
      payload: { currentPassword: testPassword, newPassword: 'another good secret' },
    });
    expect(crossSite.statusCode).toBe(403);
    const changed = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: testPassword, newPassword: 'another good secret' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await login('office.zhao', 'another good secret')).statusCode).toBe(200);
  });
});
