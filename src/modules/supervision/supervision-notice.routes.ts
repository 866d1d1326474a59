/**
 * Supervision notice API (督办单): issue (office), list and read (in scope), reply (the unit),
 * close (office). Thin: validate, call the service, return what it presents.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { requireActor } from '../users/actor.ts';
import { createSupervisionNoticeService } from './supervision-notice.service.ts';
import {
  CloseNoticeSchema,
  IssueNoticeSchema,
  NoticeIdParamsSchema,
  NoticeListQuerySchema,
  ReplyNoticeSchema,
} from './supervision.schema.ts';

export function registerSupervisionNoticeRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock },
): void {
  const notices = createSupervisionNoticeService(dependencies);
  const tags = ['跟踪督办'];

  app.post(
    '/api/supervision-notices',
    { schema: describeRoute({ summary: '下发督办单（巡察办）', tags, body: IssueNoticeSchema }) },
    async (request, reply) => {
      const actor = requireActor(request);
      const input = parseInput(IssueNoticeSchema, request.body);
      reply.code(201);
      return notices.issue(actor, input);
    },
  );

  app.get(
    '/api/supervision-notices',
    {
      schema: describeRoute({
        summary: '督办单列表（按巡察、单位、问题、状态筛选）',
        tags,
        querystring: NoticeListQuerySchema,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      return notices.list(actor, parseInput(NoticeListQuerySchema, request.query, 'query'));
    },
  );

  app.get(
    '/api/supervision-notices/:id',
    { schema: describeRoute({ summary: '督办单详情', tags, params: NoticeIdParamsSchema }) },
    async (request) => {
      const actor = requireActor(request);
      const { id } = parseInput(NoticeIdParamsSchema, request.params, 'params');
      return notices.get(actor, id);
    },
  );

  app.post(
    '/api/supervision-notices/:id/reply',
    {
      schema: describeRoute({
        summary: '回复督办单（被督办单位）',
        tags,
        params: NoticeIdParamsSchema,
        body: ReplyNoticeSchema,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = parseInput(NoticeIdParamsSchema, request.params, 'params');
      return notices.reply(actor, id, parseInput(ReplyNoticeSchema, request.body));
    },
  );

  app.post(
    '/api/supervision-notices/:id/close',
    {
      schema: describeRoute({
        summary: '办结督办单（巡察办）',
        tags,
        params: NoticeIdParamsSchema,
        body: CloseNoticeSchema,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = parseInput(NoticeIdParamsSchema, request.params, 'params');
      return notices.close(actor, id, parseInput(CloseNoticeSchema, request.body));
    },
  );
}
