// Chinese labels and colours for the domain's states and roles, in one place for every page.
import type { LedgerState, Role } from './api/types.ts';

export const stateLabels: Record<LedgerState, string> = {
  draft: '草稿',
  in_progress: '整改中',
  pending_review: '待审核',
  closed: '已销号',
};

export const stateColors: Record<LedgerState, string> = {
  draft: 'default',
  in_progress: 'processing',
  pending_review: 'warning',
  closed: 'success',
};

export const roleLabels: Record<Role, string> = {
  admin: '系统管理员',
  office: '巡察办',
  unit_office: '整改办',
  department: '责任部门',
  leader: '责任领导',
  observer: '纪检监察',
};

export const roleColors: Record<Role, string> = {
  admin: 'magenta',
  office: 'red',
  unit_office: 'orange',
  department: 'blue',
  leader: 'purple',
  observer: 'cyan',
};

/** Roles that see every unit of their office; the others need units assigned. */
export const officeWideRoles: readonly Role[] = ['office', 'observer'];
export const unitScopedRoles: readonly Role[] = ['unit_office', 'department', 'leader'];
