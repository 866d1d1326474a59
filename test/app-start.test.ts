/**
 * The product as `npm start` runs it, in process: migrations, the first-start demo (once only),
 * the health endpoint, a restart that keeps the data, and the refusal of a second server on
 * the same data folder — on SQLite and, when configured, on PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startApplication } from '../src/app.ts';
import { readConfig } from '../src/config.ts';
import { createFixedClock } from '../src/modules/common/clock.ts';
import { checkIntegrity } from '../src/modules/system/integrity.service.ts';
import { DataDirLockedError } from '../src/storage/data-dir-lock.ts';
import { backends } from './support/databases.ts';

const postgresUrl = process.env.TEST_DATABASE_URL;
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function freshDatabaseUrl(): Promise<string> {
  const name = `rectify_app_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  });
  const url = new URL(postgresUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

describe.each(backends)('rectify started on %s', (backend) => {
  it('serves health, loads the demo once, keeps data across a restart and refuses a second server', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-app-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const config = readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      RECTIFY_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ...(backend === 'postgres' && { DATABASE_URL: await freshDatabaseUrl() }),
    });
    const clock = createFixedClock('2026-11-20T02:00:00.000Z');

    const first = await startApplication(config, clock);
    const health = (await (await fetch(`${first.url}/api/health`)).json()) as Record<string, unknown>;
    expect(health).toEqual({ ok: true, database: backend, version: expect.any(String) });
    const countProblems = async (application: typeof first) =>
      Number(
        (
          await application.database.db
            .selectFrom('problems')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const problemsAfterFirstStart = await countProblems(first);
    expect(problemsAfterFirstStart).toBeGreaterThan(50);
    const states = await first.database.db.selectFrom('problems').select('state').distinct().execute();
    expect(states.map((row) => row.state).sort()).toEqual([
      'closed',
      'draft',
      'in_progress',
      'pending_review',
    ]);
    const overdue = await first.database.db
      .selectFrom('problems')
      .innerJoin('deadlines', 'deadlines.id', 'problems.deadline_id')
      .select('problems.id')
      .where('problems.state', '<>', 'closed')
      .where('deadlines.due_on', '<', '2026-11-20')
      .execute();
    expect(overdue.length).toBeGreaterThan(0);
    const future = await first.database.db
      .selectFrom('deadlines')
      .select('id')
      .where('due_on', '>', '2026-11-20')
      .execute();
    expect(future.length).toBeGreaterThan(0);
    expect((await first.database.db.selectFrom('evidence').select('id').execute()).length).toBeGreaterThan(0);

    await expect(startApplication(config, clock)).rejects.toBeInstanceOf(DataDirLockedError);
    await first.stop();

    const second = await startApplication(config, clock);
    expect(await countProblems(second)).toBe(problemsAfterFirstStart);
    expect((await checkIntegrity(second.database)).isHealthy).toBe(true);
    const response = await fetch(`${second.url}/api/nowhere`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('未找到');
    await second.stop();
  });
});
