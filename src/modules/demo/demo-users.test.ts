/** The demo accounts: one per role, all able to log in with the documented password, scoped as documented. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { createFixedClock } from '../common/clock.ts';
import { createSessionService } from '../users/session.service.ts';
import { buildOrganisation } from '../users/user.test-support.ts';
import { createDemoUsers, DEMO_PASSWORD, demoAccounts } from './demo-users.ts';

describe.each(backends)('demo accounts on %s', (backend) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(backend);
  });
  afterEach(async () => database.dispose());

  it('creates one account per role that logs in with the demo password', async () => {
    const clock = createFixedClock('2026-03-02T01:00:00.000Z');
    const organisation = await buildOrganisation(database.db);
    const created = await createDemoUsers({ db: database.db, clock }, organisation.officeId);
    expect(created).toEqual(demoAccounts.map((account) => account.username));
    expect(new Set(demoAccounts.map((account) => account.role)).size).toBe(6);
    const sessions = createSessionService({ db: database.db, clock });
    const scopes: Record<string, unknown> = {};
    for (const username of created) {
      const login = await sessions.login({ username, password: DEMO_PASSWORD }, '127.0.0.1');
      scopes[username] = (await sessions.resolveSession(login.token))?.actor.unitIds;
    }
    const firstUnit = organisation.unitIds[0];
    expect(scopes).toEqual({
      admin: [],
      xunchaban: 'all',
      zhenggaiban: [firstUnit],
      bumen: [firstUnit],
      lingdao: [firstUnit],
      jijian: 'all',
    });
  });
});
