/**
 * Inspection-setup routes: rounds, units and inspections, read in the caller's scope and set up
 * by the inspection office. Thin: validate, call one service function, present the result.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { requireActor } from '../users/actor.ts';
import {
  presentInspection,
  presentInspectionDetail,
  presentRound,
  presentUnit,
} from './inspection.presenter.ts';
import {
  CreateInspectionSchema,
  CreateRoundSchema,
  CreateUnitSchema,
  IdParamsSchema,
  InspectionQuerySchema,
  UpdateInspectionSchema,
} from './inspection.schema.ts';
import { createInspectionService } from './inspection.service.ts';

const tags = ['巡察'];

export function registerInspectionRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock },
): void {
  const inspections = createInspectionService(dependencies);

  app.get('/api/rounds', { schema: describeRoute({ summary: '巡察轮次列表', tags }) }, async (request) => {
    const rounds = await inspections.listRounds(requireActor(request));
    return { items: rounds.map(presentRound) };
  });

  app.post(
    '/api/rounds',
    { schema: describeRoute({ summary: '新建巡察轮次（巡察办）', tags, body: CreateRoundSchema }) },
    async (request, reply) => {
      const actor = requireActor(request);
      const round = await inspections.createRound(actor, parseInput(CreateRoundSchema, request.body));
      return reply.status(201).send(presentRound(round));
    },
  );

  app.get(
    '/api/units',
    { schema: describeRoute({ summary: '被巡察单位列表（含各状态问题数）', tags }) },
    async (request) => {
      const units = await inspections.listUnits(requireActor(request));
      return { items: units.map(presentUnit) };
    },
  );

  app.post(
    '/api/units',
    { schema: describeRoute({ summary: '新建被巡察单位（巡察办）', tags, body: CreateUnitSchema }) },
    async (request, reply) => {
      const actor = requireActor(request);
      const unit = await inspections.createUnit(actor, parseInput(CreateUnitSchema, request.body));
      return reply.status(201).send(presentUnit(unit));
    },
  );

  app.get(
    '/api/inspections',
    {
      schema: describeRoute({
        summary: '巡察列表（含问题数、已销号、待审核、逾期、完成率）',
        tags,
        querystring: InspectionQuerySchema,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      const filter = parseInput(InspectionQuerySchema, request.query, 'query');
      const rows = await inspections.listInspections(actor, filter);
      return { items: rows.map(presentInspection) };
    },
  );

  app.get(
    '/api/inspections/:id',
    { schema: describeRoute({ summary: '巡察详情（方面、时限）', tags, params: IdParamsSchema }) },
    async (request) => {
      const actor = requireActor(request);
      const { id } = parseInput(IdParamsSchema, request.params, 'params');
      return presentInspectionDetail(await inspections.getInspection(actor, id));
    },
  );

  app.post(
    '/api/inspections',
    {
      schema: describeRoute({
        summary: '新建巡察（巡察办）：轮次、单位、巡察组、巡察期间、反馈日期，自动推算各项时限',
        tags,
        body: CreateInspectionSchema,
      }),
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const input = parseInput(CreateInspectionSchema, request.body);
      return reply
        .status(201)
        .send(presentInspectionDetail(await inspections.createInspection(actor, input)));
    },
  );

  app.patch(
    '/api/inspections/:id',
    {
      schema: describeRoute({
        summary: '修改巡察信息（巡察办，需提供版本号）',
        tags,
        params: IdParamsSchema,
        body: UpdateInspectionSchema,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = parseInput(IdParamsSchema, request.params, 'params');
      const input = parseInput(UpdateInspectionSchema, request.body);
      return presentInspectionDetail(await inspections.updateInspection(actor, id, input));
    },
  );
}
