/**
 * The text backfill in small chunks, on each backend: progress after every chunk, every text
 * document without a row either written or reported, a concurrent upload's row left alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase } from '../../../test/support/demo-database.ts';
import { createFileStore } from '../../storage/file-store.ts';
import { createFixedClock } from '../common/clock.ts';
import { insertEvidence } from '../ledger/ledger.repository.ts';
import { backfillEvidenceTexts, type BackfillProgress } from './evidence-text-backfill.ts';
import { insertEvidenceText } from './evidence-text.ts';

const clock = createFixedClock('2026-11-22T03:00:00.000Z');

describe.each(backends)('evidence text backfill (%s)', (backend) => {
  let database: TestDatabase;
  let filesDir: string;
  const ids: number[] = [];

  beforeAll(async () => {
    database = (await createDemoDatabase(backend, { units: 1, problemsPerUnit: 2 })).database;
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-backfill-'));
    const fileStore = createFileStore(filesDir);
    const problem = await database.db
      .selectFrom('problems')
      .select(['id', 'office_id'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    for (let index = 0; index < 5; index += 1) {
      const stored = fileStore.put(Buffer.from(`整改说明第${index}份\n2026年3月${index + 1}日`));
      ids.push(
        await database.db.transaction().execute((transaction) =>
          insertEvidence(transaction, {
            officeId: problem.office_id,
            problemId: problem.id,
            measureId: null,
            fileName: `说明${index}.txt`,
            mediaType: 'text/plain; charset=utf-8',
            sizeBytes: stored.sizeBytes,
            sha256: stored.sha256,
            storageKey: stored.storageKey,
            description: null,
            effectiveOn: null,
            uploadedBy: null,
            uploadedAt: '2026-04-01T02:00:00.000Z',
          }),
        ),
      );
    }
    // One already has its text, as an upload since the change would.
    await insertEvidenceText(database.db, {
      evidenceId: ids[4]!,
      officeId: problem.office_id,
      text: '上传时读取的文字',
      at: '2026-11-22T01:00:00.000Z',
    });
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  it('works in chunks, reports progress after each, writes only what is missing', async () => {
    const progress: BackfillProgress[] = [];
    const result = await backfillEvidenceTexts(
      { db: database.db, fileStore: createFileStore(filesDir), clock },
      { chunkSize: 2, onProgress: (step) => progress.push(step) },
    );
    // The demo's own evidence files are not in this store: reported as missing, not written.
    expect(result.written).toBe(4);
    expect(result.failures.every((failure) => failure.reason === '文件缺失')).toBe(true);
    expect(result.written + result.failures.length).toBe(result.total);
    expect(progress).toHaveLength(Math.ceil(result.total / 2));
    expect(progress.map((step) => step.checked)).toEqual(
      progress.map((_, index) => Math.min((index + 1) * 2, result.total)),
    );
    const rows = await database.db
      .selectFrom('evidence_texts')
      .select(['evidence_id', 'text', 'latest_on'])
      .where('evidence_id', 'in', ids)
      .orderBy('evidence_id')
      .execute();
    expect(rows.map((row) => row.evidence_id)).toEqual(ids);
    expect(rows[0]!.latest_on).toBe('2026-03-01');
    expect(rows[4]!.text).toBe('上传时读取的文字');

    const again = await backfillEvidenceTexts({
      db: database.db,
      fileStore: createFileStore(filesDir),
      clock,
    });
    expect(again.written).toBe(0);
  });
});
