/**
 * Full-text search (全文检索) across every ledger in the caller's scope: problem titles,
 * manifestations, measures and comments. Brings the index up to date, ranks in the database,
 * then cuts a highlighted snippet from the text that shows the query best.
 */
import type { Database } from '../../storage/database.ts';
import type { LedgerState, SearchField } from '../../storage/schema.ts';
import { AppError } from '../common/app-error.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import { ensureSearchRowsFresh } from '../ledger/problem-search.repository.ts';
import { ensureSearchIndexFresh, type BuildLog } from './search-index-builder.ts';
import type { BuildProgress } from './search-index.repository.ts';
import { scoreUnindexedProblems } from './search-gap.repository.ts';
import { findHitPlaces, findHitTexts, findRankedProblems } from './search.repository.ts';
import {
  cutSnippet,
  fieldLabels,
  matchStrength,
  matchText,
  parseSearchQuery,
  type Snippet,
} from './search-text.rules.ts';

export interface SearchHit {
  problemId: number;
  problemNumber: string | null;
  problemTitle: string;
  state: LedgerState;
  inspectionId: number;
  unitId: number;
  unitName: string;
  roundId: number;
  roundName: string;
  updatedAt: string;
  rank: number;
  /** The field whose text the snippet shows, and its Chinese name. */
  field: SearchField;
  fieldLabel: string;
  snippet: Snippet;
}

export interface SearchPage {
  query: string;
  page: number;
  pageSize: number;
  total: number;
  hits: SearchHit[];
  /**
   * Set while the office's index is being built: how far the build has come. The results are
   * complete all the same — the unindexed problems were searched directly.
   */
  indexing: BuildProgress | null;
}

export function createSearchService(dependencies: {
  db: Database;
  log?: BuildLog;
  /** Unindexed problems a search indexes itself before answering (tests set 0). */
  inlineRefreshLimit?: number;
}) {
  const { db } = dependencies;
  return {
    async search(
      scope: LedgerScope,
      input: { q: string; page: number; pageSize: number },
    ): Promise<SearchPage> {
      const query = parseSearchQuery(input.q);
      if (!query)
        throw new AppError(
          'invalid_input',
          '请求参数有误：query.q：检索词须包含文字或数字',
          'query.q has no letters or digits',
          {
            where: 'query.q',
          },
        );
      const { building } = await ensureSearchIndexFresh(db, scope.officeId, {
        inlineLimit: dependencies.inlineRefreshLimit,
        log: dependencies.log,
      });
      await ensureSearchRowsFresh(db, scope.officeId);
      const gap = building ? await scoreUnindexedProblems(db, scope, query) : null;
      const { hits, total } = await findRankedProblems(
        db,
        scope,
        query,
        { limit: input.pageSize, offset: (input.page - 1) * input.pageSize },
        gap,
      );
      const ids = hits.map((hit) => hit.problemId);
      const [places, texts] = await Promise.all([
        findHitPlaces(db, scope.officeId, ids),
        findHitTexts(db, ids),
      ]);
      const placeOf = new Map(places.map((place) => [place.id, place]));
      const candidatesOf = new Map<number, Array<{ field: SearchField; text: string }>>();
      const add = (problemId: number, field: SearchField, text: string) => {
        const list = candidatesOf.get(problemId);
        if (list) list.push({ field, text });
        else candidatesOf.set(problemId, [{ field, text }]);
      };
      for (const place of places) add(place.id, 'title', place.title);
      for (const row of texts.manifestations) add(row.problem_id, 'manifestation', row.text);
      for (const row of texts.measures) add(row.problem_id, 'measure', row.text);
      for (const row of texts.comments) add(row.problem_id, 'comment', row.text);
      const results: SearchHit[] = [];
      for (const hit of hits) {
        const place = placeOf.get(hit.problemId);
        if (!place) continue;
        let best: {
          field: SearchField;
          text: string;
          strength: number;
          ranges: Array<[number, number]>;
        } | null = null;
        for (const candidate of candidatesOf.get(hit.problemId) ?? []) {
          const match = matchText(candidate.text, query);
          if (!match) continue;
          const strength = matchStrength(match, candidate.field);
          if (!best || strength > best.strength) best = { ...candidate, strength, ranges: match.ranges };
        }
        const field = best?.field ?? 'title';
        results.push({
          problemId: place.id,
          problemNumber: place.number,
          problemTitle: place.title,
          state: place.state,
          inspectionId: place.inspection_id,
          unitId: place.unit_id,
          unitName: place.unit_name,
          roundId: place.round_id,
          roundName: place.round_name,
          updatedAt: new Date(place.updated_at).toISOString(),
          rank: hit.rank,
          field,
          fieldLabel: fieldLabels[field],
          snippet: best ? cutSnippet(best.text, best.ranges) : { text: place.title, highlights: [] },
        });
      }
      return {
        query: input.q,
        page: input.page,
        pageSize: input.pageSize,
        total,
        hits: results,
        indexing: building,
      };
    },
  };
}
