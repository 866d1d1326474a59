/** Comment routes: a problem's comments and flags, read and added. Thin over the service. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { IdParamsSchema } from '../problems/problem.schema.ts';
import { requireActor } from '../users/actor.ts';
import { CreateCommentSchema } from './comment.schema.ts';
import { createCommentService } from './comment.service.ts';

const tags = ['意见与标记'];

export function registerCommentRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock },
): void {
  const comments = createCommentService(dependencies);

  app.get(
    '/api/problems/:id/comments',
    { schema: describeRoute({ summary: '问题的评论与标记', tags, params: IdParamsSchema }) },
    async (request) =>
      comments.listComments(requireActor(request), parseInput(IdParamsSchema, request.params, 'params').id),
  );

  app.post(
    '/api/problems/:id/comments',
    {
      schema: describeRoute({
        summary: '发表评论或标记问题（纪检监察可标记）',
        tags,
        params: IdParamsSchema,
        body: CreateCommentSchema,
      }),
    },
    async (request, reply) => {
      const comment = await comments.addComment(
        requireActor(request),
        parseInput(IdParamsSchema, request.params, 'params').id,
        parseInput(CreateCommentSchema, request.body),
      );
      return reply.status(201).send(comment);
    },
  );
}
