/**
 * LDAP login against a real OpenLDAP (Debian slapd on loopback, see support/slapd.ts), on each
 * backend: a directory user signs in with the directory password and gets an account from their
 * attributes and groups; a wrong password and a user in the "disabled" group are refused like any
 * wrong login; a group change changes the role at the next login and a department change the
 * account's department; a filter-injection username matches nobody; local accounts (the admin)
 * keep working.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Change, Attribute } from 'ldapts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { buildServer } from '../src/http/server.ts';
import { createFixedClock } from '../src/modules/common/clock.ts';
import { escapeFilterValue } from '../src/modules/users/ldap-directory.ts';
import { buildOrganisation, buildUser, testPassword } from '../src/modules/users/user.test-support.ts';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { signIn } from './support/sign-in.ts';
import { isSlapdAvailable, startSlapd, TEST_ROOT_DN, TEST_SUFFIX, type TestSlapd } from './support/slapd.ts';

const OFFICE = '某县委巡察工作领导小组办公室';
const UNIT = '某县融媒体中心党组';
const group = (name: string) => `cn=${name},ou=groups,${TEST_SUFFIX}`;
const person = (uid: string) => `uid=${uid},ou=people,${TEST_SUFFIX}`;

function personLdif(uid: string, name: string, department: string, password: string): string {
  return `dn: ${person(uid)}
objectClass: inetOrgPerson
uid: ${uid}
cn: ${name}
sn: ${name.slice(0, 1)}
ou: 通讯录
departmentNumber: ${department}
userPassword: ${password}
`;
}

function groupLdif(name: string, members: string[]): string {
  return `dn: ${group(name)}
objectClass: groupOfNames
cn: ${name}
${members.map((uid) => `member: ${person(uid)}`).join('\n')}
`;
}

const LDIF = [
  `dn: ${TEST_SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: example\n`,
  `dn: ou=people,${TEST_SUFFIX}\nobjectClass: organizationalUnit\nou: people\n`,
  `dn: ou=groups,${TEST_SUFFIX}\nobjectClass: organizationalUnit\nou: groups\n`,
  `dn: cn=rectify-service,${TEST_SUFFIX}\nobjectClass: person\ncn: rectify-service\nsn: service\nuserPassword: service-secret\n`,
  personLdif('zhangsan', '张三', '巡察办综合科', 'zhangsan-directory-pw'),
  personLdif('lisi', '李四', '财务股', 'lisi-directory-pw'),
  personLdif('wangwu', '王五', '办公室', 'wangwu-directory-pw'),
  personLdif('admin', '冒充管理员', '外部', 'admin-directory-pw'),
  groupLdif('rectify-office', ['zhangsan']),
  groupLdif('rectify-leaders', ['wangwu', 'lisi']),
  groupLdif('rectify-disabled', ['lisi']),
  groupLdif('everyone', ['zhangsan', 'lisi', 'wangwu', 'admin']),
].join('\n');

describe.runIf(isSlapdAvailable())('LDAP login', () => {
  let slapd: TestSlapd;
  let secretDir: string;
  beforeAll(async () => {
    slapd = await startSlapd(LDIF);
    secretDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-ldap-secret-'));
  }, 60_000);
  afterAll(async () => {
    await slapd?.stop();
    if (secretDir) fs.rmSync(secretDir, { recursive: true, force: true });
  });

  it('escapes usernames per RFC 4515', () => {
    expect(escapeFilterValue('a*)(uid=*))(|(uid=*')).toBe('a\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a');
    expect(escapeFilterValue('back\\slash\0')).toBe('back\\5cslash\\00');
  });

  describe.each(backends)('on %s', (backend) => {
    let database: TestDatabase;
    let app: FastifyInstance;
    const clock = createFixedClock('2026-03-02T01:00:00.000Z');

    beforeEach(async () => {
      database = await createTestDatabase(backend);
      await buildOrganisation(database.db);
      await buildUser(database.db, clock, { username: 'admin', role: 'admin' });
      const passwordFile = path.join(secretDir, 'bind-password');
      fs.writeFileSync(passwordFile, 'service-secret\n');
      const config = readConfig({
        RECTIFY_LDAP_URL: slapd.url,
        RECTIFY_LDAP_BIND_DN: `cn=rectify-service,${TEST_SUFFIX}`,
        RECTIFY_LDAP_BIND_PASSWORD_FILE: passwordFile,
        RECTIFY_LDAP_SEARCH_BASE: `ou=people,${TEST_SUFFIX}`,
        RECTIFY_LDAP_GROUP_SEARCH_BASE: `ou=groups,${TEST_SUFFIX}`,
        RECTIFY_LDAP_USER_FILTER: '(&(objectClass=inetOrgPerson)(uid={username}))',
        // Not the default `ou`, which the entries also carry: the configured attribute must be the one read.
        RECTIFY_LDAP_DEPARTMENT_ATTRIBUTE: 'departmentNumber',
        RECTIFY_LDAP_GROUP_ROLE_MAP: JSON.stringify({
          [group('rectify-disabled')]: { role: 'disabled' },
          [group('rectify-office')]: { role: 'office', office: OFFICE },
          [group('rectify-leaders')]: { role: 'leader', office: OFFICE, units: [UNIT] },
        }),
      });
      expect(config.ldap?.bindPassword).toBe('service-secret');
      app = await buildServer({ database, clock, version: 'test', logLevel: 'silent', ldap: config.ldap });
    });
    afterEach(async () => {
      await app.close();
      await database.dispose();
    });

    const login = (username: string, password: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    const userRow = (username: string) =>
      database.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();

    it('signs a directory user in and creates the account from the directory', async () => {
      const response = await login('zhangsan', 'zhangsan-directory-pw');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().user).toMatchObject({
        username: 'zhangsan',
        displayName: '张三',
        role: 'office',
        department: '巡察办综合科',
      });
      const row = await userRow('zhangsan');
      expect(row?.password_hash).toBe('ldap');
      expect(row?.department).toBe('巡察办综合科');
      const event = await database.db
        .selectFrom('events')
        .select(['action', 'data_json'])
        .where('action', '=', 'directory_create')
        .executeTakeFirstOrThrow();
      expect(event.data_json).toContain('巡察办综合科');
      const cookie = String(response.headers['set-cookie']).split(';')[0]!;
      const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect(me.json().user).toMatchObject({ role: 'office', department: '巡察办综合科' });
      expect((await login('zhangsan', 'zhangsan-directory-pw')).statusCode).toBe(200);
    });

    it('refuses a wrong password, an empty one, an unknown user and filter injection alike', async () => {
      const refusals = [
        await login('zhangsan', 'not the directory password'),
        await login('zhangsan', ' '),
        await login('nobody', 'whatever password'),
        await login('*', 'zhangsan-directory-pw'),
        await login('zhang*', 'zhangsan-directory-pw'),
        await login('*)(uid=zhangsan', 'zhangsan-directory-pw'),
      ];
      for (const response of refusals) {
        expect(response.statusCode, response.body).toBe(401);
        expect(response.json()).toEqual({ error: { code: 'unauthenticated', message: '用户名或密码错误' } });
      }
      expect(await userRow('zhangsan')).toBeUndefined();
    });

    it('refuses a user in the disabled group, even with the right password', async () => {
      const response = await login('lisi', 'lisi-directory-pw');
      expect(response.statusCode).toBe(401);
      expect(response.json().error.message).toBe('用户名或密码错误');
      expect(await userRow('lisi')).toBeUndefined();
    });

    it('changes the role at the next login when the groups change, and ends the old sessions', async () => {
      // The directory is shared by both backends' runs: put wangwu back in the leaders only.
      const resetter = await slapd.admin();
      try {
        const memberOf = (name: string, operation: 'add' | 'delete') =>
          resetter
            .modify(group(name), [
              new Change({
                operation,
                modification: new Attribute({ type: 'member', values: [person('wangwu')] }),
              }),
            ])
            .catch(() => undefined);
        await memberOf('rectify-office', 'delete');
        await memberOf('rectify-disabled', 'delete');
        await memberOf('rectify-leaders', 'add');
      } finally {
        await resetter.unbind();
      }
      const first = await login('wangwu', 'wangwu-directory-pw');
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().user).toMatchObject({ role: 'leader', displayName: '王五' });
      expect(first.json().user.unitIds).toHaveLength(1);
      const oldCookie = String(first.headers['set-cookie']).split(';')[0]!;

      const admin = await slapd.admin();
      try {
        await admin.modify(group('rectify-leaders'), [
          new Change({
            operation: 'delete',
            modification: new Attribute({ type: 'member', values: [person('wangwu')] }),
          }),
        ]);
        await admin.modify(group('rectify-office'), [
          new Change({
            operation: 'add',
            modification: new Attribute({ type: 'member', values: [person('wangwu')] }),
          }),
        ]);
      } finally {
        await admin.unbind();
      }
      const second = await login('wangwu', 'wangwu-directory-pw');
      expect(second.statusCode, second.body).toBe(200);
      expect(second.json().user).toMatchObject({ role: 'office', unitIds: [] });
      const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: oldCookie } });
      expect(me.statusCode).toBe(401);

      const disabler = await slapd.admin();
      try {
        await disabler.modify(group('rectify-disabled'), [
          new Change({
            operation: 'add',
            modification: new Attribute({ type: 'member', values: [person('wangwu')] }),
          }),
        ]);
      } finally {
        await disabler.unbind();
      }
      expect((await login('wangwu', 'wangwu-directory-pw')).statusCode).toBe(401);
      const newCookie = String(second.headers['set-cookie']).split(';')[0]!;
      const after = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: newCookie } });
      expect(after.statusCode).toBe(401);
    });

    it('takes a department change in the directory over at the next login, where the admin sees it too', async () => {
      const setDepartment = async (department: string) => {
        const client = await slapd.admin();
        try {
          await client.modify(person('zhangsan'), [
            new Change({
              operation: 'replace',
              modification: new Attribute({ type: 'departmentNumber', values: [department] }),
            }),
          ]);
        } finally {
          await client.unbind();
        }
      };
      // The directory is shared by both backends' runs and the other tests: start from and end with the LDIF's value.
      await setDepartment('巡察办综合科');
      try {
        const first = await login('zhangsan', 'zhangsan-directory-pw');
        expect(first.statusCode, first.body).toBe(200);
        expect(first.json().user.department).toBe('巡察办综合科');

        await setDepartment('巡察办督查科');
        const second = await login('zhangsan', 'zhangsan-directory-pw');
        expect(second.statusCode, second.body).toBe(200);
        expect(second.json().user).toMatchObject({ role: 'office', department: '巡察办督查科' });
        expect((await userRow('zhangsan'))?.department).toBe('巡察办督查科');
        const cookie = String(second.headers['set-cookie']).split(';')[0]!;
        const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
        expect(me.json().user.department).toBe('巡察办督查科');
        // Only the department changed, not the scope: the first session lives on.
        const firstCookie = String(first.headers['set-cookie']).split(';')[0]!;
        const firstMe = await app.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: { cookie: firstCookie },
        });
        expect(firstMe.statusCode).toBe(200);
        const update = await database.db
          .selectFrom('events')
          .select('data_json')
          .where('action', '=', 'directory_update')
          .executeTakeFirstOrThrow();
        expect(JSON.parse(update.data_json)).toMatchObject({
          department: '巡察办督查科',
          departmentBefore: '巡察办综合科',
        });

        const adminCookie = await signIn(app, 'admin');
        const listed = await app.inject({
          method: 'GET',
          url: '/api/users',
          headers: { cookie: adminCookie },
        });
        const users = listed.json().users as Array<{ username: string; department: string | null }>;
        expect(users.find((user) => user.username === 'zhangsan')?.department).toBe('巡察办督查科');
        expect(users.find((user) => user.username === 'admin')?.department).toBeNull();
      } finally {
        await setDepartment('巡察办综合科');
      }
    });

    it('keeps local accounts local: the admin signs in with the local password, never the directory one', async () => {
      expect((await login('admin', testPassword)).statusCode).toBe(200);
      expect((await login('admin', 'admin-directory-pw')).statusCode).toBe(401);
    });

    it('answers a directory outage with a clear error, not a lockout', async () => {
      const config = readConfig({
        RECTIFY_LDAP_URL: 'ldap://127.0.0.1:1',
        RECTIFY_LDAP_BIND_DN: TEST_ROOT_DN,
        RECTIFY_LDAP_SEARCH_BASE: TEST_SUFFIX,
        RECTIFY_LDAP_TIMEOUT_MS: '1000',
      });
      const offline = await buildServer({
        database,
        clock,
        version: 'test',
        logLevel: 'silent',
        ldap: config.ldap,
      });
      try {
        const response = await offline.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'zhangsan', password: 'zhangsan-directory-pw' },
        });
        expect(response.statusCode).toBe(500);
        expect(response.json().error.message).toContain('目录服务');
        const failures = await database.db.selectFrom('login_failures').selectAll().execute();
        expect(failures).toEqual([]);
      } finally {
        await offline.close();
      }
    });
  });
});
