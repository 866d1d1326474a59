/**
 * The rows behind a problem's timeline: its events with the actors' names, and its transitions
 * with the evidence each one rested on. Scoped like every ledger read.
 */
import type { Executor } from '../../storage/database.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';

/** Whether the problem exists inside the scope. */
export async function isProblemInScope(
  db: Executor,
  scope: LedgerScope,
  problemId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('problems')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .select('problems.id')
    .where('problems.id', '=', problemId)
    .where((eb) => inScope(eb, scope))
    .executeTakeFirst();
  return row !== undefined;
}

/** The problem's events, oldest first, with the actor's display name. */
export async function findProblemEventRows(db: Executor, officeId: number, problemId: number) {
  return db
    .selectFrom('events')
    .leftJoin('users', 'users.id', 'events.actor_user_id')
    .select([
      'events.id',
      'events.at',
      'events.actor_user_id',
      'users.display_name as actor_name',
      'events.action',
      'events.data_json',
      'events.hash',
    ])
    .where('events.office_id', '=', officeId)
    .where('events.entity_type', '=', 'problem')
    .where('events.entity_id', '=', problemId)
    .orderBy('events.id')
    .execute();
}

export type ProblemEventRow = Awaited<ReturnType<typeof findProblemEventRows>>[number];

/** The problem's transitions, oldest first, each with its evidence snapshot. */
export async function findProblemTransitions(db: Executor, problemId: number) {
  const transitions = await db
    .selectFrom('state_transitions')
    .select(['id', 'from_state', 'to_state', 'at', 'reason', 'statement'])
    .where('problem_id', '=', problemId)
    .orderBy('id')
    .execute();
  const snapshot = await db
    .selectFrom('transition_evidence')
    .innerJoin('state_transitions', 'state_transitions.id', 'transition_evidence.transition_id')
    .innerJoin('evidence', 'evidence.id', 'transition_evidence.evidence_id')
    .select([
      'transition_evidence.transition_id',
      'evidence.id as evidence_id',
      'evidence.sha256',
      'evidence.file_name',
    ])
    .where('state_transitions.problem_id', '=', problemId)
    .orderBy('evidence.id')
    .execute();
  return transitions.map((transition) => ({
    ...transition,
    evidence: snapshot.filter((file) => file.transition_id === transition.id),
  }));
}

export type ProblemTransitionRow = Awaited<ReturnType<typeof findProblemTransitions>>[number];
