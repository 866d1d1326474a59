import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.ts';

describe('data folder lock', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-lock-'));
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('refuses a second holder in another process, and frees the folder on release', () => {
    const lock = lockDataDir(folder);
    const script = `import { lockDataDir } from ${JSON.stringify(new URL('./data-dir-lock.ts', import.meta.url).href)};
      try { lockDataDir(${JSON.stringify(folder)}); console.log('acquired'); } catch (e) { console.log(e.name); }`;
    const run = () =>
      spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        encoding: 'utf8',
      }).stdout.trim();
    expect(run()).toBe('DataDirLockedError');
    lock.release();
    expect(run()).toBe('acquired');
  });

  it('refuses a second holder in the same process', () => {
    const lock = lockDataDir(folder);
    expect(() => lockDataDir(folder)).toThrow(DataDirLockedError);
    lock.release();
  });
});
