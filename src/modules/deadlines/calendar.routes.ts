/**
 * The official calendar API (admin only): the calendar in force, and an update that merges a
 * calendar file's years into it (a year in the file replaces that year; others stay).
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../common/clock.ts';
import { describeRoute } from '../common/route-schema.ts';
import { requireActor } from '../users/actor.ts';
import { assertRole } from '../users/scope.rules.ts';
import { createCalendarService, type EffectiveCalendar } from './calendar.service.ts';
import { OfficialCalendarFileSchema } from './official-calendar.ts';

function presentCalendar(effective: EffectiveCalendar) {
  return {
    version: effective.file.version,
    years: effective.file.years,
    sources: effective.sources,
  };
}

export function registerCalendarRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock },
): void {
  const calendars = createCalendarService(dependencies);

  app.get(
    '/api/admin/calendar',
    { schema: describeRoute({ summary: '法定节假日与调休日历（生效中）', tags: ['系统管理'] }) },
    async (request) => {
      assertRole(requireActor(request), 'admin');
      return presentCalendar(await calendars.getEffectiveCalendar());
    },
  );

  app.put(
    '/api/admin/calendar',
    {
      schema: describeRoute({
        summary: '导入节假日日历（按年份合并，同一年份整体替换）',
        tags: ['系统管理'],
        body: OfficialCalendarFileSchema,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      assertRole(actor, 'admin');
      const result = await calendars.importCalendar(request.body, 'body', { actorUserId: actor.userId });
      return {
        importedYears: result.years,
        resolvedDeadlines: result.resolvedDeadlines,
        stillPendingDeadlines: result.stillPendingDeadlines,
        ...presentCalendar(result.effective),
      };
    },
  );
}
