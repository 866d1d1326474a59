/**
 * The engine's reads and writes, set-based: one query per rule family for a whole office (never
 * one per item), and firings written with insert-or-ignore on their unique key, so whatever runs
 * twice — a rerun, a restarted server, a second server process — writes each firing once.
 */
import { sql } from 'kysely';
import type { DatabaseTransaction, Executor } from '../../storage/database.ts';
import type { Role, SupervisionSubjectType } from '../../storage/schema.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';

/** Open items of the office whose problem deadline falls within [fromDay, toDay]. */
export async function findDeadlineCandidates(db: Executor, officeId: number, fromDay: string, toDay: string) {
  return db
    .selectFrom('problems')
    .innerJoin('deadlines', 'deadlines.id', 'problems.deadline_id')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .select([
      'problems.id',
      'problems.inspection_id',
      'inspections.unit_id',
      'problems.state',
      'problems.number',
      'problems.title',
      'deadlines.due_on',
    ])
    .where('problems.office_id', '=', officeId)
    .where('problems.state', '<>', 'closed')
    .where('deadlines.due_on', '>=', fromDay)
    .where('deadlines.due_on', '<=', toDay)
    .orderBy('problems.id')
    .execute();
}

/** Items of the office pending review, with the day of the latest application to close. */
export async function findPendingReviews(db: Executor, officeId: number) {
  return db
    .selectFrom('problems')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .innerJoin('state_transitions', (join) =>
      join
        .onRef('state_transitions.problem_id', '=', 'problems.id')
        .on('state_transitions.to_state', '=', 'pending_review'),
    )
    .select((eb) => [
      'problems.id',
      'problems.inspection_id',
      'inspections.unit_id',
      'problems.number',
      'problems.title',
      eb.fn.max('state_transitions.at').as('submitted_at'),
    ])
    .where('problems.office_id', '=', officeId)
    .where('problems.state', '=', 'pending_review')
    .groupBy([
      'problems.id',
      'problems.inspection_id',
      'inspections.unit_id',
      'problems.number',
      'problems.title',
    ])
    .orderBy('problems.id')
    .execute();
}

/** Open long-term items of the office with what their check-in schedule needs. */
export async function findOpenLongTermItems(db: Executor, officeId: number) {
  return db
    .selectFrom('problems')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .leftJoin('deadlines', 'deadlines.id', 'problems.deadline_id')
    .select([
      'problems.id',
      'problems.inspection_id',
      'inspections.unit_id',
      'problems.state',
      'problems.number',
      'problems.title',
      'deadlines.checkin_interval_days',
      'inspections.concentrated_until',
      'inspections.feedback_on',
    ])
    .where('problems.office_id', '=', officeId)
    .where('problems.is_long_term', '=', 1)
    .where('problems.state', '<>', 'closed')
    .orderBy('problems.id')
    .execute();
}

/** The office's inspections with a plan or report due on or after `sinceDay`, and whether each is in. */
export async function findDocumentDueInspections(db: Executor, officeId: number, sinceDay: string) {
  const hasDocument = (kind: 'plan' | 'progress_report') =>
    sql<number>`case when exists (select 1 from source_documents where source_documents.inspection_id = inspections.id and source_documents.kind = ${kind}) then 1 else 0 end`;
  return db
    .selectFrom('inspections')
    .innerJoin('units', 'units.id', 'inspections.unit_id')
    .select([
      'inspections.id',
      'inspections.unit_id',
      'units.name as unit_name',
      'inspections.plan_due_on',
      'inspections.report_due_on',
      hasDocument('plan').as('has_plan'),
      hasDocument('progress_report').as('has_report'),
    ])
    .where('inspections.office_id', '=', officeId)
    .where((eb) =>
      eb.or([eb('inspections.plan_due_on', '>=', sinceDay), eb('inspections.report_due_on', '>=', sinceDay)]),
    )
    .orderBy('inspections.id')
    .execute();
}

/** Unanswered supervision notices of the office whose reply day is on or after `sinceDay`. */
export async function findUnansweredNotices(db: Executor, officeId: number, sinceDay: string) {
  return db
    .selectFrom('supervision_notices')
    .select(['id', 'unit_id', 'problem_id', 'title', 'reply_by', 'state'])
    .where('office_id', '=', officeId)
    .where('state', '=', 'issued')
    .where('reply_by', '>=', sinceDay)
    .orderBy('id')
    .execute();
}

/** The office's look-backs whose planned day lies in [fromDay, today] and that are not completed. */
export async function findDueLookbacks(db: Executor, officeId: number, fromDay: string, today: string) {
  return db
    .selectFrom('lookbacks')
    .innerJoin('inspections', 'inspections.id', 'lookbacks.inspection_id')
    .innerJoin('units', 'units.id', 'inspections.unit_id')
    .select([
      'lookbacks.id',
      'lookbacks.inspection_id',
      'lookbacks.planned_on',
      'lookbacks.state',
      'inspections.unit_id',
      'units.name as unit_name',
    ])
    .where('lookbacks.office_id', '=', officeId)
    .where('lookbacks.state', '<>', 'completed')
    .where('lookbacks.planned_on', '>=', fromDay)
    .where('lookbacks.planned_on', '<=', today)
    .orderBy('lookbacks.id')
    .execute();
}

export interface RecipientRow {
  userId: number;
  role: Role;
  /** The unit of a unit-scoped user; null for the office's own staff. */
  unitId: number | null;
}

/** The office's active users who may be told, with their units. */
export async function findRecipientRows(db: Executor, officeId: number): Promise<RecipientRow[]> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('user_scopes', 'user_scopes.user_id', 'users.id')
    .select(['users.id', 'users.role', 'user_scopes.unit_id'])
    .where('users.office_id', '=', officeId)
    .where('users.is_active', '=', 1)
    .where('users.role', 'in', ['office', 'unit_office', 'department', 'leader'])
    .orderBy('users.id')
    .execute();
  return rows.map((row) => ({ userId: row.id, role: row.role, unitId: row.unit_id }));
}

export interface NewFiring {
  subjectType: SupervisionSubjectType;
  subjectId: number;
  unitId: number;
  rule: string;
  firedOn: string;
}

/** The key of a firing: subject × rule × day. */
export const firingKey = (firing: Pick<NewFiring, 'subjectType' | 'subjectId' | 'rule' | 'firedOn'>) =>
  `${firing.subjectType}:${firing.subjectId}:${firing.rule}:${firing.firedOn}`;

/** Rows per multi-row insert: well under SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_CHUNK_ROWS = 1000;

/**
 * Inserts the firings that do not exist yet and returns the ids of those it inserted, by key.
 * An existing key (fired before, or by another process just now) is skipped by the database.
 */
export async function insertNewFirings(
  transaction: DatabaseTransaction,
  officeId: number,
  firings: readonly NewFiring[],
  runOn: string,
  at: string,
): Promise<Map<string, number>> {
  const inserted = new Map<string, number>();
  for (let start = 0; start < firings.length; start += INSERT_CHUNK_ROWS) {
    const chunk = firings.slice(start, start + INSERT_CHUNK_ROWS);
    const rows = await transaction
      .insertInto('supervision_firings')
      .values(
        chunk.map((firing) => ({
          office_id: officeId,
          subject_type: firing.subjectType,
          subject_id: firing.subjectId,
          unit_id: firing.unitId,
          rule: firing.rule,
          fired_on: firing.firedOn,
          run_on: runOn,
          created_at: at,
        })),
      )
      .onConflict((conflict) =>
        conflict.columns(['office_id', 'subject_type', 'subject_id', 'rule', 'fired_on']).doNothing(),
      )
      .returning(['id', 'subject_type', 'subject_id', 'rule', 'fired_on'])
      .execute();
    for (const row of rows) {
      inserted.set(
        firingKey({
          subjectType: row.subject_type,
          subjectId: row.subject_id,
          rule: row.rule,
          firedOn: row.fired_on,
        }),
        row.id,
      );
    }
  }
  return inserted;
}

export interface NewNotification {
  firingId: number;
  recipientUserId: number;
  rule: string;
  problemId: number | null;
  inspectionId: number | null;
  noticeId: number | null;
  title: string;
  body: string;
}

/** Inserts notifications (each recipient once per firing); returns how many were new. */
export async function insertNotifications(
  transaction: DatabaseTransaction,
  officeId: number,
  notifications: readonly NewNotification[],
  at: string,
): Promise<number> {
  let count = 0;
  for (let start = 0; start < notifications.length; start += INSERT_CHUNK_ROWS) {
    const chunk = notifications.slice(start, start + INSERT_CHUNK_ROWS);
    const rows = await transaction
      .insertInto('notifications')
      .values(
        chunk.map((notification) => ({
          office_id: officeId,
          firing_id: notification.firingId,
          recipient_user_id: notification.recipientUserId,
          rule: notification.rule,
          problem_id: notification.problemId,
          inspection_id: notification.inspectionId,
          notice_id: notification.noticeId,
          title: notification.title,
          body: notification.body,
          created_at: at,
        })),
      )
      .onConflict((conflict) => conflict.columns(['firing_id', 'recipient_user_id']).doNothing())
      .returning('id')
      .execute();
    count += rows.length;
  }
  return count;
}

/** Every item of an inspection in scope with what its traffic light needs; undefined when out of scope. */
export async function findTrafficLightRows(db: Executor, scope: LedgerScope, inspectionId: number) {
  const inspection = await db
    .selectFrom('inspections')
    .select('inspections.id')
    .where('inspections.id', '=', inspectionId)
    .where((eb) => inScope(eb, scope))
    .executeTakeFirst();
  if (!inspection) return undefined;
  const submissions = db
    .selectFrom('state_transitions')
    .select((eb) => ['state_transitions.problem_id', eb.fn.max('state_transitions.at').as('submitted_at')])
    .where('state_transitions.to_state', '=', 'pending_review')
    .where('state_transitions.office_id', '=', scope.officeId)
    .groupBy('state_transitions.problem_id')
    .as('submissions');
  return db
    .selectFrom('problems')
    .leftJoin('deadlines', 'deadlines.id', 'problems.deadline_id')
    .leftJoin(submissions, 'submissions.problem_id', 'problems.id')
    .select([
      'problems.id',
      'problems.number',
      'problems.state',
      'problems.is_long_term',
      'deadlines.due_on',
      'submissions.submitted_at',
    ])
    .where('problems.office_id', '=', scope.officeId)
    .where('problems.inspection_id', '=', inspectionId)
    .orderBy('problems.id')
    .execute();
}
