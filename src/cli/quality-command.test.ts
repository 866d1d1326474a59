/**
 * `rectify quality backfill-texts` as users run it, on each backend: the real bin in a child
 * process against a demo loaded by `rectify demo`, plus evidence inserted the way it was before
 * texts were read at upload (no text row): a Word file and a text file with dates, a file that is
 * not the PDF it claims to be, one whose file is gone, and a picture. After the command every
 * text document has its row or is named with a reason; a second run writes nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Document, Packer, Paragraph } from 'docx';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/databases.ts';
import { textKindByMediaType } from '../modules/evidence/evidence-text.ts';
import { insertEvidence } from '../modules/ledger/ledger.repository.ts';
import { openDatabase, SQLITE_FILE_NAME, type DatabaseHandle } from '../storage/database.ts';
import { createFileStore } from '../storage/file-store.ts';

const bin = fileURLToPath(new URL('../../bin/rectify.js', import.meta.url));
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function count(db: DatabaseHandle['db'], table: 'evidence_texts' | 'events'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(backends)('rectify quality backfill-texts (%s)', (backend) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-cli-backfill-'));
  let databaseUrl: string | null = null;
  let handle: DatabaseHandle;
  const seeded: Record<'docx' | 'text' | 'fakePdf' | 'missing' | 'picture', number> = {
    docx: 0,
    text: 0,
    fakePdf: 0,
    missing: 0,
    picture: 0,
  };

  function rectify(...args: string[]) {
    const environment: NodeJS.ProcessEnv = { ...process.env, RECTIFY_DATA_DIR: dataDir };
    delete environment.DATABASE_URL;
    if (databaseUrl) environment.DATABASE_URL = databaseUrl;
    return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: environment });
  }

  beforeAll(async () => {
    if (backend === 'postgres') {
      const url = new URL(process.env.TEST_DATABASE_URL!);
      const name = `rectify_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url.toString() });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
    }
    const demo = rectify(
      'demo',
      '--units',
      '1',
      '--problems',
      '3',
      '--measures',
      '1',
      '--today',
      '2026-06-01',
    );
    expect(demo.status, demo.stderr).toBe(0);
    handle = databaseUrl
      ? openDatabase({ kind: 'postgres', url: databaseUrl })
      : openDatabase({ kind: 'sqlite', file: path.join(dataDir, SQLITE_FILE_NAME) });
    const db = handle.db;
    const problem = await db
      .selectFrom('problems')
      .select(['id', 'office_id'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const fileStore = createFileStore(path.join(dataDir, 'files'));
    const docx = await Packer.toBuffer(
      new Document({
        sections: [
          {
            children: ['关于整改情况的报告', '中共某某局委员会', '2026年5月20日'].map(
              (line) => new Paragraph(line),
            ),
          },
        ],
      }),
    );
    const files = {
      docx: { fileName: '整改报告.docx', mediaType: DOCX, bytes: docx },
      text: {
        fileName: '会议记录.txt',
        mediaType: 'text/plain; charset=utf-8',
        bytes: Buffer.from('专题会议记录\n2026年4月3日'),
      },
      fakePdf: {
        fileName: '扫描件.pdf',
        mediaType: 'application/pdf',
        bytes: Buffer.from('not a pdf at all'),
      },
      missing: {
        fileName: '丢失.txt',
        mediaType: 'text/plain; charset=utf-8',
        bytes: Buffer.from('丢失的文件'),
      },
      picture: {
        fileName: '照片.png',
        mediaType: 'image/png',
        bytes: Buffer.from('\x89PNG\r\n\x1a\nxxxx', 'latin1'),
      },
    };
    for (const [key, file] of Object.entries(files) as Array<[keyof typeof seeded, (typeof files)['docx']]>) {
      const stored = fileStore.put(file.bytes);
      seeded[key] = await db.transaction().execute((transaction) =>
        insertEvidence(transaction, {
          officeId: problem.office_id,
          problemId: problem.id,
          measureId: null,
          fileName: file.fileName,
          mediaType: file.mediaType,
          sizeBytes: stored.sizeBytes,
          sha256: stored.sha256,
          storageKey: stored.storageKey,
          description: null,
          effectiveOn: null,
          uploadedBy: null,
          uploadedAt: '2026-05-21T02:00:00.000Z',
        }),
      );
      if (key === 'missing') fs.rmSync(path.join(dataDir, 'files', stored.storageKey));
    }
  }, 120_000);

  afterAll(async () => {
    await handle?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) {
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`);
      await admin.end();
    }
  });

  it('is listed and explains itself; refuses a wrong action or an unknown office', () => {
    expect(rectify('--help').stdout).toContain('quality');
    expect(rectify('quality', '--help').stdout).toContain('rectify quality backfill-texts');
    expect(rectify('quality', 'backfill').status).toBe(2);
    const unknown = rectify('quality', 'backfill-texts', '--office', '不存在的巡察办');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('未找到巡察办');
  });

  it('stores the text of every readable document without one, names the rest, and writes nothing on a rerun', async () => {
    const db = handle.db;
    const textsBefore = await count(db, 'evidence_texts');
    const eventsBefore = await count(db, 'events');
    const office = await db.selectFrom('offices').select('name').orderBy('id').executeTakeFirstOrThrow();

    const first = rectify('quality', 'backfill-texts', '--office', office.name);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/进度 progress: \d+\/\d+/);

    const rows = await db
      .selectFrom('evidence_texts')
      .select(['evidence_id', 'text', 'signed_on'])
      .where('evidence_id', 'in', Object.values(seeded))
      .execute();
    const byId = new Map(rows.map((row) => [row.evidence_id, row]));
    expect(byId.get(seeded.docx)?.text).toContain('关于整改情况的报告');
    expect(byId.get(seeded.docx)?.signed_on).toBe('2026-05-20');
    expect(byId.get(seeded.text)?.text).toContain('专题会议记录');
    expect(byId.has(seeded.fakePdf)).toBe(false);
    expect(byId.has(seeded.missing)).toBe(false);
    expect(byId.has(seeded.picture)).toBe(false);
    expect(first.stdout).toContain(`#${seeded.fakePdf} 扫描件.pdf：`);
    expect(first.stdout).toContain(`#${seeded.missing} 丢失.txt：文件缺失`);
    expect(first.stdout).not.toContain(`#${seeded.picture} `);

    // Every text document of the demo too now has its row or is named with its reason.
    const written = (await count(db, 'evidence_texts')) - textsBefore;
    expect(written).toBeGreaterThanOrEqual(2);
    const summary = /完成 done: (\d+)，未能提取 failed: (\d+)/.exec(first.stdout);
    expect(Number(summary?.[1])).toBe(written);
    const stillWithout = await db
      .selectFrom('evidence')
      .leftJoin('evidence_texts', 'evidence_texts.evidence_id', 'evidence.id')
      .select('evidence.id')
      .where('evidence_texts.evidence_id', 'is', null)
      .where('evidence.media_type', 'in', [...textKindByMediaType.keys()])
      .execute();
    expect(stillWithout.length).toBe(Number(summary?.[2]));
    for (const row of stillWithout) expect(first.stdout).toContain(`#${row.id} `);
    // The change is in the log, so cached quality grades are recomputed.
    expect(await count(db, 'events')).toBeGreaterThan(eventsBefore);

    const eventsAfterFirst = await count(db, 'events');
    const second = rectify('quality', 'backfill-texts');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('完成 done: 0，');
    expect(await count(db, 'evidence_texts')).toBe(textsBefore + written);
    expect(await count(db, 'events')).toBe(eventsAfterFirst);
  }, 120_000);
});
