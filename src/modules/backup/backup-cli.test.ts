/** Backup and restore as users run them: the real `bin/rectify.js` in child processes on temp data folders. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../bin/rectify.js', import.meta.url));
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-backup-cli-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function rectify(dataDir: string, ...args: string[]) {
  const environment: NodeJS.ProcessEnv = { ...process.env, RECTIFY_DATA_DIR: dataDir };
  delete environment.DATABASE_URL;
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: environment });
}

describe('rectify backup / restore', () => {
  it('round-trips a demo through an archive into another data folder', () => {
    const source = path.join(root, 'source');
    const target = path.join(root, 'target');
    const archive = path.join(root, 'backups', 'rectify.tar.gz');
    const demo = rectify(source, 'demo', '--units', '2', '--problems', '4', '--measures', '2');
    expect(demo.status, demo.stderr).toBe(0);

    const backup = rectify(source, 'backup', archive);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('已备份');
    expect(backup.stderr).toContain('events');
    expect(fs.existsSync(archive)).toBe(true);
    expect(fs.readdirSync(path.dirname(archive))).toEqual(['rectify.tar.gz']);

    const restore = rectify(target, 'restore', archive);
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('已恢复');
    expect(restore.stdout).toContain('数据库完整');
    const check = rectify(target, 'check');
    expect(check.status).toBe(0);
    expect(check.stdout).toBe(rectify(source, 'check').stdout);

    const again = rectify(target, 'restore', archive);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/只能恢复到空的数据目录.*not empty/);
    expect(rectify(target, 'restore').status).toBe(2);
    expect(rectify(path.join(root, 'other'), 'restore', path.join(root, 'missing.tar.gz')).stderr).toContain(
      'not found',
    );
  });
});
