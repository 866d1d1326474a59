/**
 * Search over the part of an office the index does not cover yet (while a background build
 * runs): the unindexed problems in scope are scored from their texts with the same weights the
 * postings carry, and handed to the ranked query as a JSON list — one parameter whatever its
 * length — so ranking, the phrase bonus, ordering and paging stay in the one SQL statement.
 */
import { PostgresAdapter, sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import type { SearchField, Tables } from '../../storage/schema.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';
import { readIndexGap } from './search-index.repository.ts';
import { scoreFieldTexts, type SearchQuery } from './search-text.rules.ts';

/** The unindexed problems in scope, and the scores of those that match. */
export interface IndexGap {
  ids: number[];
  /** [problem id, score, matched bigrams] */
  scores: Array<[number, number, number]>;
}

const isPostgres = (db: Executor) => db.getExecutor().adapter instanceof PostgresAdapter;

/** `(select id …)` over a JSON array of integers. */
export function jsonIdList(db: Executor, ids: readonly number[]): RawBuilder<number> {
  const json = JSON.stringify(ids);
  return isPostgres(db)
    ? sql<number>`(select value::integer from jsonb_array_elements_text(${json}::jsonb))`
    : sql<number>`(select value from json_each(${json}))`;
}

/** Rows (problem_id, score, terms) from a JSON array of triples. */
export function jsonScoreRows(db: Executor, scores: IndexGap['scores']) {
  const json = JSON.stringify(scores);
  return isPostgres(db)
    ? sql<{
        problem_id: number;
        score: number;
        terms: number;
      }>`select (row_value->>0)::integer as problem_id, (row_value->>1)::integer as score, (row_value->>2)::integer as terms from jsonb_array_elements(${json}::jsonb) as gap_rows(row_value)`
    : sql<{
        problem_id: number;
        score: number;
        terms: number;
      }>`select json_extract(value, '$[0]') as problem_id, json_extract(value, '$[1]') as score, json_extract(value, '$[2]') as terms from json_each(${json})`;
}

export async function scoreUnindexedProblems(
  db: Executor,
  scope: LedgerScope,
  query: SearchQuery,
): Promise<IndexGap> {
  const { query: gap } = await readIndexGap(db, scope.officeId);
  let inScopeGap = db
    .selectFrom('problems')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .select(['problems.id', 'problems.title'])
    .where('problems.office_id', '=', scope.officeId)
    .where('problems.id', 'in', gap);
  if (scope.unitIds !== 'all') {
    inScopeGap = inScopeGap.where((eb) =>
      inScope(eb as unknown as ExpressionBuilder<Tables, 'inspections'>, scope),
    );
  }
  const problems = await inScopeGap.orderBy('problems.id').execute();
  if (problems.length === 0) return { ids: [], scores: [] };
  const ids = problems.map((problem) => problem.id);
  const list = jsonIdList(db, ids);
  const [manifestations, measures, comments] = await Promise.all([
    db
      .selectFrom('problem_manifestations')
      .select(['problem_id', 'text'])
      .where('problem_id', 'in', list)
      .execute(),
    db.selectFrom('measures').select(['problem_id', 'text']).where('problem_id', 'in', list).execute(),
    db
      .selectFrom('comments')
      .select(['problem_id', 'body as text'])
      .where('problem_id', 'in', list)
      .execute(),
  ]);
  const textsOf = new Map<number, Partial<Record<SearchField, string[]>>>(
    problems.map((problem) => [problem.id, { title: [problem.title] }]),
  );
  const add = (field: SearchField, rows: ReadonlyArray<{ problem_id: number; text: string }>) => {
    for (const row of rows) {
      const texts = textsOf.get(row.problem_id);
      if (!texts) continue;
      (texts[field] ??= []).push(row.text);
    }
  };
  add('manifestation', manifestations);
  add('measure', measures);
  add('comment', comments);
  const scores: IndexGap['scores'] = [];
  for (const [id, texts] of textsOf) {
    const scored = scoreFieldTexts(texts, query);
    if (scored) scores.push([id, scored.score, scored.terms]);
  }
  return { ids, scores };
}
