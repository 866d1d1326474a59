/** `rectify user` through the real bin against a temp data folder: add, list, refuse bad input, unlock. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/rectify.js', import.meta.url));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-cli-user-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function rectify(args: string[], extraEnvironment: Record<string, string> = {}) {
  const environment: NodeJS.ProcessEnv = { ...process.env, RECTIFY_DATA_DIR: dataDir, ...extraEnvironment };
  delete environment.DATABASE_URL;
  if (!('RECTIFY_NEW_PASSWORD' in extraEnvironment)) delete environment.RECTIFY_NEW_PASSWORD;
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: environment });
}

describe('rectify user', () => {
  it('adds users with given, environment and generated passwords, lists them, and refuses bad input', () => {
    const admin = rectify([
      'user',
      'add',
      '--username',
      'First.Admin',
      '--name',
      '管理员',
      '--role',
      'admin',
      '--password',
      'a long admin secret',
    ]);
    expect(admin.stderr).toBe('');
    expect(admin.status).toBe(0);
    expect(admin.stdout).toContain('已创建账号 created: first.admin（管理员，系统管理员）');
    expect(admin.stdout).not.toContain('初始密码');

    const fromEnvironment = rectify(
      ['user', 'add', '--username', 'second.admin', '--name', '管理员二', '--role', 'admin'],
      {
        RECTIFY_NEW_PASSWORD: 'another admin secret',
      },
    );
    expect(fromEnvironment.status).toBe(0);
    expect(fromEnvironment.stdout).not.toContain('初始密码');

    const generated = rectify([
      'user',
      'add',
      '--username',
      'third.admin',
      '--name',
      '管理员三',
      '--role',
      'admin',
    ]);
    expect(generated.status).toBe(0);
    expect(generated.stdout).toMatch(/初始密码 initial password \(shown once\): [A-Za-z2-9]{16}\n/);

    const list = rectify(['user', 'list']);
    expect(list.status).toBe(0);
    expect(
      list.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('\t')[0]),
    ).toEqual(['first.admin', 'second.admin', 'third.admin']);

    const duplicate = rectify([
      'user',
      'add',
      '--username',
      'first.admin',
      '--name',
      '重复',
      '--role',
      'admin',
      '--password',
      'a long admin secret',
    ]);
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toContain('已被使用');
    const weak = rectify([
      'user',
      'add',
      '--username',
      'weak.admin',
      '--name',
      '弱',
      '--role',
      'admin',
      '--password',
      'short',
    ]);
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('密码至少需要10个字符');
    const noOffice = rectify([
      'user',
      'add',
      '--username',
      'office.user',
      '--name',
      '办',
      '--role',
      'office',
      '--password',
      'a long admin secret',
    ]);
    expect(noOffice.status).toBe(1);
    expect(noOffice.stderr).toContain('--office');
    const badRole = rectify(['user', 'add', '--username', 'x.user', '--name', '某', '--role', 'boss']);
    expect(badRole.status).toBe(1);
    expect(badRole.stderr).toContain('--role');
  });

  it('unlocks a user, and answers an unknown one with not found', () => {
    rectify([
      'user',
      'add',
      '--username',
      'locked.admin',
      '--name',
      '锁',
      '--role',
      'admin',
      '--password',
      'a long admin secret',
    ]);
    const unlock = rectify(['user', 'unlock', 'locked.admin']);
    expect(unlock.status).toBe(0);
    expect(unlock.stdout).toContain('已解除锁定 unlocked: locked.admin');
    const unknown = rectify(['user', 'unlock', 'nobody']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('未找到用户');
    expect(rectify(['user', 'nonsense']).status).toBe(2);
  });
});
