/**
 * Look-back storage: the scoped reads (an inspection's look-backs with their progress, one
 * look-back's checklist, every check of a round for the rates) and the writes, each with its
 * event in the caller's transaction. Rows outside the caller's scope are simply not found.
 */
import type { ExpressionBuilder } from 'kysely';
import type { DatabaseTransaction, Executor } from '../../storage/database.ts';
import type { LedgerState, LookbackResult, LookbackState, Tables } from '../../storage/schema.ts';
import { appendEvent } from '../events/event.repository.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';

const scoped = (scope: LedgerScope) => (eb: ExpressionBuilder<Tables, 'inspections'>) => inScope(eb, scope);

/** The inspection a look-back is for, if it is in scope. */
export async function findScopedInspection(db: Executor, scope: LedgerScope, inspectionId: number) {
  return db
    .selectFrom('inspections')
    .innerJoin('units', 'units.id', 'inspections.unit_id')
    .select([
      'inspections.id',
      'inspections.office_id',
      'inspections.unit_id',
      'units.name as unit_name',
      'inspections.feedback_on',
    ])
    .where('inspections.id', '=', inspectionId)
    .where((eb) => scoped(scope)(eb as unknown as ExpressionBuilder<Tables, 'inspections'>))
    .executeTakeFirst();
}

const lookbackColumns = [
  'lookbacks.id',
  'lookbacks.office_id',
  'lookbacks.inspection_id',
  'lookbacks.planned_on',
  'lookbacks.state',
  'lookbacks.scheduled_by',
  'lookbacks.scheduled_at',
  'lookbacks.completed_by',
  'lookbacks.completed_at',
  'lookbacks.summary',
  'lookbacks.version',
  'inspections.unit_id',
] as const;

export type LookbackRow = Awaited<ReturnType<typeof findScopedLookback>> & object;

/** One look-back, if its inspection is in scope. */
export async function findScopedLookback(db: Executor, scope: LedgerScope, lookbackId: number) {
  return db
    .selectFrom('lookbacks')
    .innerJoin('inspections', 'inspections.id', 'lookbacks.inspection_id')
    .select(lookbackColumns)
    .where('lookbacks.id', '=', lookbackId)
    .where((eb) => scoped(scope)(eb as unknown as ExpressionBuilder<Tables, 'inspections'>))
    .executeTakeFirst();
}

/** The inspection's look-backs, newest first (the caller has checked the inspection's scope). */
export async function findInspectionLookbacks(db: Executor, officeId: number, inspectionId: number) {
  return db
    .selectFrom('lookbacks')
    .innerJoin('inspections', 'inspections.id', 'lookbacks.inspection_id')
    .select(lookbackColumns)
    .where('lookbacks.office_id', '=', officeId)
    .where('lookbacks.inspection_id', '=', inspectionId)
    .orderBy('lookbacks.id', 'desc')
    .execute();
}

export interface CheckRow {
  checkId: number;
  lookbackId: number;
  problemId: number;
  parentId: number | null;
  number: string | null;
  title: string;
  problemState: LedgerState;
  problemVersion: number;
  aspectId: number;
  aspectNumber: string | null;
  aspectTitle: string;
  position: number;
  result: LookbackResult | null;
  note: string | null;
  checkedBy: number | null;
  checkedByName: string | null;
  checkedAt: string | null;
  version: number;
}

/** The checklists of the given look-backs, in document order. */
export async function findChecks(
  db: Executor,
  officeId: number,
  lookbackIds: readonly number[],
): Promise<CheckRow[]> {
  if (lookbackIds.length === 0) return [];
  const rows = await db
    .selectFrom('lookback_checks')
    .innerJoin('problems', 'problems.id', 'lookback_checks.problem_id')
    .innerJoin('aspects', 'aspects.id', 'problems.aspect_id')
    .leftJoin('users', 'users.id', 'lookback_checks.checked_by')
    .select([
      'lookback_checks.id as check_id',
      'lookback_checks.lookback_id',
      'lookback_checks.problem_id',
      'problems.parent_id',
      'problems.number',
      'problems.title',
      'problems.state as problem_state',
      'problems.version as problem_version',
      'aspects.id as aspect_id',
      'aspects.number as aspect_number',
      'aspects.title as aspect_title',
      'lookback_checks.position',
      'lookback_checks.result',
      'lookback_checks.note',
      'lookback_checks.checked_by',
      'users.display_name as checked_by_name',
      'lookback_checks.checked_at',
      'lookback_checks.version',
    ])
    .where('lookback_checks.office_id', '=', officeId)
    .where('lookback_checks.lookback_id', 'in', [...lookbackIds])
    .orderBy('lookback_checks.lookback_id')
    .orderBy('lookback_checks.position')
    .execute();
  return rows.map((row) => ({
    checkId: row.check_id,
    lookbackId: row.lookback_id,
    problemId: row.problem_id,
    parentId: row.parent_id,
    number: row.number,
    title: row.title,
    problemState: row.problem_state,
    problemVersion: row.problem_version,
    aspectId: row.aspect_id,
    aspectNumber: row.aspect_number,
    aspectTitle: row.aspect_title,
    position: row.position,
    result: row.result,
    note: row.note,
    checkedBy: row.checked_by,
    checkedByName: row.checked_by_name ?? null,
    checkedAt: row.checked_at,
    version: row.version,
  }));
}

/** The states and parents of an inspection's problems (for the sub-item rule). */
export async function findProblemTree(db: Executor, officeId: number, inspectionId: number) {
  const rows = await db
    .selectFrom('problems')
    .select(['id', 'parent_id', 'state', 'version', 'number'])
    .where('office_id', '=', officeId)
    .where('inspection_id', '=', inspectionId)
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      { parentId: row.parent_id, state: row.state, version: row.version, number: row.number },
    ]),
  );
}

/** Schedules a look-back with a check row for each given item; returns its id. */
export async function insertLookback(
  transaction: DatabaseTransaction,
  input: {
    officeId: number;
    inspectionId: number;
    plannedOn: string;
    scheduledBy: number | null;
    at: string;
    /** The items to check, in document order. */
    problemIds: readonly number[];
  },
): Promise<number> {
  const row = await transaction
    .insertInto('lookbacks')
    .values({
      office_id: input.officeId,
      inspection_id: input.inspectionId,
      planned_on: input.plannedOn,
      scheduled_by: input.scheduledBy,
      scheduled_at: input.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.problemIds.length > 0) {
    await transaction
      .insertInto('lookback_checks')
      .values(
        input.problemIds.map((problemId, position) => ({
          office_id: input.officeId,
          lookback_id: row.id,
          problem_id: problemId,
          position,
        })),
      )
      .execute();
  }
  await appendEvent(transaction, {
    officeId: input.officeId,
    at: input.at,
    actorUserId: input.scheduledBy,
    entityType: 'lookback',
    entityId: row.id,
    action: 'lookback_scheduled',
    data: { inspectionId: input.inspectionId, plannedOn: input.plannedOn, problemIds: input.problemIds },
  });
  return row.id;
}

/** Whether the inspection has a look-back that is not completed. */
export async function hasOpenLookback(
  db: Executor,
  officeId: number,
  inspectionId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('lookbacks')
    .select('id')
    .where('office_id', '=', officeId)
    .where('inspection_id', '=', inspectionId)
    .where('state', '<>', 'completed')
    .executeTakeFirst();
  return row !== undefined;
}

/** Records a check if it is still at `expectedVersion`; returns the new version, or null. */
export async function updateCheck(
  transaction: DatabaseTransaction,
  input: {
    officeId: number;
    lookbackId: number;
    problemId: number;
    result: LookbackResult;
    note: string | null;
    checkedBy: number | null;
    at: string;
    expectedVersion: number;
    /** Why the check was written, when not by hand (a sub-item's rebound). */
    cause?: string;
  },
): Promise<number | null> {
  const updated = await transaction
    .updateTable('lookback_checks')
    .set({
      result: input.result,
      note: input.note,
      checked_by: input.checkedBy,
      checked_at: input.at,
      version: input.expectedVersion + 1,
    })
    .where('office_id', '=', input.officeId)
    .where('lookback_id', '=', input.lookbackId)
    .where('problem_id', '=', input.problemId)
    .where('version', '=', input.expectedVersion)
    .returning('version')
    .executeTakeFirst();
  if (!updated) return null;
  await appendEvent(transaction, {
    officeId: input.officeId,
    at: input.at,
    actorUserId: input.checkedBy,
    entityType: 'lookback',
    entityId: input.lookbackId,
    action: 'lookback_checked',
    data: {
      problemId: input.problemId,
      result: input.result,
      note: input.note,
      ...(input.cause && { cause: input.cause }),
    },
  });
  return updated.version;
}

/** Moves a look-back to `state` if it is still at `expectedVersion`; returns the new version, or null. */
export async function updateLookbackState(
  transaction: DatabaseTransaction,
  input: {
    officeId: number;
    lookbackId: number;
    state: LookbackState;
    expectedVersion: number;
    actorUserId: number | null;
    at: string;
    summary?: string | null;
    /** Items left unchecked at completion. */
    uncheckedProblemIds?: readonly number[];
  },
): Promise<number | null> {
  const isCompleting = input.state === 'completed';
  const updated = await transaction
    .updateTable('lookbacks')
    .set({
      state: input.state,
      version: input.expectedVersion + 1,
      ...(isCompleting && {
        completed_at: input.at,
        completed_by: input.actorUserId,
        summary: input.summary ?? null,
      }),
    })
    .where('office_id', '=', input.officeId)
    .where('id', '=', input.lookbackId)
    .where('version', '=', input.expectedVersion)
    .returning('version')
    .executeTakeFirst();
  if (!updated) return null;
  await appendEvent(transaction, {
    officeId: input.officeId,
    at: input.at,
    actorUserId: input.actorUserId,
    entityType: 'lookback',
    entityId: input.lookbackId,
    action: isCompleting ? 'lookback_completed' : 'lookback_started',
    data: isCompleting
      ? { summary: input.summary ?? null, uncheckedProblemIds: input.uncheckedProblemIds ?? [] }
      : { state: input.state },
  });
  return updated.version;
}

export interface RateCheckRow {
  inspectionId: number;
  unitId: number;
  unitName: string;
  roundId: number;
  roundName: string;
  aspectTitle: string;
  result: LookbackResult | null;
}

/**
 * Every check of the look-backs in scope (optionally of one round), with unit, round and aspect
 * for grouping. An item checked in two look-backs counts in each: each look-back is a finding.
 */
export async function findRateCheckRows(
  db: Executor,
  scope: LedgerScope,
  options: { roundId?: number },
): Promise<RateCheckRow[]> {
  let query = db
    .selectFrom('lookback_checks')
    .innerJoin('lookbacks', 'lookbacks.id', 'lookback_checks.lookback_id')
    .innerJoin('inspections', 'inspections.id', 'lookbacks.inspection_id')
    .innerJoin('units', 'units.id', 'inspections.unit_id')
    .innerJoin('inspection_rounds', 'inspection_rounds.id', 'inspections.round_id')
    .innerJoin('problems', 'problems.id', 'lookback_checks.problem_id')
    .innerJoin('aspects', 'aspects.id', 'problems.aspect_id')
    .select([
      'inspections.id as inspection_id',
      'inspections.unit_id',
      'units.name as unit_name',
      'inspections.round_id',
      'inspection_rounds.name as round_name',
      'aspects.title as aspect_title',
      'lookback_checks.result',
    ])
    .where((eb) => scoped(scope)(eb as unknown as ExpressionBuilder<Tables, 'inspections'>));
  if (options.roundId !== undefined) query = query.where('inspections.round_id', '=', options.roundId);
  const rows = await query
    .orderBy('inspections.id')
    .orderBy('aspects.position')
    .orderBy('lookback_checks.position')
    .execute();
  return rows.map((row) => ({
    inspectionId: row.inspection_id,
    unitId: row.unit_id,
    unitName: row.unit_name,
    roundId: row.round_id,
    roundName: row.round_name,
    aspectTitle: row.aspect_title,
    result: row.result,
  }));
}
