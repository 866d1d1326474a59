/** History routes: a problem's timeline. Thin: validate, call one service function. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../storage/database.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { ProblemIdParamsSchema } from '../ledger/ledger.schema.ts';
import { ledgerScopeOf } from '../ledger/ledger-scope.ts';
import { requireActor } from '../users/actor.ts';
import { createTimelineService } from './timeline.service.ts';

export function registerEventRoutes(app: FastifyInstance, dependencies: { db: Database }): void {
  const timeline = createTimelineService(dependencies);

  app.get(
    '/api/problems/:id/timeline',
    {
      schema: describeRoute({
        summary: '问题的操作时间线（最早在前，含流转与佐证快照哈希）',
        tags: ['操作日志'],
        params: ProblemIdParamsSchema,
      }),
    },
    async (request) => {
      const scope = ledgerScopeOf(requireActor(request));
      const { id } = parseInput(ProblemIdParamsSchema, request.params, 'params');
      return { items: await timeline.getProblemTimeline(scope, id) };
    },
  );
}
