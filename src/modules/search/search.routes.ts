/**
 * Search routes: full-text search across the ledgers in scope (全文检索) and the groups of
 * similar problems across units (举一反三). Thin: validate, scope, call the service.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../storage/database.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { ledgerScopeOf } from '../ledger/ledger-scope.ts';
import { requireActor } from '../users/actor.ts';
import { SearchQuerySchema, SimilarProblemsQuerySchema } from './search.schema.ts';
import { createSearchService } from './search.service.ts';
import { createSimilarProblemsService } from './similar-problems.service.ts';

const tags = ['全文检索与举一反三'];

export function registerSearchRoutes(app: FastifyInstance, dependencies: { db: Database }): void {
  const search = createSearchService({ db: dependencies.db, log: app.log });
  const similar = createSimilarProblemsService(dependencies);

  app.get(
    '/api/search',
    {
      schema: describeRoute({
        summary: '全文检索：问题标题、具体表现、整改措施、意见（按相关度排序，含高亮摘要）',
        tags,
        querystring: SearchQuerySchema,
      }),
    },
    async (request) => {
      const scope = ledgerScopeOf(requireActor(request));
      return search.search(scope, parseInput(SearchQuerySchema, request.query, 'query'));
    },
  );

  app.get(
    '/api/similar-problems',
    {
      schema: describeRoute({
        summary: '举一反三：跨单位的相似问题分组（各单位的整改状态与措施摘要）',
        tags,
        querystring: SimilarProblemsQuerySchema,
      }),
    },
    async (request) => {
      const scope = ledgerScopeOf(requireActor(request));
      return similar.findGroups(scope, parseInput(SimilarProblemsQuerySchema, request.query, 'query'));
    },
  );
}
