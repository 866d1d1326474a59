/**
 * The ranked full-text query, the same SQL on SQLite and PostgreSQL so both give the same
 * results: the query's bigram postings are summed per problem (field weights, so title hits
 * rank first and more matched bigrams rank higher), problems with too few matched bigrams are
 * dropped, the exact phrase earns a bonus, and ties go to the most recently updated problem.
 * Then the texts a page of results needs for its snippets.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import type { Tables } from '../../storage/schema.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';
import { jsonIdList, jsonScoreRows, type IndexGap } from './search-gap.repository.ts';
import { PHRASE_BONUS, type SearchQuery } from './search-text.rules.ts';

export interface RankedHit {
  problemId: number;
  rank: number;
}

/** A LIKE pattern for the query's words in order, wildcards in the words escaped. */
function phrasePattern(query: SearchQuery): string {
  const escaped = query.phrase.replace(/[\\%_]/g, (char) => `\\${char}`);
  return `%${escaped}%`;
}

/**
 * Per matching problem: its score (the sum of its postings' weights) and how many distinct
 * query bigrams it has. Two grouping steps rather than count(distinct …), which PostgreSQL
 * can only do by sorting.
 */
function matchedProblems(db: Executor, officeId: number, query: SearchQuery, gap: IndexGap | null) {
  // The unindexed problems' postings may be missing or stale: their scores come from the texts.
  const hasGap = gap !== null && gap.ids.length > 0;
  const excluded = hasGap ? jsonIdList(db, gap.ids) : null;
  if (query.kind === 'character') {
    const indexed = db
      .selectFrom('search_terms')
      .select((eb) => [
        'search_terms.problem_id',
        eb.fn.sum<number>('search_terms.weight').as('score'),
        sql<number>`1`.as('terms'),
      ])
      .where('search_terms.office_id', '=', officeId)
      .where('search_terms.term', '>=', query.low)
      .where('search_terms.term', '<=', query.high)
      .$if(excluded !== null, (qb) => qb.where('search_terms.problem_id', 'not in', excluded!))
      .groupBy('search_terms.problem_id');
    return hasGap ? indexed.unionAll(jsonScoreRows(db, gap.scores)) : indexed;
  }
  const perTerm = db
    .selectFrom('search_terms')
    .select((eb) => ['search_terms.problem_id', eb.fn.sum<number>('search_terms.weight').as('weight')])
    .where('search_terms.office_id', '=', officeId)
    .where('search_terms.term', 'in', query.codes)
    .$if(excluded !== null, (qb) => qb.where('search_terms.problem_id', 'not in', excluded!))
    .groupBy(['search_terms.problem_id', 'search_terms.term']);
  const indexed = db
    .selectFrom(perTerm.as('per_term'))
    .select((eb) => [
      'per_term.problem_id',
      eb.fn.sum<number>('per_term.weight').as('score'),
      eb.fn.countAll<number>().as('terms'),
    ])
    .groupBy('per_term.problem_id')
    .having((eb) => eb.fn.countAll(), '>=', query.required);
  return hasGap ? indexed.unionAll(jsonScoreRows(db, gap.scores)) : indexed;
}

/** One page of ranked problem ids in scope, and how many match in all. */
export async function findRankedProblems(
  db: Executor,
  scope: LedgerScope,
  query: SearchQuery,
  page: { limit: number; offset: number },
  gap: IndexGap | null = null,
): Promise<{ hits: RankedHit[]; total: number }> {
  let base = db
    .with('matched', () => matchedProblems(db, scope.officeId, query, gap))
    .selectFrom('matched')
    .innerJoin('problems', 'problems.id', 'matched.problem_id')
    .where('problems.office_id', '=', scope.officeId);
  if (scope.unitIds !== 'all') {
    base = base
      .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
      .where((eb) => inScope(eb as unknown as ExpressionBuilder<Tables, 'inspections'>, scope));
  }
  // The phrase can only occur where every bigram does, and a query of one bigram (or one
  // character) is its own phrase: then the bonus would be the same for all and is left out.
  const phraseBigrams = query.kind === 'bigrams' ? query.codes.length : 0;
  let rank = sql<number>`matched.score`;
  if (phraseBigrams > 1) {
    const pattern = phrasePattern(query);
    // Latin letters are compared in lower case; lower() of CJK is the identity on both backends.
    const isCaseFolded = /[a-z]/.test(query.phrase);
    const searchText = isCaseFolded ? sql`lower(problem_search.text)` : sql.ref('problem_search.text');
    const commentBody = isCaseFolded ? sql`lower(comments.body)` : sql.ref('comments.body');
    base = base.leftJoin('problem_search', 'problem_search.problem_id', 'matched.problem_id');
    rank = sql<number>`matched.score + case when matched.terms < ${phraseBigrams} then 0 when ${searchText} like ${pattern} escape '\\' then ${PHRASE_BONUS} when exists (select 1 from comments where comments.problem_id = matched.problem_id and ${commentBody} like ${pattern} escape '\\') then ${PHRASE_BONUS} else 0 end`;
  }
  const rows = await base
    .select(['matched.problem_id', rank.as('rank'), sql<number>`count(*) over ()`.as('total')])
    .orderBy('rank', 'desc')
    .orderBy('problems.updated_at', 'desc')
    .orderBy('problems.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  let total = rows.length > 0 ? Number(rows[0]!.total) : 0;
  if (rows.length === 0 && page.offset > 0) {
    const counted = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    total = Number(counted.n);
  }
  return {
    hits: rows.map((row) => ({ problemId: row.problem_id, rank: Number(row.rank) })),
    total,
  };
}

/** What a result shows besides its snippet: the problem and where it sits. */
export async function findHitPlaces(db: Executor, officeId: number, problemIds: readonly number[]) {
  if (problemIds.length === 0) return [];
  return db
    .selectFrom('problems')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .innerJoin('units', 'units.id', 'inspections.unit_id')
    .innerJoin('inspection_rounds', 'inspection_rounds.id', 'inspections.round_id')
    .select([
      'problems.id',
      'problems.number',
      'problems.title',
      'problems.state',
      'problems.updated_at',
      'inspections.id as inspection_id',
      'units.id as unit_id',
      'units.name as unit_name',
      'inspection_rounds.id as round_id',
      'inspection_rounds.name as round_name',
    ])
    .where('problems.office_id', '=', officeId)
    .where('problems.id', 'in', [...problemIds])
    .execute();
}

/** The searchable texts of some problems, each list in display order. */
export async function findHitTexts(db: Executor, problemIds: readonly number[]) {
  if (problemIds.length === 0) return { manifestations: [], measures: [], comments: [] };
  const ids = [...problemIds];
  const [manifestations, measures, comments] = await Promise.all([
    db
      .selectFrom('problem_manifestations')
      .select(['id', 'problem_id', 'text'])
      .where('problem_id', 'in', ids)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('measures')
      .select(['id', 'problem_id', 'text'])
      .where('problem_id', 'in', ids)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('comments')
      .select(['id', 'problem_id', 'body as text'])
      .where('problem_id', 'in', ids)
      .orderBy('id')
      .execute(),
  ]);
  return { manifestations, measures, comments };
}
