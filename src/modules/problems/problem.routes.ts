/**
 * Problem routes: one problem in full, its edits (fields, deadline, owners, measures,
 * manifestations) and the unit pickers the edit forms need. Thin: validate, call one service
 * function, return its view.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { defaultDeadlinePolicy } from '../deadlines/deadline.rules.ts';
import { createCalendarService } from '../deadlines/calendar.service.ts';
import { requireActor } from '../users/actor.ts';
import {
  BulkAssignmentsSchema,
  BulkDeadlineSchema,
  CreateManifestationSchema,
  CreateMeasureSchema,
  IdParamsSchema,
  SetAssignmentsSchema,
  SetDeadlineSchema,
  UpdateManifestationSchema,
  UpdateMeasureSchema,
  UpdateProblemSchema,
  VersionQuerySchema,
} from './problem.schema.ts';
import { createProblemService } from './problem.service.ts';

const tags = ['问题'];

export function registerProblemRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock },
): void {
  const calendars = createCalendarService(dependencies);
  const problems = createProblemService({
    ...dependencies,
    // The calendar in force: bundled years and the admin's imports, re-read after an import.
    calendar: (executor) => calendars.getCalendar(executor),
    deadlinePolicy: defaultDeadlinePolicy,
  });
  const idOf = (params: unknown) => parseInput(IdParamsSchema, params, 'params').id;

  app.get(
    '/api/problems/:id',
    { schema: describeRoute({ summary: '问题详情', tags, params: IdParamsSchema }) },
    async (request) => problems.getProblem(requireActor(request), idOf(request.params)),
  );

  app.patch(
    '/api/problems/:id',
    {
      schema: describeRoute({
        summary: '修改问题（编号、标题、成效目标、长期坚持）',
        tags,
        params: IdParamsSchema,
        body: UpdateProblemSchema,
      }),
    },
    async (request) =>
      problems.updateProblem(
        requireActor(request),
        idOf(request.params),
        parseInput(UpdateProblemSchema, request.body),
      ),
  );

  app.put(
    '/api/problems/:id/deadline',
    {
      schema: describeRoute({
        summary: '设定整改时限（日期，或“N个月内”、立行立改、长期坚持）',
        tags,
        params: IdParamsSchema,
        body: SetDeadlineSchema,
      }),
    },
    async (request) =>
      problems.setDeadline(
        requireActor(request),
        idOf(request.params),
        parseInput(SetDeadlineSchema, request.body),
      ),
  );

  app.put(
    '/api/problems/:id/assignments',
    {
      schema: describeRoute({
        summary: '设定责任领导、责任部门、责任人',
        tags,
        params: IdParamsSchema,
        body: SetAssignmentsSchema,
      }),
    },
    async (request) =>
      problems.setAssignments(
        requireActor(request),
        idOf(request.params),
        parseInput(SetAssignmentsSchema, request.body),
      ),
  );

  app.post(
    '/api/problems/bulk/deadline',
    {
      schema: describeRoute({
        summary: '批量设定整改时限（一个事务：任一问题已被修改、已销号或不在范围内则全部不生效）',
        tags,
        body: BulkDeadlineSchema,
      }),
    },
    async (request) =>
      problems.bulkSetDeadline(requireActor(request), parseInput(BulkDeadlineSchema, request.body)),
  );

  app.post(
    '/api/problems/bulk/assignments',
    {
      schema: describeRoute({
        summary: '批量设定责任领导、责任部门、责任人（替换或追加；一个事务，全部生效或全部不生效）',
        tags,
        body: BulkAssignmentsSchema,
      }),
    },
    async (request) =>
      problems.bulkSetAssignments(requireActor(request), parseInput(BulkAssignmentsSchema, request.body)),
  );

  app.post(
    '/api/problems/:id/measures',
    {
      schema: describeRoute({
        summary: '新增整改措施',
        tags,
        params: IdParamsSchema,
        body: CreateMeasureSchema,
      }),
    },
    async (request, reply) => {
      const measure = await problems.addMeasure(
        requireActor(request),
        idOf(request.params),
        parseInput(CreateMeasureSchema, request.body),
      );
      return reply.status(201).send(measure);
    },
  );

  app.patch(
    '/api/measures/:id',
    {
      schema: describeRoute({
        summary: '修改整改措施或标记完成',
        tags,
        params: IdParamsSchema,
        body: UpdateMeasureSchema,
      }),
    },
    async (request) =>
      problems.updateMeasure(
        requireActor(request),
        idOf(request.params),
        parseInput(UpdateMeasureSchema, request.body),
      ),
  );

  app.delete(
    '/api/measures/:id',
    {
      schema: describeRoute({
        summary: '删除整改措施',
        tags,
        params: IdParamsSchema,
        querystring: VersionQuerySchema,
      }),
    },
    async (request) =>
      problems.deleteMeasure(
        requireActor(request),
        idOf(request.params),
        parseInput(VersionQuerySchema, request.query, 'query').version,
      ),
  );

  app.post(
    '/api/problems/:id/manifestations',
    {
      schema: describeRoute({
        summary: '新增具体表现',
        tags,
        params: IdParamsSchema,
        body: CreateManifestationSchema,
      }),
    },
    async (request, reply) => {
      const manifestation = await problems.addManifestation(
        requireActor(request),
        idOf(request.params),
        parseInput(CreateManifestationSchema, request.body),
      );
      return reply.status(201).send(manifestation);
    },
  );

  app.patch(
    '/api/manifestations/:id',
    {
      schema: describeRoute({
        summary: '修改具体表现',
        tags,
        params: IdParamsSchema,
        body: UpdateManifestationSchema,
      }),
    },
    async (request) =>
      problems.updateManifestation(
        requireActor(request),
        idOf(request.params),
        parseInput(UpdateManifestationSchema, request.body),
      ),
  );

  app.delete(
    '/api/manifestations/:id',
    {
      schema: describeRoute({
        summary: '删除具体表现',
        tags,
        params: IdParamsSchema,
        querystring: VersionQuerySchema,
      }),
    },
    async (request) =>
      problems.deleteManifestation(
        requireActor(request),
        idOf(request.params),
        parseInput(VersionQuerySchema, request.query, 'query').version,
      ),
  );

  app.get(
    '/api/organisation/units/:id/people',
    { schema: describeRoute({ summary: '单位人员（选择责任领导、责任人）', tags, params: IdParamsSchema }) },
    async (request) => problems.listUnitPeople(requireActor(request), idOf(request.params)),
  );

  app.get(
    '/api/organisation/units/:id/departments',
    { schema: describeRoute({ summary: '单位部门（选择责任部门）', tags, params: IdParamsSchema }) },
    async (request) => problems.listUnitDepartments(requireActor(request), idOf(request.params)),
  );
}
