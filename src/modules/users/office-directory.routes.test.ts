/**
 * GET /api/admin/offices through the real server, on each backend: the offices and units an
 * admin may assign accounts to — all for a system-wide admin, only their own office for an
 * office-bound one, and 403/401 for everyone else.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { buildServer } from '../../http/server.ts';
import { createFixedClock } from '../common/clock.ts';
import { signIn } from '../../../test/support/sign-in.ts';
import { buildOrganisationWithAccounts, buildUser, type TestOrganisation } from './user.test-support.ts';

describe.each(backends)('office directory API on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let organisation: TestOrganisation;
  const clock = createFixedClock('2026-03-02T01:00:00.000Z');

  beforeEach(async () => {
    database = await createTestDatabase(backend);
    organisation = await buildOrganisationWithAccounts(database.db, clock);
    app = await buildServer({ database, clock, version: 'test', logLevel: 'silent' });
    await buildUser(database.db, clock, {
      username: 'office.admin',
      role: 'admin',
      officeId: organisation.officeId,
    });
  });
  afterEach(async () => {
    await app.close();
    await database.dispose();
  });

  it('lists every office with its units for a system-wide admin', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/admin/offices',
      headers: { cookie: await signIn(app, 'root.admin') },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      offices: [
        {
          id: organisation.officeId,
          name: '某县委巡察工作领导小组办公室',
          region: '某县',
          units: [
            { id: organisation.unitIds[0], name: '某县融媒体中心党组' },
            { id: organisation.unitIds[1], name: '某县财政局党组' },
          ],
        },
        {
          id: organisation.otherOfficeId,
          name: '另一县委巡察工作领导小组办公室',
          region: '另一县',
          units: [{ id: organisation.otherUnitId, name: '另一县教育局党组' }],
        },
      ],
    });
  });

  it("shows an office-bound admin only their own office's units", async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/admin/offices',
      headers: { cookie: await signIn(app, 'office.admin') },
    });
    const offices = response.json().offices as { id: number; units: { id: number }[] }[];
    expect(offices.map((office) => office.id)).toEqual([organisation.officeId]);
    expect(offices[0]!.units.map((unit) => unit.id)).toEqual(organisation.unitIds);
  });

  it('refuses non-admins (403) and anonymous callers (401)', async () => {
    const forbidden = await app.inject({
      method: 'GET',
      url: '/api/admin/offices',
      headers: { cookie: await signIn(app, 'office.zhao') },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('forbidden');
    expect((await app.inject({ method: 'GET', url: '/api/admin/offices' })).statusCode).toBe(401);
  });
});
