/**
 * Staff routes for public feedback (公众意见): the scoped list with status filter and pages, one
 * item, its attachment, and the triage steps — assign, reply, publish the reply, close. Thin
 * over the service; out-of-scope ids answer 404.
 */
import type { FastifyInstance } from 'fastify';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { attachmentDisposition } from '../evidence/file-name.rules.ts';
import { requireActor } from '../users/actor.ts';
import {
  AssignFeedbackSchema,
  CloseFeedbackSchema,
  FeedbackIdParamsSchema,
  FeedbackListQuerySchema,
  PublishFeedbackSchema,
  ReplyFeedbackSchema,
} from './feedback.schema.ts';
import type { FeedbackService } from './feedback.service.ts';

const tags = ['公众意见'];

export function registerFeedbackRoutes(
  app: FastifyInstance,
  dependencies: { feedback: FeedbackService },
): void {
  const { feedback } = dependencies;
  const idOf = (params: unknown) => parseInput(FeedbackIdParamsSchema, params, 'params').id;

  app.get(
    '/api/feedback',
    {
      schema: describeRoute({
        summary: '公众意见列表（按状态筛选、分页）',
        tags,
        querystring: FeedbackListQuerySchema,
      }),
    },
    async (request) =>
      feedback.list(requireActor(request), parseInput(FeedbackListQuerySchema, request.query, 'query')),
  );

  app.get(
    '/api/feedback/:id',
    { schema: describeRoute({ summary: '一条公众意见', tags, params: FeedbackIdParamsSchema }) },
    async (request) => feedback.get(requireActor(request), idOf(request.params)),
  );

  app.get(
    '/api/feedback/:id/attachment',
    { schema: describeRoute({ summary: '下载公众意见的附件', tags, params: FeedbackIdParamsSchema }) },
    async (request, reply) => {
      const content = await feedback.getAttachment(requireActor(request), idOf(request.params));
      return reply
        .header('content-type', content.mediaType)
        .header('content-length', content.sizeBytes)
        .header('content-disposition', attachmentDisposition(content.fileName))
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(content.stream);
    },
  );

  app.post(
    '/api/feedback/:id/assign',
    {
      schema: describeRoute({
        summary: '分办公众意见：指定单位和问题',
        tags,
        params: FeedbackIdParamsSchema,
        body: AssignFeedbackSchema,
      }),
    },
    async (request) =>
      feedback.assign(
        requireActor(request),
        idOf(request.params),
        parseInput(AssignFeedbackSchema, request.body),
      ),
  );

  app.post(
    '/api/feedback/:id/reply',
    {
      schema: describeRoute({
        summary: '答复公众意见（可同时公开答复）',
        tags,
        params: FeedbackIdParamsSchema,
        body: ReplyFeedbackSchema,
      }),
    },
    async (request) =>
      feedback.reply(
        requireActor(request),
        idOf(request.params),
        parseInput(ReplyFeedbackSchema, request.body),
      ),
  );

  app.post(
    '/api/feedback/:id/publish',
    {
      schema: describeRoute({
        summary: '公开或撤回答复',
        tags,
        params: FeedbackIdParamsSchema,
        body: PublishFeedbackSchema,
      }),
    },
    async (request) =>
      feedback.setReplyPublished(
        requireActor(request),
        idOf(request.params),
        parseInput(PublishFeedbackSchema, request.body),
      ),
  );

  app.post(
    '/api/feedback/:id/close',
    {
      schema: describeRoute({
        summary: '办结公众意见',
        tags,
        params: FeedbackIdParamsSchema,
        body: CloseFeedbackSchema,
      }),
    },
    async (request) =>
      feedback.close(
        requireActor(request),
        idOf(request.params),
        parseInput(CloseFeedbackSchema, request.body),
      ),
  );
}
