/**
 * The background build of the full-text index, on both backends: a search while the index is
 * half built (some problems never indexed, one indexed but edited since, a comment not yet
 * posted) answers exactly what the complete index answers; the build completes and later
 * searches use the index alone; two builders at once leave each posting once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { createDemoDatabase } from '../../../test/support/demo-database.ts';
import type { TestDatabase } from '../../../test/support/databases.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import {
  BUILD_AFTER_IMPORT,
  indexAfterImport,
  searchIndexBuildProgress,
  startSearchIndexBuild,
} from './search-index-builder.ts';
import { readIndexGap, refreshSearchIndex } from './search-index.repository.ts';
import { createSearchService } from './search.service.ts';

const EDITED_TITLE = '关于玄武湖畔专项资金管理不规范的问题';
const COMMENT_BODY = '已督促整改，琉璃瓦修缮台账补齐';
const QUERIES = ['整改', '车', '制度', '玄武湖', '琉璃瓦修缮', '违规发放津贴补贴', '资金 管理'];

describe.each(backends)('search index built in the background on %s', (backend) => {
  let database: TestDatabase;
  let officeId: number;
  let unitScope: LedgerScope;
  let officeScope: LedgerScope;
  let editedOldTitle = '';

  const countGap = async () => {
    const { query } = await readIndexGap(database.db, officeId);
    const row = await database.db
      .selectFrom(query.as('gap'))
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  };
  const postingFigures = async () => {
    const row = await database.db
      .selectFrom('search_terms')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.sum<number>('weight').as('weights')])
      .where('office_id', '=', officeId)
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), weights: Number(row.weights) };
  };
  /** Every page of the answer: problem, rank, snippet field; and whether a build was reported. */
  const answer = async (service: ReturnType<typeof createSearchService>, scope: LedgerScope, q: string) => {
    const hits: string[] = [];
    let indexing = false;
    for (let page = 1; ; page++) {
      const result = await service.search(scope, { q, page, pageSize: 7 });
      indexing ||= result.indexing !== null;
      hits.push(...result.hits.map((hit) => `${hit.problemId}:${hit.rank}:${hit.field}`));
      if (result.hits.length === 0 || hits.length >= result.total)
        return { total: result.total, hits, indexing };
    }
  };

  beforeAll(async () => {
    database = (await createDemoDatabase(backend, { units: 4, problemsPerUnit: 12 })).database;
    const office = await database.db
      .selectFrom('offices')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    officeId = office.id;
    const unit = await database.db
      .selectFrom('units')
      .select('id')
      .where('office_id', '=', officeId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    officeScope = { officeId, unitIds: 'all' };
    unitScope = { officeId, unitIds: [unit.id] };
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
  });

  it('answers a search during the build exactly as the complete index does', async () => {
    const db = database.db;
    // Half built: the first chunks only, then one indexed problem edited and a comment added
    // behind the index's back (as an import or another process would).
    const partial = await refreshSearchIndex(db, officeId, { chunkSize: 10, maxChunks: 2 });
    expect(partial.isComplete).toBe(false);
    const indexed = await db
      .selectFrom('search_documents')
      .innerJoin('problems', 'problems.id', 'search_documents.problem_id')
      .select(['problems.id', 'problems.title', 'problems.inspection_id'])
      .where('search_documents.office_id', '=', officeId)
      .orderBy('problems.id')
      .execute();
    expect(indexed).toHaveLength(20);
    const edited = indexed[0]!;
    editedOldTitle = edited.title;
    await db
      .updateTable('problems')
      .set((eb) => ({ title: EDITED_TITLE, version: eb('version', '+', 1) }))
      .where('id', '=', edited.id)
      .execute();
    const author = await db
      .insertInto('users')
      .values({
        office_id: officeId,
        username: 'search-commenter',
        display_name: '评论人',
        password_hash: 'not-a-login',
        role: 'office',
        created_at: '2026-11-20T02:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('comments')
      .values({
        office_id: officeId,
        problem_id: indexed[1]!.id,
        author_user_id: author.id,
        body: COMMENT_BODY,
        created_at: '2026-11-20T03:00:00.000Z',
      })
      .execute();
    const gapBefore = await countGap();
    expect(gapBefore).toBeGreaterThan(2);

    // Never indexes in the request: the first search starts the build and says so.
    const service = createSearchService({ db, inlineRefreshLimit: 0 });
    const during = new Map<string, Awaited<ReturnType<typeof answer>>>();
    const first = await service.search(officeScope, { q: QUERIES[0]!, page: 1, pageSize: 7 });
    expect(first.indexing).not.toBeNull();
    for (const q of QUERIES) {
      during.set(`office ${q}`, await answer(service, officeScope, q));
      during.set(`unit ${q}`, await answer(service, unitScope, q));
    }

    await startSearchIndexBuild(db, officeId);
    expect(await countGap()).toBe(0);
    const after = createSearchService({ db, inlineRefreshLimit: 0 });
    for (const q of QUERIES) {
      for (const [label, scope] of [
        ['office', officeScope],
        ['unit', unitScope],
      ] as const) {
        const complete = await answer(after, scope, q);
        expect(complete.indexing, `${label} ${q}`).toBe(false);
        const partialAnswer = during.get(`${label} ${q}`)!;
        expect(partialAnswer.total, `${label} ${q}`).toBe(complete.total);
        expect(partialAnswer.hits, `${label} ${q}`).toEqual(complete.hits);
      }
    }
    // The edited title is found by its new words and no longer by the old ones; the comment too.
    const newTitle = await answer(after, officeScope, '玄武湖');
    expect(newTitle.hits.map((hit) => Number(hit.split(':')[0]))).toEqual([edited.id]);
    expect((await answer(after, officeScope, '琉璃瓦修缮')).hits[0]).toMatch(
      new RegExp(`^${indexed[1]!.id}:`),
    );
    const oldWords = await answer(after, officeScope, editedOldTitle.slice(0, 12));
    expect(oldWords.hits.some((hit) => hit.startsWith(`${edited.id}:`) && hit.endsWith(':title'))).toBe(
      false,
    );
  });

  it('runs one build per office at a time, and two builders at once post each posting once', async () => {
    const db = database.db;
    const single = await postingFigures();
    expect(single.count).toBeGreaterThan(0);
    await db.deleteFrom('search_terms').where('office_id', '=', officeId).execute();
    await db.deleteFrom('search_documents').where('office_id', '=', officeId).execute();
    await db.deleteFrom('search_index_marks').where('office_id', '=', officeId).execute();

    const joined = [
      startSearchIndexBuild(db, officeId, { chunkSize: 5 }),
      startSearchIndexBuild(db, officeId),
    ];
    expect(joined[0]).toBe(joined[1]);
    await Promise.all(joined);
    expect(await postingFigures()).toEqual(single);

    // Two builders that do not know of each other (two processes), interleaving their chunks.
    await db.deleteFrom('search_terms').where('office_id', '=', officeId).execute();
    await db.deleteFrom('search_documents').where('office_id', '=', officeId).execute();
    await db.deleteFrom('search_index_marks').where('office_id', '=', officeId).execute();
    const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
    await Promise.all([
      refreshSearchIndex(db, officeId, { chunkSize: 4, pause }),
      refreshSearchIndex(db, officeId, { chunkSize: 6, pause }),
    ]);
    expect(await postingFigures()).toEqual(single);
    expect(await countGap()).toBe(0);
    const duplicates = await sql<{
      n: number;
    }>`select count(*) as n from (select office_id, term, problem_id, field from search_terms group by office_id, term, problem_id, field having count(*) > 1) as d`.execute(
      db,
    );
    expect(Number(duplicates.rows[0]!.n)).toBe(0);
  });

  it('starts a background build after a large import only', async () => {
    const db = database.db;
    indexAfterImport(db, officeId, BUILD_AFTER_IMPORT - 1);
    expect(searchIndexBuildProgress(db, officeId)).toBeNull();
    indexAfterImport(db, officeId, BUILD_AFTER_IMPORT);
    expect(searchIndexBuildProgress(db, officeId)).not.toBeNull();
    await startSearchIndexBuild(db, officeId);
    expect(searchIndexBuildProgress(db, officeId)).toBeNull();
  });
});
