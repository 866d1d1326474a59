/** Writes of the spreadsheet import that the problem repository has no function for. */
import type { Insertable } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import type { StateTransitionsTable } from '../../storage/schema.ts';
import {
  pendingColumns,
  type NewAssignment,
  type NewDeadline,
  type NewProblemRow,
} from '../problems/problem.repository.ts';

/** Existing aspects and problems of an inspection, for matching re-imported rows. */
export async function findLedgerKeys(db: Executor, inspectionId: number) {
  const aspects = await db
    .selectFrom('aspects')
    .select(['id', 'title', 'position'])
    .where('inspection_id', '=', inspectionId)
    .execute();
  const problems = await db
    .selectFrom('problems')
    .select(['id', 'aspect_id', 'parent_id', 'number', 'title', 'position'])
    .where('inspection_id', '=', inspectionId)
    .execute();
  return { aspects, problems };
}

/** Sets the text at each position, appending where the problem has fewer rows. */
export async function upsertTextsByPosition(
  db: Executor,
  table: 'measures' | 'problem_manifestations',
  officeId: number,
  problemId: number,
  texts: readonly string[],
): Promise<void> {
  const existing = await db
    .selectFrom(table)
    .select(['id', 'position', 'text'])
    .where('problem_id', '=', problemId)
    .execute();
  const byPosition = new Map(existing.map((row) => [row.position, row]));
  for (const [position, text] of texts.entries()) {
    const row = byPosition.get(position);
    if (row && row.text !== text) {
      await db
        .updateTable(table)
        .set((eb) => ({ text, version: eb('version', '+', 1) }))
        .where('id', '=', row.id)
        .execute();
    } else if (!row) {
      await db
        .insertInto(table)
        .values({ office_id: officeId, problem_id: problemId, position, text })
        .execute();
    }
  }
}

export async function updateImportedProblem(
  db: Executor,
  problemId: number,
  changes: { deadlineId: number | null; isLongTerm: boolean; updatedAt: string },
): Promise<void> {
  await db
    .updateTable('problems')
    .set((eb) => ({
      deadline_id: changes.deadlineId,
      is_long_term: changes.isLongTerm ? 1 : 0,
      updated_at: changes.updatedAt,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', problemId)
    .execute();
}

// ---- Multi-row inserts for a large import: a few statements per few hundred rows. ----

/** Rows per statement: at most 500, and under the bound-parameter limits of SQLite and PostgreSQL. */
function chunksOf<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.min(500, Math.floor(30_000 / columns)));
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}

/**
 * Inserts deadlines and returns their ids in the order given: ids of one statement are assigned
 * in row order, increasing, so the returned ids are sorted rather than trusted to come in order.
 */
export async function insertDeadlines(db: Executor, deadlines: readonly NewDeadline[]): Promise<number[]> {
  const ids: number[] = [];
  for (const chunk of chunksOf(deadlines, 9)) {
    const rows = await db
      .insertInto('deadlines')
      .values(
        chunk.map((deadline) => ({
          office_id: deadline.officeId,
          kind: deadline.kind,
          text: deadline.text,
          due_on: deadline.dueOn,
          months: deadline.months,
          checkin_interval_days: deadline.checkinIntervalDays,
          ...pendingColumns(deadline.pending),
        })),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((row) => row.id).sort((a, b) => a - b));
  }
  return ids;
}

/**
 * Inserts problems and returns their ids in the order given, matched by (aspect, parent,
 * position) — unique among the rows of one import, since each takes the next free position.
 */
export async function insertProblems(db: Executor, problems: readonly NewProblemRow[]): Promise<number[]> {
  const slot = (aspectId: number, parentId: number | null, position: number) =>
    `${aspectId}|${parentId ?? ''}|${position}`;
  const idOf = new Map<string, number>();
  for (const chunk of chunksOf(problems, 14)) {
    const rows = await db
      .insertInto('problems')
      .values(
        chunk.map((problem) => ({
          office_id: problem.officeId,
          inspection_id: problem.inspectionId,
          aspect_id: problem.aspectId,
          parent_id: problem.parentId,
          position: problem.position,
          number: problem.number,
          title: problem.title,
          goal: problem.goal,
          state: problem.state,
          is_long_term: problem.isLongTerm ? (1 as const) : (0 as const),
          deadline_id: problem.deadlineId,
          closed_at: problem.closedAt,
          created_at: problem.createdAt,
          updated_at: problem.createdAt,
        })),
      )
      .returning(['id', 'aspect_id', 'parent_id', 'position'])
      .execute();
    for (const row of rows) idOf.set(slot(row.aspect_id, row.parent_id, row.position), row.id);
  }
  return problems.map((problem) => idOf.get(slot(problem.aspectId, problem.parentId, problem.position))!);
}

export async function insertTextRows(
  db: Executor,
  table: 'measures' | 'problem_manifestations',
  rows: ReadonlyArray<{ office_id: number; problem_id: number; position: number; text: string }>,
): Promise<void> {
  for (const chunk of chunksOf(rows, 4)) await db.insertInto(table).values(chunk).execute();
}

export async function insertAssignmentRows(
  db: Executor,
  officeId: number,
  rows: ReadonlyArray<{ problemId: number; assignment: NewAssignment }>,
): Promise<void> {
  for (const chunk of chunksOf(rows, 6)) {
    await db
      .insertInto('assignments')
      .values(
        chunk.map(({ problemId, assignment }) => ({
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
}

export async function insertStateTransitionRows(
  db: Executor,
  rows: ReadonlyArray<Insertable<StateTransitionsTable>>,
): Promise<void> {
  for (const chunk of chunksOf(rows, 8)) await db.insertInto('state_transitions').values(chunk).execute();
}
