/**
 * HTTP test harness for the problem, comment and register APIs: a demo database on one
 * backend, the in-process server, and signed-in users of every role (a unit-scoped set on the
 * first unit, plus an office user of another office to prove tenancy).
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Backend, TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { buildServer } from '../../http/server.ts';
import { createFixedClock } from '../common/clock.ts';
import { findOrCreateOffice } from '../inspections/inspection.repository.ts';
import { signInAll } from '../../../test/support/sign-in.ts';

export type TestUser = 'office' | 'unit' | 'department' | 'leader' | 'observer' | 'admin' | 'otherOffice';

export interface ApiHarness {
  database: TestDatabase;
  app: FastifyInstance;
  officeId: number;
  /** The unit the unit-scoped users may see, and one they may not. */
  unitId: number;
  otherUnitId: number;
  request(
    user: TestUser,
    method: InjectOptions['method'],
    url: string,
    payload?: object,
  ): Promise<LightMyRequestResponse>;
  /** How many events are stored: a refused request must not add one. */
  countEvents(): Promise<number>;
  close(): Promise<void>;
}

export async function startApiHarness(backend: Backend): Promise<ApiHarness> {
  const { database, summary } = await createDemoDatabase(backend);
  const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);
  const app = await buildServer({ database, clock, version: 'test', logLevel: 'silent' });
  const units = await database.db
    .selectFrom('units')
    .select('id')
    .where('office_id', '=', summary.officeId)
    .orderBy('id')
    .execute();
  const unitId = units[0]!.id;
  const otherOfficeId = await findOrCreateOffice(
    database.db,
    '另一县委巡察办',
    '另一县',
    `${DEMO_TODAY}T00:00:00.000Z`,
  );
  const officeId = summary.officeId;
  const cookies = await signInAll<TestUser>(app, database.db, clock, {
    office: { role: 'office', officeId, displayName: '测试office' },
    unit: { role: 'unit_office', officeId, unitIds: [unitId], displayName: '测试unit' },
    department: { role: 'department', officeId, unitIds: [unitId], displayName: '测试department' },
    leader: { role: 'leader', officeId, unitIds: [unitId], displayName: '测试leader' },
    observer: { role: 'observer', officeId, displayName: '测试observer' },
    admin: { role: 'admin', displayName: '测试admin' },
    otherOffice: { role: 'office', officeId: otherOfficeId, displayName: '测试otherOffice' },
  });
  return {
    database,
    app,
    officeId: summary.officeId,
    unitId,
    otherUnitId: units[1]!.id,
    request: (user, method, url, payload) =>
      app.inject({ method, url, headers: { cookie: cookies.get(user)! }, ...(payload && { payload }) }),
    async countEvents() {
      const row = await database.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}

/** Ids of problems of a unit in a given state, in id order. */
export async function findProblemIds(
  database: TestDatabase,
  unitId: number,
  state?: 'draft' | 'in_progress' | 'pending_review' | 'closed',
): Promise<number[]> {
  let query = database.db
    .selectFrom('problems')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .select('problems.id')
    .where('inspections.unit_id', '=', unitId);
  if (state) query = query.where('problems.state', '=', state);
  return (await query.orderBy('problems.id').execute()).map((row) => row.id);
}

/** The newest event, parsed. */
export async function lastEvent(database: TestDatabase) {
  const row = await database.db
    .selectFrom('events')
    .select(['entity_type', 'entity_id', 'action', 'actor_user_id', 'data_json'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { ...row, data: JSON.parse(row.data_json) as Record<string, unknown> };
}
