/**
 * Keeps each problem's search text current and finds problems by it. Freshness is checked, not
 * trusted: a row is rebuilt whenever the problem's version or update time differs from the one
 * it was built from, so no write path can leave the search stale by forgetting to update it.
 */
import { sql } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import { readOfficeFreshness } from './ledger-cache.ts';

/** Rows rebuilt per statement, to keep parameter lists and memory small. */
const REFRESH_BATCH = 500;

/** Rebuilds the search rows of an office's problems that changed since they were built. */
export async function refreshStaleSearchRows(db: Executor, officeId: number): Promise<number> {
  const stale = await db
    .selectFrom('problems')
    .leftJoin('problem_search', 'problem_search.problem_id', 'problems.id')
    .select([
      'problems.id',
      'problems.version',
      'problems.updated_at',
      'problems.number',
      'problems.title',
      'problems.goal',
    ])
    .where('problems.office_id', '=', officeId)
    .where((eb) =>
      eb.or([
        eb('problem_search.problem_id', 'is', null),
        eb('problem_search.source_version', '<>', eb.ref('problems.version')),
        eb('problem_search.source_updated_at', '<>', eb.ref('problems.updated_at')),
      ]),
    )
    .execute();
  for (let start = 0; start < stale.length; start += REFRESH_BATCH) {
    const batch = stale.slice(start, start + REFRESH_BATCH);
    const ids = batch.map((problem) => problem.id);
    const [measures, manifestations] = await Promise.all([
      db
        .selectFrom('measures')
        .select(['problem_id', 'text'])
        .where('problem_id', 'in', ids)
        .orderBy('position')
        .execute(),
      db
        .selectFrom('problem_manifestations')
        .select(['problem_id', 'text'])
        .where('problem_id', 'in', ids)
        .orderBy('position')
        .execute(),
    ]);
    const partsOf = new Map<number, string[]>(
      batch.map((problem) => [problem.id, [problem.number ?? '', problem.title, problem.goal ?? '']]),
    );
    for (const row of [...manifestations, ...measures]) partsOf.get(row.problem_id)?.push(row.text);
    await db.transaction().execute(async (transaction) => {
      await transaction.deleteFrom('problem_search').where('problem_id', 'in', ids).execute();
      await transaction
        .insertInto('problem_search')
        .values(
          batch.map((problem) => ({
            problem_id: problem.id,
            office_id: officeId,
            // A separator no search term contains, so a match never spans two parts.
            text: (partsOf.get(problem.id) ?? []).join('\u0001'),
            source_version: problem.version,
            source_updated_at: problem.updated_at,
          })),
        )
        .execute();
    });
  }
  return stale.length;
}

/** Per database handle and office, the freshness mark at the last full staleness check. */
const checkedAt = new WeakMap<object, Map<number, number>>();

/**
 * Brings an office's search rows up to date, checking only when its ledger changed since the
 * last check in this process (every change appends an event, see ledger-cache.ts).
 */
export async function ensureSearchRowsFresh(db: Executor, officeId: number): Promise<void> {
  const freshness = await readOfficeFreshness(db, officeId);
  let offices = checkedAt.get(db);
  if (!offices) {
    offices = new Map();
    checkedAt.set(db, offices);
  }
  if (offices.get(officeId) === freshness) return;
  await refreshStaleSearchRows(db, officeId);
  offices.set(officeId, freshness);
}

/** Escapes LIKE wildcards so a user's `%` or `_` is matched literally. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * `problems.id` is one whose search text contains the term. The subquery is deliberately not
 * correlated (the office is a constant), so it runs once rather than once per problem.
 */
export function searchTextContains(officeId: number, term: string) {
  return sql<boolean>`problems.id in (select problem_search.problem_id from problem_search where problem_search.office_id = ${officeId} and problem_search.text like ${likePattern(term)} escape '\\')`;
}
