/** The problem API over HTTP with real sessions on a demo database, on every backend. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { findProblemIds, lastEvent, startApiHarness, type ApiHarness } from './problem.test-support.ts';

describe.each(backends)('problem API on %s', (backend) => {
  let harness: ApiHarness;
  let openId: number;
  let closedId: number;
  let outsideId: number;

  beforeAll(async () => {
    harness = await startApiHarness(backend);
    const open = [
      ...(await findProblemIds(harness.database, harness.unitId, 'in_progress')),
      ...(await findProblemIds(harness.database, harness.unitId, 'draft')),
    ];
    openId = open[0]!;
    closedId = (await findProblemIds(harness.database, harness.unitId, 'closed'))[0]!;
    outsideId = (await findProblemIds(harness.database, harness.otherUnitId))[0]!;
  });
  afterAll(async () => {
    await harness.close();
  });

  const detail = async (id: number) => (await harness.request('office', 'GET', `/api/problems/${id}`)).json();

  /** Asserts a refused request answers `status` and writes no event. */
  async function expectRefused(
    status: number,
    send: () => ReturnType<ApiHarness['request']>,
  ): Promise<{ error: { message: string; where?: string } }> {
    const before = await harness.countEvents();
    const response = await send();
    expect(response.statusCode, response.body).toBe(status);
    expect(await harness.countEvents()).toBe(before);
    return response.json();
  }

  it('shows a problem in full with what the actor may do', async () => {
    const response = await harness.request('unit', 'GET', `/api/problems/${openId}`);
    expect(response.statusCode).toBe(200);
    const problem = response.json();
    expect(problem).toMatchObject({ id: openId, unit: { id: harness.unitId }, canEdit: true });
    expect(problem.aspect.title).toEqual(expect.any(String));
    expect(Array.isArray(problem.measures)).toBe(true);
    expect(problem.assignments).toHaveProperty('leaders');
    expect(problem.version).toBeGreaterThanOrEqual(1);
    const leaderView = (await harness.request('leader', 'GET', `/api/problems/${openId}`)).json();
    expect(leaderView.canEdit).toBe(false);
    for (const action of leaderView.allowedActions) expect(['approve', 'reject']).toContain(action);
    const closed = (await harness.request('unit', 'GET', `/api/problems/${closedId}`)).json();
    expect(closed).toMatchObject({ state: 'closed', canEdit: false, allowedActions: ['reopen_rebound'] });
    expect((await harness.request('observer', 'GET', `/api/problems/${outsideId}`)).statusCode).toBe(200);
  });

  it('answers 404 out of scope and for another office, 403 for the admin, 400 for a bad id', async () => {
    expect((await harness.request('unit', 'GET', `/api/problems/${outsideId}`)).statusCode).toBe(404);
    expect((await harness.request('otherOffice', 'GET', `/api/problems/${openId}`)).statusCode).toBe(404);
    expect((await harness.request('office', 'GET', '/api/problems/999999')).statusCode).toBe(404);
    expect((await harness.request('admin', 'GET', `/api/problems/${openId}`)).statusCode).toBe(403);
    const bad = await harness.request('office', 'GET', '/api/problems/abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.where).toBe('params.id');
  });

  it('edits fields with optimistic locking and records before/after', async () => {
    const current = await detail(openId);
    const response = await harness.request('unit', 'PATCH', `/api/problems/${openId}`, {
      title: '修改后的问题标题',
      goal: '全部整改到位',
      isLongTerm: true,
      checkinIntervalDays: 14,
      version: current.version,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      title: '修改后的问题标题',
      goal: '全部整改到位',
      isLongTerm: true,
      checkinIntervalDays: 14,
      version: current.version + 1,
    });
    const event = await lastEvent(harness.database);
    expect(event).toMatchObject({ entity_type: 'problem', entity_id: openId, action: 'problem_updated' });
    expect(event.data).toMatchObject({
      before: { title: current.title },
      after: { title: '修改后的问题标题', checkinIntervalDays: 14 },
    });
    const stale = await expectRefused(409, () =>
      harness.request('unit', 'PATCH', `/api/problems/${openId}`, {
        title: '过期',
        version: current.version,
      }),
    );
    expect(stale.error.message).toBe('该问题已被他人修改，请刷新后重试');
    expect((await detail(openId)).title).toBe('修改后的问题标题');
  });

  it('refuses bad input with the field path, roles with 403, closed problems with 409', async () => {
    const { version } = await detail(openId);
    const empty = await expectRefused(400, () =>
      harness.request('unit', 'PATCH', `/api/problems/${openId}`, { title: '  ', version }),
    );
    expect(empty.error.where).toBe('body.title');
    const noVersion = await expectRefused(400, () =>
      harness.request('unit', 'PATCH', `/api/problems/${openId}`, { title: '新' }),
    );
    expect(noVersion.error.where).toBe('body.version');
    for (const user of ['leader', 'observer', 'department'] as const) {
      await expectRefused(403, () =>
        harness.request(user, 'PATCH', `/api/problems/${openId}`, { title: '越权', version }),
      );
    }
    await expectRefused(404, () =>
      harness.request('unit', 'PATCH', `/api/problems/${outsideId}`, { title: '越界', version: 1 }),
    );
    await expectRefused(404, () =>
      harness.request('otherOffice', 'PATCH', `/api/problems/${openId}`, { title: '越界', version }),
    );
    const closed = await detail(closedId);
    const frozen = await expectRefused(409, () =>
      harness.request('office', 'PATCH', `/api/problems/${closedId}`, {
        title: '改',
        version: closed.version,
      }),
    );
    expect(frozen.error.message).toContain('反弹');
  });

  it('sets a deadline from text against the feedback day, or from a date', async () => {
    const current = await detail(openId);
    const response = await harness.request('unit', 'PUT', `/api/problems/${openId}/deadline`, {
      text: '3个月内',
      version: current.version,
    });
    expect(response.statusCode, response.body).toBe(200);
    const updated = response.json();
    expect(updated.deadline).toMatchObject({ kind: 'within', text: '3个月内' });
    if (current.inspection.feedbackOn) expect(updated.deadline.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await lastEvent(harness.database)).data).toMatchObject({ after: { kind: 'within' } });
    const dated = await harness.request('unit', 'PUT', `/api/problems/${openId}/deadline`, {
      dueOn: '2026-12-31',
      version: updated.version,
    });
    expect(dated.json().deadline).toMatchObject({ kind: 'date', dueOn: '2026-12-31', isOverdue: false });
    const past = await harness.request('unit', 'PUT', `/api/problems/${openId}/deadline`, {
      dueOn: '2026-01-31',
      version: dated.json().version,
    });
    expect(past.json().deadline.isOverdue).toBe(true);
    const unreadable = await expectRefused(400, () =>
      harness.request('unit', 'PUT', `/api/problems/${openId}/deadline`, {
        text: '尽快',
        version: past.json().version,
      }),
    );
    expect(unreadable.error.where).toBe('body.text');
    const badDate = await expectRefused(400, () =>
      harness.request('unit', 'PUT', `/api/problems/${openId}/deadline`, {
        dueOn: '2026-02-30',
        version: past.json().version,
      }),
    );
    expect(badDate.error.where).toBe('body.dueOn');
    const longTerm = await harness.request('unit', 'PUT', `/api/problems/${openId}/deadline`, {
      text: '长期坚持',
      version: past.json().version,
    });
    expect(longTerm.json()).toMatchObject({ isLongTerm: true, deadline: { kind: 'long_term', dueOn: null } });
  });

  it('replaces assignments with people and departments of the unit only', async () => {
    const [people, departments] = await Promise.all([
      harness.request('unit', 'GET', `/api/organisation/units/${harness.unitId}/people`),
      harness.request('unit', 'GET', `/api/organisation/units/${harness.unitId}/departments`),
    ]);
    expect(people.statusCode).toBe(200);
    const persons = people.json() as Array<{ id: number; name: string }>;
    const units = departments.json() as Array<{ id: number; name: string }>;
    expect(persons.length).toBeGreaterThan(0);
    expect(units.length).toBeGreaterThan(0);
    expect(
      (await harness.request('unit', 'GET', `/api/organisation/units/${harness.otherUnitId}/people`))
        .statusCode,
    ).toBe(404);
    const outsiders = (
      await harness.request('office', 'GET', `/api/organisation/units/${harness.otherUnitId}/people`)
    ).json() as Array<{ id: number }>;
    const { version } = await detail(openId);
    const foreign = await expectRefused(400, () =>
      harness.request('unit', 'PUT', `/api/problems/${openId}/assignments`, {
        leaderIds: [persons[0]!.id],
        personIds: [persons[0]!.id, outsiders[0]!.id],
        version,
      }),
    );
    expect(foreign.error.where).toBe('body.personIds[1]');
    const response = await harness.request('unit', 'PUT', `/api/problems/${openId}/assignments`, {
      leaderIds: [persons[0]!.id],
      departmentIds: [units[0]!.id],
      personIds: [],
      version,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().assignments).toEqual({
      leaders: [{ id: persons[0]!.id, name: persons[0]!.name }],
      departments: [{ id: units[0]!.id, name: units[0]!.name }],
      people: [],
    });
    expect(response.json().version).toBe(version + 1);
    expect((await lastEvent(harness.database)).data).toMatchObject({
      after: { leaderIds: [persons[0]!.id], departmentIds: [units[0]!.id], personIds: [] },
    });
  });

  it('adds, edits, marks done and deletes measures, with roles and versions checked', async () => {
    const added = await harness.request('unit', 'POST', `/api/problems/${openId}/measures`, {
      text: '制定差旅费报销细则',
    });
    expect(added.statusCode, added.body).toBe(201);
    const measure = added.json();
    expect(measure).toMatchObject({
      problemId: openId,
      text: '制定差旅费报销细则',
      isDone: false,
      version: 1,
    });
    expect((await lastEvent(harness.database)).action).toBe('measure_added');
    // A department owner may mark it done, but not rewrite it.
    await expectRefused(403, () =>
      harness.request('department', 'PATCH', `/api/measures/${measure.id}`, { text: '改写', version: 1 }),
    );
    const done = await harness.request('department', 'PATCH', `/api/measures/${measure.id}`, {
      isDone: true,
      version: 1,
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ isDone: true, doneOn: '2026-11-20', version: 2 });
    expect((await lastEvent(harness.database)).data).toMatchObject({
      before: { isDone: false, doneOn: null },
      after: { isDone: true, doneOn: '2026-11-20' },
    });
    const future = await expectRefused(400, () =>
      harness.request('unit', 'PATCH', `/api/measures/${measure.id}`, { doneOn: '2027-01-01', version: 2 }),
    );
    expect(future.error.where).toBe('body.doneOn');
    await expectRefused(409, () =>
      harness.request('unit', 'PATCH', `/api/measures/${measure.id}`, { text: '旧版本', version: 1 }),
    );
    await expectRefused(403, () =>
      harness.request('leader', 'DELETE', `/api/measures/${measure.id}?version=2`),
    );
    await expectRefused(404, () =>
      harness.request('otherOffice', 'DELETE', `/api/measures/${measure.id}?version=2`),
    );
    await expectRefused(409, () =>
      harness.request('unit', 'DELETE', `/api/measures/${measure.id}?version=1`),
    );
    const missingVersion = await expectRefused(400, () =>
      harness.request('unit', 'DELETE', `/api/measures/${measure.id}`),
    );
    expect(missingVersion.error.where).toBe('query.version');
    const deleted = await harness.request('unit', 'DELETE', `/api/measures/${measure.id}?version=2`);
    expect(deleted.statusCode).toBe(200);
    expect((await lastEvent(harness.database)).data).toMatchObject({
      measureId: measure.id,
      before: { text: '制定差旅费报销细则' },
      after: null,
    });
    expect((await detail(openId)).measures.some((item: { id: number }) => item.id === measure.id)).toBe(
      false,
    );
    await expectRefused(404, () =>
      harness.request('unit', 'DELETE', `/api/measures/${measure.id}?version=2`),
    );
  });

  it('refuses every edit of a closed problem, its measures included', async () => {
    const closed = await detail(closedId);
    await expectRefused(409, () =>
      harness.request('office', 'POST', `/api/problems/${closedId}/measures`, { text: '补充措施' }),
    );
    await expectRefused(409, () =>
      harness.request('office', 'PUT', `/api/problems/${closedId}/deadline`, {
        text: '立行立改',
        version: closed.version,
      }),
    );
    const measure = closed.measures[0];
    if (measure) {
      await expectRefused(409, () =>
        harness.request('office', 'DELETE', `/api/measures/${measure.id}?version=${measure.version}`),
      );
      await expectRefused(409, () =>
        harness.request('office', 'PATCH', `/api/measures/${measure.id}`, {
          isDone: false,
          version: measure.version,
        }),
      );
    }
  });

  it('adds, edits and deletes manifestations', async () => {
    const added = await harness.request('office', 'POST', `/api/problems/${openId}/manifestations`, {
      text: '2025年违规报销差旅费3笔',
    });
    expect(added.statusCode, added.body).toBe(201);
    const manifestation = added.json();
    const empty = await expectRefused(400, () =>
      harness.request('office', 'POST', `/api/problems/${openId}/manifestations`, { text: '' }),
    );
    expect(empty.error.where).toBe('body.text');
    await expectRefused(403, () =>
      harness.request('observer', 'PATCH', `/api/manifestations/${manifestation.id}`, {
        text: '改',
        version: 1,
      }),
    );
    const edited = await harness.request('unit', 'PATCH', `/api/manifestations/${manifestation.id}`, {
      text: '2025年违规报销差旅费4笔',
      version: 1,
    });
    expect(edited.json()).toMatchObject({ text: '2025年违规报销差旅费4笔', version: 2 });
    expect((await lastEvent(harness.database)).data).toMatchObject({
      before: { text: '2025年违规报销差旅费3笔' },
      after: { text: '2025年违规报销差旅费4笔' },
    });
    await expectRefused(409, () =>
      harness.request('unit', 'DELETE', `/api/manifestations/${manifestation.id}?version=1`),
    );
    expect(
      (await harness.request('unit', 'DELETE', `/api/manifestations/${manifestation.id}?version=2`))
        .statusCode,
    ).toBe(200);
  });
});
