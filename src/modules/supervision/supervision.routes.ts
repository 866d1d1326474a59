/**
 * Supervision API: the office's policy (GET for office staff and observers, PUT for office staff)
 * and the traffic lights of an inspection's items. Thin: validate, call one service, present.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../storage/database.ts';
import { notFound } from '../common/app-error.ts';
import { today, type Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { shanghaiDate } from '../deadlines/calendar-date.rules.ts';
import { createCalendarService } from '../deadlines/calendar.service.ts';
import { ledgerScopeOf } from '../ledger/ledger-scope.ts';
import { requireActor } from '../users/actor.ts';
import { findOfficePolicies, type StoredPolicy } from './office-policy.repository.ts';
import { createOfficePolicyService } from './office-policy.service.ts';
import { findTrafficLightRows } from './supervision.repository.ts';
import { decideTrafficLight } from './supervision.rules.ts';
import { notificationKinds } from './notification-kinds.rules.ts';
import { TrafficLightQuerySchema, UpdatePolicySchema } from './supervision.schema.ts';

function presentPolicy(stored: StoredPolicy) {
  const { mutedKinds, ...policy } = stored.policy;
  return {
    ...policy,
    kinds: notificationKinds.filter((kind) => !mutedKinds.includes(kind)),
    version: stored.version,
    updatedAt: stored.updatedAt,
    isDefault: stored.version === 0,
  };
}

export function registerSupervisionRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock },
): void {
  const { db, clock } = dependencies;
  const policies = createOfficePolicyService(dependencies);
  const calendars = createCalendarService(dependencies);

  app.get(
    '/api/office/policy',
    { schema: describeRoute({ summary: '督办规则（本巡察办）', tags: ['跟踪督办'] }) },
    async (request) => presentPolicy(await policies.getPolicy(requireActor(request))),
  );

  app.put(
    '/api/office/policy',
    {
      schema: describeRoute({
        summary: '修改督办规则（巡察办）',
        tags: ['跟踪督办'],
        body: UpdatePolicySchema,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      ledgerScopeOf(actor);
      const input = parseInput(UpdatePolicySchema, request.body);
      return presentPolicy(await policies.updatePolicy(actor, input));
    },
  );

  app.get(
    '/api/supervision/traffic-lights',
    {
      schema: describeRoute({
        summary: '整改事项红黄绿灯（红：逾期；黄：临近时限或审核超期；绿：正常或已销号）',
        tags: ['跟踪督办'],
        querystring: TrafficLightQuerySchema,
      }),
    },
    async (request) => {
      const scope = ledgerScopeOf(requireActor(request));
      const { inspectionId } = parseInput(TrafficLightQuerySchema, request.query, 'query');
      const rows = await findTrafficLightRows(db, scope, inspectionId);
      if (!rows) throw notFound('巡察', 'inspection', inspectionId);
      const { policy } = (await findOfficePolicies(db, [scope.officeId])).get(scope.officeId)!;
      const calendar = await calendars.getCalendar();
      const day = today(clock);
      const items = rows.map((row) => ({
        problemId: row.id,
        number: row.number,
        state: row.state,
        dueOn: row.due_on,
        light: decideTrafficLight(
          {
            state: row.state,
            dueOn: row.due_on,
            submittedOn: row.submitted_at ? shanghaiDate(new Date(row.submitted_at)) : null,
          },
          day,
          policy,
          calendar,
        ),
      }));
      const counts = { green: 0, yellow: 0, red: 0 };
      for (const item of items) counts[item.light] += 1;
      return { today: day, counts, items };
    },
  );
}
