/**
 * The organisation admin API: a unit's departments and people — list, create, change (with the
 * version the user saw) and delete when unused. For an admin of the unit's office or the
 * inspection office. Thin: validate, call one service function, present the result.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { requireActor } from '../users/actor.ts';
import {
  CreateDepartmentSchema,
  CreatePersonSchema,
  UnitEntityParamsSchema,
  UnitParamsSchema,
  UpdateDepartmentSchema,
  UpdatePersonSchema,
} from './organisation.schema.ts';
import { createOrganisationService } from './organisation.service.ts';

export function registerOrganisationRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock },
): void {
  const organisation = createOrganisationService(dependencies);
  const tags = ['系统管理'];

  app.get(
    '/api/admin/units/:id/departments',
    { schema: describeRoute({ summary: '单位的责任部门', tags, params: UnitParamsSchema }) },
    async (request) => {
      const actor = requireActor(request);
      const { id } = parseInput(UnitParamsSchema, request.params, 'params');
      return { departments: await organisation.listDepartments(actor, id) };
    },
  );

  app.post(
    '/api/admin/units/:id/departments',
    {
      schema: describeRoute({
        summary: '新增责任部门',
        tags,
        params: UnitParamsSchema,
        body: CreateDepartmentSchema,
      }),
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = parseInput(UnitParamsSchema, request.params, 'params');
      const input = parseInput(CreateDepartmentSchema, request.body);
      return reply.status(201).send({ department: await organisation.createDepartment(actor, id, input) });
    },
  );

  app.patch(
    '/api/admin/units/:id/departments/:entityId',
    {
      schema: describeRoute({
        summary: '修改责任部门名称',
        tags,
        params: UnitEntityParamsSchema,
        body: UpdateDepartmentSchema,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      const { id, entityId } = parseInput(UnitEntityParamsSchema, request.params, 'params');
      const input = parseInput(UpdateDepartmentSchema, request.body);
      return { department: await organisation.updateDepartment(actor, id, entityId, input) };
    },
  );

  app.delete(
    '/api/admin/units/:id/departments/:entityId',
    { schema: describeRoute({ summary: '删除未被使用的责任部门', tags, params: UnitEntityParamsSchema }) },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id, entityId } = parseInput(UnitEntityParamsSchema, request.params, 'params');
      await organisation.deleteDepartment(actor, id, entityId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/admin/units/:id/people',
    { schema: describeRoute({ summary: '单位的责任领导与责任人', tags, params: UnitParamsSchema }) },
    async (request) => {
      const actor = requireActor(request);
      const { id } = parseInput(UnitParamsSchema, request.params, 'params');
      return { people: await organisation.listPeople(actor, id) };
    },
  );

  app.post(
    '/api/admin/units/:id/people',
    {
      schema: describeRoute({
        summary: '新增人员',
        tags,
        params: UnitParamsSchema,
        body: CreatePersonSchema,
      }),
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = parseInput(UnitParamsSchema, request.params, 'params');
      const input = parseInput(CreatePersonSchema, request.body);
      return reply.status(201).send({ person: await organisation.createPerson(actor, id, input) });
    },
  );

  app.patch(
    '/api/admin/units/:id/people/:entityId',
    {
      schema: describeRoute({
        summary: '修改人员姓名、职务、部门或是否领导',
        tags,
        params: UnitEntityParamsSchema,
        body: UpdatePersonSchema,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      const { id, entityId } = parseInput(UnitEntityParamsSchema, request.params, 'params');
      const input = parseInput(UpdatePersonSchema, request.body);
      return { person: await organisation.updatePerson(actor, id, entityId, input) };
    },
  );

  app.delete(
    '/api/admin/units/:id/people/:entityId',
    { schema: describeRoute({ summary: '删除未被使用的人员', tags, params: UnitEntityParamsSchema }) },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id, entityId } = parseInput(UnitEntityParamsSchema, request.params, 'params');
      await organisation.deletePerson(actor, id, entityId);
      return reply.status(204).send();
    },
  );
}
