/**
 * Look-back routes (回头看): an inspection's look-backs, scheduling one, one look-back's
 * checklist, recording a check, completing, and the rebound rates for the office dashboard.
 * Thin: validate, call one service function, return its result.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { requireActor } from '../users/actor.ts';
import {
  CheckParamsSchema,
  CompleteLookbackSchema,
  InspectionIdParamsSchema,
  LookbackIdParamsSchema,
  RecordCheckSchema,
  ReboundRatesQuerySchema,
  ScheduleLookbackSchema,
} from './lookback.schema.ts';
import { createLookbackService } from './lookback.service.ts';

export function registerLookbackRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock },
): void {
  const lookbacks = createLookbackService(dependencies);
  const tags = ['回头看'];

  app.get(
    '/api/inspections/:id/lookbacks',
    {
      schema: describeRoute({
        summary: '巡察的回头看列表（含进度与默认计划日期）',
        tags,
        params: InspectionIdParamsSchema,
      }),
    },
    async (request) => {
      const { id } = parseInput(InspectionIdParamsSchema, request.params, 'params');
      return lookbacks.listForInspection(requireActor(request), id);
    },
  );

  app.post(
    '/api/inspections/:id/lookbacks',
    {
      schema: describeRoute({
        summary: '安排回头看（巡察办；检查安排时已销号的全部问题）',
        tags,
        params: InspectionIdParamsSchema,
        body: ScheduleLookbackSchema,
      }),
    },
    async (request, reply) => {
      const { id } = parseInput(InspectionIdParamsSchema, request.params, 'params');
      const input = parseInput(ScheduleLookbackSchema, request.body);
      const created = await lookbacks.schedule(requireActor(request), id, input);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/lookbacks/:id',
    {
      schema: describeRoute({
        summary: '回头看详情：检查清单与各方面反弹率',
        tags,
        params: LookbackIdParamsSchema,
      }),
    },
    async (request) => {
      const { id } = parseInput(LookbackIdParamsSchema, request.params, 'params');
      return lookbacks.getLookback(requireActor(request), id);
    },
  );

  app.put(
    '/api/lookbacks/:id/checks/:problemId',
    {
      schema: describeRoute({
        summary: '记录回头看检查结果（巩固 / 反弹；反弹即重新整改）',
        tags,
        params: CheckParamsSchema,
        body: RecordCheckSchema,
      }),
    },
    async (request) => {
      const { id, problemId } = parseInput(CheckParamsSchema, request.params, 'params');
      const input = parseInput(RecordCheckSchema, request.body);
      return lookbacks.recordCheck(requireActor(request), id, problemId, input);
    },
  );

  app.post(
    '/api/lookbacks/:id/complete',
    {
      schema: describeRoute({
        summary: '完成回头看（巡察办）',
        tags,
        params: LookbackIdParamsSchema,
        body: CompleteLookbackSchema,
      }),
    },
    async (request) => {
      const { id } = parseInput(LookbackIdParamsSchema, request.params, 'params');
      const input = parseInput(CompleteLookbackSchema, request.body);
      return lookbacks.complete(requireActor(request), id, input);
    },
  );

  app.get(
    '/api/analytics/rebound-rates',
    {
      schema: describeRoute({
        summary: '回头看反弹率：按单位、按方面与合计（可按轮次）',
        tags: ['统计', ...tags],
        querystring: ReboundRatesQuerySchema,
      }),
    },
    async (request) => {
      const { roundId } = parseInput(ReboundRatesQuerySchema, request.query, 'query');
      return lookbacks.reboundRates(requireActor(request), { roundId });
    },
  );
}
