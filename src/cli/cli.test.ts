/** The CLI as users run it: the real `bin/rectify.js` in a child process against a temp data folder. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusDir, isCorpusAvailable } from '../../test/support/corpus.ts';

const bin = fileURLToPath(new URL('../../bin/rectify.js', import.meta.url));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-cli-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function rectify(...args: string[]) {
  const environment: NodeJS.ProcessEnv = { ...process.env, RECTIFY_DATA_DIR: dataDir };
  delete environment.DATABASE_URL;
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: environment });
}

describe('rectify CLI', () => {
  it('prints help listing the commands', () => {
    const result = rectify('--help');
    expect(result.status).toBe(0);
    for (const command of ['parse', 'import', 'demo', 'migrate', 'check'])
      expect(result.stdout).toContain(command);
    expect(rectify('nonsense').status).toBe(2);
  });

  it('loads a deterministic demo and passes its integrity check', () => {
    const demo = rectify(
      'demo',
      '--units',
      '3',
      '--problems',
      '5',
      '--measures',
      '2',
      '--seed',
      '7',
      '--today',
      '2026-06-01',
    );
    expect(demo.stderr).toBe('');
    expect(demo.stdout).toContain('已载入 3 个巡察、15 个问题、30 条措施');
    const check = rectify('check');
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('数据库完整');
    expect(rectify('demo', '--units', 'many').status).toBe(1);
  });

  it.runIf(isCorpusAvailable())('imports a gold parse once, and refuses the second import', () => {
    const file = path.join(corpusDir, '000_e1405dece076b20d.gold.json');
    const args = ['import', file, '--round', '2021年第一轮巡察', '--office', '双牌县委巡察办'];
    const first = rectify(...args);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/已导入 .*个问题/);
    const second = rectify(...args);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('已经导入过');
  });
});
