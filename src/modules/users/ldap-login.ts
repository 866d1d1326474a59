/**
 * Signing in with the directory: the groups a directory user belongs to decide the role, office
 * and units (RECTIFY_LDAP_GROUP_ROLE_MAP); the account (with its name and department from the
 * directory's attributes) is created on the first login and brought up to date on every later
 * one, so a group or department change takes effect at the next login. Directory
 * accounts carry no local password: their stored hash is a marker that never verifies.
 */
import type { Database } from '../../storage/database.ts';
import { type Clock, nowIso } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import type { LdapConfig, LdapGroupGrant } from './ldap-config.ts';
import type { DirectoryUser } from './ldap-directory.ts';
import { replaceUserUnits } from './scope.repository.ts';
import { checkScopeAssignment } from './scope.rules.ts';
import { deleteUserSessions } from './session.repository.ts';
import {
  findUserById,
  findUserByUsername,
  insertUser,
  updateUser,
  type UserWithPasswordHash,
} from './user.repository.ts';

/** The users.department column's limit (migration 0016); longer directory values are cut. */
const MAX_DEPARTMENT_LENGTH = 100;

/** The stored "hash" of a directory account: not a scrypt hash, so no local password matches it. */
export const DIRECTORY_PASSWORD_HASH = 'ldap';

/** What the user's groups grant: a `disabled` group wins; otherwise the first mapped group. */
export function grantOf(config: LdapConfig, groups: readonly string[]): LdapGroupGrant | null {
  const memberships = new Set(groups);
  let grant: LdapGroupGrant | null = null;
  for (const [dn, candidate] of config.groupRoleMap) {
    if (!memberships.has(dn)) continue;
    if (candidate.role === 'disabled') return candidate;
    grant ??= candidate;
  }
  return grant;
}

export type DirectorySyncResult =
  { kind: 'signed_in'; user: UserWithPasswordHash } | { kind: 'refused'; reason: string };

/** Creates or updates the local account of a directory user who just proved their password. */
export async function syncDirectoryUser(
  db: Database,
  clock: Clock,
  config: LdapConfig,
  username: string,
  directoryUser: DirectoryUser,
): Promise<DirectorySyncResult> {
  const grant = grantOf(config, directoryUser.groups);
  const existing = await findUserByUsername(db, username);
  if (existing && existing.password_hash !== DIRECTORY_PASSWORD_HASH) {
    return { kind: 'refused', reason: `${username} is a local account; the directory may not take it over` };
  }
  if (!grant || grant.role === 'disabled') {
    if (existing) await deleteUserSessions(db, existing.id);
    return {
      kind: 'refused',
      reason: grant
        ? `directory user ${username} is in a disabled group`
        : `directory user ${username} has no mapped group`,
    };
  }
  const role = grant.role;
  const at = nowIso(clock);
  return db.transaction().execute(async (transaction): Promise<DirectorySyncResult> => {
    let officeId: number | null = null;
    if (grant.office) {
      const office = await transaction
        .selectFrom('offices')
        .select('id')
        .where('name', '=', grant.office)
        .executeTakeFirst();
      if (!office)
        return { kind: 'refused', reason: `office "${grant.office}" of the group map does not exist` };
      officeId = office.id;
    }
    const unitNames = grant.units ?? [];
    const units =
      unitNames.length === 0 || officeId === null
        ? []
        : await transaction
            .selectFrom('units')
            .select(['id', 'name'])
            .where('office_id', '=', officeId)
            .where('name', 'in', unitNames)
            .execute();
    if (units.length !== unitNames.length) {
      return {
        kind: 'refused',
        reason: `units ${unitNames.join(', ')} of the group map are not all in the office`,
      };
    }
    const unitIds = units.map((unit) => unit.id).sort((a, b) => a - b);
    const problem = checkScopeAssignment(role, officeId, unitIds);
    if (problem)
      return { kind: 'refused', reason: `group map gives ${username} an invalid scope: ${problem.message}` };
    const displayName = (directoryUser.displayName ?? username).slice(0, 50);
    const department = directoryUser.department?.slice(0, MAX_DEPARTMENT_LENGTH) ?? null;
    let userId: number;
    if (!existing) {
      const created = await insertUser(transaction, {
        username,
        displayName,
        role,
        officeId,
        passwordHash: DIRECTORY_PASSWORD_HASH,
        createdAt: at,
        department,
      });
      userId = created.id;
    } else {
      const isScopeChanged = existing.role !== role || existing.office_id !== officeId;
      const updated = await updateUser(transaction, existing.id, existing.version, {
        displayName,
        role,
        officeId,
        isActive: 1,
        department,
      });
      if (!updated) return { kind: 'refused', reason: `account ${username} changed during the login` };
      if (isScopeChanged) await deleteUserSessions(transaction, existing.id);
      userId = existing.id;
    }
    await replaceUserUnits(transaction, officeId, userId, unitIds);
    await appendEvent(transaction, {
      officeId,
      at,
      actorUserId: userId,
      entityType: 'user',
      entityId: userId,
      action: existing ? 'directory_update' : 'directory_create',
      data: {
        dn: directoryUser.dn,
        department,
        ...(existing && existing.department !== department && { departmentBefore: existing.department }),
        role,
        officeId,
        unitIds,
      },
    });
    const user = await findUserById(transaction, userId);
    return user ? { kind: 'signed_in', user } : { kind: 'refused', reason: `account ${username} vanished` };
  });
}
