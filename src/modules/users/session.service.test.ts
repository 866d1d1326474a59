/**
 * Sessions and accounts on a real database (SQLite, and PostgreSQL when configured): login,
 * resolving to an actor, idle and absolute expiry, logout, password change, deactivation,
 * throttling with unlock, and identical failures for unknown users and wrong passwords.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { AppError } from '../common/app-error.ts';
import { createFixedClock } from '../common/clock.ts';
import { verifyEventChain } from '../events/event.repository.ts';
import type { Actor } from './actor.ts';
import { createSessionService } from './session.service.ts';
import { createUserService } from './user.service.ts';
import {
  buildOrganisation,
  buildUser,
  fastHashParameters,
  testPassword,
  type TestOrganisation,
} from './user.test-support.ts';

const HOUR = 60 * 60 * 1000;
const ADDRESS = '192.0.2.10';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe.each(backends)('sessions and accounts on %s', (backend) => {
  let database: TestDatabase;
  let organisation: TestOrganisation;
  const clock = createFixedClock('2026-03-02T01:00:00.000Z');
  const later = (milliseconds: number) => clock.set(new Date(clock.now().getTime() + milliseconds));
  const services = () => ({
    sessions: createSessionService({ db: database.db, clock }),
    users: createUserService({ db: database.db, clock, hashParameters: fastHashParameters }),
  });

  beforeEach(async () => {
    clock.set('2026-03-02T01:00:00.000Z');
    database = await createTestDatabase(backend);
    organisation = await buildOrganisation(database.db);
  });
  afterEach(async () => database.dispose());

  it('logs in, resolves the token to the actor, and logs out', async () => {
    const { sessions } = services();
    const created = await buildUser(database.db, clock, {
      username: 'zhang.unit',
      role: 'unit_office',
      officeId: organisation.officeId,
      unitIds: [organisation.unitIds[1]],
    });
    const login = await sessions.login({ username: ' Zhang.Unit ', password: testPassword }, ADDRESS);
    expect(login.token).toMatch(/^[\w-]{43}$/);
    expect(login.user).toMatchObject({ id: created.id, username: 'zhang.unit', role: 'unit_office' });
    expect(login.expiresAt).toBe('2026-03-09T01:00:00.000Z');
    const stored = await database.db.selectFrom('sessions').select('id').execute();
    expect(stored.map((row) => row.id)).toEqual([login.sessionId]);
    expect(login.sessionId).not.toContain(login.token);

    const resolved = await sessions.resolveSession(login.token);
    expect(resolved?.actor).toEqual<Actor>({
      userId: created.id,
      username: 'zhang.unit',
      displayName: '测试zhang.unit',
      role: 'unit_office',
      officeId: organisation.officeId,
      unitIds: [organisation.unitIds[1]],
    });
    expect(await sessions.resolveSession('not-a-token')).toBeNull();

    await sessions.logout(login.token);
    expect(await sessions.resolveSession(login.token)).toBeNull();
    const actions = await database.db
      .selectFrom('events')
      .select('action')
      .where('entity_type', '=', 'user')
      .orderBy('id')
      .execute();
    expect(actions.map((row) => row.action)).toEqual(['create', 'login', 'logout']);
    expect((await verifyEventChain(database.db, organisation.officeId)).isIntact).toBe(true);
  });

  it('ends a session after 8 idle hours, slides while used, and ends it after 7 days regardless', async () => {
    const { sessions } = services();
    await buildUser(database.db, clock, {
      username: 'office.a',
      role: 'office',
      officeId: organisation.officeId,
    });
    const idle = await sessions.login({ username: 'office.a', password: testPassword }, ADDRESS);
    later(8 * HOUR);
    expect(await sessions.resolveSession(idle.token)).toBeNull();

    const busy = await sessions.login({ username: 'office.a', password: testPassword }, ADDRESS);
    // Used every 7 hours, the session outlives the idle limit many times over…
    for (let step = 1; step < 24; step += 1) {
      later(7 * HOUR);
      expect((await sessions.resolveSession(busy.token))?.actor.unitIds).toBe('all');
    }
    // …until 7 days (24 × 7 h = 168 h) after login.
    later(7 * HOUR);
    expect(await sessions.resolveSession(busy.token)).toBeNull();
  });

  it('changing the password ends the other sessions but keeps the current one', async () => {
    const { sessions, users } = services();
    await buildUser(database.db, clock, {
      username: 'leader.li',
      role: 'leader',
      officeId: organisation.officeId,
      unitIds: [organisation.unitIds[0]],
    });
    const here = await sessions.login({ username: 'leader.li', password: testPassword }, ADDRESS);
    const elsewhere = await sessions.login({ username: 'leader.li', password: testPassword }, '198.51.100.7');
    const actor = (await sessions.resolveSession(here.token))!.actor;

    const wrong = await failure(
      users.changePassword(actor, here.sessionId, {
        currentPassword: 'not my password',
        newPassword: 'a brand new secret',
      }),
    );
    expect(wrong.details.where).toBe('currentPassword');
    const weak = await failure(
      users.changePassword(actor, here.sessionId, { currentPassword: testPassword, newPassword: 'short' }),
    );
    expect(weak).toMatchObject({ code: 'invalid_input', userMessage: '密码至少需要10个字符' });

    await users.changePassword(actor, here.sessionId, {
      currentPassword: testPassword,
      newPassword: 'a brand new secret',
    });
    expect(await sessions.resolveSession(here.token)).not.toBeNull();
    expect(await sessions.resolveSession(elsewhere.token)).toBeNull();
    await failure(sessions.login({ username: 'leader.li', password: testPassword }, ADDRESS));
    expect(
      (await sessions.login({ username: 'leader.li', password: 'a brand new secret' }, ADDRESS)).user
        .username,
    ).toBe('leader.li');
  });

  it('a deactivated user is signed out and cannot log in; a version conflict changes nothing', async () => {
    const { sessions, users } = services();
    const admin = await buildUser(database.db, clock, { username: 'root.admin', role: 'admin' });
    const adminActor: Actor = {
      userId: admin.id,
      username: admin.username,
      displayName: admin.displayName,
      role: 'admin',
      officeId: null,
      unitIds: [],
    };
    const user = await buildUser(database.db, clock, {
      username: 'dept.wang',
      role: 'department',
      officeId: organisation.officeId,
      unitIds: [organisation.unitIds[0]],
    });
    const login = await sessions.login({ username: 'dept.wang', password: testPassword }, ADDRESS);

    const stale = await failure(
      users.updateUser(adminActor, user.id, { version: user.version + 1, isActive: false }),
    );
    expect(stale.code).toBe('conflict');
    expect(await sessions.resolveSession(login.token)).not.toBeNull();

    const updated = await users.updateUser(adminActor, user.id, { version: user.version, isActive: false });
    expect(updated).toMatchObject({ isActive: false, version: user.version + 1 });
    expect(await sessions.resolveSession(login.token)).toBeNull();
    const refused = await failure(sessions.login({ username: 'dept.wang', password: testPassword }, ADDRESS));
    expect(refused).toMatchObject({ code: 'unauthenticated', userMessage: '用户名或密码错误' });
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const { sessions } = services();
    await buildUser(database.db, clock, {
      username: 'office.b',
      role: 'office',
      officeId: organisation.officeId,
    });
    const unknown = await failure(
      sessions.login({ username: 'nobody.here', password: testPassword }, ADDRESS),
    );
    const wrong = await failure(
      sessions.login({ username: 'office.b', password: 'wrong password!' }, ADDRESS),
    );
    expect([unknown.code, unknown.userMessage]).toEqual([wrong.code, wrong.userMessage]);
    expect(unknown.userMessage).toBe('用户名或密码错误');
  });

  it('locks a username after 5 failures in 15 minutes, across service instances, until unlocked or aged out', async () => {
    await buildUser(database.db, clock, {
      username: 'office.c',
      role: 'office',
      officeId: organisation.officeId,
    });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      // A fresh service each time stands for another process: the count lives in the database.
      const error = await failure(
        services().sessions.login(
          { username: 'office.c', password: 'wrong password!' },
          `203.0.113.${attempt}`,
        ),
      );
      expect(error.code).toBe('unauthenticated');
    }
    const locked = await failure(
      services().sessions.login({ username: 'office.c', password: testPassword }, ADDRESS),
    );
    expect(locked.code).toBe('rate_limited');
    expect(locked.userMessage).toContain('15分钟');

    expect(await services().users.unlockUser('system', 'office.c')).toBe(5);
    expect(
      (await services().sessions.login({ username: 'office.c', password: testPassword }, ADDRESS)).user
        .username,
    ).toBe('office.c');

    for (let attempt = 0; attempt < 5; attempt += 1) {
      await failure(
        services().sessions.login({ username: 'office.c', password: 'wrong password!' }, ADDRESS),
      );
    }
    await expect(
      services().sessions.login({ username: 'office.c', password: testPassword }, '198.51.100.9'),
    ).rejects.toMatchObject({ code: 'rate_limited' });
    later(15 * 60 * 1000 + 1);
    expect(
      (await services().sessions.login({ username: 'office.c', password: testPassword }, ADDRESS)).user
        .username,
    ).toBe('office.c');
  });

  it('locks an address after 20 failures over any usernames', async () => {
    const { sessions } = services();
    await buildUser(database.db, clock, {
      username: 'office.d',
      role: 'office',
      officeId: organisation.officeId,
    });
    for (let attempt = 0; attempt < 20; attempt += 1) {
      await failure(sessions.login({ username: `guess${attempt}`, password: 'wrong password!' }, ADDRESS));
    }
    await expect(
      sessions.login({ username: 'office.d', password: testPassword }, ADDRESS),
    ).rejects.toMatchObject({ code: 'rate_limited' });
    expect(
      (await sessions.login({ username: 'office.d', password: testPassword }, '198.51.100.20')).user.username,
    ).toBe('office.d');
  });

  it('refuses scopes that do not fit the role or the office, and duplicate usernames', async () => {
    const { users } = services();
    const base = { displayName: '王五', password: testPassword };
    const outside = await failure(
      users.createUser('system', {
        ...base,
        username: 'wang.five',
        role: 'leader',
        officeId: organisation.officeId,
        unitIds: [organisation.unitIds[0], organisation.otherUnitId],
      }),
    );
    expect(outside.details.where).toBe('unitIds[1]');
    const noUnits = await failure(
      users.createUser('system', {
        ...base,
        username: 'wang.five',
        role: 'leader',
        officeId: organisation.officeId,
        unitIds: [],
      }),
    );
    expect(noUnits.details.where).toBe('unitIds');
    await users.createUser('system', {
      ...base,
      username: 'wang.five',
      role: 'observer',
      officeId: organisation.officeId,
      unitIds: [],
    });
    const duplicate = await failure(
      users.createUser('system', {
        ...base,
        username: 'wang.five',
        role: 'observer',
        officeId: organisation.officeId,
        unitIds: [],
      }),
    );
    expect(duplicate.details.where).toBe('username');
    const count = await database.db.selectFrom('users').select('id').execute();
    expect(count).toHaveLength(1);
  });
});
