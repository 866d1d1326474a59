/**
 * Reads for the inspection-setup API: rounds, units and inspections in a user's scope, with the
 * ledger counts each listing shows. Every query is filtered by office and, for unit roles, by
 * their units, so an id outside the scope is simply not found.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import type { LedgerState, Tables } from '../../storage/schema.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';

/** Problem counts of a unit or an inspection; overdue is derived on `today`. */
export interface ProblemCounts {
  total: number;
  draft: number;
  inProgress: number;
  pendingReview: number;
  closed: number;
  overdue: number;
}

const emptyCounts: ProblemCounts = {
  total: 0,
  draft: 0,
  inProgress: 0,
  pendingReview: 0,
  closed: 0,
  overdue: 0,
};

function countState(state: LedgerState) {
  return sql<number>`coalesce(sum(case when problems.state = ${state} then 1 else 0 end), 0)`;
}

/** Problem counts grouped by `inspections.unit_id` or `problems.inspection_id`. */
async function countProblems(
  db: Executor,
  officeId: number,
  by: 'unit' | 'inspection',
  ids: readonly number[],
  today: string,
): Promise<Map<number, ProblemCounts>> {
  const counts = new Map<number, ProblemCounts>();
  if (ids.length === 0) return counts;
  const key = by === 'unit' ? 'inspections.unit_id' : 'problems.inspection_id';
  const rows = await db
    .selectFrom('problems')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .leftJoin('deadlines', 'deadlines.id', 'problems.deadline_id')
    .where('problems.office_id', '=', officeId)
    .where(key, 'in', [...ids])
    .select([
      `${key} as key`,
      sql<number>`count(*)`.as('total'),
      countState('draft').as('draft'),
      countState('in_progress').as('in_progress'),
      countState('pending_review').as('pending_review'),
      countState('closed').as('closed'),
      sql<number>`coalesce(sum(case when problems.state <> 'closed' and deadlines.due_on < ${today} then 1 else 0 end), 0)`.as(
        'overdue',
      ),
    ])
    .groupBy(key)
    .execute();
  for (const row of rows) {
    counts.set(Number(row.key), {
      total: Number(row.total),
      draft: Number(row.draft),
      inProgress: Number(row.in_progress),
      pendingReview: Number(row.pending_review),
      closed: Number(row.closed),
      overdue: Number(row.overdue),
    });
  }
  return counts;
}

export interface RoundRow {
  id: number;
  name: string;
  year: number;
  startedOn: string | null;
  endedOn: string | null;
  inspectionCount: number;
  version: number;
}

/** The office's rounds; a unit role sees only rounds that inspected one of its units. */
export async function findRounds(db: Executor, scope: LedgerScope): Promise<RoundRow[]> {
  const rows = await db
    .selectFrom('inspection_rounds')
    .where('inspection_rounds.office_id', '=', scope.officeId)
    .select((eb) => [
      'inspection_rounds.id',
      'inspection_rounds.name',
      'inspection_rounds.year',
      'inspection_rounds.started_on',
      'inspection_rounds.ended_on',
      'inspection_rounds.version',
      eb
        .selectFrom('inspections')
        .select(sql<number>`count(*)`.as('count'))
        .whereRef('inspections.round_id', '=', 'inspection_rounds.id')
        .where((inner) => inScope(inner, scope))
        .as('inspection_count'),
    ])
    .orderBy('inspection_rounds.year', 'desc')
    .orderBy('inspection_rounds.id', 'desc')
    .execute();
  return rows
    .map((row) => ({
      id: row.id,
      name: row.name,
      year: row.year,
      startedOn: row.started_on,
      endedOn: row.ended_on,
      inspectionCount: Number(row.inspection_count ?? 0),
      version: row.version,
    }))
    .filter((row) => scope.unitIds === 'all' || row.inspectionCount > 0);
}

/** A round of the office, if the scope may see it (a unit role: one that inspected its unit). */
export async function findRoundInScope(db: Executor, scope: LedgerScope, roundId: number) {
  let query = db
    .selectFrom('inspection_rounds')
    .selectAll()
    .where('office_id', '=', scope.officeId)
    .where('id', '=', roundId);
  if (scope.unitIds !== 'all') {
    const unitIds = [...scope.unitIds, -1];
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('inspections')
          .select('inspections.id')
          .whereRef('inspections.round_id', '=', 'inspection_rounds.id')
          .where('inspections.unit_id', 'in', unitIds),
      ),
    );
  }
  return query.executeTakeFirst();
}

/** A unit of the office, if the scope may see it. */
export async function findUnitInScope(db: Executor, scope: LedgerScope, unitId: number) {
  if (scope.unitIds !== 'all' && !scope.unitIds.includes(unitId)) return undefined;
  return db
    .selectFrom('units')
    .selectAll()
    .where('office_id', '=', scope.officeId)
    .where('id', '=', unitId)
    .executeTakeFirst();
}

export interface UnitRow {
  id: number;
  name: string;
  inspectionCount: number;
  problems: ProblemCounts;
  version: number;
}

/** The units in scope, each with its problem counts by state (over all its inspections). */
export async function findUnits(db: Executor, scope: LedgerScope, today: string): Promise<UnitRow[]> {
  let query = db
    .selectFrom('units')
    .where('units.office_id', '=', scope.officeId)
    .select((eb) => [
      'units.id',
      'units.name',
      'units.version',
      eb
        .selectFrom('inspections')
        .select(sql<number>`count(*)`.as('count'))
        .whereRef('inspections.unit_id', '=', 'units.id')
        .as('inspection_count'),
    ])
    .orderBy('units.id');
  if (scope.unitIds !== 'all') query = query.where('units.id', 'in', [...scope.unitIds, -1]);
  const rows = await query.execute();
  const counts = await countProblems(
    db,
    scope.officeId,
    'unit',
    rows.map((row) => row.id),
    today,
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    inspectionCount: Number(row.inspection_count ?? 0),
    problems: counts.get(row.id) ?? { ...emptyCounts },
    version: row.version,
  }));
}

export interface InspectionRow {
  id: number;
  roundId: number;
  roundName: string;
  unitId: number;
  unitName: string;
  groupId: number | null;
  groupName: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  feedbackOn: string | null;
  planDueOn: string | null;
  reportDueOn: string | null;
  concentratedUntil: string | null;
  declaredAspects: number | null;
  declaredProblems: number | null;
  createdAt: string;
  version: number;
  problems: ProblemCounts;
}

function selectInspections(db: Executor, scope: LedgerScope) {
  return db
    .selectFrom('inspections')
    .innerJoin('inspection_rounds', 'inspection_rounds.id', 'inspections.round_id')
    .innerJoin('units', 'units.id', 'inspections.unit_id')
    .leftJoin('inspection_groups', 'inspection_groups.id', 'inspections.group_id')
    .where((eb) => inScope(eb as unknown as ExpressionBuilder<Tables, 'inspections'>, scope))
    .select([
      'inspections.id',
      'inspections.round_id',
      'inspection_rounds.name as round_name',
      'inspections.unit_id',
      'units.name as unit_name',
      'inspections.group_id',
      'inspection_groups.name as group_name',
      'inspections.period_start',
      'inspections.period_end',
      'inspections.feedback_on',
      'inspections.plan_due_on',
      'inspections.report_due_on',
      'inspections.concentrated_until',
      'inspections.declared_aspects',
      'inspections.declared_problems',
      'inspections.created_at',
      'inspections.version',
    ]);
}

type SelectedInspection = Awaited<
  ReturnType<ReturnType<typeof selectInspections>['executeTakeFirstOrThrow']>
>;

function toInspectionRow(row: SelectedInspection, problems: ProblemCounts | undefined): InspectionRow {
  return {
    id: row.id,
    roundId: row.round_id,
    roundName: row.round_name,
    unitId: row.unit_id,
    unitName: row.unit_name,
    groupId: row.group_id,
    groupName: row.group_name,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    feedbackOn: row.feedback_on,
    planDueOn: row.plan_due_on,
    reportDueOn: row.report_due_on,
    concentratedUntil: row.concentrated_until,
    declaredAspects: row.declared_aspects,
    declaredProblems: row.declared_problems,
    createdAt: row.created_at,
    version: row.version,
    problems: problems ?? { ...emptyCounts },
  };
}

/** The inspections in scope, optionally of one round or unit, newest round first. */
export async function findInspections(
  db: Executor,
  scope: LedgerScope,
  filter: { roundId?: number; unitId?: number },
  today: string,
): Promise<InspectionRow[]> {
  let query = selectInspections(db, scope)
    .orderBy('inspection_rounds.year', 'desc')
    .orderBy('inspections.round_id', 'desc')
    .orderBy('inspections.unit_id');
  if (filter.roundId !== undefined) query = query.where('inspections.round_id', '=', filter.roundId);
  if (filter.unitId !== undefined) query = query.where('inspections.unit_id', '=', filter.unitId);
  const rows = await query.execute();
  const counts = await countProblems(
    db,
    scope.officeId,
    'inspection',
    rows.map((row) => row.id),
    today,
  );
  return rows.map((row) => toInspectionRow(row, counts.get(row.id)));
}

export interface AspectRow {
  id: number;
  position: number;
  number: string | null;
  title: string;
  problemCount: number;
}

/** One inspection in scope with its aspects, or undefined when absent or out of scope. */
export async function findInspectionDetail(
  db: Executor,
  scope: LedgerScope,
  inspectionId: number,
  today: string,
): Promise<(InspectionRow & { aspects: AspectRow[] }) | undefined> {
  const row = await selectInspections(db, scope)
    .where('inspections.id', '=', inspectionId)
    .executeTakeFirst();
  if (!row) return undefined;
  const counts = await countProblems(db, scope.officeId, 'inspection', [row.id], today);
  const aspects = await db
    .selectFrom('aspects')
    .where('aspects.office_id', '=', scope.officeId)
    .where('aspects.inspection_id', '=', row.id)
    .select((eb) => [
      'aspects.id',
      'aspects.position',
      'aspects.number',
      'aspects.title',
      eb
        .selectFrom('problems')
        .select(sql<number>`count(*)`.as('count'))
        .whereRef('problems.aspect_id', '=', 'aspects.id')
        .as('problem_count'),
    ])
    .orderBy('aspects.position')
    .execute();
  return {
    ...toInspectionRow(row, counts.get(row.id)),
    aspects: aspects.map((aspect) => ({
      id: aspect.id,
      position: aspect.position,
      number: aspect.number,
      title: aspect.title,
      problemCount: Number(aspect.problem_count ?? 0),
    })),
  };
}
