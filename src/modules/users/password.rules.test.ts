/** Password hashing and policy, table-tested. */
import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, generatePassword, hashPassword, verifyPassword } from './password.rules.ts';
import { fastHashParameters } from './user.test-support.ts';

describe('password hashing', () => {
  it('stores the parameters and a per-user salt, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse battery', fastHashParameters);
    const second = await hashPassword('correct horse battery', fastHashParameters);
    expect(first).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse battery', first)).toBe(true);
    expect(await verifyPassword('correct horse batterY', first)).toBe(false);
    expect(await verifyPassword('', first)).toBe(false);
  });

  it('uses the default cost when none is given', async () => {
    expect(await hashPassword('correct horse battery')).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it.each([
    ['empty', ''],
    ['other scheme', 'bcrypt$2b$10$abc'],
    ['missing parts', 'scrypt$1024$8$1$salt'],
    [
      'cost not a power of two',
      'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ],
    ['short hash', 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
  ])('never matches a malformed stored hash (%s)', async (_name, stored) => {
    expect(await verifyPassword('anything at all', stored)).toBe(false);
  });

  it('generates passwords that pass the policy', () => {
    const password = generatePassword();
    expect(password).toHaveLength(16);
    expect(checkPasswordPolicy(password, 'someone')).toEqual([]);
  });
});

describe('password policy', () => {
  it.each([
    ['correct horse battery', 'zhangsan', []],
    ['整改一项销号一项扎实推进', 'zhangsan', []],
    ['short', 'zhangsan', ['too_short']],
    ['九个汉字不够长度啊', 'zhangsan', ['too_short']],
    ['1234567890', 'zhangsan', ['too_common']],
    ['Password123', 'zhangsan', ['too_common']],
    ['zhangsan.office', 'zhangsan.office', ['equals_username']],
    ['ZhangSan.Office', 'zhangsan.office', ['equals_username']],
    ['x'.repeat(257), 'zhangsan', ['too_long']],
  ])('%s for user %s → %j', (password, username, expected) => {
    expect(checkPasswordPolicy(password, username).map((violation) => violation.code)).toEqual(expected);
  });

  it('explains each refusal in Chinese', () => {
    expect(checkPasswordPolicy('short', 'zhangsan')[0]?.message).toBe('密码至少需要10个字符');
  });
});
