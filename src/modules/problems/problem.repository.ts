/**
 * Writes and counts the problem tree of an inspection: aspects, problems with their children,
 * manifestations, measures, deadlines and assignments.
 */
import type { Executor } from '../../storage/database.ts';
import type { AssignmentRole, DeadlineKind, LedgerState } from '../../storage/schema.ts';
import type { PendingWorkingDays } from '../deadlines/deadline.rules.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';

export async function insertAspect(
  db: Executor,
  aspect: { officeId: number; inspectionId: number; position: number; number: string | null; title: string },
): Promise<number> {
  const row = await db
    .insertInto('aspects')
    .values({
      office_id: aspect.officeId,
      inspection_id: aspect.inspectionId,
      position: aspect.position,
      number: aspect.number,
      title: aspect.title,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface NewDeadline {
  officeId: number;
  kind: DeadlineKind;
  text: string | null;
  dueOn: string | null;
  months: number | null;
  checkinIntervalDays: number | null;
  /** A working-day deadline the calendar cannot count yet (no `dueOn` then). */
  pending?: PendingWorkingDays | null;
}

/** The pending columns of a deadline row, null when it is not pending. */
export function pendingColumns(pending: PendingWorkingDays | null | undefined) {
  return {
    working_days: pending?.workingDays ?? null,
    counted_from: pending?.countedFrom ?? null,
    awaits_calendar_year: pending?.awaitsYear ?? null,
  };
}

export async function insertDeadline(db: Executor, deadline: NewDeadline): Promise<number> {
  const row = await db
    .insertInto('deadlines')
    .values({
      office_id: deadline.officeId,
      kind: deadline.kind,
      text: deadline.text,
      due_on: deadline.dueOn,
      months: deadline.months,
      checkin_interval_days: deadline.checkinIntervalDays,
      ...pendingColumns(deadline.pending),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface NewProblemRow {
  officeId: number;
  inspectionId: number;
  aspectId: number;
  parentId: number | null;
  position: number;
  number: string | null;
  title: string;
  goal: string | null;
  state: LedgerState;
  isLongTerm: boolean;
  deadlineId: number | null;
  closedAt: string | null;
  createdAt: string;
}

export async function insertProblem(db: Executor, problem: NewProblemRow): Promise<number> {
  const row = await db
    .insertInto('problems')
    .values({
      office_id: problem.officeId,
      inspection_id: problem.inspectionId,
      aspect_id: problem.aspectId,
      parent_id: problem.parentId,
      position: problem.position,
      number: problem.number,
      title: problem.title,
      goal: problem.goal,
      state: problem.state,
      is_long_term: problem.isLongTerm ? 1 : 0,
      deadline_id: problem.deadlineId,
      closed_at: problem.closedAt,
      created_at: problem.createdAt,
      updated_at: problem.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertManifestations(
  db: Executor,
  officeId: number,
  problemId: number,
  texts: readonly string[],
): Promise<void> {
  if (texts.length === 0) return;
  await db
    .insertInto('problem_manifestations')
    .values(texts.map((text, position) => ({ office_id: officeId, problem_id: problemId, position, text })))
    .execute();
}

/** Inserts a problem's measures in order and returns their ids. */
export async function insertMeasures(
  db: Executor,
  officeId: number,
  problemId: number,
  measures: ReadonlyArray<{ text: string; deadlineId?: number | null; doneOn?: string | null }>,
): Promise<number[]> {
  if (measures.length === 0) return [];
  const rows = await db
    .insertInto('measures')
    .values(
      measures.map((measure, position) => ({
        office_id: officeId,
        problem_id: problemId,
        position,
        text: measure.text,
        deadline_id: measure.deadlineId ?? null,
        is_done: measure.doneOn ? (1 as const) : (0 as const),
        done_on: measure.doneOn ?? null,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

export interface NewAssignment {
  role: AssignmentRole;
  personId?: number;
  departmentId?: number;
  measureId?: number | null;
}

export async function insertAssignments(
  db: Executor,
  officeId: number,
  problemId: number,
  assignments: readonly NewAssignment[],
): Promise<void> {
  if (assignments.length === 0) return;
  await db
    .insertInto('assignments')
    .values(
      assignments.map((assignment) => ({
        office_id: officeId,
        problem_id: problemId,
        measure_id: assignment.measureId ?? null,
        role: assignment.role,
        person_id: assignment.personId ?? null,
        department_id: assignment.departmentId ?? null,
      })),
    )
    .execute();
}

export interface TreeCounts {
  aspects: number;
  problems: number;
  measures: number;
  manifestations: number;
}

/** How many rows of each kind an inspection's tree has. */
export async function countInspectionTree(db: Executor, inspectionId: number): Promise<TreeCounts> {
  const count = async (table: 'aspects' | 'problems') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('inspection_id', '=', inspectionId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const countChild = async (table: 'measures' | 'problem_manifestations') =>
    Number(
      (
        await db
          .selectFrom(table)
          .innerJoin('problems', 'problems.id', `${table}.problem_id`)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('problems.inspection_id', '=', inspectionId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    aspects: await count('aspects'),
    problems: await count('problems'),
    measures: await countChild('measures'),
    manifestations: await countChild('problem_manifestations'),
  };
}

/** Sets a problem's due day, creating a dated deadline when the problem had none. */
export async function setProblemDueOn(
  db: Executor,
  officeId: number,
  problemId: number,
  dueOn: string,
): Promise<void> {
  const problem = await db
    .selectFrom('problems')
    .select('deadline_id')
    .where('id', '=', problemId)
    .where('office_id', '=', officeId)
    .executeTakeFirstOrThrow();
  if (problem.deadline_id != null) {
    // A day given by hand ends any wait for the calendar.
    await db
      .updateTable('deadlines')
      .set({ due_on: dueOn, ...pendingColumns(null) })
      .where('id', '=', problem.deadline_id)
      .execute();
    // A deadline the text left unreadable becomes a dated one once a day is set.
    await db
      .updateTable('deadlines')
      .set({ kind: 'date' })
      .where('id', '=', problem.deadline_id)
      .where('kind', '=', 'unspecified')
      .execute();
    return;
  }
  const deadlineId = await insertDeadline(db, {
    officeId,
    kind: 'date',
    text: null,
    dueOn,
    months: null,
    checkinIntervalDays: null,
  });
  await db.updateTable('problems').set({ deadline_id: deadlineId }).where('id', '=', problemId).execute();
}

// ---------------------------------------------------------------------------------------------
// Reading and editing one problem in a user's scope (the problem API). Every lookup joins the
// inspection and filters by the scope, so an id outside it is simply not found.

/** The facts about a problem that editing needs: where it belongs, its state and version. */
export interface ProblemInScope {
  id: number;
  officeId: number;
  inspectionId: number;
  unitId: number;
  state: LedgerState;
  version: number;
  number: string | null;
  title: string;
  goal: string | null;
  isLongTerm: boolean;
  deadlineId: number | null;
  feedbackOn: string | null;
}

export async function findProblemInScope(
  db: Executor,
  scope: LedgerScope,
  problemId: number,
): Promise<ProblemInScope | undefined> {
  const row = await db
    .selectFrom('problems')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .select([
      'problems.id',
      'problems.office_id',
      'problems.inspection_id',
      'inspections.unit_id',
      'problems.state',
      'problems.version',
      'problems.number',
      'problems.title',
      'problems.goal',
      'problems.is_long_term',
      'problems.deadline_id',
      'inspections.feedback_on',
    ])
    .where('problems.id', '=', problemId)
    .where((eb) => inScope(eb, scope))
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    officeId: row.office_id,
    inspectionId: row.inspection_id,
    unitId: row.unit_id,
    state: row.state,
    version: row.version,
    number: row.number,
    title: row.title,
    goal: row.goal,
    isLongTerm: row.is_long_term === 1,
    deadlineId: row.deadline_id,
    feedbackOn: row.feedback_on,
  };
}

/** The current versions of some problems (after a bulk edit). */
export async function findProblemVersions(db: Executor, problemIds: readonly number[]) {
  if (problemIds.length === 0) return [];
  return db
    .selectFrom('problems')
    .select(['id', 'version'])
    .where('id', 'in', [...problemIds])
    .execute();
}

/** Everything the problem page shows, read in a handful of queries. */
export async function findProblemDetailRows(db: Executor, problemId: number) {
  const problem = await db
    .selectFrom('problems')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .innerJoin('inspection_rounds', 'inspection_rounds.id', 'inspections.round_id')
    .innerJoin('units', 'units.id', 'inspections.unit_id')
    .innerJoin('aspects', 'aspects.id', 'problems.aspect_id')
    .leftJoin('deadlines', 'deadlines.id', 'problems.deadline_id')
    .select([
      'problems.id',
      'problems.inspection_id',
      'problems.parent_id',
      'problems.number',
      'problems.title',
      'problems.goal',
      'problems.state',
      'problems.is_long_term',
      'problems.rebound_count',
      'problems.closed_at',
      'problems.updated_at',
      'problems.version',
      'inspections.feedback_on',
      'inspection_rounds.name as round_name',
      'units.id as unit_id',
      'units.name as unit_name',
      'aspects.id as aspect_id',
      'aspects.number as aspect_number',
      'aspects.title as aspect_title',
      'deadlines.kind as deadline_kind',
      'deadlines.text as deadline_text',
      'deadlines.due_on as deadline_due_on',
      'deadlines.awaits_calendar_year as deadline_awaits_calendar_year',
      'deadlines.checkin_interval_days',
    ])
    .where('problems.id', '=', problemId)
    .executeTakeFirstOrThrow();
  const parent =
    problem.parent_id == null
      ? undefined
      : await db
          .selectFrom('problems')
          .select(['id', 'number', 'title', 'state'])
          .where('id', '=', problem.parent_id)
          .executeTakeFirst();
  const children = await db
    .selectFrom('problems')
    .select(['id', 'number', 'title', 'state', 'version'])
    .where('parent_id', '=', problemId)
    .orderBy('position')
    .execute();
  const manifestations = await db
    .selectFrom('problem_manifestations')
    .select(['id', 'text', 'version'])
    .where('problem_id', '=', problemId)
    .orderBy('position')
    .execute();
  const measures = await db
    .selectFrom('measures')
    .leftJoin('deadlines', 'deadlines.id', 'measures.deadline_id')
    .select([
      'measures.id',
      'measures.text',
      'measures.is_done',
      'measures.done_on',
      'measures.version',
      'deadlines.kind as deadline_kind',
      'deadlines.text as deadline_text',
      'deadlines.due_on as deadline_due_on',
      'deadlines.awaits_calendar_year as deadline_awaits_calendar_year',
    ])
    .where('measures.problem_id', '=', problemId)
    .orderBy('measures.position')
    .execute();
  const assignments = await findAssignmentRows(db, problemId);
  const evidence = await db
    .selectFrom('evidence')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('problem_id', '=', problemId)
    .executeTakeFirstOrThrow();
  return {
    problem,
    parent: parent ?? null,
    children,
    manifestations,
    measures,
    assignments,
    evidenceCount: Number(evidence.n),
  };
}

export type ProblemDetailRows = Awaited<ReturnType<typeof findProblemDetailRows>>;

/** A problem's assignments (problem-level and per measure) with the names they point to. */
export async function findAssignmentRows(db: Executor, problemId: number) {
  return db
    .selectFrom('assignments')
    .leftJoin('people', 'people.id', 'assignments.person_id')
    .leftJoin('departments', 'departments.id', 'assignments.department_id')
    .select([
      'assignments.measure_id',
      'assignments.role',
      'assignments.person_id',
      'assignments.department_id',
      'people.name as person_name',
      'departments.name as department_name',
    ])
    .where('assignments.problem_id', '=', problemId)
    .orderBy('assignments.id')
    .execute();
}

export interface ProblemFieldChanges {
  number?: string | null;
  title?: string;
  goal?: string | null;
  isLongTerm?: boolean;
  deadlineId?: number | null;
}

/**
 * Updates a problem if it is still at the version the user saw, bumping the version; false
 * when someone changed it meanwhile.
 */
export async function updateProblemIfVersion(
  db: Executor,
  problemId: number,
  expectedVersion: number,
  changes: ProblemFieldChanges,
  updatedAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable('problems')
    .set((eb) => ({
      ...(changes.number !== undefined && { number: changes.number }),
      ...(changes.title !== undefined && { title: changes.title }),
      ...(changes.goal !== undefined && { goal: changes.goal }),
      ...(changes.isLongTerm !== undefined && {
        is_long_term: changes.isLongTerm ? (1 as const) : (0 as const),
      }),
      ...(changes.deadlineId !== undefined && { deadline_id: changes.deadlineId }),
      updated_at: updatedAt,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', problemId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks a problem as changed (a measure or manifestation moved) without bumping its version. */
export async function touchProblem(db: Executor, problemId: number, updatedAt: string): Promise<void> {
  await db.updateTable('problems').set({ updated_at: updatedAt }).where('id', '=', problemId).execute();
}

export async function findDeadline(db: Executor, deadlineId: number) {
  return db
    .selectFrom('deadlines')
    .select(['id', 'kind', 'text', 'due_on', 'months', 'checkin_interval_days', 'version'])
    .where('id', '=', deadlineId)
    .executeTakeFirst();
}

export interface DeadlineChanges {
  kind?: DeadlineKind;
  text?: string | null;
  dueOn?: string | null;
  months?: number | null;
  checkinIntervalDays?: number | null;
  /** Null clears a pending count (a day or another kind was given). */
  pending?: PendingWorkingDays | null;
}

/** Rewrites a deadline in place and bumps its version. */
export async function updateDeadline(
  db: Executor,
  deadlineId: number,
  changes: DeadlineChanges,
): Promise<void> {
  await db
    .updateTable('deadlines')
    .set((eb) => ({
      ...(changes.kind !== undefined && { kind: changes.kind }),
      ...(changes.text !== undefined && { text: changes.text }),
      ...(changes.dueOn !== undefined && { due_on: changes.dueOn }),
      ...(changes.months !== undefined && { months: changes.months }),
      ...(changes.checkinIntervalDays !== undefined && {
        checkin_interval_days: changes.checkinIntervalDays,
      }),
      ...(changes.pending !== undefined && pendingColumns(changes.pending)),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', deadlineId)
    .execute();
}

/** Replaces a problem's own assignments (not those of its measures) with the given ones. */
export async function replaceProblemAssignments(
  db: Executor,
  officeId: number,
  problemId: number,
  assignments: readonly NewAssignment[],
): Promise<void> {
  await db
    .deleteFrom('assignments')
    .where('problem_id', '=', problemId)
    .where('measure_id', 'is', null)
    .execute();
  await insertAssignments(db, officeId, problemId, assignments);
}

/** The people of a unit, for pickers and for checking that an assignment stays in the unit. */
export async function findUnitPeople(db: Executor, officeId: number, unitId: number) {
  return db
    .selectFrom('people')
    .leftJoin('departments', 'departments.id', 'people.department_id')
    .select([
      'people.id',
      'people.name',
      'people.title',
      'people.is_leader',
      'people.department_id',
      'departments.name as department_name',
    ])
    .where('people.office_id', '=', officeId)
    .where('people.unit_id', '=', unitId)
    .orderBy('people.is_leader', 'desc')
    .orderBy('people.id')
    .execute();
}

export async function findUnitDepartments(db: Executor, officeId: number, unitId: number) {
  return db
    .selectFrom('departments')
    .select(['id', 'name'])
    .where('office_id', '=', officeId)
    .where('unit_id', '=', unitId)
    .orderBy('id')
    .execute();
}

/** A unit of the office, when it is in the scope. */
export async function findUnitInScope(db: Executor, scope: LedgerScope, unitId: number) {
  const unit = await db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('id', '=', unitId)
    .where('office_id', '=', scope.officeId)
    .executeTakeFirst();
  if (!unit || (scope.unitIds !== 'all' && !scope.unitIds.includes(unit.id))) return undefined;
  return unit;
}

// Measures and manifestations: rows of their own, each with a version, edited through the
// problem they belong to.

export type ProblemPartTable = 'measures' | 'problem_manifestations';

/** A measure or manifestation with the facts about its problem that editing needs. */
export async function findProblemPartInScope(
  db: Executor,
  table: ProblemPartTable,
  scope: LedgerScope,
  partId: number,
) {
  // One query per table keeps the column types exact.
  const row = await db
    .selectFrom(table)
    .innerJoin('problems', 'problems.id', `${table}.problem_id`)
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .select([
      `${table}.id`,
      `${table}.problem_id`,
      `${table}.text`,
      `${table}.version`,
      'problems.state as problem_state',
      'problems.office_id',
    ])
    .where(`${table}.id`, '=', partId)
    .where((eb) => inScope(eb, scope))
    .executeTakeFirst();
  return row;
}

export async function findMeasure(db: Executor, measureId: number) {
  return db
    .selectFrom('measures')
    .leftJoin('deadlines', 'deadlines.id', 'measures.deadline_id')
    .select([
      'measures.id',
      'measures.problem_id',
      'measures.text',
      'measures.is_done',
      'measures.done_on',
      'measures.version',
      'deadlines.kind as deadline_kind',
      'deadlines.text as deadline_text',
      'deadlines.due_on as deadline_due_on',
      'deadlines.awaits_calendar_year as deadline_awaits_calendar_year',
    ])
    .where('measures.id', '=', measureId)
    .executeTakeFirstOrThrow();
}

export type MeasureRow = Awaited<ReturnType<typeof findMeasure>>;

export async function findManifestation(db: Executor, manifestationId: number) {
  return db
    .selectFrom('problem_manifestations')
    .select(['id', 'problem_id', 'text', 'version'])
    .where('id', '=', manifestationId)
    .executeTakeFirstOrThrow();
}

export type ManifestationRow = Awaited<ReturnType<typeof findManifestation>>;

async function nextPosition(db: Executor, table: ProblemPartTable, problemId: number): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max<number | null>('position').as('last'))
    .where('problem_id', '=', problemId)
    .executeTakeFirst();
  return row?.last == null ? 0 : Number(row.last) + 1;
}

/** Appends a measure after the problem's last one. */
export async function appendMeasure(
  db: Executor,
  measure: { officeId: number; problemId: number; text: string; doneOn: string | null },
): Promise<number> {
  const row = await db
    .insertInto('measures')
    .values({
      office_id: measure.officeId,
      problem_id: measure.problemId,
      position: await nextPosition(db, 'measures', measure.problemId),
      text: measure.text,
      is_done: measure.doneOn ? 1 : 0,
      done_on: measure.doneOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Appends a manifestation after the problem's last one. */
export async function appendManifestation(
  db: Executor,
  manifestation: { officeId: number; problemId: number; text: string },
): Promise<number> {
  const row = await db
    .insertInto('problem_manifestations')
    .values({
      office_id: manifestation.officeId,
      problem_id: manifestation.problemId,
      position: await nextPosition(db, 'problem_manifestations', manifestation.problemId),
      text: manifestation.text,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Updates a measure at the expected version, bumping it; false when it moved meanwhile. */
export async function updateMeasureIfVersion(
  db: Executor,
  measureId: number,
  expectedVersion: number,
  changes: { text?: string; doneOn?: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('measures')
    .set((eb) => ({
      ...(changes.text !== undefined && { text: changes.text }),
      ...(changes.doneOn !== undefined && {
        done_on: changes.doneOn,
        is_done: changes.doneOn ? (1 as const) : (0 as const),
      }),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', measureId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Updates a manifestation's text at the expected version, bumping it. */
export async function updateManifestationIfVersion(
  db: Executor,
  manifestationId: number,
  expectedVersion: number,
  text: string,
): Promise<boolean> {
  const result = await db
    .updateTable('problem_manifestations')
    .set((eb) => ({ text, version: eb('version', '+', 1) }))
    .where('id', '=', manifestationId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes a measure or manifestation at the expected version; false when it moved meanwhile. */
export async function deleteProblemPartIfVersion(
  db: Executor,
  table: ProblemPartTable,
  partId: number,
  expectedVersion: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom(table)
    .where('id', '=', partId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
