/**
 * The reads of the similar-problems view: every problem in scope (optionally one round) with its
 * unit, round and state, its manifestations, and its measures for the summary. One query each.
 */
import type { ExpressionBuilder } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import type { Tables } from '../../storage/schema.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';

export async function findComparableProblems(db: Executor, scope: LedgerScope, filter: { roundId?: number }) {
  let query = db
    .selectFrom('problems')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .innerJoin('units', 'units.id', 'inspections.unit_id')
    .innerJoin('inspection_rounds', 'inspection_rounds.id', 'inspections.round_id')
    .select([
      'problems.id',
      'problems.number',
      'problems.title',
      'problems.state',
      'inspections.id as inspection_id',
      'units.id as unit_id',
      'units.name as unit_name',
      'inspection_rounds.id as round_id',
      'inspection_rounds.name as round_name',
    ])
    .where('problems.office_id', '=', scope.officeId)
    .where((eb) => inScope(eb as unknown as ExpressionBuilder<Tables, 'inspections'>, scope));
  if (filter.roundId !== undefined) query = query.where('inspections.round_id', '=', filter.roundId);
  return query.orderBy('problems.id').execute();
}

/** Manifestations or measures of the office's problems, grouped by problem id, in position order. */
export async function findPartsByProblem<T extends 'problem_manifestations' | 'measures'>(
  db: Executor,
  officeId: number,
  table: T,
  problemIds: ReadonlySet<number>,
): Promise<Map<number, Array<{ text: string; isDone: boolean }>>> {
  const rows =
    table === 'measures'
      ? await db
          .selectFrom('measures')
          .select(['problem_id', 'text', 'is_done'])
          .where('office_id', '=', officeId)
          .orderBy('problem_id')
          .orderBy('position')
          .execute()
      : (
          await db
            .selectFrom('problem_manifestations')
            .select(['problem_id', 'text'])
            .where('office_id', '=', officeId)
            .orderBy('problem_id')
            .orderBy('position')
            .execute()
        ).map((row) => ({ ...row, is_done: 0 }));
  const byProblem = new Map<number, Array<{ text: string; isDone: boolean }>>();
  for (const row of rows) {
    if (!problemIds.has(row.problem_id)) continue;
    const list = byProblem.get(row.problem_id);
    const part = { text: row.text, isDone: Number(row.is_done) === 1 };
    if (list) list.push(part);
    else byProblem.set(row.problem_id, [part]);
  }
  return byProblem;
}
