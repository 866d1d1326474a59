/**
 * The delivery outbox and its dispatcher. Each new notification gets a delivery row per channel
 * target — e-mail to its recipient when opted in, and once per firing to each of the office's
 * robots — keyed uniquely, so enqueueing twice (a rerun, two processes) adds nothing. The
 * dispatcher claims each due row with a conditional update before sending, so two processes never
 * send the same row; each delivery is sent independently with its errors caught, retried with
 * backoff (1 min, 5 min, 30 min, then failed), and every attempt is logged.
 */
import type { Database } from '../../../storage/database.ts';
import type { DeliveryChannel, Flag, RobotKind } from '../../../storage/schema.ts';
import { nowIso, type Clock } from '../../common/clock.ts';
import { redactUrls } from '../../notifications/robot-address.rules.ts';
import { isRuleWanted, parseMutedKinds } from '../notification-kinds.rules.ts';
import type { Channels, DeliveryTarget } from './channel-senders.ts';
import type { OutgoingMessage } from './webhook-formats.ts';

/** Waits after the 1st, 2nd and 3rd failed attempt; the attempt after the last wait is the last. */
export const RETRY_BACKOFF_MINUTES = [1, 5, 30] as const;
export const MAX_ATTEMPTS = RETRY_BACKOFF_MINUTES.length + 1;
/** How long a claimed row stays claimed: a process that dies mid-send lets it retry after this. */
const CLAIM_LEASE_MINUTES = 10;
/** Notifications older than this are not enqueued (a channel configured later gets no backlog). */
const ENQUEUE_WINDOW_HOURS = 48;
const BATCH_SIZE = 200;

const minutesAfter = (instant: Date, minutes: number) =>
  new Date(instant.getTime() + minutes * 60_000).toISOString();

/** Adds the outbox rows for recent notifications on the configured channels; returns how many are new. */
export async function enqueueDeliveries(options: { db: Database; clock: Clock; channels: Channels }) {
  const { db, clock, channels } = options;
  const now = clock.now();
  const at = now.toISOString();
  const since = new Date(now.getTime() - ENQUEUE_WINDOW_HOURS * 3_600_000).toISOString();
  const rows: {
    office_id: number;
    notification_id: number;
    channel: DeliveryChannel;
    robot_id: number | null;
    target: string;
    delivery_key: string;
    next_attempt_at: string;
    created_at: string;
  }[] = [];
  if (channels.email) {
    const emails = await db
      .selectFrom('notifications')
      .innerJoin('user_notification_settings as s', 's.user_id', 'notifications.recipient_user_id')
      .select([
        'notifications.id',
        'notifications.office_id',
        'notifications.rule',
        's.email',
        's.muted_kinds_json',
      ])
      .where('notifications.created_at', '>=', since)
      .where('s.email_enabled', '=', 1)
      .where('s.email', 'is not', null)
      .execute();
    for (const row of emails) {
      if (!isRuleWanted(row.rule, parseMutedKinds(row.muted_kinds_json))) continue;
      rows.push({
        office_id: row.office_id,
        notification_id: row.id,
        channel: 'email',
        robot_id: null,
        target: row.email!,
        delivery_key: `email:${row.id}`,
        next_attempt_at: at,
        created_at: at,
      });
    }
  }
  const robotKinds = (['wecom', 'dingtalk', 'feishu', 'webhook'] as const).filter((kind) => channels[kind]);
  if (robotKinds.length > 0) {
    const robots = await db
      .selectFrom('notifications')
      .innerJoin('office_robots as r', 'r.office_id', 'notifications.office_id')
      .select([
        'notifications.id',
        'notifications.office_id',
        'notifications.firing_id',
        'notifications.rule',
        'r.id as robot_id',
        'r.kind',
        'r.muted_kinds_json',
      ])
      .where('notifications.created_at', '>=', since)
      .where('r.is_enabled', '=', 1)
      .where('r.kind', 'in', robotKinds)
      .orderBy('notifications.id')
      .execute();
    const seen = new Set<string>();
    for (const row of robots) {
      if (!isRuleWanted(row.rule, parseMutedKinds(row.muted_kinds_json))) continue;
      // A group robot posts each firing once, however many users it notified.
      const key = `robot:${row.robot_id}:firing:${row.firing_id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({
        office_id: row.office_id,
        notification_id: row.id,
        channel: row.kind,
        robot_id: row.robot_id,
        target: `robot:${row.robot_id}`,
        delivery_key: key,
        next_attempt_at: at,
        created_at: at,
      });
    }
  }
  let added = 0;
  for (let start = 0; start < rows.length; start += 500) {
    const inserted = await db
      .insertInto('notification_deliveries')
      .values(rows.slice(start, start + 500))
      .onConflict((conflict) => conflict.column('delivery_key').doNothing())
      .returning('id')
      .execute();
    added += inserted.length;
  }
  return added;
}

export interface DeliverySummary {
  enqueued: number;
  attempted: number;
  sent: number;
  retrying: number;
  failed: number;
}

/** Enqueues new deliveries, then sends every due one; never throws for a failed delivery. */
export async function deliverPending(options: {
  db: Database;
  clock: Clock;
  channels: Channels;
}): Promise<DeliverySummary> {
  const { db, clock, channels } = options;
  const summary: DeliverySummary = { enqueued: 0, attempted: 0, sent: 0, retrying: 0, failed: 0 };
  summary.enqueued = await enqueueDeliveries(options);
  const now = clock.now();
  const due = await db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .leftJoin('office_robots as r', 'r.id', 'd.robot_id')
    .select([
      'd.id',
      'd.channel',
      'd.target',
      'd.attempts',
      'd.next_attempt_at',
      'n.id as notification_id',
      'n.office_id',
      'n.rule',
      'n.title',
      'n.body',
      'n.problem_id',
      'n.inspection_id',
      'n.notice_id',
      'n.created_at',
      'r.kind as robot_kind',
      'r.url as robot_url',
      'r.secret as robot_secret',
    ])
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', now.toISOString())
    .orderBy('d.id')
    .limit(BATCH_SIZE)
    .execute();

  await Promise.all(
    due.map(async (row) => {
      // Claim: only the process whose update matches the row as read sends it.
      const claimed = await db
        .updateTable('notification_deliveries')
        .set({ next_attempt_at: minutesAfter(now, CLAIM_LEASE_MINUTES) })
        .where('id', '=', row.id)
        .where('status', '=', 'pending')
        .where('attempts', '=', row.attempts)
        .where('next_attempt_at', '=', row.next_attempt_at)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      const attempt = row.attempts + 1;
      summary.attempted += 1;
      const robot =
        row.robot_kind && row.robot_url
          ? { kind: row.robot_kind as RobotKind, url: row.robot_url, secret: row.robot_secret }
          : null;
      const error = await sendOne(
        channels,
        row.channel,
        {
          notificationId: row.notification_id,
          officeId: row.office_id,
          rule: row.rule,
          title: row.title,
          body: row.body,
          problemId: row.problem_id,
          inspectionId: row.inspection_id,
          noticeId: row.notice_id,
          createdAt: row.created_at,
        },
        { target: row.target, robot },
        now,
      );
      await recordAttempt(db, clock, row.id, attempt, now, error).catch(() => undefined);
      if (error === null) summary.sent += 1;
      else if (attempt >= MAX_ATTEMPTS) summary.failed += 1;
      else summary.retrying += 1;
    }),
  );
  return summary;
}

/**
 * Sends one message on one channel, the step each outbox row goes through (also used for a
 * robot's test message); answers null when delivered, else the error, never throwing.
 */
export async function sendOne(
  channels: Channels,
  channel: DeliveryChannel,
  message: OutgoingMessage,
  target: DeliveryTarget,
  now: Date,
): Promise<string | null> {
  try {
    const sender = channels[channel];
    if (!sender) throw new Error(`channel ${channel} is not configured`);
    await sender(message, target, now);
    return null;
  } catch (caught) {
    // Robot addresses carry their token: never store or answer one in an error.
    return redactUrls(caught instanceof Error ? caught.message : String(caught)).slice(0, 1000) || 'error';
  }
}

async function recordAttempt(
  db: Database,
  clock: Clock,
  deliveryId: number,
  attempt: number,
  now: Date,
  error: string | null,
) {
  const at = nowIso(clock);
  const isSuccess: Flag = error === null ? 1 : 0;
  await db.transaction().execute(async (transaction) => {
    await transaction
      .insertInto('notification_delivery_attempts')
      .values({ delivery_id: deliveryId, attempt, at, is_success: isSuccess, error })
      .execute();
    const isFinal = error !== null && attempt >= MAX_ATTEMPTS;
    await transaction
      .updateTable('notification_deliveries')
      .set({
        attempts: attempt,
        last_error: error,
        status: error === null ? 'sent' : isFinal ? 'failed' : 'pending',
        sent_at: error === null ? at : null,
        next_attempt_at:
          error === null || isFinal ? at : minutesAfter(now, RETRY_BACKOFF_MINUTES[attempt - 1]!),
      })
      .where('id', '=', deliveryId)
      .execute();
  });
}
