/**
 * The ledger's state machine (DESIGN.md): which action moves an item from which state to which,
 * who may take it, and what it needs. Pure: the workflow service asks these rules before it
 * writes anything, and the database CHECKs guard the states themselves.
 */
import type { LedgerState, Role } from '../../storage/schema.ts';

export const ledgerStates: readonly LedgerState[] = ['draft', 'in_progress', 'pending_review', 'closed'];

export type LedgerAction =
  /** The plan is approved or the item assigned: work starts. */
  | 'start'
  /** 申请销号: the owner applies to close with evidence and a statement. */
  | 'apply_close'
  /** The applicant takes the application back before it is reviewed. */
  | 'withdraw'
  /** 销号: a reviewer approves the closing. */
  | 'approve'
  /** A reviewer sends the item back with a reason. */
  | 'reject'
  /** 反弹: a look-back reopens a closed item. */
  | 'reopen_rebound';

interface TransitionRule {
  from: LedgerState;
  to: LedgerState;
  roles: readonly Role[];
  needsReason: boolean;
  needsEvidence: boolean;
  needsStatement: boolean;
  /** The actor must not be the one who applied (closing is reviewed, not self-declared). */
  forbidsApplicant: boolean;
  /** Only the applicant may take this action. */
  onlyApplicant: boolean;
}

const rule = (
  partial: Partial<TransitionRule> & Pick<TransitionRule, 'from' | 'to' | 'roles'>,
): TransitionRule => ({
  needsReason: false,
  needsEvidence: false,
  needsStatement: false,
  forbidsApplicant: false,
  onlyApplicant: false,
  ...partial,
});

/** Every allowed transition; anything not listed is forbidden. */
export const transitionRules: Readonly<Record<LedgerAction, TransitionRule>> = {
  start: rule({ from: 'draft', to: 'in_progress', roles: ['office', 'unit_office'] }),
  apply_close: rule({
    from: 'in_progress',
    to: 'pending_review',
    roles: ['unit_office', 'department'],
    needsEvidence: true,
    needsStatement: true,
  }),
  withdraw: rule({
    from: 'pending_review',
    to: 'in_progress',
    roles: ['unit_office', 'department'],
    onlyApplicant: true,
  }),
  approve: rule({
    from: 'pending_review',
    to: 'closed',
    roles: ['leader', 'office'],
    forbidsApplicant: true,
  }),
  reject: rule({
    from: 'pending_review',
    to: 'in_progress',
    roles: ['leader', 'office'],
    needsReason: true,
    forbidsApplicant: true,
  }),
  reopen_rebound: rule({
    from: 'closed',
    to: 'in_progress',
    roles: ['office', 'unit_office'],
    needsReason: true,
  }),
};

export interface TransitionRequest {
  state: LedgerState;
  action: LedgerAction;
  actor: { userId: number; role: Role };
  /** The user who made the pending application, when there is one. */
  applicantUserId: number | null;
  reason: string | null;
  statement: string | null;
  evidenceCount: number;
}

export type TransitionRefusal =
  | 'wrong_state'
  | 'role_not_allowed'
  | 'reason_required'
  | 'statement_required'
  | 'evidence_required'
  | 'applicant_cannot_review'
  | 'only_applicant';

export type TransitionDecision = { ok: true; to: LedgerState } | { ok: false; refusal: TransitionRefusal };

const isBlank = (text: string | null): boolean => text == null || text.trim().length === 0;

/** Decides whether an action is allowed now, and the state it leads to. */
export function decideTransition(request: TransitionRequest): TransitionDecision {
  const transition = transitionRules[request.action];
  if (request.state !== transition.from) return { ok: false, refusal: 'wrong_state' };
  if (!transition.roles.includes(request.actor.role)) return { ok: false, refusal: 'role_not_allowed' };
  if (transition.forbidsApplicant && request.applicantUserId === request.actor.userId) {
    return { ok: false, refusal: 'applicant_cannot_review' };
  }
  if (transition.onlyApplicant && request.applicantUserId !== request.actor.userId) {
    return { ok: false, refusal: 'only_applicant' };
  }
  if (transition.needsReason && isBlank(request.reason)) return { ok: false, refusal: 'reason_required' };
  if (transition.needsStatement && isBlank(request.statement))
    return { ok: false, refusal: 'statement_required' };
  if (transition.needsEvidence && request.evidenceCount < 1)
    return { ok: false, refusal: 'evidence_required' };
  return { ok: true, to: transition.to };
}

/** The actions whose starting state is the given one (what the UI may offer, before role checks). */
export function actionsFrom(state: LedgerState): LedgerAction[] {
  return (Object.keys(transitionRules) as LedgerAction[]).filter(
    (action) => transitionRules[action].from === state,
  );
}

/** Overdue is derived, never stored: a deadline day has passed and the item is not closed. */
export function isOverdue(state: LedgerState, dueOn: string | null, today: string): boolean {
  return state !== 'closed' && dueOn != null && dueOn < today;
}

/** Chinese names of the states, for the UI and documents. */
export const ledgerStateLabels: Readonly<Record<LedgerState, string>> = {
  draft: '草稿',
  in_progress: '整改中',
  pending_review: '待审核（申请销号）',
  closed: '已销号',
};
