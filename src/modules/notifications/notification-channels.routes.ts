/**
 * Notification channel settings: the office's robots (office staff: list, add, change, remove,
 * send a test message) and each user's own channels (`/api/me/notification-settings`). Thin:
 * validate, call one service, present.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import type { Channels } from '../supervision/channels/channel-senders.ts';
import { requireActor } from '../users/actor.ts';
import {
  CreateRobotSchema,
  DeleteRobotSchema,
  RobotIdParamsSchema,
  UpdateNotificationSettingsSchema,
  UpdateRobotSchema,
} from './notification-channels.schema.ts';
import { createNotificationSettingsService } from './notification-settings.service.ts';
import { createOfficeRobotService } from './office-robot.service.ts';

export function registerNotificationChannelRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock; channels: Channels },
): void {
  const robots = createOfficeRobotService(dependencies);
  const settings = createNotificationSettingsService({
    ...dependencies,
    isEmailConfigured: dependencies.channels.email !== undefined,
  });
  const tags = ['消息'];

  app.get(
    '/api/office/robots',
    { schema: describeRoute({ summary: '通知机器人列表（巡察办；地址与密钥已隐去）', tags }) },
    async (request) => robots.list(requireActor(request)),
  );

  app.post(
    '/api/office/robots',
    {
      schema: describeRoute({
        summary: '添加通知机器人（企业微信、钉钉、飞书、通用 Webhook）',
        tags,
        body: CreateRobotSchema,
      }),
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const input = parseInput(CreateRobotSchema, request.body);
      reply.code(201);
      return robots.create(actor, input);
    },
  );

  app.put(
    '/api/office/robots/:id',
    {
      schema: describeRoute({
        summary: '修改通知机器人（未提供的字段不变）',
        tags,
        params: RobotIdParamsSchema,
        body: UpdateRobotSchema,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = parseInput(RobotIdParamsSchema, request.params, 'params');
      return robots.update(actor, id, parseInput(UpdateRobotSchema, request.body));
    },
  );

  app.delete(
    '/api/office/robots/:id',
    {
      schema: describeRoute({
        summary: '删除通知机器人',
        tags,
        params: RobotIdParamsSchema,
        body: DeleteRobotSchema,
      }),
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = parseInput(RobotIdParamsSchema, request.params, 'params');
      await robots.remove(actor, id, parseInput(DeleteRobotSchema, request.body).version);
      reply.code(204);
    },
  );

  app.post(
    '/api/office/robots/:id/test',
    {
      schema: describeRoute({
        summary: '发送测试消息（立即发送并返回结果）',
        tags,
        params: RobotIdParamsSchema,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = parseInput(RobotIdParamsSchema, request.params, 'params');
      return robots.sendTest(actor, id);
    },
  );

  app.get(
    '/api/me/notification-settings',
    { schema: describeRoute({ summary: '我的通知设置（站内消息始终开启）', tags }) },
    async (request) => settings.get(requireActor(request)),
  );

  app.put(
    '/api/me/notification-settings',
    {
      schema: describeRoute({
        summary: '修改我的通知设置（邮箱、邮件通知、通知类别）',
        tags,
        body: UpdateNotificationSettingsSchema,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      return settings.update(actor, parseInput(UpdateNotificationSettingsSchema, request.body));
    },
  );
}
