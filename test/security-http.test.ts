/**
 * Security of the HTTP layer through the real server in process, on each backend: security
 * headers (CSP without inline script, frame denial, nosniff, Referrer-Policy, HSTS and Secure
 * cookies only over HTTPS), the same-origin proof for cookie writes (a cross-site write is 403
 * and writes nothing), configurable session expiry, and the admin's session revocation and
 * unlock.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { buildServer, type ServerDependencies } from '../src/http/server.ts';
import { APP_CSP } from '../src/http/security-headers.ts';
import { createFixedClock } from '../src/modules/common/clock.ts';
import { defaultSessionPolicy } from '../src/modules/users/session.service.ts';
import { buildOrganisationWithAccounts, testPassword } from '../src/modules/users/user.test-support.ts';
import type { Database } from '../src/storage/database.ts';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { signIn } from './support/sign-in.ts';

async function rowCounts(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['users', 'sessions', 'events', 'login_failures'] as const) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** One account as the admin's list shows it (with its lockout and live sessions). */
async function listedAccount(app: FastifyInstance, adminCookie: string, username: string) {
  const response = await app.inject({ method: 'GET', url: '/api/users', headers: { cookie: adminCookie } });
  expect(response.statusCode).toBe(200);
  const users = response.json().users as Array<{
    username: string;
    isLocked: boolean;
    activeSessions: number;
  }>;
  return users.find((user) => user.username === username);
}

describe('configuration of the security settings', () => {
  it('reads the public URL, trusted proxies and session expiry from the environment', () => {
    const config = readConfig({
      RECTIFY_PUBLIC_URL: 'https://zhenggai.example.gov.cn/some/path',
      RECTIFY_TRUST_PROXY: '1',
      RECTIFY_SESSION_IDLE_MINUTES: '30',
      RECTIFY_SESSION_MAX_DAYS: '2',
    });
    expect(config.publicOrigin).toBe('https://zhenggai.example.gov.cn');
    expect(config.trustProxy).toBe(1);
    expect(config.sessionIdleMs).toBe(30 * 60_000);
    expect(config.sessionAbsoluteMs).toBe(2 * 24 * 3_600_000);
    const defaults = readConfig({});
    expect(defaults).toMatchObject({ publicOrigin: null, trustProxy: false, sessionIdleMs: 8 * 3_600_000 });
    expect(readConfig({ RECTIFY_TRUST_PROXY: '10.0.0.1,10.0.0.2' }).trustProxy).toBe('10.0.0.1,10.0.0.2');
    expect(() => readConfig({ RECTIFY_PUBLIC_URL: 'javascript:alert(1)' })).toThrow(/RECTIFY_PUBLIC_URL/);
    expect(() => readConfig({ RECTIFY_SESSION_IDLE_MINUTES: '0' })).toThrow(/RECTIFY_SESSION_IDLE_MINUTES/);
  });
});

describe.each(backends)('HTTP security on %s', (backend) => {
  let database: TestDatabase;
  const clock = createFixedClock('2026-03-02T01:00:00.000Z');
  const apps: FastifyInstance[] = [];

  async function start(overrides: Partial<ServerDependencies> = {}): Promise<FastifyInstance> {
    const app = await buildServer({ database, clock, version: 'test', logLevel: 'silent', ...overrides });
    apps.push(app);
    return app;
  }

  beforeEach(async () => {
    clock.set('2026-03-02T01:00:00.000Z');
    database = await createTestDatabase(backend);
    await buildOrganisationWithAccounts(database.db, clock);
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await database.dispose();
  });

  describe('headers', () => {
    it('sends a strict CSP, frame denial, nosniff and a Referrer-Policy; no HSTS over plain HTTP', async () => {
      const app = await start();
      for (const url of ['/api/health', '/api/auth/me', '/no-such-page', '/api/openapi.json']) {
        const response = await app.inject({ method: 'GET', url });
        const csp = String(response.headers['content-security-policy']);
        expect(csp, url).toBe(APP_CSP);
        expect(csp).toContain("script-src 'self'");
        expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(response.headers['x-frame-options'], url).toBe('DENY');
        expect(response.headers['x-content-type-options'], url).toBe('nosniff');
        expect(response.headers['referrer-policy'], url).toBe('same-origin');
        expect(response.headers['strict-transport-security'], url).toBeUndefined();
      }
    });

    it('gives the Swagger UI its own policy, scoped to /api/docs', async () => {
      const app = await start();
      const docs = await app.inject({ method: 'GET', url: '/api/docs/' });
      expect(String(docs.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(String(docs.headers['content-security-policy'])).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(docs.headers['x-frame-options']).toBe('DENY');
    });

    it('sends HSTS and Secure cookies only over HTTPS, believing X-Forwarded-Proto only from a trusted proxy', async () => {
      const untrusting = await start();
      const spoofed = await untrusting.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { username: 'office.zhao', password: testPassword },
      });
      expect(spoofed.headers['strict-transport-security']).toBeUndefined();
      expect(String(spoofed.headers['set-cookie'])).not.toContain('Secure');

      const behindProxy = await start({ trustProxy: true });
      const login = await behindProxy.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { username: 'office.zhao', password: testPassword },
      });
      expect(login.statusCode).toBe(200);
      expect(login.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
      const setCookie = String(login.headers['set-cookie']);
      expect(setCookie).toContain('Secure');
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Lax');
    });
  });

  describe('cross-site request forgery', () => {
    it('refuses cross-site writes with a cookie (403) and writes nothing', async () => {
      const app = await start();
      const cookie = await signIn(app, 'office.zhao');
      const before = await rowCounts(database.db);
      const payload = { currentPassword: testPassword, newPassword: 'another good secret' };
      const forged: Record<string, string>[] = [
        { origin: 'https://evil.example' },
        { origin: 'null' },
        { origin: 'http://localhost:80.evil.example' },
        { referer: 'https://evil.example/page' },
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site', origin: 'http://localhost:80' },
      ];
      for (const headers of forged) {
        for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
          const response = await app.inject({
            method,
            url: '/api/auth/password',
            headers: { cookie, host: 'localhost:80', ...headers },
            payload,
          });
          expect(response.statusCode, `${method} ${JSON.stringify(headers)}`).toBe(403);
          expect(response.json().error).toEqual({ code: 'forbidden', message: '拒绝跨站请求' });
        }
      }
      expect(await rowCounts(database.db)).toEqual(before);
      expect(
        (
          await app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { username: 'office.zhao', password: 'another good secret' },
          })
        ).statusCode,
      ).toBe(401);
    });

    it('refuses a cross-site login (login CSRF) without recording a failure', async () => {
      const app = await start();
      const before = await rowCounts(database.db);
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { origin: 'https://evil.example', host: 'localhost:80' },
        payload: { username: 'office.zhao', password: testPassword },
      });
      expect(response.statusCode).toBe(403);
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(await rowCounts(database.db)).toEqual(before);
    });

    it('allows same-origin writes by Origin, Referer or Sec-Fetch-Site, and scripts without browser headers', async () => {
      const app = await start();
      const cookie = await signIn(app, 'office.zhao');
      let password = testPassword;
      const sameOrigin: Record<string, string>[] = [
        { origin: 'http://localhost:80' },
        { referer: 'http://localhost:80/settings' },
        { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' },
        {},
      ];
      for (const [index, headers] of sameOrigin.entries()) {
        const next = `another good secret ${index}`;
        const response = await app.inject({
          method: 'POST',
          url: '/api/auth/password',
          headers: { cookie, host: 'localhost:80', ...headers },
          payload: { currentPassword: password, newPassword: next },
        });
        expect(response.statusCode, JSON.stringify(headers)).toBe(204);
        password = next;
      }
    });

    it('compares with RECTIFY_PUBLIC_URL when configured, not with a spoofable Host', async () => {
      const app = await start({ publicOrigin: 'https://zhenggai.example.gov.cn' });
      const cookie = await signIn(app, 'office.zhao');
      const spoofedHost = await app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie, host: 'evil.example', origin: 'http://evil.example' },
      });
      expect(spoofedHost.statusCode).toBe(403);
      const matching = await app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie, host: 'internal:3000', origin: 'https://zhenggai.example.gov.cn' },
      });
      expect(matching.statusCode).toBe(204);
    });

    it('leaves a write without a cookie at 401 (not 403), and safe methods alone', async () => {
      const app = await start();
      const anonymous = await app.inject({
        method: 'PATCH',
        url: '/api/users/1',
        headers: { origin: 'https://evil.example' },
        payload: { version: 1, isActive: false },
      });
      expect(anonymous.statusCode).toBe(401);
      const cookie = await signIn(app, 'office.zhao');
      const read = await app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      });
      expect(read.statusCode).toBe(200);
    });
  });

  describe('logs', () => {
    it('never contain the password of a failed login, session tokens or contact fields', async () => {
      const lines: string[] = [];
      const app = await start({ logLevel: 'trace', logStream: { write: (line) => lines.push(line) } });
      const secret = 'Wrong-Password-Never-Logged-42';
      const failed = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'office.zhao', password: secret },
      });
      expect(failed.statusCode).toBe(401);
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'office.zhao', password: testPassword },
      });
      const token = String(login.headers['set-cookie']).split(';')[0]!.split('=')[1]!;
      await app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: `rectify_session=${token}` },
      });
      app.log.info(
        {
          req: { headers: { cookie: `rectify_session=${token}`, authorization: 'Basic c2VjcmV0' } },
          body: { password: secret, contactPhone: '13800000000', contactName: '张三' },
        },
        'a line that carries secrets',
      );
      const log = lines.join('');
      expect(log).toContain('login: wrong password for office.zhao');
      expect(log).toContain('a line that carries secrets');
      expect(log).toContain('[redacted]');
      for (const forbidden of [secret, testPassword, token, 'c2VjcmV0', '13800000000', '张三']) {
        expect(log).not.toContain(forbidden);
      }
    });
  });

  describe('robot credentials', () => {
    it('never reach the log: not on adding, refusing, testing or in a line that carries them', async () => {
      const lines: string[] = [];
      const app = await start({ logLevel: 'trace', logStream: { write: (line) => lines.push(line) } });
      const cookie = await signIn(app, 'office.zhao');
      const token = 'robot-token-never-logged-0123456789';
      const secret = 'SEC-robot-secret-never-logged';
      const robotUrl = `http://127.0.0.1:9/robot/send?access_token=${token}`;
      const refused = await app.inject({
        method: 'POST',
        url: '/api/office/robots',
        headers: { cookie },
        payload: { kind: 'dingtalk', name: '督办群', url: `ftp://x/${token}`, secret },
      });
      expect(refused.statusCode).toBe(400);
      const created = await app.inject({
        method: 'POST',
        url: '/api/office/robots',
        headers: { cookie },
        payload: { kind: 'dingtalk', name: '督办群', url: robotUrl, secret },
      });
      expect(created.statusCode).toBe(201);
      const tested = await app.inject({
        method: 'POST',
        url: `/api/office/robots/${created.json().id}/test`,
        headers: { cookie },
      });
      expect(tested.json().ok).toBe(false);
      app.log.info({ body: { url: robotUrl, secret }, robot: { secret } }, 'a line that carries a robot');
      const log = lines.join('');
      expect(log).toContain('a line that carries a robot');
      for (const forbidden of [token, secret]) {
        expect(log).not.toContain(forbidden);
        expect(created.body + tested.body).not.toContain(forbidden);
      }
    });
  });

  describe('sessions', () => {
    it('ends sessions after the configured idle and absolute times', async () => {
      const config = readConfig({ RECTIFY_SESSION_IDLE_MINUTES: '30', RECTIFY_SESSION_MAX_DAYS: '1' });
      const app = await start({
        sessionPolicy: {
          ...defaultSessionPolicy,
          idleMs: config.sessionIdleMs!,
          absoluteMs: config.sessionAbsoluteMs!,
        },
      });
      const me = (cookie: string) => app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      const idle = await signIn(app, 'office.zhao');
      clock.set('2026-03-02T01:29:00.000Z');
      expect((await me(idle)).statusCode).toBe(200);
      clock.set('2026-03-02T02:00:00.000Z');
      // The idle session's row is still there until used, but the admin's list no longer counts it.
      const admin = await signIn(app, 'root.admin');
      expect(await listedAccount(app, admin, 'office.zhao')).toMatchObject({ activeSessions: 0 });
      expect((await me(idle)).statusCode).toBe(401);

      const active = await signIn(app, 'office.zhao');
      for (let minutes = 20; minutes < 24 * 60; minutes += 20) {
        clock.set(new Date(Date.parse('2026-03-02T02:00:00.000Z') + minutes * 60_000));
        expect((await me(active)).statusCode, `after ${minutes} minutes`).toBe(200);
      }
      clock.set(new Date(Date.parse('2026-03-02T02:00:00.000Z') + 24 * 60 * 60_000));
      expect((await me(active)).statusCode).toBe(401);
    });

    it('lets an admin revoke all sessions of an account, and ends other sessions on a password change', async () => {
      const app = await start();
      const first = await signIn(app, 'office.zhao');
      const second = await signIn(app, 'office.zhao');
      const admin = await signIn(app, 'root.admin');
      const office = await database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'office.zhao')
        .executeTakeFirstOrThrow();
      const me = (cookie: string) => app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect(await listedAccount(app, admin, 'office.zhao')).toMatchObject({
        activeSessions: 2,
        isLocked: false,
      });
      expect(await listedAccount(app, admin, 'root.admin')).toMatchObject({ activeSessions: 1 });

      const refused = await app.inject({
        method: 'POST',
        url: `/api/users/${office.id}/sessions/revoke`,
        headers: { cookie: first },
      });
      expect(refused.statusCode).toBe(403);
      const revoked = await app.inject({
        method: 'POST',
        url: `/api/users/${office.id}/sessions/revoke`,
        headers: { cookie: admin },
      });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json()).toEqual({ revokedSessions: 2 });
      expect((await me(first)).statusCode).toBe(401);
      expect((await me(second)).statusCode).toBe(401);
      expect((await me(admin)).statusCode).toBe(200);
      expect(await listedAccount(app, admin, 'office.zhao')).toMatchObject({ activeSessions: 0 });
      const absent = await app.inject({
        method: 'POST',
        url: '/api/users/999999/sessions/revoke',
        headers: { cookie: admin },
      });
      expect(absent.statusCode).toBe(404);

      const kept = await signIn(app, 'office.zhao');
      const other = await signIn(app, 'office.zhao');
      const changed = await app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie: kept },
        payload: { currentPassword: testPassword, newPassword: 'another good secret' },
      });
      expect(changed.statusCode).toBe(204);
      expect((await me(kept)).statusCode).toBe(200);
      expect((await me(other)).statusCode).toBe(401);
    });

    it('lets an admin lift a lockout through the API; the lockout answers alike for unknown users', async () => {
      const app = await start();
      const login = (username: string, password: string) =>
        app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      for (let attempt = 0; attempt < 5; attempt += 1) {
        expect((await login('office.zhao', 'wrong password!')).statusCode).toBe(401);
        expect((await login('nobody.here', 'wrong password!')).statusCode).toBe(401);
      }
      const locked = await login('office.zhao', testPassword);
      const lockedUnknown = await login('nobody.here', testPassword);
      expect(locked.statusCode).toBe(429);
      expect(lockedUnknown.json()).toEqual(locked.json());

      const admin = await signIn(app, 'root.admin');
      const office = await database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'office.zhao')
        .executeTakeFirstOrThrow();
      expect(await listedAccount(app, admin, 'office.zhao')).toMatchObject({ isLocked: true });
      expect(await listedAccount(app, admin, 'root.admin')).toMatchObject({ isLocked: false });
      const unlocked = await app.inject({
        method: 'POST',
        url: `/api/users/${office.id}/unlock`,
        headers: { cookie: admin },
      });
      expect(unlocked.statusCode).toBe(200);
      expect(unlocked.json()).toEqual({ clearedFailures: 5 });
      expect(await listedAccount(app, admin, 'office.zhao')).toMatchObject({ isLocked: false });
      expect((await login('office.zhao', testPassword)).statusCode).toBe(200);
      const anonymous = await app.inject({ method: 'POST', url: `/api/users/${office.id}/unlock` });
      expect(anonymous.statusCode).toBe(401);
    });
  });
});
