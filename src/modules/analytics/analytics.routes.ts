/**
 * Analytics routes: `GET /api/analytics/figures` (the office's figures per unit, per round, per
 * unit across rounds and in total, in scope) and `GET /api/analytics/figures/items` (the rows
 * behind one figure, paginated). Read-only for every role with a ledger; scoped like the ledger.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { ledgerScopeOf } from '../ledger/ledger-scope.ts';
import { requireActor } from '../users/actor.ts';
import { FigureItemsQuerySchema, FiguresQuerySchema } from './analytics.schema.ts';
import { createFiguresService } from './figures.service.ts';

export function registerAnalyticsRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock },
): void {
  const figures = createFiguresService(dependencies);
  app.get(
    '/api/analytics/figures',
    {
      schema: describeRoute({
        summary:
          '整改统计：按单位、按轮次、单位跨轮次与合计（完成率、基本完成、逾期、制度、资金、问责、督办）',
        tags: ['统计'],
        querystring: FiguresQuerySchema,
      }),
    },
    async (request) => {
      const scope = ledgerScopeOf(requireActor(request));
      const selection = parseInput(FiguresQuerySchema, request.query, 'query');
      return figures.getOverview(scope, selection);
    },
  );

  app.get(
    '/api/analytics/figures/items',
    {
      schema: describeRoute({
        summary: '整改统计穿透：某项数字背后的问题、措施、台账登记或督办单（分页）',
        tags: ['统计'],
        querystring: FigureItemsQuerySchema,
      }),
    },
    async (request) => {
      const scope = ledgerScopeOf(requireActor(request));
      const input = parseInput(FigureItemsQuerySchema, request.query, 'query');
      return figures.getItems(scope, input);
    },
  );
}
