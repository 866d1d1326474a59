/**
 * For HTTP tests of the inspection and import APIs: a demo database, the in-process server,
 * and signed-in users of every role (two unit offices on different units, and an office
 * worker of another office that owns an inspection of its own).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Backend, TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { buildInspection } from '../../../test/support/fixtures.ts';
import { buildServer } from '../../http/server.ts';
import { createFixedClock } from '../common/clock.ts';
import { findOrCreateOffice } from './inspection.repository.ts';
import { signInAll } from '../../../test/support/sign-in.ts';

export type TestUser = 'office' | 'observer' | 'unit' | 'otherUnit' | 'leader' | 'admin' | 'otherOffice';

export interface ApiFixture {
  app: FastifyInstance;
  database: TestDatabase;
  officeId: number;
  /** Two demo units with inspections: `unit` users see the first, `otherUnit` the second. */
  unitIds: [number, number];
  otherOfficeId: number;
  otherInspectionId: number;
  /** Session cookies by user, for requests the `request` helper does not cover (uploads). */
  cookies: Map<TestUser, string>;
  request(
    user: TestUser | null,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ): Promise<LightMyRequestResponse>;
  dispose(): Promise<void>;
}

export async function startApi(backend: Backend): Promise<ApiFixture> {
  const { database, summary } = await createDemoDatabase(backend);
  const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);
  const app = await buildServer({ database, clock, version: 'test', logLevel: 'silent' });
  const officeId = summary.officeId;
  const units = await database.db
    .selectFrom('units')
    .select('id')
    .where('office_id', '=', officeId)
    .orderBy('id')
    .execute();
  const unitIds: [number, number] = [units[0]!.id, units[1]!.id];
  const otherOfficeId = await findOrCreateOffice(
    database.db,
    '另一县委巡察办',
    '另一县',
    '2026-01-01T00:00:00Z',
  );
  const otherInspectionId = await buildInspection(database.db, clock, {
    officeId: otherOfficeId,
    unitName: '另一县教育局党组',
  });
  const cookies = await signInAll<TestUser>(app, database.db, clock, {
    office: { role: 'office', officeId },
    observer: { role: 'observer', officeId },
    unit: { role: 'unit_office', officeId, unitIds: [unitIds[0]] },
    otherUnit: { role: 'unit_office', officeId, unitIds: [unitIds[1]] },
    leader: { role: 'leader', officeId, unitIds: [unitIds[0]] },
    admin: { role: 'admin' },
    otherOffice: { role: 'office', officeId: otherOfficeId },
  });
  return {
    app,
    database,
    officeId,
    unitIds,
    otherOfficeId,
    otherInspectionId,
    cookies,
    request(user, method, url, payload) {
      return app.inject({
        method,
        url,
        headers: user ? { cookie: cookies.get(user)! } : {},
        ...(payload !== undefined && { payload }),
      });
    },
    async dispose() {
      await app.close();
      await database.dispose();
    },
  };
}
