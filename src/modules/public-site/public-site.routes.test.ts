/**
 * The public pages and the feedback form over HTTP, on each backend: the list and the notice as
 * published (never live ledger data), the stored .docx, problem pages, submission with a
 * reference number and lookup, attachment checks, the same-origin rule, and escaping.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import {
  createPublicSide,
  referenceOf,
  submitFeedback,
  type PublicSide,
} from '../../../test/support/public-side.ts';
import type { PublicationSnapshot } from '../reports/publication.service.ts';
import { allProblems } from '../reports/report-model.ts';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe.each(backends)('public site on %s', (backend) => {
  let side: PublicSide;
  let snapshot: PublicationSnapshot;

  beforeAll(async () => {
    side = await createPublicSide(backend);
    const row = await side.database.db
      .selectFrom('public_reports')
      .select('snapshot_json')
      .where('id', '=', side.publicationId)
      .executeTakeFirstOrThrow();
    snapshot = JSON.parse(row.snapshot_json) as PublicationSnapshot;
  }, 120_000);
  afterAll(async () => {
    await side?.dispose();
  });

  const get = (url: string) => side.app.inject({ method: 'GET', url });

  it('lists the published notice by office, round and unit, as HTML without script', async () => {
    const response = await get('/public/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain(`/public/notices/${side.publicationId}`);
    expect(response.body).toContain(snapshot.model.unitName);
    expect(response.body).toContain(snapshot.model.roundName);
    expect(response.body).not.toContain('<script');
    expect(String(response.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await get('/public')).statusCode).toBe(301);
    const css = await get('/public/assets/public.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.body).toContain('@media print');
  });

  it('shows the notice and its problems from the snapshot, not from the live ledger', async () => {
    const problem = allProblems(snapshot.model.aspects).find((candidate) => candidate.children.length === 0)!;
    await side.database.db
      .updateTable('problems')
      .set({ title: '发布后才改的标题' })
      .where('id', '=', problem.id)
      .execute();
    const page = await get(`/public/notices/${side.publicationId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(problem.title.replace(/&/g, '&amp;'));
    expect(page.body).not.toContain('发布后才改的标题');
    expect(page.body).toContain(`/public/notices/${side.publicationId}/download`);
    const problemPage = await get(`/public/notices/${side.publicationId}/problems/${problem.id}`);
    expect(problemPage.statusCode).toBe(200);
    expect(problemPage.body).not.toContain('发布后才改的标题');
    expect(problemPage.body).toContain('name="problemId"');
    // A problem of another inspection is not part of this notice.
    const foreign = await side.database.db
      .selectFrom('problems')
      .select('id')
      .where('inspection_id', '!=', side.inspectionId)
      .executeTakeFirstOrThrow();
    expect((await get(`/public/notices/${side.publicationId}/problems/${foreign.id}`)).statusCode).toBe(404);
  });

  it('serves exactly the stored .docx bytes', async () => {
    const response = await get(`/public/notices/${side.publicationId}/download`);
    expect(response.statusCode).toBe(200);
    const bytes = response.rawPayload;
    expect(bytes.equals(Buffer.from(snapshot.docxBase64, 'base64'))).toBe(true);
    expect(response.headers['x-content-sha256']).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(String(response.headers['content-disposition'])).toContain('attachment');
  });

  it('keeps older versions reachable and points them to the newest', async () => {
    const again = await side.app.inject({
      method: 'POST',
      url: `/api/inspections/${side.inspectionId}/publications`,
      headers: side.as('xunchaban'),
      payload: {},
    });
    expect(again.statusCode).toBe(201);
    const newest = (again.json() as { publication: { id: number } }).publication.id;
    const list = await get('/public/');
    expect(list.body).toContain(`/public/notices/${newest}"`);
    expect(list.body).not.toContain(`/public/notices/${side.publicationId}"`);
    expect(list.body).toContain('共 2 个版本');
    const old = await get(`/public/notices/${side.publicationId}`);
    expect(old.body).toContain('这是历史版本');
    expect(old.body).toContain(`/public/notices/${newest}`);
  });

  it('answers unknown public addresses with its own 404 page, never the web app', async () => {
    for (const url of [
      '/public/nothing',
      '/public/notices/999999',
      '/public/notices/abc',
      '/public/notices/1/x',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(url.endsWith('abc') ? 400 : 404);
      expect(response.headers['content-type'], url).toContain('text/html');
      expect(response.body, url).toContain('巡察整改情况公开');
      expect(response.body, url).not.toContain('id="root"');
    }
  });

  it('takes feedback, returns a reference number, and shows its status without contact data', async () => {
    const before = await side.database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    const response = await submitFeedback(
      side.app,
      side.publicationId,
      { content: '建议公开整改资金的去向', name: '王某', contact: '13800000000' },
      { file: { fileName: '照片.png', contentType: 'image/png', bytes: PNG } },
    );
    expect(response.statusCode, response.body).toBe(303);
    const reference = referenceOf(response);
    expect(reference).toMatch(/^FK-2026-[0-9A-HJKMNP-TV-Z]{8}$/);
    const row = await side.database.db
      .selectFrom('public_feedback')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'received',
      content: '建议公开整改资金的去向',
      sender_name: '王某',
      sender_contact: '13800000000',
      public_report_id: side.publicationId,
      attachment_media_type: 'image/png',
      attachment_file_name: '照片.png',
    });
    const event = await side.database.db
      .selectFrom('events')
      .selectAll()
      .where('entity_type', '=', 'public_feedback')
      .where('entity_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(event.action).toBe('feedback_received');
    expect(event.data_json).not.toContain('13800000000');
    expect(event.data_json).not.toContain('王某');
    const after = await side.database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);

    const lookup = await get(`/public/feedback?ref=${reference.toLowerCase()}&new=1`);
    expect(lookup.statusCode).toBe(200);
    expect(lookup.body).toContain(reference);
    expect(lookup.body).toContain('您的意见已提交');
    expect(lookup.body).toContain('已收到');
    expect(lookup.body).not.toContain('13800000000');
    expect(lookup.body).not.toContain('王某');
    expect(lookup.body).toContain('尚无公开答复');
    const unknown = await get('/public/feedback?ref=FK-2026-00000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('未找到查询编号');
  });

  it('ties feedback to one problem of the notice, and refuses a problem not in it', async () => {
    const problem = allProblems(snapshot.model.aspects)[0]!;
    const ok = await submitFeedback(side.app, side.publicationId, {
      content: '该问题整改不到位',
      problemId: String(problem.id),
    });
    expect(ok.statusCode, ok.body).toBe(303);
    const row = await side.database.db
      .selectFrom('public_feedback')
      .select('problem_id')
      .where('reference', '=', referenceOf(ok))
      .executeTakeFirstOrThrow();
    expect(row.problem_id).toBe(problem.id);
    const foreign = await side.database.db
      .selectFrom('problems')
      .select('id')
      .where('inspection_id', '!=', side.inspectionId)
      .executeTakeFirstOrThrow();
    const refused = await submitFeedback(
      side.app,
      side.publicationId,
      { content: '别的问题', problemId: String(foreign.id) },
      { address: '203.0.113.11' },
    );
    expect(refused.statusCode).toBe(404);
    expect(refused.headers['content-type']).toContain('text/html');
  });

  it('refuses empty content, a disguised attachment, and a cross-site post, writing nothing', async () => {
    const count = async () =>
      Number(
        (
          await side.database.db
            .selectFrom('public_feedback')
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const empty = await submitFeedback(
      side.app,
      side.publicationId,
      { content: '   ' },
      { address: '203.0.113.20' },
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('请填写意见内容');
    const disguised = await submitFeedback(
      side.app,
      side.publicationId,
      { content: '附件' },
      {
        address: '203.0.113.21',
        file: {
          fileName: 'photo.png',
          contentType: 'image/png',
          bytes: Buffer.from('MZ\x90\x00 not a picture'),
        },
      },
    );
    expect(disguised.statusCode).toBe(415);
    expect(disguised.body).toContain('附件类型不支持');
    const zip = await submitFeedback(
      side.app,
      side.publicationId,
      { content: '附件' },
      {
        address: '203.0.113.22',
        file: {
          fileName: 'x.docx',
          contentType: 'application/octet-stream',
          bytes: Buffer.from('PK\x03\x04junk'),
        },
      },
    );
    expect(zip.statusCode).toBe(415);
    for (const headers of [
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example', 'sec-fetch-site': '' },
      { origin: 'null', 'sec-fetch-site': '' },
    ]) {
      const crossSite = await submitFeedback(
        side.app,
        side.publicationId,
        { content: '跨站提交' },
        { address: '203.0.113.23', headers },
      );
      expect(crossSite.statusCode).toBe(403);
      expect(crossSite.body).toContain('拒绝跨站提交');
    }
    expect(await count()).toBe(before);
  });

  it('escapes script in a published reply on the public pages', async () => {
    const submitted = await submitFeedback(
      side.app,
      side.publicationId,
      { content: '<script>alert(1)</script>' },
      { address: '203.0.113.30' },
    );
    const reference = referenceOf(submitted);
    const row = await side.database.db
      .selectFrom('public_feedback')
      .select(['id', 'version'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    const replied = await side.app.inject({
      method: 'POST',
      url: `/api/feedback/${row.id}/reply`,
      headers: side.as('xunchaban'),
      payload: { version: row.version, reply: '<img src=x onerror=alert(1)>已核实', publish: true },
    });
    expect(replied.statusCode, replied.body).toBe(200);
    for (const url of [`/public/feedback?ref=${reference}`, `/public/notices/${side.publicationId}`]) {
      const page = await get(url);
      expect(page.body, url).toContain('&lt;img src=x onerror=alert(1)&gt;已核实');
      expect(page.body, url).not.toContain('<img src=x');
      expect(page.body, url).not.toContain('<script>alert');
    }
  });
});
