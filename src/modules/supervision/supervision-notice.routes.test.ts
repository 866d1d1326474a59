import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { addDays } from '../deadlines/calendar-date.rules.ts';
import { startApi, type ApiFixture } from '../inspections/api.test-support.ts';
import { findUnansweredNotices } from './supervision.repository.ts';

describe.each(backends)('supervision notice API (%s)', (backend) => {
  let api: ApiFixture;
  let problemId: number;
  let inspectionId: number;
  let otherProblemEvidence: number | null;
  beforeAll(async () => {
    api = await startApi(backend);
    const problem = await api.database.db
      .selectFrom('problems')
      .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
      .select(['problems.id', 'problems.inspection_id'])
      .where('inspections.unit_id', '=', api.unitIds[0])
      .orderBy('problems.id')
      .executeTakeFirstOrThrow();
    problemId = problem.id;
    inspectionId = problem.inspection_id;
    const evidence = await api.database.db
      .selectFrom('evidence')
      .select('id')
      .where('problem_id', '<>', problemId)
      .executeTakeFirst();
    otherProblemEvidence = evidence?.id ?? null;
  });
  afterAll(async () => {
    await api.dispose();
  });

  const issueBody = () => ({
    problemId,
    title: '关于加快整改进度的督办单',
    content: '请于要求日期前书面回复整改进展。',
    replyBy: addDays(DEMO_TODAY, 5),
  });

  it('issue → reply → close, on the timeline, in the engine’s view while issued', async () => {
    const issued = await api.request('office', 'POST', '/api/supervision-notices', issueBody());
    expect(issued.statusCode, issued.body).toBe(201);
    const notice = issued.json();
    expect(notice).toMatchObject({
      problemId,
      unitId: api.unitIds[0],
      inspectionId,
      state: 'issued',
      isOverdue: false,
      version: 1,
    });
    const unanswered = await findUnansweredNotices(api.database.db, api.officeId, DEMO_TODAY);
    expect(unanswered.map((row) => row.id)).toContain(notice.id);
    // The unit is told at once (and so are its channels); another unit is not.
    const noticeMessages = async (user: 'unit' | 'otherUnit' | 'office') =>
      (await api.request(user, 'GET', '/api/notifications?limit=200'))
        .json()
        .items.filter((item: { noticeId: number | null }) => item.noticeId === notice.id) as {
        rule: string;
        title: string;
      }[];
    expect(await noticeMessages('unit')).toEqual([
      expect.objectContaining({ rule: 'notice_issued', title: '督办单：关于加快整改进度的督办单' }),
    ]);
    expect(await noticeMessages('otherUnit')).toEqual([]);
    expect(await noticeMessages('office')).toEqual([]);

    const listed = await api.request('unit', 'GET', `/api/supervision-notices?inspectionId=${inspectionId}`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((item: { id: number }) => item.id)).toContain(notice.id);
    expect((await api.request('unit', 'GET', '/api/supervision-notices?state=closed')).json().items).toEqual(
      [],
    );

    const replied = await api.request('unit', 'POST', `/api/supervision-notices/${notice.id}/reply`, {
      text: '已召开专题会议，整改正在推进。',
      version: 1,
    });
    expect(replied.statusCode, replied.body).toBe(200);
    expect(replied.json()).toMatchObject({ state: 'replied', version: 2, evidenceIds: [] });
    expect((await noticeMessages('office')).map((item) => item.rule)).toEqual(['notice_replied']);
    expect(
      (await findUnansweredNotices(api.database.db, api.officeId, DEMO_TODAY)).map((row) => row.id),
    ).not.toContain(notice.id);

    const closed = await api.request('office', 'POST', `/api/supervision-notices/${notice.id}/close`, {
      version: 2,
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ state: 'closed', version: 3 });

    const timeline = await api.request('office', 'GET', `/api/problems/${problemId}/timeline`);
    expect(timeline.statusCode).toBe(200);
    const actions = timeline.json().items.map((item: { action: string }) => item.action);
    expect(actions).toEqual(expect.arrayContaining(['notice_issued', 'notice_replied', 'notice_closed']));
  });

  it('a notice on a unit; its events go on the unit’s inspection', async () => {
    const { problemId: _ignored, ...rest } = issueBody();
    const issued = await api.request('office', 'POST', '/api/supervision-notices', {
      ...rest,
      unitId: api.unitIds[1],
    });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json()).toMatchObject({ problemId: null, unitId: api.unitIds[1] });
    const events = await api.database.db
      .selectFrom('events')
      .select(['entity_type', 'action'])
      .where('action', '=', 'notice_issued')
      .where('entity_type', '=', 'inspection')
      .execute();
    expect(events.length).toBe(1);
    // Out of scope for the first unit, visible to the second.
    expect(
      (await api.request('unit', 'GET', `/api/supervision-notices/${issued.json().id}`)).statusCode,
    ).toBe(404);
    expect(
      (await api.request('otherUnit', 'GET', `/api/supervision-notices/${issued.json().id}`)).statusCode,
    ).toBe(200);
  });

  it('400 field paths, 403 roles, 404 out of scope, 409 stale and wrong state', async () => {
    const missing = await api.request('office', 'POST', '/api/supervision-notices', {
      ...issueBody(),
      title: '',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.where).toBe('body.title');
    const past = await api.request('office', 'POST', '/api/supervision-notices', {
      ...issueBody(),
      replyBy: addDays(DEMO_TODAY, -1),
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.where).toBe('body.replyBy');

    expect((await api.request('unit', 'POST', '/api/supervision-notices', issueBody())).statusCode).toBe(403);
    expect((await api.request('observer', 'POST', '/api/supervision-notices', issueBody())).statusCode).toBe(
      403,
    );
    expect(
      (await api.request('otherOffice', 'POST', '/api/supervision-notices', issueBody())).statusCode,
    ).toBe(404);

    const notice = (await api.request('office', 'POST', '/api/supervision-notices', issueBody())).json();
    expect(
      (await api.request('otherOffice', 'GET', `/api/supervision-notices/${notice.id}`)).statusCode,
    ).toBe(404);
    const reply = { text: '已整改', version: 1 };
    expect(
      (await api.request('otherUnit', 'POST', `/api/supervision-notices/${notice.id}/reply`, reply))
        .statusCode,
    ).toBe(404);
    expect(
      (await api.request('office', 'POST', `/api/supervision-notices/${notice.id}/reply`, reply)).statusCode,
    ).toBe(403);
    const noText = await api.request('unit', 'POST', `/api/supervision-notices/${notice.id}/reply`, {
      version: 1,
    });
    expect(noText.json().error.where).toBe('body.text');
    if (otherProblemEvidence != null) {
      const foreign = await api.request('unit', 'POST', `/api/supervision-notices/${notice.id}/reply`, {
        ...reply,
        evidenceIds: [otherProblemEvidence],
      });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().error.where).toBe('body.evidenceIds[0]');
    }
    // Closing before a reply is the wrong state.
    expect(
      (await api.request('office', 'POST', `/api/supervision-notices/${notice.id}/close`, { version: 1 }))
        .statusCode,
    ).toBe(409);
    expect(
      (
        await api.request('unit', 'POST', `/api/supervision-notices/${notice.id}/reply`, {
          ...reply,
          version: 7,
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (await api.request('unit', 'POST', `/api/supervision-notices/${notice.id}/reply`, reply)).statusCode,
    ).toBe(200);
    expect(
      (await api.request('unit', 'POST', `/api/supervision-notices/${notice.id}/close`, { version: 2 }))
        .statusCode,
    ).toBe(403);
    // Replying twice is the wrong state.
    expect(
      (
        await api.request('unit', 'POST', `/api/supervision-notices/${notice.id}/reply`, {
          ...reply,
          version: 2,
        })
      ).statusCode,
    ).toBe(409);
    expect((await api.request('unit', 'GET', '/api/supervision-notices/abc')).statusCode).toBe(400);
  });
});
