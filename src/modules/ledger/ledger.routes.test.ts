/** The ledger API over HTTP (in-process), with real sessions, on a demo database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { backends, type TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { buildServer } from '../../http/server.ts';
import { createFixedClock } from '../common/clock.ts';
import { signInAs } from '../../../test/support/sign-in.ts';
import type { LedgerPage } from './ledger-query.repository.ts';

describe.each(backends)('ledger API on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const cookies = new Map<string, string>();
  let firstUnitId: number;

  beforeAll(async () => {
    const demo = await createDemoDatabase(backend);
    database = demo.database;
    const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);
    app = await buildServer({ database, clock, version: 'test', logLevel: 'silent' });
    const unit = await database.db.selectFrom('units').select('id').orderBy('id').executeTakeFirstOrThrow();
    firstUnitId = unit.id;
    const officeId = demo.summary.officeId;
    const accounts = [
      { username: 'office1', role: 'office' as const, officeId, unitIds: [] },
      { username: 'unit1', role: 'unit_office' as const, officeId, unitIds: [unit.id] },
      { username: 'leader1', role: 'leader' as const, officeId, unitIds: [unit.id] },
      { username: 'admin1', role: 'admin' as const, officeId: null, unitIds: [] },
    ];
    for (const account of accounts) {
      const cookie = await signInAs(app, database.db, clock, { ...account, displayName: account.username });
      cookies.set(account.username, cookie);
    }
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  const get = (user: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { cookie: cookies.get(user)! } });

  it('requires a session', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/ledger' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toBe('请先登录');
  });

  it('lists the whole office for the office, one unit for the unit office, nothing for the admin', async () => {
    const office = (await get('office1', '/api/ledger?pageSize=500')).json() as LedgerPage;
    const unit = (await get('unit1', '/api/ledger?pageSize=500')).json() as LedgerPage;
    expect(office.total).toBe(40);
    expect(unit.total).toBe(10);
    expect(unit.items.every((item) => item.unitId === firstUnitId)).toBe(true);
    expect((await get('admin1', '/api/ledger')).statusCode).toBe(403);
  });

  it("returns each row's measures with includeMeasures=true, and none without", async () => {
    const plain = (await get('office1', '/api/ledger?pageSize=20')).json() as LedgerPage;
    expect(plain.items.every((item) => item.measures === undefined)).toBe(true);
    const page = (await get('office1', '/api/ledger?pageSize=20&includeMeasures=true')).json() as LedgerPage;
    expect(page.items.map((item) => item.id)).toEqual(plain.items.map((item) => item.id));
    for (const item of page.items) {
      expect(item.measures).toHaveLength(item.measureCount);
    }
    const withMeasures = page.items.find((item) => item.measureCount > 0)!;
    const stored = await database.db
      .selectFrom('measures')
      .select(['id', 'text', 'is_done', 'done_on'])
      .where('problem_id', '=', withMeasures.id)
      .orderBy('position')
      .orderBy('id')
      .execute();
    expect(withMeasures.measures).toEqual(
      stored.map((row) => ({ id: row.id, text: row.text, isDone: row.is_done === 1, doneOn: row.done_on })),
    );
    expect((await get('office1', '/api/ledger?includeMeasures=yes')).json().error.where).toBe(
      'query.includeMeasures',
    );
  });

  it('applies filters from the query string and names a bad parameter', async () => {
    const page = (
      await get('office1', '/api/ledger?state=closed,pending_review&sort=due_on&pageSize=5')
    ).json() as LedgerPage;
    expect(page.items.length).toBeLessThanOrEqual(5);
    expect(page.items.every((item) => item.state === 'closed' || item.state === 'pending_review')).toBe(true);
    const bad = await get('office1', '/api/ledger?pageSize=9999');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.where).toBe('query.pageSize');
    const badState = await get('office1', '/api/ledger?state=finished');
    expect(badState.statusCode).toBe(400);
    expect(badState.json().error.where).toMatch(/^query\.state/);
    const returned = await get('office1', '/api/ledger?returned=true');
    expect(returned.statusCode).toBe(200);
    expect((returned.json() as LedgerPage).items.every((item) => item.state === 'in_progress')).toBe(true);
    const badReturned = await get('office1', '/api/ledger?returned=yes');
    expect(badReturned.statusCode).toBe(400);
    expect(badReturned.json().error.where).toBe('query.returned');
  });

  it('never serves a cached listing after the ledger changed', async () => {
    const url = '/api/ledger?state=draft&pageSize=500';
    const before = (await get('office1', url)).json() as LedgerPage;
    const again = (await get('office1', url)).json() as LedgerPage;
    expect(again).toEqual(before);
    // A draft of another unit than the one the workflow test below works in.
    const item = before.items.find((row) => row.unitId !== firstUnitId)!;
    const started = await app.inject({
      method: 'POST',
      url: `/api/problems/${item.id}/transitions`,
      headers: { cookie: cookies.get('office1')! },
      payload: { action: 'start', version: item.version },
    });
    expect(started.statusCode).toBe(200);
    const after = (await get('office1', url)).json() as LedgerPage;
    expect(after.total).toBe(before.total - 1);
    expect(after.items.map((row) => row.id)).not.toContain(item.id);
  });

  it('moves an item through the workflow, with 409 on a stale version and 404 out of scope', async () => {
    const unitPage = (await get('unit1', '/api/ledger?state=draft&pageSize=1')).json() as LedgerPage;
    const item = unitPage.items[0]!;
    const post = (user: string, id: number, payload: object) =>
      app.inject({
        method: 'POST',
        url: `/api/problems/${id}/transitions`,
        headers: { cookie: cookies.get(user)! },
        payload,
      });
    const started = await post('unit1', item.id, { action: 'start', version: item.version });
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({ state: 'in_progress', version: item.version + 1 });
    const stale = await post('unit1', item.id, { action: 'start', version: item.version });
    expect(stale.statusCode).toBe(409);
    const refused = await post('unit1', item.id, {
      action: 'apply_close',
      statement: '完成',
      version: item.version + 1,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('佐证材料');
    const other = (await get('office1', '/api/ledger?pageSize=500')).json() as LedgerPage;
    const outside = other.items.find((candidate) => candidate.unitId !== firstUnitId)!;
    expect((await post('unit1', outside.id, { action: 'start', version: outside.version })).statusCode).toBe(
      404,
    );
    const missingVersion = await post('unit1', item.id, { action: 'start' });
    expect(missingVersion.statusCode).toBe(400);
    expect(missingVersion.json().error.where).toBe('body.version');
  });
});
