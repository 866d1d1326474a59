/**
 * Accounts: creating and changing users (by an admin, or by the CLI acting as the system),
 * changing one's own password, and lifting a login lockout. Every change is recorded in the
 * event log; a password change or deactivation ends the sessions it should.
 */
import type { Database, DatabaseTransaction } from '../../storage/database.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { type Clock, nowIso } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import type { Actor } from './actor.ts';
import { clearFailures, countUsernameFailuresSince } from './login-throttle.repository.ts';
import {
  defaultLoginThrottlePolicy,
  failureWindowStart,
  isLoginLocked,
  type LoginThrottlePolicy,
} from './login-throttle.rules.ts';
import { listOfficesWithUnits, type OfficeDirectoryEntry } from './office-directory.repository.ts';
import {
  checkPasswordPolicy,
  hashPassword,
  verifyPassword,
  type ScryptParameters,
} from './password.rules.ts';
import {
  findUnitIdsInOffice,
  listUnitIdsByUser,
  listUserUnitIds,
  replaceUserUnits,
} from './scope.repository.ts';
import { assertRole, checkScopeAssignment } from './scope.rules.ts';
import { countLiveSessionsByUser, deleteUserSessions } from './session.repository.ts';
import { defaultSessionPolicy, type SessionPolicy } from './session.service.ts';
import {
  findUserById,
  findUserByUsername,
  insertUser,
  listUsers,
  updateUser,
  type UserChanges,
  type UserWithPasswordHash,
} from './user.repository.ts';
import {
  presentUser,
  type ChangePasswordInput,
  type CreateUserInput,
  type ListedUserView,
  type UpdateUserInput,
  type UserView,
} from './user.schema.ts';

export interface UserServiceDependencies {
  db: Database;
  clock: Clock;
  /** Lower only in tests, where the default cost would make every fixture slow. */
  hashParameters?: ScryptParameters;
  /** The policies the login uses, so the list shows lockouts and live sessions as the login sees them. */
  throttlePolicy?: LoginThrottlePolicy;
  sessionPolicy?: SessionPolicy;
}

/** Who changes accounts: an admin, or the operator at the CLI (the system itself). */
export type AccountManager = Actor | 'system';

function invalidInput(where: string, message: string): AppError {
  return new AppError('invalid_input', message, `invalid ${where}: ${message}`, { where });
}

function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${(error as { code?: string }).code ?? ''}` : '';
  return /UNIQUE constraint|duplicate key|23505/.test(text);
}

export function createUserService(dependencies: UserServiceDependencies) {
  const { db, clock, hashParameters } = dependencies;
  const throttlePolicy = dependencies.throttlePolicy ?? defaultLoginThrottlePolicy;
  const sessionPolicy = dependencies.sessionPolicy ?? defaultSessionPolicy;

  function assertManager(manager: AccountManager): void {
    if (manager !== 'system') assertRole(manager, 'admin');
  }

  /** An admin bound to an office manages only that office's users; others look absent. */
  function canManage(manager: AccountManager, user: { office_id: number | null }): boolean {
    return manager === 'system' || manager.officeId === null || manager.officeId === user.office_id;
  }

  function assertPasswordAcceptable(password: string, username: string, where: string): void {
    const violation = checkPasswordPolicy(password, username)[0];
    if (violation) throw invalidInput(where, violation.message);
  }

  async function assertScope(
    transaction: DatabaseTransaction,
    manager: AccountManager,
    role: UserView['role'],
    officeId: number | null,
    unitIds: readonly number[],
  ): Promise<void> {
    const problem = checkScopeAssignment(role, officeId, unitIds);
    if (problem) throw invalidInput(problem.field, problem.message);
    if (manager !== 'system' && manager.officeId !== null && officeId !== manager.officeId) {
      throw invalidInput('officeId', '只能管理本巡察办的账号');
    }
    if (officeId === null) return;
    const office = await transaction
      .selectFrom('offices')
      .select('id')
      .where('id', '=', officeId)
      .executeTakeFirst();
    if (!office) throw invalidInput('officeId', `巡察办（${officeId}）不存在`);
    const known = await findUnitIdsInOffice(transaction, officeId, unitIds);
    const unknownIndex = unitIds.findIndex((unitId) => !known.has(unitId));
    if (unknownIndex >= 0) {
      throw invalidInput(`unitIds[${unknownIndex}]`, `被巡察单位（${unitIds[unknownIndex]}）不属于该巡察办`);
    }
  }

  async function getManagedUser(manager: AccountManager, userId: number): Promise<UserWithPasswordHash> {
    const user = await findUserById(db, userId);
    if (!user || !canManage(manager, user)) throw notFound('用户', 'user', userId);
    return user;
  }

  async function unlock(manager: AccountManager, user: UserWithPasswordHash): Promise<number> {
    return db.transaction().execute(async (transaction) => {
      const cleared = await clearFailures(transaction, 'username', user.username);
      await appendEvent(transaction, {
        officeId: user.office_id,
        at: nowIso(clock),
        actorUserId: manager === 'system' ? null : manager.userId,
        entityType: 'user',
        entityId: user.id,
        action: 'unlock',
        data: { clearedFailures: cleared },
      });
      return cleared;
    });
  }

  return {
    /** Creates an account with its role, office and unit scope. */
    async createUser(manager: AccountManager, input: CreateUserInput): Promise<UserView> {
      assertManager(manager);
      assertPasswordAcceptable(input.password, input.username, 'password');
      const passwordHash = await hashPassword(input.password, hashParameters);
      const createdAt = nowIso(clock);
      try {
        return await db.transaction().execute(async (transaction) => {
          await assertScope(transaction, manager, input.role, input.officeId, input.unitIds);
          const user = await insertUser(transaction, {
            username: input.username,
            displayName: input.displayName,
            role: input.role,
            officeId: input.officeId,
            passwordHash,
            createdAt,
          });
          await replaceUserUnits(transaction, input.officeId, user.id, input.unitIds);
          await appendEvent(transaction, {
            officeId: input.officeId,
            at: createdAt,
            actorUserId: manager === 'system' ? null : manager.userId,
            entityType: 'user',
            entityId: user.id,
            action: 'create',
            data: {
              username: user.username,
              role: user.role,
              officeId: user.office_id,
              unitIds: input.unitIds,
            },
          });
          return presentUser(
            user,
            [...input.unitIds].sort((a, b) => a - b),
          );
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw invalidInput('username', `用户名“${input.username}”已被使用`);
        throw error;
      }
    },

    /** Changes role, office, units, name, activation or password; the version guards lost updates. */
    async updateUser(manager: AccountManager, userId: number, input: UpdateUserInput): Promise<UserView> {
      assertManager(manager);
      const current = await getManagedUser(manager, userId);
      const isSelf = manager !== 'system' && manager.userId === userId;
      if (isSelf && (input.isActive === false || (input.role !== undefined && input.role !== current.role))) {
        throw new AppError(
          'forbidden',
          '不能停用自己的账号或更改自己的角色',
          'admin tried to lock themselves out',
        );
      }
      if (input.password !== undefined)
        assertPasswordAcceptable(input.password, current.username, 'password');
      const changes: UserChanges = {
        displayName: input.displayName,
        role: input.role,
        officeId: input.officeId,
        isActive: input.isActive === undefined ? undefined : input.isActive ? 1 : 0,
        passwordHash:
          input.password === undefined ? undefined : await hashPassword(input.password, hashParameters),
      };
      const at = nowIso(clock);
      return db.transaction().execute(async (transaction) => {
        const role = input.role ?? current.role;
        const officeId = input.officeId === undefined ? current.office_id : input.officeId;
        const isScopeChanged =
          input.role !== undefined || input.officeId !== undefined || input.unitIds !== undefined;
        const unitIds = input.unitIds ?? (isScopeChanged ? await listUserUnitIds(transaction, userId) : []);
        if (isScopeChanged) await assertScope(transaction, manager, role, officeId, unitIds);
        const updated = await updateUser(transaction, userId, input.version, changes);
        if (!updated) {
          throw new AppError(
            'conflict',
            '该账号已被他人修改，请刷新后重试',
            `user ${userId} version ${input.version} is stale`,
          );
        }
        if (isScopeChanged) await replaceUserUnits(transaction, officeId, userId, unitIds);
        // A deactivated account or a reset password must not keep working through old sessions.
        const revokedSessions =
          input.isActive === false || input.password !== undefined || input.officeId !== undefined
            ? await deleteUserSessions(transaction, userId)
            : 0;
        await appendEvent(transaction, {
          officeId: updated.office_id,
          at,
          actorUserId: manager === 'system' ? null : manager.userId,
          entityType: 'user',
          entityId: userId,
          action: 'update',
          data: {
            before: { role: current.role, officeId: current.office_id, isActive: current.is_active === 1 },
            changes: { ...input, password: input.password === undefined ? undefined : '(reset)' },
            revokedSessions,
          },
        });
        return presentUser(updated, await listUserUnitIds(transaction, userId));
      });
    },

    /** The accounts a manager may see, each with its lockout and its number of live sessions. */
    async listUsers(manager: AccountManager): Promise<ListedUserView[]> {
      assertManager(manager);
      const officeId = manager === 'system' ? null : manager.officeId;
      const users = await listUsers(db, officeId);
      const unitIds = await listUnitIdsByUser(
        db,
        users.map((user) => user.id),
      );
      const now = clock.now();
      const failures = await countUsernameFailuresSince(db, failureWindowStart(now, throttlePolicy));
      const sessions = await countLiveSessionsByUser(
        db,
        officeId,
        now.toISOString(),
        new Date(now.getTime() - sessionPolicy.idleMs).toISOString(),
      );
      return users.map((user) => ({
        ...presentUser(user, unitIds.get(user.id) ?? []),
        // The per-address limit is not the account's: an admin cannot lift it by unlocking.
        isLocked: isLoginLocked({ username: failures.get(user.username) ?? 0, address: 0 }, throttlePolicy),
        activeSessions: sessions.get(user.id) ?? 0,
      }));
    },

    /** The offices (and their units) a manager may assign accounts to: only their own when bound to one. */
    async listOffices(manager: AccountManager): Promise<OfficeDirectoryEntry[]> {
      assertManager(manager);
      return listOfficesWithUnits(db, manager === 'system' ? null : manager.officeId);
    },

    /** The signed-in user's own account. */
    async getOwnAccount(actor: Actor): Promise<UserView> {
      const user = await findUserById(db, actor.userId);
      if (!user) throw new AppError('unauthenticated', '请先登录', `user ${actor.userId} no longer exists`);
      return presentUser(user, await listUserUnitIds(db, user.id));
    },

    /** Changes one's own password and ends every other session of the account. */
    async changePassword(actor: Actor, currentSessionId: string, input: ChangePasswordInput): Promise<void> {
      const user = await findUserById(db, actor.userId);
      if (!user) throw new AppError('unauthenticated', '请先登录', `user ${actor.userId} no longer exists`);
      if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
        throw invalidInput('currentPassword', '当前密码不正确');
      }
      if (input.newPassword === input.currentPassword)
        throw invalidInput('newPassword', '新密码不能与当前密码相同');
      assertPasswordAcceptable(input.newPassword, user.username, 'newPassword');
      const passwordHash = await hashPassword(input.newPassword, hashParameters);
      await db.transaction().execute(async (transaction) => {
        const updated = await updateUser(transaction, user.id, user.version, { passwordHash });
        if (!updated)
          throw new AppError('conflict', '账号刚被修改，请重试', `user ${user.id} changed meanwhile`);
        const revokedSessions = await deleteUserSessions(transaction, user.id, currentSessionId);
        await appendEvent(transaction, {
          officeId: user.office_id,
          at: nowIso(clock),
          actorUserId: user.id,
          entityType: 'user',
          entityId: user.id,
          action: 'change_password',
          data: { revokedSessions },
        });
      });
    },

    /** Ends every session of an account (admin: a lost laptop, a suspected compromise); returns how many. */
    async revokeSessions(manager: AccountManager, userId: number): Promise<number> {
      assertManager(manager);
      const user = await getManagedUser(manager, userId);
      return db.transaction().execute(async (transaction) => {
        const revokedSessions = await deleteUserSessions(transaction, user.id);
        await appendEvent(transaction, {
          officeId: user.office_id,
          at: nowIso(clock),
          actorUserId: manager === 'system' ? null : manager.userId,
          entityType: 'user',
          entityId: user.id,
          action: 'revoke_sessions',
          data: { revokedSessions },
        });
        return revokedSessions;
      });
    },

    /** Lifts the login lockout of an account by id (the admin page); see unlockUser. */
    async unlockUserById(manager: AccountManager, userId: number): Promise<number> {
      assertManager(manager);
      return unlock(manager, await getManagedUser(manager, userId));
    },

    /** Lifts a login lockout of a username; returns how many recorded failures were forgotten. */
    async unlockUser(manager: AccountManager, username: string): Promise<number> {
      assertManager(manager);
      const normalised = username.trim().toLowerCase();
      const user = await findUserByUsername(db, normalised);
      if (!user || !canManage(manager, user)) throw notFound('用户', 'user', normalised);
      return unlock(manager, user);
    },

    findUserByUsername: (username: string) => findUserByUsername(db, username.trim().toLowerCase()),
  };
}

export type UserService = ReturnType<typeof createUserService>;
