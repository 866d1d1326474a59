/**
 * In-app notifications of the signed-in user (supervision reminders, escalations, notices):
 * the unread count and list, marking one or all read. Every role has its own inbox.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../storage/database.ts';
import { notFound } from '../common/app-error.ts';
import { nowIso, type Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { requireActor } from '../users/actor.ts';
import { countUnread, findNotifications, markAllRead, markRead } from './notification.repository.ts';

export const NotificationListQuerySchema = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  beforeId: z.coerce.number().int().positive().optional(),
});

export const NotificationIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export function registerNotificationRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock },
): void {
  const { db, clock } = dependencies;

  app.get(
    '/api/notifications',
    {
      schema: describeRoute({
        summary: '我的消息（未读数与列表）',
        tags: ['消息'],
        querystring: NotificationListQuerySchema,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      const query = parseInput(NotificationListQuerySchema, request.query, 'query');
      const rows = await findNotifications(db, actor.userId, {
        isUnreadOnly: query.unread === 'true',
        limit: query.limit,
        beforeId: query.beforeId,
      });
      return {
        unreadCount: await countUnread(db, actor.userId),
        items: rows.map((row) => ({
          id: row.id,
          rule: row.rule,
          title: row.title,
          body: row.body,
          problemId: row.problem_id,
          inspectionId: row.inspection_id,
          noticeId: row.notice_id,
          createdAt: row.created_at,
          readAt: row.read_at,
        })),
      };
    },
  );

  app.post(
    '/api/notifications/:id/read',
    { schema: describeRoute({ summary: '标记已读', tags: ['消息'], params: NotificationIdParamsSchema }) },
    async (request) => {
      const actor = requireActor(request);
      const { id } = parseInput(NotificationIdParamsSchema, request.params, 'params');
      if (!(await markRead(db, actor.userId, id, nowIso(clock)))) throw notFound('消息', 'notification', id);
      return { unreadCount: await countUnread(db, actor.userId) };
    },
  );

  app.post(
    '/api/notifications/read-all',
    { schema: describeRoute({ summary: '全部标记已读', tags: ['消息'] }) },
    async (request) => {
      const actor = requireActor(request);
      const updated = await markAllRead(db, actor.userId, nowIso(clock));
      return { updated, unreadCount: 0 };
    },
  );
}
