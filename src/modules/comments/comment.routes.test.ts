/** Comments and flags over HTTP: every role in scope may comment, supervisors may flag. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import {
  findProblemIds,
  lastEvent,
  startApiHarness,
  type ApiHarness,
} from '../problems/problem.test-support.ts';

describe.each(backends)('comment API on %s', (backend) => {
  let harness: ApiHarness;
  let problemId: number;
  let outsideId: number;

  beforeAll(async () => {
    harness = await startApiHarness(backend);
    problemId = (await findProblemIds(harness.database, harness.unitId, 'closed'))[0]!;
    outsideId = (await findProblemIds(harness.database, harness.otherUnitId))[0]!;
  });
  afterAll(async () => {
    await harness.close();
  });

  it('lets every role in scope comment, even on a closed problem, and lists them oldest first', async () => {
    for (const user of ['office', 'unit', 'department', 'leader', 'observer'] as const) {
      const response = await harness.request(user, 'POST', `/api/problems/${problemId}/comments`, {
        body: `${user}的意见`,
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({
        kind: 'comment',
        body: `${user}的意见`,
        createdAt: expect.any(String),
      });
    }
    const event = await lastEvent(harness.database);
    expect(event).toMatchObject({ entity_type: 'problem', entity_id: problemId, action: 'comment_added' });
    expect(event.data).toMatchObject({ before: null, after: { kind: 'comment', body: 'observer的意见' } });
    const list = await harness.request('leader', 'GET', `/api/problems/${problemId}/comments`);
    expect(list.statusCode).toBe(200);
    const comments = list.json() as Array<{ body: string; author: { displayName: string } }>;
    expect(comments.map((comment) => comment.body)).toEqual([
      'office的意见',
      'unit的意见',
      'department的意见',
      'leader的意见',
      'observer的意见',
    ]);
    expect(comments[4]!.author.displayName).toBe('测试observer');
  });

  it('lets the observer flag, refuses a flag from the unit', async () => {
    const flag = await harness.request('observer', 'POST', `/api/problems/${problemId}/comments`, {
      kind: 'flag',
      body: '整改佐证材料日期存疑，请核实',
    });
    expect(flag.statusCode).toBe(201);
    expect(flag.json().kind).toBe('flag');
    expect((await lastEvent(harness.database)).action).toBe('flag_added');
    const before = await harness.countEvents();
    const refused = await harness.request('unit', 'POST', `/api/problems/${problemId}/comments`, {
      kind: 'flag',
      body: '自己标记',
    });
    expect(refused.statusCode).toBe(403);
    expect(await harness.countEvents()).toBe(before);
  });

  it('refuses bad bodies with the field path and hides problems out of scope', async () => {
    const before = await harness.countEvents();
    const empty = await harness.request('observer', 'POST', `/api/problems/${problemId}/comments`, {
      body: '  ',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.where).toBe('body.body');
    const long = await harness.request('observer', 'POST', `/api/problems/${problemId}/comments`, {
      body: '长'.repeat(2001),
    });
    expect(long.json().error.where).toBe('body.body');
    const kind = await harness.request('observer', 'POST', `/api/problems/${problemId}/comments`, {
      kind: 'shout',
      body: '内容',
    });
    expect(kind.json().error.where).toBe('body.kind');
    expect(
      (await harness.request('unit', 'POST', `/api/problems/${outsideId}/comments`, { body: '越界' }))
        .statusCode,
    ).toBe(404);
    expect((await harness.request('unit', 'GET', `/api/problems/${outsideId}/comments`)).statusCode).toBe(
      404,
    );
    expect(
      (await harness.request('otherOffice', 'GET', `/api/problems/${problemId}/comments`)).statusCode,
    ).toBe(404);
    expect((await harness.request('admin', 'GET', `/api/problems/${problemId}/comments`)).statusCode).toBe(
      403,
    );
    expect(await harness.countEvents()).toBe(before);
  });
});
