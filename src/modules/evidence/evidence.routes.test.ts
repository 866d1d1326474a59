/**
 * The evidence and timeline API over HTTP (in-process) with real sessions on a demo database:
 * upload by content, dedup, limits, scope and roles, download headers, removal rules, and that
 * a refused upload leaves neither a row nor a file behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { buildServer } from '../../http/server.ts';
import { createFileStore } from '../../storage/file-store.ts';
import { createFixedClock } from '../common/clock.ts';
import type { LedgerPage } from '../ledger/ledger-query.repository.ts';
import { signInAs } from '../../../test/support/sign-in.ts';
import type { TimelineEntry } from '../events/timeline.presenter.ts';
import type { EvidenceView } from './evidence.presenter.ts';

/** A small limit so the 413 test needs no large file. */
const MAX_BYTES = 64 * 1024;

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

type FormPart =
  { name: string; value: string } | { name: string; fileName: string; contentType: string; bytes: Buffer };

function multipart(parts: FormPart[]) {
  const boundary = `----rectify${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      'fileName' in part
        ? `form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: ${part.contentType}`
        : `form-data; name="${part.name}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push('fileName' in part ? part.bytes : Buffer.from(part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function listFiles(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .flatMap((entry) =>
      entry.isFile() ? [path.relative(folder, path.join(entry.parentPath, entry.name))] : [],
    );
}

describe.each(backends)('evidence API on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let filesDir: string;
  let docx: Buffer;
  const cookies = new Map<string, string>();
  let firstUnitId: number;

  beforeAll(async () => {
    const demo = await createDemoDatabase(backend);
    database = demo.database;
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-evidence-test-'));
    const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);
    app = await buildServer({
      database,
      clock,
      version: 'test',
      logLevel: 'silent',
      fileStore: createFileStore(filesDir),
      evidenceMaxBytes: MAX_BYTES,
    });
    docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('整改完成情况')] }] }));
    const unit = await database.db.selectFrom('units').select('id').orderBy('id').executeTakeFirstOrThrow();
    firstUnitId = unit.id;
    const officeId = demo.summary.officeId;
    const accounts = [
      { username: 'office1', displayName: '巡察办王五', role: 'office' as const, unitIds: [] },
      { username: 'unit1', displayName: '整改办张三', role: 'unit_office' as const, unitIds: [unit.id] },
      { username: 'leader1', displayName: '李书记', role: 'leader' as const, unitIds: [unit.id] },
      { username: 'observer1', displayName: '纪检赵六', role: 'observer' as const, unitIds: [] },
    ];
    for (const account of accounts) {
      cookies.set(account.username, await signInAs(app, database.db, clock, { ...account, officeId }));
    }
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  const get = (user: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { cookie: cookies.get(user)! } });
  const upload = (user: string, problemId: number, parts: FormPart[]) => {
    const form = multipart(parts);
    return app.inject({
      method: 'POST',
      url: `/api/problems/${problemId}/evidence`,
      headers: { cookie: cookies.get(user)!, 'content-type': form.contentType },
      payload: form.payload,
    });
  };
  const firstItem = async (user: string, query: string) =>
    ((await get(user, `/api/ledger?pageSize=1&${query}`)).json() as LedgerPage).items[0]!;
  const evidenceCount = async () =>
    Number(
      (
        await database.db
          .selectFrom('evidence')
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );
  const eventCount = async () =>
    Number(
      (
        await database.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );

  it('stores an upload checked by content, with uploader, time and effective date', async () => {
    const item = await firstItem('unit1', 'state=in_progress');
    const response = await upload('unit1', item.id, [
      { name: 'description', value: '整改会议纪要' },
      { name: 'effectiveOn', value: '2026-11-18' },
      {
        name: 'file',
        fileName: '会议纪要.docx',
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        bytes: docx,
      },
    ]);
    expect(response.statusCode).toBe(201);
    const created = response.json() as EvidenceView;
    expect(created).toMatchObject({
      problemId: item.id,
      fileName: '会议纪要.docx',
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      sizeBytes: docx.byteLength,
      description: '整改会议纪要',
      effectiveOn: '2026-11-18',
      uploadedAt: `${DEMO_TODAY}T02:00:00.000Z`,
      isInSnapshot: false,
      version: 1,
    });
    expect(created.uploadedBy?.displayName).toBe('整改办张三');
    expect(listFiles(filesDir)).toContain(`${created.sha256.slice(0, 2)}/${created.sha256}`);
    const list = (await get('observer1', `/api/problems/${item.id}/evidence`)).json() as {
      items: EvidenceView[];
    };
    expect(list.items.map((file) => file.id)).toContain(created.id);
  });

  it('stores the same bytes once however often they are uploaded', async () => {
    const item = await firstItem('unit1', 'state=in_progress');
    const filesBefore = listFiles(filesDir).length;
    const first = await upload('unit1', item.id, [
      { name: 'file', fileName: '现场照片.png', contentType: 'image/png', bytes: png },
    ]);
    const second = await upload('unit1', item.id, [
      { name: 'file', fileName: '现场照片（副本）.png', contentType: 'image/png', bytes: png },
    ]);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(first.json().sha256).toBe(second.json().sha256);
    expect(first.json().id).not.toBe(second.json().id);
    expect(listFiles(filesDir).length).toBe(filesBefore + 1);
  });

  it('refuses, leaving no row, event or file: too large, wrong type, mismatched name, bad field', async () => {
    const item = await firstItem('unit1', 'state=in_progress');
    const before = { rows: await evidenceCount(), events: await eventCount(), files: listFiles(filesDir) };
    const tooLarge = await upload('unit1', item.id, [
      {
        name: 'file',
        fileName: '大文件.pdf',
        contentType: 'application/pdf',
        bytes: Buffer.alloc(MAX_BYTES + 1, 0x25),
      },
    ]);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.message).toBe('文件「大文件.pdf」超过大小上限 64 KB');
    const pngAsPdf = await upload('unit1', item.id, [
      { name: 'file', fileName: '报告.pdf', contentType: 'application/pdf', bytes: png },
    ]);
    expect(pngAsPdf.statusCode).toBe(415);
    expect(pngAsPdf.json().error.message).toContain('报告.pdf');
    const executable = await upload('unit1', item.id, [
      {
        name: 'file',
        fileName: 'setup.exe',
        contentType: 'application/octet-stream',
        bytes: Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00', 'latin1'),
      },
    ]);
    expect(executable.statusCode).toBe(415);
    expect(executable.json().error.message).toContain('setup.exe');
    const declaredWrong = await upload('unit1', item.id, [
      { name: 'file', fileName: '报告.pdf', contentType: 'image/png', bytes: pdf },
    ]);
    expect(declaredWrong.statusCode).toBe(415);
    const badDate = await upload('unit1', item.id, [
      { name: 'effectiveOn', value: '2026-02-30' },
      { name: 'file', fileName: '报告.pdf', contentType: 'application/pdf', bytes: pdf },
    ]);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.where).toBe('body.effectiveOn');
    const noFile = await upload('unit1', item.id, [{ name: 'description', value: '无文件' }]);
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.where).toBe('body.file');
    const notMultipart = await app.inject({
      method: 'POST',
      url: `/api/problems/${item.id}/evidence`,
      headers: { cookie: cookies.get('unit1')! },
      payload: { file: 'x' },
    });
    expect(notMultipart.statusCode).toBe(415);
    expect(await evidenceCount()).toBe(before.rows);
    expect(await eventCount()).toBe(before.events);
    expect(listFiles(filesDir)).toEqual(before.files);
  });

  it('answers 404 out of scope, 403 to read-only roles and 409 on a closed item', async () => {
    const office = (await get('office1', '/api/ledger?pageSize=500')).json() as LedgerPage;
    const outside = office.items.find((candidate) => candidate.unitId !== firstUnitId)!;
    const inside = await firstItem('unit1', 'state=in_progress');
    const closed = await firstItem('unit1', 'state=closed');
    const file: FormPart = { name: 'file', fileName: '报告.pdf', contentType: 'application/pdf', bytes: pdf };
    const before = { rows: await evidenceCount(), files: listFiles(filesDir) };
    expect((await upload('unit1', outside.id, [file])).statusCode).toBe(404);
    expect((await get('unit1', `/api/problems/${outside.id}/evidence`)).statusCode).toBe(404);
    expect((await upload('observer1', inside.id, [file])).statusCode).toBe(403);
    expect((await upload('leader1', inside.id, [file])).statusCode).toBe(403);
    expect((await upload('leader1', outside.id, [file])).statusCode).toBe(404);
    expect((await upload('office1', inside.id, [file])).statusCode).toBe(403);
    const refused = await upload('unit1', closed.id, [file]);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('已销号');
    expect(await evidenceCount()).toBe(before.rows);
    expect(listFiles(filesDir)).toEqual(before.files);
  });

  it('downloads the exact bytes with safe headers, in scope only', async () => {
    const item = await firstItem('unit1', 'state=in_progress');
    const created = (
      await upload('unit1', item.id, [
        { name: 'file', fileName: '整改 报告.pdf', contentType: 'application/pdf', bytes: pdf },
      ])
    ).json() as EvidenceView;
    const response = await get('leader1', `/api/evidence/${created.id}/content`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(Number(response.headers['content-length'])).toBe(pdf.byteLength);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="__ __.pdf"; filename*=UTF-8''%E6%95%B4%E6%94%B9%20%E6%8A%A5%E5%91%8A.pdf`,
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(response.rawPayload, pdf)).toBe(0);
    const office = (await get('office1', '/api/ledger?pageSize=500')).json() as LedgerPage;
    const outside = office.items.find((candidate) => candidate.unitId !== firstUnitId)!;
    const foreign = (await get('office1', `/api/problems/${outside.id}/evidence`)).json() as {
      items: EvidenceView[];
    };
    expect(foreign.items.length).toBeGreaterThan(0);
    expect((await get('unit1', `/api/evidence/${foreign.items[0]!.id}/content`)).statusCode).toBe(404);
  });

  it('removes evidence with the current version only, and never once a snapshot rests on it', async () => {
    const item = await firstItem('unit1', 'state=in_progress');
    const remove = (user: string, id: number, version: number) =>
      app.inject({
        method: 'DELETE',
        url: `/api/evidence/${id}?version=${version}`,
        headers: { cookie: cookies.get(user)! },
      });
    const loose = (
      await upload('unit1', item.id, [
        { name: 'file', fileName: '草稿.pdf', contentType: 'application/pdf', bytes: pdf },
      ])
    ).json() as EvidenceView;
    expect((await remove('observer1', loose.id, 1)).statusCode).toBe(403);
    expect((await remove('unit1', loose.id, 2)).statusCode).toBe(409);
    expect((await remove('unit1', loose.id, 1)).statusCode).toBe(204);
    expect((await remove('unit1', loose.id, 1)).statusCode).toBe(404);
    const missingVersion = await app.inject({
      method: 'DELETE',
      url: `/api/evidence/${loose.id}`,
      headers: { cookie: cookies.get('unit1')! },
    });
    expect(missingVersion.statusCode).toBe(400);

    const basis = (
      await upload('unit1', item.id, [
        { name: 'file', fileName: '依据.png', contentType: 'image/png', bytes: png },
      ])
    ).json() as EvidenceView;
    // Applying to close needs every measure done.
    await database.db
      .updateTable('measures')
      .set({ is_done: 1, done_on: '2026-11-20' })
      .where('problem_id', '=', item.id)
      .execute();
    const applied = await app.inject({
      method: 'POST',
      url: `/api/problems/${item.id}/transitions`,
      headers: { cookie: cookies.get('unit1')! },
      payload: { action: 'apply_close', statement: '已整改完成', version: item.version },
    });
    expect(applied.statusCode).toBe(200);
    const refused = await remove('unit1', basis.id, basis.version);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('销号的依据');
    expect((await get('unit1', `/api/problems/${item.id}/evidence`)).json().items).toContainEqual(
      expect.objectContaining({ id: basis.id, isInSnapshot: true }),
    );

    const timeline = await get('observer1', `/api/problems/${item.id}/timeline`);
    expect(timeline.statusCode).toBe(200);
    const entries = (timeline.json() as { items: TimelineEntry[] }).items;
    const ids = entries.map((entry) => entry.eventId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const actions = entries.map((entry) => entry.action);
    expect(actions.indexOf('evidence_added')).toBeLessThan(actions.indexOf('evidence_removed'));
    const application = entries.at(-1)!;
    expect(application).toMatchObject({
      action: 'apply_close',
      actor: { displayName: '整改办张三' },
      transition: { from: 'in_progress', to: 'pending_review', statement: '已整改完成' },
    });
    expect(application.transition!.evidence).toContainEqual({
      evidenceId: basis.id,
      fileName: '依据.png',
      sha256: basis.sha256,
    });
    expect(application.transition!.evidence.some((file) => file.evidenceId === loose.id)).toBe(false);
    expect(entries.find((entry) => entry.action === 'evidence_removed')?.evidence).toMatchObject({
      evidenceId: loose.id,
      fileName: '草稿.pdf',
    });
    const office = (await get('office1', '/api/ledger?pageSize=500')).json() as LedgerPage;
    const outside = office.items.find((candidate) => candidate.unitId !== firstUnitId)!;
    expect((await get('unit1', `/api/problems/${outside.id}/timeline`)).statusCode).toBe(404);
  });
});
