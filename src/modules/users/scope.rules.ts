/**
 * Who may see what, as pure rules: the inspection office and the discipline observer see every
 * unit of their office; unit office, department owner and leader see only the units assigned to
 * them; the system admin manages accounts and sees no ledger at all. Out-of-scope records must
 * look absent (404), so these rules answer "visible or not", never "forbidden".
 */
import { AppError } from '../common/app-error.ts';
import type { Actor, Role } from './actor.ts';

/** Roles that see every unit of their office. */
export const officeWideRoles: readonly Role[] = ['office', 'observer'];
/** Roles that see only the units in their scope. */
export const unitScopedRoles: readonly Role[] = ['unit_office', 'department', 'leader'];
export const allRoles: readonly Role[] = [
  'admin',
  'office',
  'unit_office',
  'department',
  'leader',
  'observer',
];

/** Chinese names of the roles, for messages and listings. */
export const roleNames: Record<Role, string> = {
  admin: '系统管理员',
  office: '巡察办',
  unit_office: '整改办',
  department: '责任部门',
  leader: '责任领导',
  observer: '纪检监察',
};

/** Whether the actor may see ledger data at all (everyone but the system admin). */
export function hasLedgerAccess(actor: Actor): boolean {
  return actor.role !== 'admin' && actor.officeId !== null;
}

/** The unit scope a user of this role gets, given the units assigned to them. */
export function resolveUnitScope(role: Role, assignedUnitIds: readonly number[]): readonly number[] | 'all' {
  if (role === 'admin') return [];
  if (officeWideRoles.includes(role)) return 'all';
  return [...assignedUnitIds].sort((a, b) => a - b);
}

/** Whether the actor may see a unit of an office (and so anything that belongs to it). */
export function canSeeUnit(actor: Actor, officeId: number, unitId: number): boolean {
  if (!hasLedgerAccess(actor) || actor.officeId !== officeId) return false;
  return actor.unitIds === 'all' || actor.unitIds.includes(unitId);
}

/** Whether the actor may see office-level records that belong to no single unit (rounds, groups). */
export function canSeeOffice(actor: Actor, officeId: number): boolean {
  return hasLedgerAccess(actor) && actor.officeId === officeId;
}

export interface ScopeAssignmentProblem {
  field: 'officeId' | 'unitIds';
  message: string;
}

/**
 * Checks that a role, office and unit list fit together: an admin may stand outside any
 * office and has no units; office-wide roles need an office and take no unit list (they see
 * all); unit-scoped roles need an office and at least one unit.
 */
export function checkScopeAssignment(
  role: Role,
  officeId: number | null,
  unitIds: readonly number[],
): ScopeAssignmentProblem | null {
  if (role === 'admin') {
    return unitIds.length > 0 ? { field: 'unitIds', message: '系统管理员不分配被巡察单位' } : null;
  }
  if (officeId === null) return { field: 'officeId', message: `${roleNames[role]}账号必须属于一个巡察办` };
  if (officeWideRoles.includes(role) && unitIds.length > 0)
    return { field: 'unitIds', message: `${roleNames[role]}账号可查看本巡察办全部单位，不需指定单位` };
  if (unitScopedRoles.includes(role) && unitIds.length === 0)
    return { field: 'unitIds', message: `${roleNames[role]}账号须至少指定一个被巡察单位` };
  return null;
}

/** Throws `forbidden` unless the actor has one of the roles (for actions, not for reading records). */
export function assertRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) {
    throw new AppError(
      'forbidden',
      `此操作需要以下角色之一：${roles.map((role) => roleNames[role]).join('、')}`,
      `role ${actor.role} may not do this (needs ${roles.join('|')})`,
    );
  }
}

/** The actor a user acts as, given the units assigned to them. */
export function buildActor(
  user: { id: number; username: string; display_name: string; role: Role; office_id: number | null },
  assignedUnitIds: readonly number[],
): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    officeId: user.office_id,
    unitIds: resolveUnitScope(user.role, assignedUnitIds),
  };
}
