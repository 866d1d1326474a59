/** `GET /api/analytics/figures`: the office dashboard's figures per unit and in total, in scope. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../storage/database.ts';
import { today, type Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { ledgerScopeOf } from '../ledger/ledger-scope.ts';
import { requireActor } from '../users/actor.ts';
import { findUnitFigures, totalFigures } from './unit-figures.repository.ts';

const FiguresQuerySchema = z.object({ roundId: z.coerce.number().int().positive().optional() });

export function registerAnalyticsRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock },
): void {
  const { db, clock } = dependencies;
  app.get(
    '/api/analytics/figures',
    {
      schema: describeRoute({
        summary: '整改统计：按单位与合计（完成率、逾期、制度、资金、问责）',
        tags: ['统计'],
        querystring: FiguresQuerySchema,
      }),
    },
    async (request) => {
      const scope = ledgerScopeOf(requireActor(request));
      const { roundId } = parseInput(FiguresQuerySchema, request.query, 'query');
      const rounds = await db
        .selectFrom('inspection_rounds')
        .select(['id', 'name', 'year'])
        .where('office_id', '=', scope.officeId)
        .orderBy('year', 'desc')
        .orderBy('id', 'desc')
        .execute();
      const units = await findUnitFigures(db, scope, { roundId, today: today(clock) });
      return { rounds, roundId: roundId ?? null, units, totals: totalFigures(units) };
    },
  );
}
