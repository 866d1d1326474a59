/**
 * Who may change a problem, as pure rules. The inspection office and the unit's rectification
 * office (整改办) edit the plan; a department owner may only mark its measures done; leaders and
 * the discipline observer read (and comment). A closed item is frozen until reopened (反弹),
 * so what was reviewed is what stays on record.
 */
import type { LedgerState, Role } from '../../storage/schema.ts';
import { AppError } from '../common/app-error.ts';
import { roleNames } from '../users/scope.rules.ts';

/** Roles that edit a problem's plan: title, goal, deadline, owners, measures, manifestations. */
export const problemEditorRoles: readonly Role[] = ['office', 'unit_office'];
/** Roles that may mark a measure done or not done. */
export const measureProgressRoles: readonly Role[] = ['office', 'unit_office', 'department'];

export function canEditProblem(role: Role): boolean {
  return problemEditorRoles.includes(role);
}

/** Throws `forbidden` (403) unless the role is one of the allowed ones. */
export function assertMayEdit(role: Role, allowed: readonly Role[] = problemEditorRoles): void {
  if (!allowed.includes(role)) {
    throw new AppError(
      'forbidden',
      `${roleNames[role]}无权修改问题，此操作需要：${allowed.map((name) => roleNames[name]).join('、')}`,
      `role ${role} may not edit problems (needs ${allowed.join('|')})`,
    );
  }
}

/** Throws `conflict` (409) when the problem is closed: only a reopen (反弹) makes it editable. */
export function assertNotClosed(problemId: number, state: LedgerState): void {
  if (state === 'closed') {
    throw new AppError(
      'conflict',
      '该问题已销号，不能修改；如需修改请先反弹重开',
      `problem ${problemId} is closed and cannot be edited`,
    );
  }
}

/** Throws `conflict` (409) when the row moved on since the user read it. */
export function assertVersion(
  what: { chinese: string; english: string; id: number },
  actual: number,
  expected: number,
): void {
  if (actual !== expected) {
    throw staleVersion(what, actual, expected);
  }
}

export function staleVersion(
  what: { chinese: string; english: string; id: number },
  actual: number | null,
  expected: number,
): AppError {
  return new AppError(
    'conflict',
    `该${what.chinese}已被他人修改，请刷新后重试`,
    `${what.english} ${what.id} is at version ${actual ?? '(changed)'}, not ${expected}`,
  );
}
