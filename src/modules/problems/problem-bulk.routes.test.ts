/** Bulk deadline and owner changes over HTTP: all or nothing, in one transaction, on every backend. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { findProblemIds, startApiHarness, type ApiHarness } from './problem.test-support.ts';

describe.each(backends)('bulk problem edits on %s', (backend) => {
  let harness: ApiHarness;
  let openIds: number[];
  let closedId: number;
  let outsideId: number;

  beforeAll(async () => {
    harness = await startApiHarness(backend);
    openIds = [
      ...(await findProblemIds(harness.database, harness.unitId, 'in_progress')),
      ...(await findProblemIds(harness.database, harness.unitId, 'draft')),
    ];
    closedId = (await findProblemIds(harness.database, harness.unitId, 'closed'))[0]!;
    outsideId = (await findProblemIds(harness.database, harness.otherUnitId, 'in_progress'))[0]!;
  });
  afterAll(async () => {
    await harness.close();
  });

  async function versions(ids: readonly number[]) {
    if (ids.length === 0) return [];
    const rows = await harness.database.db
      .selectFrom('problems')
      .select(['id', 'version'])
      .where('id', 'in', [...ids])
      .execute();
    return ids.map((id) => ({ id, version: rows.find((row) => row.id === id)!.version }));
  }

  async function dueOnOf(id: number): Promise<string | null> {
    const row = await harness.database.db
      .selectFrom('problems')
      .leftJoin('deadlines', 'deadlines.id', 'problems.deadline_id')
      .select('deadlines.due_on')
      .where('problems.id', '=', id)
      .executeTakeFirstOrThrow();
    return row.due_on;
  }

  async function ownersOf(id: number) {
    const detail = (await harness.request('office', 'GET', `/api/problems/${id}`)).json();
    return detail.assignments as Record<'leaders' | 'departments' | 'people', Array<{ id: number }>>;
  }

  /** Asserts a refused request answers `status`, writes no event and changes no version. */
  async function expectRefused(
    status: number,
    ids: readonly number[],
    send: () => ReturnType<ApiHarness['request']>,
  ): Promise<{ error: { message: string; where?: string } }> {
    const eventsBefore = await harness.countEvents();
    const versionsBefore = await versions(ids);
    const response = await send();
    expect(response.statusCode, response.body).toBe(status);
    expect(await harness.countEvents()).toBe(eventsBefore);
    expect(await versions(ids)).toEqual(versionsBefore);
    return response.json();
  }

  it('sets one deadline on several problems, with an event each and new versions', async () => {
    const items = await versions(openIds.slice(0, 3));
    const eventsBefore = await harness.countEvents();
    const response = await harness.request('office', 'POST', '/api/problems/bulk/deadline', {
      items,
      dueOn: '2027-03-31',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      count: 3,
      items: items.map((item) => ({ id: item.id, version: item.version + 1 })),
    });
    for (const item of items) expect(await dueOnOf(item.id)).toBe('2027-03-31');
    expect(await harness.countEvents()).toBe(eventsBefore + 3);
    const events = await harness.database.db
      .selectFrom('events')
      .select(['entity_id', 'action'])
      .orderBy('id', 'desc')
      .limit(3)
      .execute();
    expect(events.map((event) => event.action)).toEqual(['deadline_set', 'deadline_set', 'deadline_set']);
    expect(events.map((event) => event.entity_id).sort()).toEqual(items.map((item) => item.id).sort());
  });

  it('sets a deadline from text, resolved per problem', async () => {
    const items = await versions(openIds.slice(0, 2));
    const response = await harness.request('unit', 'POST', '/api/problems/bulk/deadline', {
      items,
      text: '长期坚持',
    });
    expect(response.statusCode, response.body).toBe(200);
    const detail = (await harness.request('office', 'GET', `/api/problems/${items[0]!.id}`)).json();
    expect(detail.isLongTerm).toBe(true);
  });

  it('fails the whole request on a stale version, naming the item, and changes nothing', async () => {
    const items = await versions(openIds.slice(0, 4));
    const before = await Promise.all(items.map((item) => dueOnOf(item.id)));
    items[3] = { ...items[3]!, version: items[3]!.version - 1 };
    const body = await expectRefused(409, openIds.slice(0, 4), () =>
      harness.request('office', 'POST', '/api/problems/bulk/deadline', { items, dueOn: '2027-06-30' }),
    );
    expect(body.error.where).toBe('body.items[3]');
    expect(body.error.message).toContain('第4项');
    expect(await Promise.all(items.map((item) => dueOnOf(item.id)))).toEqual(before);
  });

  it('fails on a closed problem (409) and on one out of scope (404), naming the item', async () => {
    const open = await versions(openIds.slice(0, 2));
    const [closed] = await versions([closedId]);
    const closedBody = await expectRefused(409, openIds.slice(0, 2), () =>
      harness.request('office', 'POST', '/api/problems/bulk/deadline', {
        items: [...open, closed],
        dueOn: '2027-06-30',
      }),
    );
    expect(closedBody.error.where).toBe('body.items[2]');
    const [outside] = await versions([outsideId]);
    const outsideBody = await expectRefused(404, openIds.slice(0, 2), () =>
      harness.request('unit', 'POST', '/api/problems/bulk/assignments', {
        items: [open[0], outside, open[1]],
        departmentIds: [],
        mode: 'replace',
      }),
    );
    expect(outsideBody.error.where).toBe('body.items[1]');
    const missing = await expectRefused(404, [], () =>
      harness.request('office', 'POST', '/api/problems/bulk/deadline', {
        items: [{ id: 999_999, version: 1 }],
        dueOn: '2027-06-30',
      }),
    );
    expect(missing.error.where).toBe('body.items[0]');
  });

  it('is for the inspection office and the unit office only (403), and checks its input (400)', async () => {
    const items = await versions(openIds.slice(0, 2));
    for (const user of ['department', 'leader', 'observer', 'admin'] as const) {
      await expectRefused(403, openIds.slice(0, 2), () =>
        harness.request(user, 'POST', '/api/problems/bulk/deadline', { items, dueOn: '2027-06-30' }),
      );
      await expectRefused(403, openIds.slice(0, 2), () =>
        harness.request(user, 'POST', '/api/problems/bulk/assignments', {
          items,
          departmentIds: [],
          mode: 'add',
        }),
      );
    }
    const empty = await harness.request('office', 'POST', '/api/problems/bulk/deadline', {
      items: [],
      dueOn: '2027-06-30',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.where).toBe('body.items');
    const duplicate = await harness.request('office', 'POST', '/api/problems/bulk/deadline', {
      items: [items[0], items[0]],
      dueOn: '2027-06-30',
    });
    expect(duplicate.json().error.where).toBe('body.items[1]');
    const noOwners = await harness.request('office', 'POST', '/api/problems/bulk/assignments', {
      items,
      mode: 'add',
    });
    expect(noOwners.statusCode).toBe(400);
    const noAccess = await harness.request('office', 'POST', '/api/problems/bulk/deadline', {
      items,
      dueOn: '2027-02-30',
    });
    expect(noAccess.json().error.where).toBe('body.dueOn');
  });

  it('replaces or adds owners on several problems, leaving roles not given as they are', async () => {
    const departments = (
      await harness.request('office', 'GET', `/api/organisation/units/${harness.unitId}/departments`)
    ).json() as Array<{ id: number }>;
    const people = (
      await harness.request('office', 'GET', `/api/organisation/units/${harness.unitId}/people`)
    ).json() as Array<{ id: number }>;
    const ids = openIds.slice(0, 2);
    const leadersBefore = await Promise.all(ids.map(async (id) => (await ownersOf(id)).leaders));
    const replaced = await harness.request('office', 'POST', '/api/problems/bulk/assignments', {
      items: await versions(ids),
      departmentIds: [departments[0]!.id],
      mode: 'replace',
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    for (const [index, id] of ids.entries()) {
      const owners = await ownersOf(id);
      expect(owners.departments.map((department) => department.id)).toEqual([departments[0]!.id]);
      expect(owners.leaders).toEqual(leadersBefore[index]);
    }
    const added = await harness.request('unit', 'POST', '/api/problems/bulk/assignments', {
      items: await versions(ids),
      departmentIds: [departments[1]!.id, departments[0]!.id],
      personIds: [people[0]!.id],
      mode: 'add',
    });
    expect(added.statusCode, added.body).toBe(200);
    for (const id of ids) {
      const owners = await ownersOf(id);
      expect(owners.departments.map((department) => department.id).sort()).toEqual(
        [departments[0]!.id, departments[1]!.id].sort(),
      );
      expect(owners.people.map((person) => person.id)).toContain(people[0]!.id);
    }
  });

  it('refuses an owner from another unit, naming the item and the field', async () => {
    const foreign = (
      await harness.request('office', 'GET', `/api/organisation/units/${harness.otherUnitId}/departments`)
    ).json() as Array<{ id: number }>;
    const items = await versions(openIds.slice(0, 2));
    const body = await expectRefused(400, openIds.slice(0, 2), () =>
      harness.request('office', 'POST', '/api/problems/bulk/assignments', {
        items,
        departmentIds: [foreign[0]!.id],
        mode: 'add',
      }),
    );
    expect(body.error.where).toBe('body.items[0]');
    expect(body.error.message).toContain('不属于本单位');
  });
});
