/**
 * Ledger routes: the scoped listing with filters and pagination, and workflow actions on one
 * item. Thin: validate, call one service function, return its result.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../storage/database.ts';
import { today, type Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { requireActor } from '../users/actor.ts';
import { createLedgerCache, readOfficeFreshness } from './ledger-cache.ts';
import { findLedgerPage, type LedgerQuery } from './ledger-query.repository.ts';
import { LedgerQuerySchema, ProblemIdParamsSchema, TransitionSchema } from './ledger.schema.ts';
import { ledgerScopeOf } from './ledger-scope.ts';
import { createWorkflowService } from './workflow.service.ts';

export function registerLedgerRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock },
): void {
  const { db, clock } = dependencies;
  const workflow = createWorkflowService({ db, clock });
  const cache = createLedgerCache();

  app.get(
    '/api/ledger',
    {
      schema: describeRoute({
        summary: '整改台账列表（筛选、搜索、分页）',
        tags: ['台账'],
        querystring: LedgerQuerySchema,
      }),
    },
    async (request, reply) => {
      const scope = ledgerScopeOf(requireActor(request));
      const input = parseInput(LedgerQuerySchema, request.query, 'query');
      const query: LedgerQuery = {
        filter: {
          inspectionId: input.inspectionId,
          unitId: input.unitId,
          aspectId: input.aspectId,
          states: input.state,
          isOverdue: input.overdue,
          isLongTerm: input.longTerm,
          departmentId: input.departmentId,
          leaderId: input.leaderId,
          personId: input.personId,
          dueFrom: input.dueFrom,
          dueTo: input.dueTo,
          text: input.q,
          isReturned: input.returned,
        },
        sort: input.sort,
        page: input.page,
        pageSize: input.pageSize,
        today: today(clock),
        includeMeasures: input.includeMeasures === true,
      };
      const freshness = await readOfficeFreshness(db, scope.officeId);
      // The cache keeps the serialised answer, so a repeated view costs no JSON work at all.
      const json = await cache.read(JSON.stringify([scope, query]), freshness, async () =>
        JSON.stringify(await findLedgerPage(db, scope, query)),
      );
      return reply.type('application/json; charset=utf-8').send(json);
    },
  );

  app.post(
    '/api/problems/:id/transitions',
    {
      schema: describeRoute({
        summary: '台账流转：开始整改、申请销号、撤回、审核通过、退回、反弹重开',
        tags: ['台账'],
        params: ProblemIdParamsSchema,
        body: TransitionSchema,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      const scope = ledgerScopeOf(actor);
      const { id } = parseInput(ProblemIdParamsSchema, request.params, 'params');
      const input = parseInput(TransitionSchema, request.body);
      return workflow.transition(
        { ...scope, userId: actor.userId, role: actor.role },
        {
          problemId: id,
          action: input.action,
          reason: input.reason,
          statement: input.statement,
          expectedVersion: input.version,
        },
      );
    },
  );
}
