/**
 * Signing test accounts in through the real login route (`POST /api/auth/login`), so HTTP tests
 * hold the same session cookie a browser would. Accounts are made by the user service with the
 * cheap test scrypt cost (src/modules/users/user.test-support.ts).
 */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Clock } from '../../src/modules/common/clock.ts';
import type { Role } from '../../src/modules/users/actor.ts';
import { SESSION_COOKIE } from '../../src/modules/users/users.routes.ts';
import { buildUser, testPassword } from '../../src/modules/users/user.test-support.ts';
import type { Database } from '../../src/storage/database.ts';

export interface TestAccount {
  username: string;
  role: Role;
  /** Null (the default) for a system-wide admin. */
  officeId?: number | null;
  unitIds?: number[];
  /** Defaults to `测试<username>`. */
  displayName?: string;
}

/** Signs an existing account in; returns the `Cookie` header value of its session. */
export async function signIn(
  app: FastifyInstance,
  username: string,
  password = testPassword,
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  expect(response.statusCode, `login of ${username}: ${response.body}`).toBe(200);
  const session = response.cookies.find((cookie) => cookie.name === SESSION_COOKIE);
  expect(session, `login of ${username} set no session cookie`).toBeDefined();
  return `${SESSION_COOKIE}=${session!.value}`;
}

/** Creates the account (password `testPassword`) and signs it in; returns the `Cookie` header value. */
export async function signInAs(
  app: FastifyInstance,
  db: Database,
  clock: Clock,
  account: TestAccount,
): Promise<string> {
  await buildUser(db, clock, account);
  return signIn(app, account.username);
}

/** An account of `signInAll`: its username is `api-<key>` (in lower case) unless given. */
export type KeyedAccount = Omit<TestAccount, 'username'> & { username?: string };

/** Creates and signs in one account per key, in order; their cookies by key. */
export async function signInAll<Key extends string>(
  app: FastifyInstance,
  db: Database,
  clock: Clock,
  accounts: Record<Key, KeyedAccount>,
): Promise<Map<Key, string>> {
  const cookies = new Map<Key, string>();
  for (const [key, account] of Object.entries(accounts) as Array<[Key, KeyedAccount]>) {
    const username = account.username ?? `api-${key.toLowerCase()}`;
    cookies.set(key, await signInAs(app, db, clock, { ...account, username }));
  }
  return cookies;
}
