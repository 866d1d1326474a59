/**
 * Tamper detection: an event row edited directly in the database (with the append-only trigger
 * switched off, as an intruder with database access would) is named by `verifyAuditTrail` and by
 * `rectify audit verify` as the first broken link.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { createDemoDatabase } from '../../../test/support/demo-database.ts';
import { SQLITE_FILE_NAME } from '../../storage/database.ts';
import { verifyAuditTrail } from './audit.service.ts';

describe.each(backends)('audit verify on %s', (backend) => {
  it('passes an untouched log and names the edited event after tampering', async () => {
    const { database } = await createDemoDatabase(backend, {
      units: 2,
      problemsPerUnit: 4,
      measuresPerProblem: 2,
    });
    try {
      const intact = await verifyAuditTrail(database.db);
      expect(intact.isIntact).toBe(true);
      expect(intact.chains.reduce((sum, chain) => sum + chain.eventsChecked, 0)).toBeGreaterThan(10);

      const target = await database.db
        .selectFrom('events')
        .select(['id', 'entity_type', 'entity_id', 'action', 'at', 'office_id'])
        .where('action', '=', 'approve')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      if (backend === 'sqlite') await sql`drop trigger events_no_update`.execute(database.db);
      else await sql`alter table events disable trigger events_append_only`.execute(database.db);
      await sql`update events set data_json = ${'{"from":"pending_review","to":"closed","reason":"改过"}'} where id = ${target.id}`.execute(
        database.db,
      );

      const report = await verifyAuditTrail(database.db);
      expect(report.isIntact).toBe(false);
      const broken = report.chains.find((chain) => chain.brokenLink);
      expect(broken?.officeId).toBe(target.office_id);
      expect(broken?.brokenLink).toEqual({
        eventId: target.id,
        entityType: target.entity_type,
        entityId: target.entity_id,
        action: 'approve',
        at: target.at,
      });
      await expect(verifyAuditTrail(database.db, { officeName: '不存在的巡察办' })).rejects.toMatchObject({
        code: 'not_found',
      });
    } finally {
      await database.dispose();
    }
  });
});

describe('rectify audit verify (CLI)', () => {
  const bin = fileURLToPath(new URL('../../../bin/rectify.js', import.meta.url));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-audit-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const rectify = (...args: string[]) => {
    const environment: NodeJS.ProcessEnv = { ...process.env, RECTIFY_DATA_DIR: dataDir };
    delete environment.DATABASE_URL;
    return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: environment });
  };

  it('reports intact chains, then the tampered event with exit code 1', () => {
    const demo = rectify('demo', '--units', '2', '--problems', '4', '--measures', '2');
    expect(demo.status).toBe(0);
    const clean = rectify('audit', 'verify');
    expect(clean.stderr).toBe('');
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain('链完整');

    const file = new Database(path.join(dataDir, SQLITE_FILE_NAME));
    const target = file
      .prepare(
        "select id, entity_type, entity_id, action, at from events where action = 'apply_close' order by id limit 1",
      )
      .get() as { id: number; entity_type: string; entity_id: number; action: string; at: string };
    const office = file.prepare('select name from offices order by id limit 1').get() as { name: string };
    file.exec('drop trigger events_no_update');
    file.prepare("update events set at = '2020-01-01T00:00:00.000Z' where id = ?").run(target.id);
    file.close();

    const tampered = rectify('audit', 'verify');
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain(
      `链在事件 #${target.id} 处断开（${target.entity_type} ${target.entity_id}，apply_close，2020-01-01T00:00:00.000Z）`,
    );
    expect(rectify('audit', 'verify', '--office', office.name).status).toBe(1);
    const unknown = rectify('audit', 'verify', '--office', '不存在的巡察办');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('未找到巡察办');
    expect(rectify('audit').status).toBe(2);
  });
});
