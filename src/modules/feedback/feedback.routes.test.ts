/**
 * Staff triage of public feedback over HTTP with real sessions, on each backend: the scoped
 * list with status filter and pages, assign to a unit and problem, reply and publish (then the
 * reply shows publicly), close, stale versions, events, and out-of-scope items as 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import {
  createPublicSide,
  referenceOf,
  submitFeedback,
  type PublicSide,
} from '../../../test/support/public-side.ts';
import type { FeedbackView } from './feedback.service.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe.each(backends)('feedback triage on %s', (backend) => {
  let side: PublicSide;
  let otherPublicationId: number;
  let otherInspectionId: number;
  let address = 0;

  beforeAll(async () => {
    side = await createPublicSide(backend);
    const other = await side.database.db
      .selectFrom('inspections')
      .select('id')
      .where('unit_id', '!=', side.unitId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    otherInspectionId = other.id;
    const published = await side.app.inject({
      method: 'POST',
      url: `/api/inspections/${other.id}/publications`,
      headers: side.as('xunchaban'),
      payload: {},
    });
    otherPublicationId = (published.json() as { publication: { id: number } }).publication.id;
  }, 120_000);
  afterAll(async () => {
    await side?.dispose();
  });

  /** Submits as a fresh visitor address, so the rate limit does not interfere. */
  async function submit(publicationId: number, fields: Record<string, string>, file?: Buffer) {
    address += 1;
    const response = await submitFeedback(side.app, publicationId, fields, {
      address: `198.51.100.${address}`,
      ...(file && { file: { fileName: '材料.pdf', contentType: 'application/pdf', bytes: file } }),
    });
    expect(response.statusCode, response.body).toBe(303);
    const reference = referenceOf(response);
    const row = await side.database.db
      .selectFrom('public_feedback')
      .select(['id', 'version'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    return { ...row, reference };
  }

  const call = (username: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    side.app.inject({ method, url, headers: side.as(username), ...(payload && { payload }) });

  it('lists feedback in scope with status filter and pages; unit staff see their units only', async () => {
    const mine = await submit(side.publicationId, {
      content: '本单位通报的意见',
      name: '张三',
      contact: 'zs@example.com',
    });
    const theirs = await submit(otherPublicationId, { content: '别的单位通报的意见' });
    const office = await call('xunchaban', 'GET', '/api/feedback?pageSize=100');
    expect(office.statusCode).toBe(200);
    const officeIds = (office.json() as { items: FeedbackView[] }).items.map((item) => item.id);
    expect(officeIds).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    const unit = await call('zhenggaiban', 'GET', '/api/feedback?pageSize=100');
    const unitItems = (unit.json() as { items: FeedbackView[] }).items;
    expect(unitItems.map((item) => item.id)).toContain(mine.id);
    expect(unitItems.map((item) => item.id)).not.toContain(theirs.id);
    const detail = unitItems.find((item) => item.id === mine.id)!;
    expect(detail).toMatchObject({ senderName: '张三', senderContact: 'zs@example.com', status: 'received' });
    expect((await call('zhenggaiban', 'GET', `/api/feedback/${theirs.id}`)).statusCode).toBe(404);
    expect((await call('jijian', 'GET', '/api/feedback')).statusCode).toBe(403);
    expect((await call('bumen', 'GET', `/api/feedback/${mine.id}`)).statusCode).toBe(403);

    const page = await call('xunchaban', 'GET', '/api/feedback?pageSize=1&page=2');
    const paged = page.json() as { items: FeedbackView[]; total: number; page: number };
    expect(paged.items).toHaveLength(1);
    expect(paged.total).toBeGreaterThanOrEqual(2);
    const received = await call('xunchaban', 'GET', '/api/feedback?status=closed');
    expect((received.json() as { items: FeedbackView[] }).items).toHaveLength(0);
    expect((await call('xunchaban', 'GET', '/api/feedback?status=bogus')).statusCode).toBe(400);
  });

  it('assigns, replies, publishes and closes with versions and events; the reply then shows publicly', async () => {
    const problem = await side.database.db
      .selectFrom('problems')
      .select('id')
      .where('inspection_id', '=', side.inspectionId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const item = await submit(side.publicationId, {
      content: '整改措施落实情况如何？',
      problemId: String(problem.id),
    });

    const foreignProblem = await side.database.db
      .selectFrom('problems')
      .select('id')
      .where('inspection_id', '=', otherInspectionId)
      .executeTakeFirstOrThrow();
    const wrong = await call('zhenggaiban', 'POST', `/api/feedback/${item.id}/assign`, {
      version: item.version,
      problemId: foreignProblem.id,
    });
    expect(wrong.statusCode).toBe(400);
    const assigned = await call('zhenggaiban', 'POST', `/api/feedback/${item.id}/assign`, {
      version: item.version,
      unitId: side.unitId,
      problemId: problem.id,
      note: '请财务科核实',
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const afterAssign = assigned.json() as FeedbackView;
    expect(afterAssign).toMatchObject({
      status: 'assigned',
      assignedUnitId: side.unitId,
      problemId: problem.id,
    });
    expect(afterAssign.version).toBe(item.version + 1);

    const stale = await call('zhenggaiban', 'POST', `/api/feedback/${item.id}/reply`, {
      version: item.version,
      reply: '旧版本',
    });
    expect(stale.statusCode).toBe(409);

    const replied = await call('zhenggaiban', 'POST', `/api/feedback/${item.id}/reply`, {
      version: afterAssign.version,
      reply: '已全部落实，相关制度已印发。',
    });
    const afterReply = replied.json() as FeedbackView;
    expect(afterReply).toMatchObject({ status: 'replied', isReplyPublished: false });
    const lookupBefore = await side.app.inject({
      method: 'GET',
      url: `/public/feedback?ref=${item.reference}`,
    });
    expect(lookupBefore.body).not.toContain('已全部落实');
    expect(lookupBefore.body).toContain('已答复');

    const published = await call('zhenggaiban', 'POST', `/api/feedback/${item.id}/publish`, {
      version: afterReply.version,
      isPublished: true,
    });
    expect(published.statusCode, published.body).toBe(200);
    const afterPublish = published.json() as FeedbackView;
    const problemPage = await side.app.inject({
      method: 'GET',
      url: `/public/notices/${side.publicationId}/problems/${problem.id}`,
    });
    expect(problemPage.body).toContain('已全部落实，相关制度已印发。');
    const lookup = await side.app.inject({ method: 'GET', url: `/public/feedback?ref=${item.reference}` });
    expect(lookup.body).toContain('已全部落实，相关制度已印发。');
    expect(lookup.body).not.toContain('请财务科核实');

    const closed = await call('zhenggaiban', 'POST', `/api/feedback/${item.id}/close`, {
      version: afterPublish.version,
    });
    expect(closed.json()).toMatchObject({ status: 'closed' });
    const again = await call('zhenggaiban', 'POST', `/api/feedback/${item.id}/reply`, {
      version: (closed.json() as FeedbackView).version,
      reply: '再答复',
    });
    expect(again.statusCode).toBe(409);

    const events = await side.database.db
      .selectFrom('events')
      .select('action')
      .where('entity_type', '=', 'public_feedback')
      .where('entity_id', '=', item.id)
      .orderBy('id')
      .execute();
    expect(events.map((event) => event.action)).toEqual([
      'feedback_received',
      'feedback_assigned',
      'feedback_replied',
      'feedback_reply_published',
      'feedback_closed',
    ]);
  });

  it('refuses publishing without a reply, and out-of-scope triage as 404', async () => {
    const item = await submit(side.publicationId, { content: '尚未答复' });
    const early = await call('xunchaban', 'POST', `/api/feedback/${item.id}/publish`, {
      version: item.version,
      isPublished: true,
    });
    expect(early.statusCode).toBe(409);
    const theirs = await submit(otherPublicationId, { content: '别的单位' });
    for (const action of ['assign', 'reply', 'publish', 'close']) {
      const response = await call('zhenggaiban', 'POST', `/api/feedback/${theirs.id}/${action}`, {
        version: theirs.version,
        reply: '越权',
        isPublished: true,
      });
      expect(response.statusCode, action).toBe(404);
    }
    // A unit office cannot hand an item to a unit outside its scope.
    const away = await call('zhenggaiban', 'POST', `/api/feedback/${item.id}/assign`, {
      version: item.version,
      unitId: (
        await side.database.db
          .selectFrom('inspections')
          .select('unit_id')
          .where('id', '=', otherInspectionId)
          .executeTakeFirstOrThrow()
      ).unit_id,
    });
    expect(away.statusCode).toBe(404);
  });

  it('lets staff in scope download the attachment, with a strict policy', async () => {
    const item = await submit(side.publicationId, { content: '附件见PDF' }, PDF);
    const download = await call('zhenggaiban', 'GET', `/api/feedback/${item.id}/attachment`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(String(download.headers['content-security-policy'])).toContain('sandbox');
    const withoutSession = await side.app.inject({
      method: 'GET',
      url: `/api/feedback/${item.id}/attachment`,
    });
    expect(withoutSession.statusCode).toBe(401);
  });
});
