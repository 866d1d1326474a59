/**
 * The ledger workflow: moves one item through draft → in_progress → pending_review → closed
 * (and back on rejection or rebound), asking the state-machine rules first, then writing the
 * transition, its evidence snapshot and the event in one transaction. "整改一项、销号一项":
 * closing is reviewed by someone other than the applicant and based on evidence.
 */
import type { Database, DatabaseTransaction } from '../../storage/database.ts';
import type { LedgerState, Role } from '../../storage/schema.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { nowIso, type Clock } from '../common/clock.ts';
import {
  decideTransition,
  transitionRules,
  type LedgerAction,
  type TransitionRefusal,
} from './ledger-state.rules.ts';
import { recordTransition } from './ledger.repository.ts';
import type { LedgerScope } from './ledger-scope.ts';

export interface WorkflowActor extends LedgerScope {
  userId: number;
  role: Role;
}

export interface TransitionInput {
  problemId: number;
  action: LedgerAction;
  reason: string | null;
  statement: string | null;
  /** The version the user saw; a stale one is refused so no one overwrites a newer change. */
  expectedVersion: number;
}

export interface TransitionOutcome {
  problemId: number;
  state: LedgerState;
  version: number;
  transitionId: number;
}

const refusalMessages: Record<TransitionRefusal | 'children_open' | 'measures_open', string> = {
  wrong_state: '当前状态下不能执行该操作',
  role_not_allowed: '您的角色无权执行该操作',
  reason_required: '请填写理由',
  statement_required: '申请销号须填写整改情况说明',
  evidence_required: '申请销号须至少上传一份佐证材料',
  applicant_cannot_review: '申请人不能审核自己的销号申请',
  only_applicant: '只有申请人可以撤回申请',
  children_open: '该问题下仍有未销号的子问题，不能销号',
  measures_open: '该问题仍有未完成的整改措施，请先完成并勾选全部措施',
};

/**
 * Applies a workflow action to a problem in the actor's scope, inside the caller's transaction:
 * for services whose own change and the ledger transition must commit together (a look-back
 * finding a rebound reopens the item in the same transaction that records the finding).
 */
export async function applyTransition(
  transaction: DatabaseTransaction,
  actor: WorkflowActor,
  input: TransitionInput,
  at: string,
): Promise<TransitionOutcome> {
  const problem = await transaction
    .selectFrom('problems')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .select([
      'problems.id',
      'problems.state',
      'problems.version',
      'problems.office_id',
      'inspections.unit_id',
    ])
    .where('problems.id', '=', input.problemId)
    .where('problems.office_id', '=', actor.officeId)
    .executeTakeFirst();
  const isInScope = problem && (actor.unitIds === 'all' || actor.unitIds.includes(problem.unit_id));
  if (!problem || !isInScope) throw notFound('问题', 'problem', input.problemId);
  // A role that may never take this action is refused outright, before any state check.
  if (!transitionRules[input.action].roles.includes(actor.role)) {
    throw new AppError(
      'forbidden',
      refusalMessages.role_not_allowed,
      `role ${actor.role} may not ${input.action}`,
    );
  }
  if (problem.version !== input.expectedVersion) {
    throw new AppError(
      'conflict',
      '该问题已被他人修改，请刷新后重试',
      `problem ${problem.id} is at version ${problem.version}, not ${input.expectedVersion}`,
    );
  }
  const lastApplication = await transaction
    .selectFrom('state_transitions')
    .select('actor_user_id')
    .where('problem_id', '=', problem.id)
    .where('to_state', '=', 'pending_review')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const evidence = await transaction
    .selectFrom('evidence')
    .select(['id', 'sha256'])
    .where('problem_id', '=', problem.id)
    .orderBy('id')
    .execute();
  const decision = decideTransition({
    state: problem.state,
    action: input.action,
    actor: { userId: actor.userId, role: actor.role },
    applicantUserId: lastApplication?.actor_user_id ?? null,
    reason: input.reason,
    statement: input.statement,
    evidenceCount: evidence.length,
  });
  if (!decision.ok) {
    throw new AppError(
      'transition_refused',
      refusalMessages[decision.refusal],
      `${input.action} on problem ${problem.id} refused: ${decision.refusal}`,
      { refusal: decision.refusal },
    );
  }
  // "A problem with children or measures closes only when all of them are closed": checked
  // when applying (so the reviewer is not handed an unfinished item) and again on approval.
  if (decision.to === 'pending_review' || decision.to === 'closed') {
    const openMeasure = await transaction
      .selectFrom('measures')
      .select('id')
      .where('problem_id', '=', problem.id)
      .where('is_done', '=', 0)
      .limit(1)
      .executeTakeFirst();
    if (openMeasure) {
      throw new AppError(
        'transition_refused',
        refusalMessages.measures_open,
        `problem ${problem.id} has open measures`,
        {
          refusal: 'measures_open',
        },
      );
    }
  }
  if (decision.to === 'closed') {
    const openChild = await transaction
      .selectFrom('problems')
      .select('id')
      .where('parent_id', '=', problem.id)
      .where('state', '<>', 'closed')
      .limit(1)
      .executeTakeFirst();
    if (openChild) {
      throw new AppError(
        'transition_refused',
        refusalMessages.children_open,
        `problem ${problem.id} has open children`,
        {
          refusal: 'children_open',
        },
      );
    }
  }
  const transitionId = await recordTransition(transaction, {
    officeId: problem.office_id,
    problemId: problem.id,
    from: problem.state,
    to: decision.to,
    action: input.action,
    actorUserId: actor.userId,
    at,
    reason: input.reason,
    statement: input.statement,
    // The application snapshots the evidence it rests on; the review refers to the same files.
    evidence: input.action === 'apply_close' ? evidence : [],
  });
  return { problemId: problem.id, state: decision.to, version: problem.version + 1, transitionId };
}

export function createWorkflowService(dependencies: { db: Database; clock: Clock }) {
  const { db, clock } = dependencies;
  return {
    /** Applies a workflow action to a problem in the actor's scope, in its own transaction. */
    async transition(actor: WorkflowActor, input: TransitionInput): Promise<TransitionOutcome> {
      const at = nowIso(clock);
      return db.transaction().execute((transaction) => applyTransition(transaction, actor, input, at));
    },
  };
}
