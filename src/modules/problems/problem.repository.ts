/**
 * Writes and counts the problem tree of an inspection: aspects, problems with their children,
 * manifestations, measures, deadlines and assignments.
 */
import type { Executor } from '../../storage/database.ts';
import type { AssignmentRole, DeadlineKind, LedgerState } from '../../storage/schema.ts';

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
    await db.updateTable('deadlines').set({ due_on: dueOn }).where('id', '=', problem.deadline_id).execute();
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
