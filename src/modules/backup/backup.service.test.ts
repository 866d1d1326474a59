import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, type Backend } from '../../../test/support/databases.ts';
import { createFixedClock } from '../common/clock.ts';
import { appendEvent, verifyEventChain } from '../events/event.repository.ts';
import { createBackupService } from './backup.service.ts';
import { createRestoreService } from './restore.service.ts';
import {
  canonicalTables,
  createDemoSource,
  createEmptyTarget,
  DEMO_NOW,
  filesUnder,
  type DatabaseWithFiles,
} from './backup.test-support.ts';

const hasPostgres = backends.includes('postgres');
let workDir: string;
const cleanups: Array<() => Promise<void>> = [];

beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-backup-test-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  fs.rmSync(workDir, { recursive: true, force: true });
});

async function track(created: Promise<DatabaseWithFiles>): Promise<DatabaseWithFiles> {
  const value = await created;
  cleanups.push(() => value.dispose());
  return value;
}

async function backUp(source: DatabaseWithFiles, name = 'backup.tar.gz'): Promise<string> {
  const file = path.join(workDir, name);
  await createBackupService({
    database: source.database,
    filesDir: source.filesDir,
    clock: createFixedClock(DEMO_NOW),
    rectifyVersion: 'test',
  }).writeBackup(file);
  return file;
}

function restore(target: DatabaseWithFiles, file: string) {
  return createRestoreService({ database: target.database, filesDir: target.filesDir }).restoreBackup(file);
}

async function expectSameContent(source: DatabaseWithFiles, target: DatabaseWithFiles): Promise<void> {
  const [expected, actual] = await Promise.all([
    canonicalTables(source.database),
    canonicalTables(target.database),
  ]);
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const table of Object.keys(expected)) expect(actual[table], table).toBe(expected[table]);
  expect(filesUnder(target.filesDir)).toEqual(filesUnder(source.filesDir));
}

async function expectChainsIntact(target: DatabaseWithFiles): Promise<void> {
  const offices = await target.database.db.selectFrom('offices').select('id').execute();
  expect(offices.length).toBeGreaterThan(0);
  for (const officeId of [null, ...offices.map((office) => office.id)]) {
    expect((await verifyEventChain(target.database.db, officeId)).isIntact, `office ${officeId}`).toBe(true);
  }
}

/** The raw tar inside a gzip archive, with one byte of an entry's content flipped. */
function flipByteInEntry(archive: string, entryName: string, offsetInEntry: number): void {
  const tar = gunzipSync(fs.readFileSync(archive));
  const header = tar.indexOf(Buffer.from(`${entryName}\0`));
  expect(header).toBeGreaterThanOrEqual(0);
  tar[header + 512 + offsetInEntry]! ^= 0x01;
  fs.writeFileSync(archive, gzipSync(tar));
}

describe.each(backends)('backup and restore on %s', (backend: Backend) => {
  it('reproduces every table and evidence file exactly, with intact event chains', async () => {
    const source = await track(createDemoSource(backend));
    const file = await backUp(source);
    const target = await track(createEmptyTarget(backend, false));
    const summary = await restore(target, file);
    expect(summary.integrity.findings).toEqual([]);
    expect(summary.integrity.isHealthy).toBe(true);
    expect(summary.files).toBeGreaterThan(0);
    await expectSameContent(source, target);
    await expectChainsIntact(target);
    // New rows continue after the restored ids (PostgreSQL's identity sequences were moved).
    const maxId = (await source.database.db.selectFrom('offices').select('id').execute()).at(-1)!.id;
    const added = await target.database.db
      .insertInto('offices')
      .values({ name: '恢复后新增', region: '', created_at: DEMO_NOW })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(added.id).toBe(maxId + 1);
  });

  it('restores the state of the moment the backup began, though writes went on during it', async () => {
    const source = await track(createDemoSource(backend));
    const db = source.database.db;
    const officeId = (await db.selectFrom('offices').select('id').executeTakeFirstOrThrow()).id;
    let started = 0;
    let written = 0;
    // Each write adds a unit and its event in one transaction: a consistent snapshot has both or neither.
    const writeOne = async () => {
      const number = started;
      started += 1;
      await db.transaction().execute(async (transaction) => {
        const unit = await transaction
          .insertInto('units')
          .values({ office_id: officeId, name: `备份期间单位${number}` })
          .returning('id')
          .executeTakeFirstOrThrow();
        await appendEvent(transaction, {
          officeId,
          at: DEMO_NOW,
          actorUserId: null,
          entityType: 'unit',
          entityId: unit.id,
          action: 'backup_test_write',
          data: { number },
        });
      });
      written += 1;
    };
    for (let index = 0; index < 3; index += 1) await writeOne();
    // Every progress report (after each table is read) starts another write that runs alongside.
    const duringBackup: Array<Promise<void>> = [];
    const file = path.join(workDir, 'during-writes.tar.gz');
    await createBackupService({
      database: source.database,
      filesDir: source.filesDir,
      clock: createFixedClock(DEMO_NOW),
      rectifyVersion: 'test',
      onProgress: () => duringBackup.push(writeOne()),
    }).writeBackup(file);
    await Promise.all(duringBackup);
    expect(written).toBeGreaterThan(10);

    const target = await track(createEmptyTarget(backend));
    const summary = await restore(target, file);
    expect(summary.integrity.isHealthy).toBe(true);
    await expectChainsIntact(target);
    const units = await target.database.db
      .selectFrom('units')
      .select('id')
      .where('name', 'like', '备份期间单位%')
      .orderBy('id')
      .execute();
    const events = await target.database.db
      .selectFrom('events')
      .select('entity_id')
      .where('action', '=', 'backup_test_write')
      .orderBy('entity_id')
      .execute();
    expect(units).toHaveLength(3);
    expect(events.map((event) => event.entity_id)).toEqual(units.map((unit) => unit.id));
  });

  it('refuses a target that holds data and changes nothing', async () => {
    const source = await track(createDemoSource(backend));
    const file = await backUp(source);
    const target = await track(createDemoSource(backend));
    const before = await canonicalTables(target.database);
    const filesBefore = filesUnder(target.filesDir);
    await expect(restore(target, file)).rejects.toThrow(/not empty/);
    await expect(restore(target, file)).rejects.toMatchObject({ code: 'conflict' });
    expect(await canonicalTables(target.database)).toEqual(before);
    expect(filesUnder(target.filesDir)).toEqual(filesBefore);
  });

  it('refuses a damaged archive, naming what is wrong, and leaves the target empty', async () => {
    const source = await track(createDemoSource(backend));
    const good = await backUp(source);
    const bytes = fs.readFileSync(good);

    const truncated = path.join(workDir, 'truncated.tar.gz');
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const flippedTable = await backUp(source, 'flipped-table.tar.gz');
    flipByteInEntry(flippedTable, 'tables/problems.ndjson', 40);
    const flippedFile = await backUp(source, 'flipped-file.tar.gz');
    const evidence = await source.database.db
      .selectFrom('evidence')
      .select('storage_key')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    flipByteInEntry(flippedFile, `files/${evidence.storage_key}`, 0);
    const flippedGzip = path.join(workDir, 'flipped-gzip.tar.gz');
    const damagedGzip = Buffer.from(bytes);
    damagedGzip[Math.floor(bytes.length * 0.6)]! ^= 0xff;
    fs.writeFileSync(flippedGzip, damagedGzip);

    const target = await track(createEmptyTarget(backend));
    await expect(restore(target, truncated)).rejects.toThrow(/truncated|unexpected end/);
    await expect(restore(target, flippedTable)).rejects.toThrow(/table problems/);
    await expect(restore(target, flippedFile)).rejects.toThrow(evidence.storage_key);
    await expect(restore(target, flippedGzip)).rejects.toMatchObject({ code: 'invalid_document' });
    const notAnArchive = path.join(workDir, 'not-an-archive.tar.gz');
    fs.writeFileSync(notAnArchive, 'hello');
    await expect(restore(target, notAnArchive)).rejects.toMatchObject({ code: 'invalid_document' });

    for (const table of Object.values(await canonicalTables(target.database))) expect(table).toBe('[]');
    expect(Object.keys(filesUnder(target.filesDir))).toEqual([]);
    // The same target then takes the good archive.
    expect((await restore(target, good)).integrity.isHealthy).toBe(true);
    await expectSameContent(source, target);
  });
});

describe.runIf(hasPostgres)('backup and restore across dialects', () => {
  it.each([
    ['sqlite', 'postgres'],
    ['postgres', 'sqlite'],
  ] as const)('restores a %s backup into %s exactly', async (from, to) => {
    const source = await track(createDemoSource(from));
    const file = await backUp(source);
    const target = await track(createEmptyTarget(to, false));
    expect((await restore(target, file)).integrity.isHealthy).toBe(true);
    await expectSameContent(source, target);
    await expectChainsIntact(target);
  });
});
