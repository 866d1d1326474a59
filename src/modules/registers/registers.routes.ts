/**
 * Register routes: institutions (制度), meetings and outcomes of an inspection — listed under
 * the inspection, created there, replaced and deleted by id. Thin over the service.
 */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { requireActor } from '../users/actor.ts';
import type { RegisterTable } from './registers.repository.ts';
import {
  InstitutionSchema,
  MeetingSchema,
  OutcomeSchema,
  RegisterIdParamsSchema,
  RegisterVersionQuerySchema,
  UpdateInstitutionSchema,
  UpdateMeetingSchema,
  UpdateOutcomeSchema,
} from './registers.schema.ts';
import { createRegistersService } from './registers.service.ts';

const tags = ['整改成果'];

export function registerRegistersRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock },
): void {
  const registers = createRegistersService(dependencies);
  const idOf = (params: unknown) => parseInput(RegisterIdParamsSchema, params, 'params').id;

  const resources: Array<{
    table: RegisterTable;
    path: string;
    label: string;
    createSchema: z.ZodType;
    updateSchema: z.ZodType;
    list: (actor: ReturnType<typeof requireActor>, inspectionId: number) => Promise<unknown>;
    create: (actor: ReturnType<typeof requireActor>, inspectionId: number, body: unknown) => Promise<unknown>;
    update: (actor: ReturnType<typeof requireActor>, id: number, body: unknown) => Promise<unknown>;
  }> = [
    {
      table: 'institutions',
      path: 'institutions',
      label: '制度（建章立制）',
      createSchema: InstitutionSchema,
      updateSchema: UpdateInstitutionSchema,
      list: registers.listInstitutions,
      create: (actor, id, body) =>
        registers.createInstitution(actor, id, parseInput(InstitutionSchema, body)),
      update: (actor, id, body) =>
        registers.updateInstitution(actor, id, parseInput(UpdateInstitutionSchema, body)),
    },
    {
      table: 'meetings',
      path: 'meetings',
      label: '会议',
      createSchema: MeetingSchema,
      updateSchema: UpdateMeetingSchema,
      list: registers.listMeetings,
      create: (actor, id, body) => registers.createMeeting(actor, id, parseInput(MeetingSchema, body)),
      update: (actor, id, body) => registers.updateMeeting(actor, id, parseInput(UpdateMeetingSchema, body)),
    },
    {
      table: 'outcomes',
      path: 'outcomes',
      label: '整改成果（资金、人员）',
      createSchema: OutcomeSchema,
      updateSchema: UpdateOutcomeSchema,
      list: registers.listOutcomes,
      create: (actor, id, body) => registers.createOutcome(actor, id, parseInput(OutcomeSchema, body)),
      update: (actor, id, body) => registers.updateOutcome(actor, id, parseInput(UpdateOutcomeSchema, body)),
    },
  ];

  for (const resource of resources) {
    app.get(
      `/api/inspections/:id/${resource.path}`,
      { schema: describeRoute({ summary: `${resource.label}列表`, tags, params: RegisterIdParamsSchema }) },
      async (request) => resource.list(requireActor(request), idOf(request.params)),
    );
    app.post(
      `/api/inspections/:id/${resource.path}`,
      {
        schema: describeRoute({
          summary: `登记${resource.label}`,
          tags,
          params: RegisterIdParamsSchema,
          body: resource.createSchema,
        }),
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await resource.create(requireActor(request), idOf(request.params), request.body)),
    );
    app.put(
      `/api/${resource.path}/:id`,
      {
        schema: describeRoute({
          summary: `修改${resource.label}`,
          tags,
          params: RegisterIdParamsSchema,
          body: resource.updateSchema,
        }),
      },
      async (request) => resource.update(requireActor(request), idOf(request.params), request.body),
    );
    app.delete(
      `/api/${resource.path}/:id`,
      {
        schema: describeRoute({
          summary: `删除${resource.label}`,
          tags,
          params: RegisterIdParamsSchema,
          querystring: RegisterVersionQuerySchema,
        }),
      },
      async (request) =>
        registers.deleteRow(
          requireActor(request),
          resource.table,
          idOf(request.params),
          parseInput(RegisterVersionQuerySchema, request.query, 'query').version,
        ),
    );
  }
}
