/** Writes of the spreadsheet import that the problem repository has no function for. */
import type { Executor } from '../../storage/database.ts';

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
