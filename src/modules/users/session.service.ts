/**
 * Signing in and out: login with throttling and without revealing which usernames exist,
 * sessions identified by a random token of which only the sha256 is stored, idle and absolute
 * expiry, and resolving a token to the Actor a request acts as.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database, Executor } from '../../storage/database.ts';
import { AppError } from '../common/app-error.ts';
import { type Clock, nowIso } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import type { Actor } from './actor.ts';
import {
  clearFailures,
  countFailuresSince,
  pruneFailuresBefore,
  recordFailure,
} from './login-throttle.repository.ts';
import {
  defaultLoginThrottlePolicy,
  failureWindowStart,
  isLoginLocked,
  type LoginThrottlePolicy,
} from './login-throttle.rules.ts';
import { hashPassword, verifyPassword } from './password.rules.ts';
import { listUserUnitIds } from './scope.repository.ts';
import { buildActor } from './scope.rules.ts';
import {
  deleteExpiredUserSessions,
  deleteSession,
  findSessionWithUser,
  insertSession,
  touchSession,
} from './session.repository.ts';
import { findUserByUsername, type UserWithPasswordHash } from './user.repository.ts';
import type { LdapConfig } from './ldap-config.ts';
import type { Directory, DirectoryUser } from './ldap-directory.ts';
import { DIRECTORY_PASSWORD_HASH, syncDirectoryUser } from './ldap-login.ts';
import { presentUser, type LoginInput, type UserView } from './user.schema.ts';

export interface SessionPolicy {
  /** A session unused this long (milliseconds) ends. */
  idleMs: number;
  /** A session ends this long (milliseconds) after login, however active. */
  absoluteMs: number;
  /**
   * Activity is written back at most this often (milliseconds): sliding the idle expiry on
   * every request would turn every read into a write.
   */
  touchIntervalMs: number;
}

export const defaultSessionPolicy: SessionPolicy = {
  idleMs: 8 * 60 * 60 * 1000,
  absoluteMs: 7 * 24 * 60 * 60 * 1000,
  touchIntervalMs: 60 * 1000,
};

/** Token length in bytes. */
const TOKEN_BYTES = 32;

/** What the user is told for an unknown username, a wrong password or a disabled account alike. */
export const INVALID_CREDENTIALS_MESSAGE = '用户名或密码错误';

/** The stored id of a session: the sha256 of its token, so a leaked table grants no access. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SessionServiceDependencies {
  db: Database;
  clock: Clock;
  sessionPolicy?: SessionPolicy;
  throttlePolicy?: LoginThrottlePolicy;
  /** The LDAP directory, when configured: accounts not local to rectify sign in against it. */
  directory?: { config: LdapConfig; client: Directory };
}

export interface LoginResult {
  /** The secret for the cookie; shown once, never stored. */
  token: string;
  sessionId: string;
  expiresAt: string;
  user: UserView;
}

export interface ResolvedSession {
  sessionId: string;
  actor: Actor;
}

export function createSessionService(dependencies: SessionServiceDependencies) {
  const { db, clock } = dependencies;
  const sessionPolicy = dependencies.sessionPolicy ?? defaultSessionPolicy;
  const throttlePolicy = dependencies.throttlePolicy ?? defaultLoginThrottlePolicy;
  // Verified against when the username is unknown, so both cases take the same time.
  let decoyHash: Promise<string> | undefined;

  function invalidCredentials(logMessage: string): AppError {
    return new AppError('unauthenticated', INVALID_CREDENTIALS_MESSAGE, logMessage);
  }

  async function recordLoginFailure(username: string, address: string): Promise<void> {
    const at = nowIso(clock);
    await db.transaction().execute(async (transaction) => {
      await recordFailure(transaction, 'username', username, at);
      await recordFailure(transaction, 'address', address, at);
      await pruneFailuresBefore(transaction, failureWindowStart(clock.now(), throttlePolicy));
    });
  }

  async function assertNotLocked(username: string, address: string): Promise<void> {
    const since = failureWindowStart(clock.now(), throttlePolicy);
    const failures = {
      username: await countFailuresSince(db, 'username', username, since),
      address: await countFailuresSince(db, 'address', address, since),
    };
    if (isLoginLocked(failures, throttlePolicy)) {
      const minutes = Math.round(throttlePolicy.windowMs / 60_000);
      throw new AppError(
        'rate_limited',
        `登录失败次数过多，请${minutes}分钟后再试，或联系管理员解锁`,
        `login locked for ${username} from ${address} (${failures.username}/${failures.address} failures)`,
      );
    }
  }

  async function checkLocalPassword(
    user: UserWithPasswordHash | undefined,
    username: string,
    password: string,
    address: string,
  ): Promise<UserWithPasswordHash> {
    decoyHash ??= hashPassword('decoy password never matches');
    const isPasswordCorrect = await verifyPassword(password, user?.password_hash ?? (await decoyHash));
    if (!user || !isPasswordCorrect || user.is_active !== 1) {
      await recordLoginFailure(username, address);
      throw invalidCredentials(
        !user
          ? `login: unknown user ${username}`
          : !isPasswordCorrect
            ? `login: wrong password for ${username}`
            : `login: inactive user ${username}`,
      );
    }
    return user;
  }

  /** Checks the password with the directory and brings the local account up to date from it. */
  async function signInWithDirectory(
    directory: NonNullable<SessionServiceDependencies['directory']>,
    username: string,
    password: string,
    address: string,
  ): Promise<UserWithPasswordHash> {
    let directoryUser: DirectoryUser | null;
    try {
      directoryUser = await directory.client.authenticate(username, password);
    } catch (error) {
      throw new AppError(
        'internal',
        '统一身份认证（目录服务）暂不可用，请稍后再试或联系管理员',
        `login: directory unavailable for ${username}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!directoryUser) {
      await recordLoginFailure(username, address);
      throw invalidCredentials(`login: directory refused ${username} (unknown user or wrong password)`);
    }
    const result = await syncDirectoryUser(db, clock, directory.config, username, directoryUser);
    if (result.kind === 'refused') {
      await recordLoginFailure(username, address);
      throw invalidCredentials(`login: ${result.reason}`);
    }
    return result.user;
  }

  async function endSession(executor: Executor, sessionId: string): Promise<void> {
    await deleteSession(executor, sessionId);
  }

  return {
    /** Signs a user in; the same error for an unknown user, a wrong password and a disabled account. */
    async login(input: LoginInput, address: string): Promise<LoginResult> {
      const username = input.username.trim().toLowerCase();
      await assertNotLocked(username, address);
      const local = await findUserByUsername(db, username);
      const user =
        dependencies.directory && (!local || local.password_hash === DIRECTORY_PASSWORD_HASH)
          ? await signInWithDirectory(dependencies.directory, username, input.password, address)
          : await checkLocalPassword(local, username, input.password, address);
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      const sessionId = sessionIdOf(token);
      const now = clock.now();
      const createdAt = now.toISOString();
      const expiresAt = new Date(now.getTime() + sessionPolicy.absoluteMs).toISOString();
      const idleCutoff = new Date(now.getTime() - sessionPolicy.idleMs).toISOString();
      await db.transaction().execute(async (transaction) => {
        await clearFailures(transaction, 'username', username);
        await deleteExpiredUserSessions(transaction, user.id, createdAt, idleCutoff);
        await insertSession(transaction, {
          id: sessionId,
          userId: user.id,
          officeId: user.office_id,
          createdAt,
          expiresAt,
        });
        await appendEvent(transaction, {
          officeId: user.office_id,
          at: createdAt,
          actorUserId: user.id,
          entityType: 'user',
          entityId: user.id,
          action: 'login',
          data: { address },
        });
      });
      return { token, sessionId, expiresAt, user: presentUser(user, await listUserUnitIds(db, user.id)) };
    },

    /** Ends the session of a token; a token that matches nothing is already signed out. */
    async logout(token: string): Promise<void> {
      const sessionId = sessionIdOf(token);
      const session = await findSessionWithUser(db, sessionId);
      if (!session) return;
      await db.transaction().execute(async (transaction) => {
        await endSession(transaction, sessionId);
        await appendEvent(transaction, {
          officeId: session.office_id,
          at: nowIso(clock),
          actorUserId: session.id,
          entityType: 'user',
          entityId: session.id,
          action: 'logout',
          data: {},
        });
      });
    },

    /**
     * The actor of a token, or null when it matches no live session (unknown, expired, or the
     * user was deactivated). Slides the idle expiry.
     */
    async resolveSession(token: string): Promise<ResolvedSession | null> {
      const sessionId = sessionIdOf(token);
      const session = await findSessionWithUser(db, sessionId);
      if (!session) return null;
      const now = clock.now();
      const idleFor = now.getTime() - Date.parse(session.last_seen_at);
      const isExpired = now.getTime() >= Date.parse(session.expires_at) || idleFor >= sessionPolicy.idleMs;
      if (isExpired || session.is_active !== 1) {
        await endSession(db, sessionId);
        return null;
      }
      if (idleFor >= sessionPolicy.touchIntervalMs) await touchSession(db, sessionId, now.toISOString());
      return { sessionId, actor: buildActor(session, await listUserUnitIds(db, session.id)) };
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
