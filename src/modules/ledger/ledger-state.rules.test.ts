import { describe, expect, it } from 'vitest';
import type { LedgerState, Role } from '../../storage/schema.ts';
import {
  actionsFrom,
  decideTransition,
  isOverdue,
  ledgerStates,
  transitionRules,
  type LedgerAction,
  type TransitionRequest,
} from './ledger-state.rules.ts';

const allActions = Object.keys(transitionRules) as LedgerAction[];
const allRoles: Role[] = ['admin', 'office', 'unit_office', 'department', 'leader', 'observer'];

/** A request that satisfies every precondition except the ones a case overrides. */
function buildRequest(
  overrides: Partial<TransitionRequest> & Pick<TransitionRequest, 'state' | 'action'>,
): TransitionRequest {
  const transition = transitionRules[overrides.action];
  return {
    actor: { userId: 2, role: transition.roles[0] ?? 'office' },
    applicantUserId: transition.onlyApplicant ? 2 : 1,
    reason: '理由',
    statement: '已按措施完成整改',
    evidenceCount: 1,
    ...overrides,
  };
}

describe('ledger state machine', () => {
  const expected: Array<[LedgerState, LedgerAction, LedgerState]> = [
    ['draft', 'start', 'in_progress'],
    ['in_progress', 'apply_close', 'pending_review'],
    ['pending_review', 'withdraw', 'in_progress'],
    ['pending_review', 'approve', 'closed'],
    ['pending_review', 'reject', 'in_progress'],
    ['closed', 'reopen_rebound', 'in_progress'],
  ];

  it.each(expected)('allows %s --%s--> %s', (state, action, to) => {
    expect(decideTransition(buildRequest({ state, action }))).toEqual({ ok: true, to });
  });

  const forbidden = ledgerStates.flatMap((state) =>
    allActions
      .filter((action) => !expected.some(([from, allowed]) => from === state && allowed === action))
      .map((action) => [state, action] as const),
  );

  it.each(forbidden)('forbids %s --%s-->', (state, action) => {
    expect(decideTransition(buildRequest({ state, action }))).toEqual({ ok: false, refusal: 'wrong_state' });
  });

  const roleCases = allActions.flatMap((action) =>
    allRoles.map((role) => [action, role, transitionRules[action].roles.includes(role)] as const),
  );

  it.each(roleCases)('%s by role %s allowed: %s', (action, role, isAllowed) => {
    const decision = decideTransition(
      buildRequest({ state: transitionRules[action].from, action, actor: { userId: 2, role } }),
    );
    expect(decision.ok).toBe(isAllowed);
    if (!isAllowed) expect(decision).toEqual({ ok: false, refusal: 'role_not_allowed' });
  });

  it.each([
    ['apply_close', { evidenceCount: 0 }, 'evidence_required'],
    ['apply_close', { statement: '  ' }, 'statement_required'],
    ['apply_close', { statement: null }, 'statement_required'],
    ['reject', { reason: '' }, 'reason_required'],
    ['reopen_rebound', { reason: null }, 'reason_required'],
    ['approve', { applicantUserId: 2 }, 'applicant_cannot_review'],
    ['reject', { applicantUserId: 2 }, 'applicant_cannot_review'],
    ['withdraw', { applicantUserId: 9 }, 'only_applicant'],
  ] as const)('%s refuses %o with %s', (action, overrides, refusal) => {
    const request = buildRequest({ state: transitionRules[action].from, action, ...overrides });
    expect(decideTransition(request)).toEqual({ ok: false, refusal });
  });

  it('offers the actions that start in each state', () => {
    expect(actionsFrom('draft')).toEqual(['start']);
    expect(actionsFrom('pending_review').sort()).toEqual(['approve', 'reject', 'withdraw']);
    expect(actionsFrom('closed')).toEqual(['reopen_rebound']);
  });

  it.each([
    ['in_progress', '2026-03-01', '2026-03-02', true],
    ['in_progress', '2026-03-02', '2026-03-02', false],
    ['closed', '2026-03-01', '2026-03-02', false],
    ['pending_review', null, '2026-03-02', false],
    ['draft', '2025-12-31', '2026-01-01', true],
  ] as const)('overdue(%s, due %s, today %s) = %s', (state, dueOn, today, overdue) => {
    expect(isOverdue(state, dueOn, today)).toBe(overdue);
  });
});
