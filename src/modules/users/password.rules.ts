/**
 * Passwords: scrypt hashing with a per-user salt, the parameters kept in the stored string so
 * they can be raised later without invalidating old hashes, a constant-time verify, and the
 * password policy with its Chinese messages.
 */
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { commonPasswords } from './common-passwords.ts';

export interface ScryptParameters {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** About 50–100 ms and 32 MiB per hash on a server core: slow for guessing, fine for logins. */
export const defaultScryptParameters: ScryptParameters = { N: 2 ** 15, r: 8, p: 1 };

/** Salt length in bytes. */
const SALT_BYTES = 16;
/** Derived key length in bytes. */
const KEY_BYTES = 32;
/** Longest password accepted, in characters; bounds the work one login request can cause. */
export const MAX_PASSWORD_LENGTH = 256;
/** Shortest password accepted, in characters. */
export const MIN_PASSWORD_LENGTH = 10;

function deriveKey(password: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; allow twice that so the default 32 MiB ceiling never refuses.
  const maxmem = 256 * parameters.N * parameters.r;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { ...parameters, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a password into `scrypt$N$r$p$salt$hash` (salt and hash in base64url). */
export async function hashPassword(
  password: string,
  parameters: ScryptParameters = defaultScryptParameters,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, parameters);
  return [
    'scrypt',
    parameters.N,
    parameters.r,
    parameters.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** Checks a password against a stored hash in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (!N || !r || !p || !Number.isInteger(Math.log2(N))) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length !== KEY_BYTES || password.length > MAX_PASSWORD_LENGTH) return false;
  const actual = await deriveKey(password, salt, { N, r, p });
  return timingSafeEqual(actual, expected);
}

const commonPasswordSet = new Set(commonPasswords.map((password) => password.toLowerCase()));

export interface PasswordPolicyViolation {
  code: 'too_short' | 'too_long' | 'too_common' | 'equals_username';
  /** Shown to the user. */
  message: string;
}

/** The reasons a new password is refused; an empty list means it is acceptable. */
export function checkPasswordPolicy(password: string, username: string): PasswordPolicyViolation[] {
  const violations: PasswordPolicyViolation[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    violations.push({ code: 'too_short', message: `密码至少需要${MIN_PASSWORD_LENGTH}个字符` });
  if (length > MAX_PASSWORD_LENGTH)
    violations.push({ code: 'too_long', message: `密码不能超过${MAX_PASSWORD_LENGTH}个字符` });
  const lowered = password.trim().toLowerCase();
  if (commonPasswordSet.has(lowered))
    violations.push({ code: 'too_common', message: '密码过于常见，容易被猜中，请换一个' });
  if (lowered === username.trim().toLowerCase())
    violations.push({ code: 'equals_username', message: '密码不能与用户名相同' });
  return violations;
}

/** A random password for a user created without one: 16 characters, about 95 bits. */
export function generatePassword(): string {
  // No look-alike characters (0/O, 1/l/I), since the password is read off a terminal once.
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]).join('');
}
