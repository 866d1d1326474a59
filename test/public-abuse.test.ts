/**
 * Abuse of the public side, on each backend, through the real server in process: oversized
 * content, fields and attachments; script in content and name; 1,000 rapid submissions from one
 * address (rate limited with 429 while the server keeps answering, only the allowed rows
 * written); private URLs requested without a session (401/404, never data); unpublished
 * inspections having no public page; and contact details never reaching the log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/http/server.ts';
import { defaultSubmissionRatePolicy } from '../src/modules/feedback/feedback.rules.ts';
import type { Database } from '../src/storage/database.ts';
import { createFileStore } from '../src/storage/file-store.ts';
import { backends } from './support/databases.ts';
import { createPublicSide, referenceOf, submitFeedback, type PublicSide } from './support/public-side.ts';

async function count(
  db: Database,
  table: 'public_feedback' | 'public_submissions' | 'events',
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(backends)('public abuse on %s', (backend) => {
  let side: PublicSide;

  beforeAll(async () => {
    side = await createPublicSide(backend);
  }, 120_000);
  afterAll(async () => {
    await side?.dispose();
  });

  it('refuses oversized content, fields and attachments, writing nothing', async () => {
    const before = await count(side.database.db, 'public_feedback');
    const long = await submitFeedback(
      side.app,
      side.publicationId,
      { content: '长'.repeat(2001) },
      { address: '198.18.0.1' },
    );
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('意见内容不超过2000字');
    const huge = await submitFeedback(
      side.app,
      side.publicationId,
      { content: 'x'.repeat(40_000) },
      { address: '198.18.0.2' },
    );
    expect(huge.statusCode).toBe(413);
    const name = await submitFeedback(
      side.app,
      side.publicationId,
      { content: '正常', name: '名'.repeat(51) },
      { address: '198.18.0.3' },
    );
    expect(name.statusCode).toBe(400);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024 + 1, 0x20)]);
    const attachment = await submitFeedback(
      side.app,
      side.publicationId,
      { content: '大附件' },
      { address: '198.18.0.4', file: { fileName: 'big.pdf', contentType: 'application/pdf', bytes: pdf } },
    );
    expect(attachment.statusCode).toBe(413);
    expect(attachment.body).toContain('5 MB');
    const notForm = await side.app.inject({
      method: 'POST',
      url: `/public/notices/${side.publicationId}/feedback`,
      remoteAddress: '198.18.0.5',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
      payload: { content: 'json' },
    });
    expect(notForm.statusCode).toBe(415);
    expect(await count(side.database.db, 'public_feedback')).toBe(before);
  });

  it('shows script in content back as text on the public lookup page and verbatim as JSON to staff', async () => {
    const script = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const response = await submitFeedback(
      side.app,
      side.publicationId,
      { content: `内容${script}`, name: `姓名<script>alert(3)</script>` },
      { address: '198.18.1.1' },
    );
    expect(response.statusCode, response.body).toBe(303);
    const reference = referenceOf(response);
    const lookup = await side.app.inject({ method: 'GET', url: `/public/feedback?ref=${reference}` });
    expect(lookup.body).toContain(
      '内容&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;',
    );
    expect(lookup.body).not.toContain('<script>alert');
    expect(lookup.body).not.toContain('<img src=x');
    expect(lookup.body).not.toContain('alert(3)');
    const list = await side.app.inject({
      method: 'GET',
      url: '/api/feedback',
      headers: side.as('xunchaban'),
    });
    const item = (
      list.json() as { items: Array<{ reference: string; content: string; senderName: string }> }
    ).items.find((candidate) => candidate.reference === reference)!;
    expect(item.content).toBe(`内容${script}`);
    expect(item.senderName).toBe('姓名<script>alert(3)</script>');
    expect(list.headers['content-type']).toContain('application/json');
  });

  it('rate limits 1,000 rapid submissions from one address, stays responsive, writes only the allowed rows', async () => {
    const feedbackBefore = await count(side.database.db, 'public_feedback');
    const eventsBefore = await count(side.database.db, 'events');
    const statuses: number[] = [];
    let message = '';
    for (let batch = 0; batch < 20; batch += 1) {
      const burst = Array.from({ length: 50 }, (_, index) =>
        submitFeedback(
          side.app,
          side.publicationId,
          { content: `批量提交 ${batch}-${index}` },
          { address: '198.18.9.9' },
        ),
      );
      const health = await side.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(200);
      const publicList = await side.app.inject({ method: 'GET', url: '/public/' });
      expect(publicList.statusCode).toBe(200);
      for (const response of await Promise.all(burst)) {
        statuses.push(response.statusCode);
        if (response.statusCode === 429) message = response.body;
      }
    }
    expect(statuses).toHaveLength(1000);
    const allowed = defaultSubmissionRatePolicy.maxPerAddress;
    expect(statuses.filter((status) => status === 303)).toHaveLength(allowed);
    expect(statuses.filter((status) => status === 429)).toHaveLength(1000 - allowed);
    expect(message).toContain('提交过于频繁');
    expect(await count(side.database.db, 'public_feedback')).toBe(feedbackBefore + allowed);
    expect(await count(side.database.db, 'events')).toBe(eventsBefore + allowed);
    // Another address is not affected.
    const other = await submitFeedback(
      side.app,
      side.publicationId,
      { content: '另一个地址' },
      { address: '198.18.9.10' },
    );
    expect(other.statusCode).toBe(303);
  }, 180_000);

  it('answers private URLs without a session with 401 or 404, never data', async () => {
    const db = side.database.db;
    const problem = await db.selectFrom('problems').select('id').orderBy('id').executeTakeFirstOrThrow();
    const evidence = await db.selectFrom('evidence').select('id').orderBy('id').executeTakeFirstOrThrow();
    const feedback = await db
      .selectFrom('public_feedback')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const unpublished = await db
      .selectFrom('inspections')
      .select('id')
      .where('id', '!=', side.inspectionId)
      .executeTakeFirstOrThrow();
    const urls = [
      '/api/ledger',
      '/api/ledger?q=整改',
      `/api/problems/${problem.id}`,
      `/api/problems/${problem.id}/timeline`,
      `/api/problems/${problem.id}/evidence`,
      `/api/problems/${problem.id}/comments`,
      `/api/evidence/${evidence.id}/content`,
      '/api/inspections',
      `/api/inspections/${unpublished.id}`,
      `/api/inspections/${unpublished.id}/documents/notice`,
      `/api/inspections/${unpublished.id}/ledger.xlsx`,
      `/api/publications/${side.publicationId}`,
      '/api/analytics/figures',
      '/api/units',
      '/api/users',
      '/api/notifications',
      '/api/feedback',
      `/api/feedback/${feedback.id}`,
      `/api/feedback/${feedback.id}/attachment`,
      '/api/supervision-notices',
      '/api/quality/grades',
      '/api/admin/offices',
    ];
    for (const url of urls) {
      const response = await side.app.inject({ method: 'GET', url, remoteAddress: '198.18.2.1' });
      expect([401, 404], url).toContain(response.statusCode);
      expect(response.body, url).not.toMatch(/"items"|"title"|"content"|PK\u0003\u0004/);
    }
    // Public addresses of things that were never published do not exist.
    for (const url of [
      `/public/notices/${side.publicationId + 1000}`,
      `/public/notices/${side.publicationId}/problems/999999`,
      '/public/feedback?ref=FK-2026-ZZZZZZZZ',
    ]) {
      expect((await side.app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
  });

  it('gives a draft inspection and a problem added after publication no public page', async () => {
    const round = await side.database.db
      .selectFrom('inspection_rounds')
      .select('id')
      .executeTakeFirstOrThrow();
    const unit = await side.app.inject({
      method: 'POST',
      url: '/api/units',
      headers: side.as('xunchaban'),
      payload: { name: '某县未公开测试局' },
    });
    expect(unit.statusCode, unit.body).toBe(201);
    const created = await side.app.inject({
      method: 'POST',
      url: '/api/inspections',
      headers: side.as('xunchaban'),
      payload: { roundId: round.id, unitId: (unit.json() as { id: number }).id, feedbackOn: '2026-10-15' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const list = await side.app.inject({ method: 'GET', url: '/public/' });
    expect(list.body).not.toContain('某县未公开测试局');

    const aspect = await side.database.db
      .selectFrom('aspects')
      .select('id')
      .where('inspection_id', '=', side.inspectionId)
      .executeTakeFirstOrThrow();
    const added = await side.database.db
      .insertInto('problems')
      .values({
        office_id: side.officeId,
        inspection_id: side.inspectionId,
        aspect_id: aspect.id,
        position: 999,
        title: '发布后新增的问题',
        created_at: '2026-11-20T03:00:00.000Z',
        updated_at: '2026-11-20T03:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const notice = await side.app.inject({ method: 'GET', url: `/public/notices/${side.publicationId}` });
    expect(notice.body).not.toContain('发布后新增的问题');
    const page = await side.app.inject({
      method: 'GET',
      url: `/public/notices/${side.publicationId}/problems/${added.id}`,
    });
    expect(page.statusCode).toBe(404);
  });
});

describe.each(backends)('public feedback and the log on %s', (backend) => {
  it('never writes a sender contact to the log, whatever happens to the request', async () => {
    const side = await createPublicSide(backend);
    const lines: string[] = [];
    const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-public-log-'));
    const app = await buildServer({
      database: side.database,
      clock: side.clock,
      version: 'test',
      logLevel: 'trace',
      fileStore: createFileStore(filesDir),
      logStream: { write: (line) => lines.push(line) },
    });
    try {
      const contact = 'secret-contact-13900001111@example.com';
      const accepted = await submitFeedback(app, side.publicationId, {
        content: '意见',
        contact,
        name: '李四',
      });
      expect(accepted.statusCode).toBe(303);
      const refused = await submitFeedback(app, side.publicationId, { content: '', contact });
      expect(refused.statusCode).toBe(400);
      const staff = await app.inject({ method: 'GET', url: '/api/feedback', headers: side.as('xunchaban') });
      expect(staff.body).toContain(contact);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join('\n')).not.toContain('13900001111');
    } finally {
      await app.close();
      await side.dispose();
      fs.rmSync(filesDir, { recursive: true, force: true });
    }
  }, 120_000);
});
