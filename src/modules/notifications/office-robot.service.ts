/**
 * The office's robots: list, add, change, remove (office staff of that office only), and a test
 * message sent through the dispatcher's own send step so the answer says what a real delivery
 * would meet (address, signature, the robot's answer). Addresses and secrets are answered masked.
 */
import type { Database } from '../../storage/database.ts';
import type { Flag } from '../../storage/schema.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { nowIso, type Clock } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import { ledgerScopeOf } from '../ledger/ledger-scope.ts';
import type { Channels } from '../supervision/channels/channel-senders.ts';
import { sendOne } from '../supervision/channels/delivery-dispatcher.ts';
import {
  mutedFromWanted,
  notificationKinds,
  parseMutedKinds,
} from '../supervision/notification-kinds.rules.ts';
import type { Actor } from '../users/actor.ts';
import { assertRole } from '../users/scope.rules.ts';
import type { CreateRobotInput, UpdateRobotInput } from './notification-channels.schema.ts';
import {
  deleteRobot,
  findLastDeliveries,
  findRobot,
  findRobots,
  insertRobot,
  updateRobot,
  type RobotRow,
} from './office-robot.repository.ts';
import { maskRobotUrl, maskSecret } from './robot-address.rules.ts';

type LastDelivery = { status: string; last_error: string | null; created_at: string; sent_at: string | null };

export function presentRobot(row: RobotRow, last?: LastDelivery) {
  const muted = parseMutedKinds(row.muted_kinds_json);
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    url: maskRobotUrl(row.url),
    hasSecret: row.secret != null,
    secret: row.secret == null ? null : maskSecret(row.secret),
    enabled: row.is_enabled === 1,
    kinds: notificationKinds.filter((kind) => !muted.includes(kind)),
    createdAt: row.created_at,
    version: row.version,
    lastDelivery: last
      ? { status: last.status, error: last.last_error, at: last.sent_at ?? last.created_at }
      : null,
  };
}

const flag = (value: boolean): Flag => (value ? 1 : 0);

/** What an event records of a robot: never its address or secret. */
const eventData = (row: Pick<RobotRow, 'kind' | 'name' | 'is_enabled' | 'muted_kinds_json'>) => ({
  kind: row.kind,
  name: row.name,
  enabled: row.is_enabled === 1,
  mutedKinds: parseMutedKinds(row.muted_kinds_json),
});

export function createOfficeRobotService(dependencies: { db: Database; clock: Clock; channels: Channels }) {
  const { db, clock, channels } = dependencies;

  function officeOf(actor: Actor): number {
    const { officeId } = ledgerScopeOf(actor);
    assertRole(actor, 'office');
    return officeId;
  }

  async function mustFind(officeId: number, id: number): Promise<RobotRow> {
    const row = await findRobot(db, officeId, id);
    if (!row) throw notFound('机器人', 'robot', id);
    return row;
  }

  const conflict = (id: number, version: number) =>
    new AppError(
      'conflict',
      '机器人设置已被他人修改，请刷新后重试',
      `robot ${id} is not at version ${version}`,
      {
        where: 'body.version',
      },
    );

  return {
    async list(actor: Actor) {
      const officeId = officeOf(actor);
      const [rows, last] = await Promise.all([findRobots(db, officeId), findLastDeliveries(db, officeId)]);
      return { items: rows.map((row) => presentRobot(row, last.get(row.id))) };
    },

    async create(actor: Actor, input: CreateRobotInput) {
      const officeId = officeOf(actor);
      const at = nowIso(clock);
      const mutedKindsJson = JSON.stringify(mutedFromWanted(input.kinds));
      const id = await db.transaction().execute(async (transaction) => {
        const id = await insertRobot(transaction, {
          officeId,
          kind: input.kind,
          name: input.name,
          url: input.url,
          secret: input.secret ?? null,
          isEnabled: flag(input.enabled),
          mutedKindsJson,
          at,
        });
        await appendEvent(transaction, {
          officeId,
          at,
          actorUserId: actor.userId,
          entityType: 'office_robot',
          entityId: id,
          action: 'robot_created',
          data: eventData({
            kind: input.kind,
            name: input.name,
            is_enabled: flag(input.enabled),
            muted_kinds_json: mutedKindsJson,
          }),
        });
        return id;
      });
      return presentRobot(await mustFind(officeId, id));
    },

    async update(actor: Actor, id: number, input: UpdateRobotInput) {
      const officeId = officeOf(actor);
      await mustFind(officeId, id);
      const set: Parameters<typeof updateRobot>[4] = {};
      if (input.kind !== undefined) set.kind = input.kind;
      if (input.name !== undefined) set.name = input.name;
      if (input.url !== undefined) set.url = input.url;
      if (input.secret !== undefined) set.secret = input.secret;
      if (input.enabled !== undefined) set.is_enabled = flag(input.enabled);
      if (input.kinds !== undefined) set.muted_kinds_json = JSON.stringify(mutedFromWanted(input.kinds));
      await db.transaction().execute(async (transaction) => {
        if (!(await updateRobot(transaction, officeId, id, input.version, set)))
          throw conflict(id, input.version);
        const row = (await findRobot(transaction, officeId, id))!;
        await appendEvent(transaction, {
          officeId,
          at: nowIso(clock),
          actorUserId: actor.userId,
          entityType: 'office_robot',
          entityId: id,
          action: 'robot_updated',
          data: {
            ...eventData(row),
            addressChanged: input.url !== undefined,
            secretChanged: input.secret !== undefined,
          },
        });
      });
      return presentRobot(await mustFind(officeId, id));
    },

    async remove(actor: Actor, id: number, version: number) {
      const officeId = officeOf(actor);
      const row = await mustFind(officeId, id);
      await db.transaction().execute(async (transaction) => {
        if (!(await deleteRobot(transaction, officeId, id, version))) throw conflict(id, version);
        await appendEvent(transaction, {
          officeId,
          at: nowIso(clock),
          actorUserId: actor.userId,
          entityType: 'office_robot',
          entityId: id,
          action: 'robot_deleted',
          data: eventData(row),
        });
      });
    },

    /** Sends a test message to the robot now (also when disabled); answers whether it arrived. */
    async sendTest(actor: Actor, id: number) {
      const officeId = officeOf(actor);
      const row = await mustFind(officeId, id);
      const now = clock.now();
      const error = await sendOne(
        channels,
        row.kind,
        {
          notificationId: 0,
          officeId,
          rule: 'robot_test',
          title: '测试消息',
          body: `这是来自巡察整改台账系统的测试消息（机器人「${row.name}」，由 ${actor.displayName} 发送）。收到即表示配置正确。`,
          problemId: null,
          inspectionId: null,
          noticeId: null,
          createdAt: now.toISOString(),
        },
        { target: `robot:${row.id}`, robot: { kind: row.kind, url: row.url, secret: row.secret } },
        now,
      );
      await db.transaction().execute(async (transaction) => {
        await appendEvent(transaction, {
          officeId,
          at: nowIso(clock),
          actorUserId: actor.userId,
          entityType: 'office_robot',
          entityId: id,
          action: 'robot_tested',
          data: { ok: error === null, error },
        });
      });
      return { ok: error === null, error, at: now.toISOString() };
    },
  };
}
