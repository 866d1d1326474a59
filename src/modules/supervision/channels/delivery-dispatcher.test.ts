import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../../../test/support/databases.ts';
import { buildInspection, buildUser } from '../../../../test/support/fixtures.ts';
import { startWebhookReceiver } from '../../../../test/support/webhook-receiver.ts';
import { createFixedClock } from '../../common/clock.ts';
import { findOrCreateOffice } from '../../inspections/inspection.repository.ts';
import type { Database } from '../../../storage/database.ts';
import type { RobotKind } from '../../../storage/schema.ts';
import { createEmailSender, createWebhookSender } from './channel-senders.ts';
import { deliverPending } from './delivery-dispatcher.ts';

const T0 = '2026-10-21T02:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

/** An office with one user and one notification (one firing), created at T0. */
async function seed(db: Database) {
  const clock = createFixedClock(T0);
  const officeId = await findOrCreateOffice(db, '渠道测试巡察办', '测试县', T0);
  const inspectionId = await buildInspection(db, clock, { officeId });
  const { unit_id: unitId } = await db
    .selectFrom('inspections')
    .select('unit_id')
    .where('id', '=', inspectionId)
    .executeTakeFirstOrThrow();
  const userId = await buildUser(db, { officeId, role: 'office' });
  const firing = await db
    .insertInto('supervision_firings')
    .values({
      office_id: officeId,
      subject_type: 'inspection',
      subject_id: inspectionId,
      unit_id: unitId,
      rule: 'plan_due',
      fired_on: '2026-10-21',
      run_on: '2026-10-21',
      created_at: T0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const notification = await db
    .insertInto('notifications')
    .values({
      office_id: officeId,
      firing_id: firing.id,
      recipient_user_id: userId,
      rule: 'plan_due',
      inspection_id: inspectionId,
      title: '整改方案报送提醒：测试单位',
      body: '测试单位 的整改方案应于2026-11-20前报送巡察办。',
      created_at: T0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { officeId, userId, notificationId: notification.id };
}

async function addRobot(
  db: Database,
  officeId: number,
  kind: RobotKind,
  url: string,
  secret: string | null = null,
) {
  const row = await db
    .insertInto('office_robots')
    .values({ office_id: officeId, kind, name: `${kind} 机器人`, url, secret, created_at: T0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A local receiver: `/flaky` fails twice then succeeds, `/down` always fails, `/ok` succeeds. */
function startReceiver() {
  let flakyCalls = 0;
  return startWebhookReceiver((path) => {
    let status = 200;
    if (path === '/flaky') status = ++flakyCalls <= 2 ? 500 : 200;
    if (path === '/down') status = 503;
    return { status, body: status === 200 ? '{"errcode":0,"errmsg":"ok"}' : '{"errcode":-1}' };
  });
}

/** Decodes RFC 2047 encoded words (B and Q) in a header value. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

describe.each(backends)('notification delivery (%s)', (backend) => {
  let database: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });
  beforeEach(async () => {
    database = await createTestDatabase(backend);
    receiver.received.length = 0;
  });
  afterEach(async () => {
    await database.dispose();
  });

  it('sends e-mail with the Chinese subject to an SMTP server started by the test', async () => {
    const db = database.db;
    const { userId } = await seed(db);
    await db
      .insertInto('user_notification_settings')
      .values({ user_id: userId, email: 'zhangsan@example.org', email_enabled: 1, updated_at: T0 })
      .execute();
    const messages: { to: string[]; raw: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          messages.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { port } = smtp.server.address() as AddressInfo;
      const clock = createFixedClock(at(1));
      const channels = {
        email: createEmailSender({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'rectify@example.org' }),
      };
      const summary = await deliverPending({ db, clock, channels });
      expect(summary).toMatchObject({ enqueued: 1, attempted: 1, sent: 1, failed: 0 });
      expect(messages).toHaveLength(1);
      expect(messages[0]!.to).toEqual(['zhangsan@example.org']);
      const subjectLine = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(messages[0]!.raw)![1]!;
      expect(decodeHeader(subjectLine.replace(/\r\n[ \t]/g, ' '))).toBe(
        '【巡察整改提醒】整改方案报送提醒：测试单位',
      );
      // Nothing is sent twice: another run finds no new or due delivery.
      expect(await deliverPending({ db, clock, channels })).toMatchObject({ enqueued: 0, attempted: 0 });
      expect(messages).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });

  it('honours the settings: e-mail opt-out, disabled robots, robots and users muting a kind', async () => {
    const db = database.db;
    const { officeId, userId, notificationId } = await seed(db);
    // Two more firings for the same user: a due-soon reminder and an overdue escalation.
    const {
      firing_id: _firing,
      id: _id,
      created_at: _at,
      ...base
    } = await db
      .selectFrom('notifications')
      .selectAll()
      .where('id', '=', notificationId)
      .executeTakeFirstOrThrow();
    const firingOf = async (rule: string) =>
      (
        await db
          .insertInto('supervision_firings')
          .values({
            office_id: officeId,
            subject_type: 'inspection',
            subject_id: base.inspection_id!,
            unit_id: (await db.selectFrom('units').select('id').executeTakeFirstOrThrow()).id,
            rule,
            fired_on: '2026-10-21',
            run_on: '2026-10-21',
            created_at: T0,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const ids: Record<string, number> = { plan_due: notificationId };
    for (const rule of ['due_soon_7', 'overdue_0']) {
      ids[rule] = (
        await db
          .insertInto('notifications')
          .values({ ...base, firing_id: await firingOf(rule), rule, read_at: null, created_at: T0 })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    const optedOut = await buildUser(db, { officeId, role: 'office' });
    await db
      .insertInto('notifications')
      .values({
        ...base,
        recipient_user_id: optedOut,
        rule: 'plan_due',
        firing_id: (
          await db
            .selectFrom('notifications')
            .select('firing_id')
            .where('id', '=', notificationId)
            .executeTakeFirstOrThrow()
        ).firing_id,
        read_at: null,
        created_at: T0,
      })
      .execute();
    await db
      .insertInto('user_notification_settings')
      .values([
        // Wants e-mail, but not for due-soon reminders.
        {
          user_id: userId,
          email: 'a@example.org',
          email_enabled: 1,
          muted_kinds_json: '["due_soon"]',
          updated_at: T0,
        },
        // Gave an address but opted out of e-mail.
        {
          user_id: optedOut,
          email: 'b@example.org',
          email_enabled: 0,
          muted_kinds_json: '[]',
          updated_at: T0,
        },
      ])
      .execute();
    const overdueOnly = await addRobot(db, officeId, 'webhook', `${receiver.url}/ok`);
    await db
      .updateTable('office_robots')
      .set({ muted_kinds_json: '["due_soon","review","document","notice"]' })
      .where('id', '=', overdueOnly)
      .execute();
    const disabled = await addRobot(db, officeId, 'webhook', `${receiver.url}/ok`);
    await db.updateTable('office_robots').set({ is_enabled: 0 }).where('id', '=', disabled).execute();
    const everything = await addRobot(db, officeId, 'wecom', `${receiver.url}/ok`);

    const emails: string[] = [];
    const channels = {
      email: async (_message: unknown, target: { target: string }) => {
        emails.push(target.target);
      },
      webhook: createWebhookSender(),
      wecom: createWebhookSender(),
    };
    const summary = await deliverPending({ db, clock: createFixedClock(at(1)), channels });
    const rows = await db
      .selectFrom('notification_deliveries')
      .select(['channel', 'robot_id', 'target', 'notification_id', 'status'])
      .orderBy('id')
      .execute();
    const describe = (row: (typeof rows)[number]) => {
      const rule = Object.entries(ids).find(([, id]) => id === row.notification_id)?.[0] ?? 'plan_due';
      return `${row.robot_id === overdueOnly ? 'overdueOnly' : row.robot_id === everything ? 'everything' : row.target}:${rule}`;
    };
    expect(rows.map(describe).sort()).toEqual(
      [
        'a@example.org:plan_due',
        'a@example.org:overdue_0',
        'overdueOnly:overdue_0',
        'everything:plan_due',
        'everything:due_soon_7',
        'everything:overdue_0',
      ].sort(),
    );
    expect(rows.some((row) => row.robot_id === disabled)).toBe(false);
    expect(rows.some((row) => row.target === 'b@example.org')).toBe(false);
    expect(summary).toMatchObject({ enqueued: 6, sent: 6 });
    expect(emails.sort()).toEqual(['a@example.org', 'a@example.org']);
    expect(receiver.received).toHaveLength(4);
  });

  it('retries a receiver that fails twice with backoff, then delivers exactly once', async () => {
    const db = database.db;
    const { officeId } = await seed(db);
    await addRobot(db, officeId, 'wecom', `${receiver.url}/flaky`);
    const clock = createFixedClock(T0);
    const channels = { wecom: createWebhookSender() };

    expect(await deliverPending({ db, clock, channels })).toMatchObject({ attempted: 1, retrying: 1 });
    clock.set(at(0.5)); // backoff of 1 minute not over yet
    expect(await deliverPending({ db, clock, channels })).toMatchObject({ attempted: 0 });
    clock.set(at(1));
    expect(await deliverPending({ db, clock, channels })).toMatchObject({ attempted: 1, retrying: 1 });
    clock.set(at(5)); // next wait is 5 minutes from the second attempt
    expect(await deliverPending({ db, clock, channels })).toMatchObject({ attempted: 0 });
    clock.set(at(6));
    expect(await deliverPending({ db, clock, channels })).toMatchObject({ attempted: 1, sent: 1 });
    clock.set(at(120));
    expect(await deliverPending({ db, clock, channels })).toMatchObject({ attempted: 0 });

    const delivery = await db.selectFrom('notification_deliveries').selectAll().executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ channel: 'wecom', status: 'sent', attempts: 3, last_error: null });
    const attempts = await db
      .selectFrom('notification_delivery_attempts')
      .select(['attempt', 'is_success', 'error'])
      .orderBy('attempt')
      .execute();
    expect(attempts.map((row) => [row.attempt, row.is_success])).toEqual([
      [1, 0],
      [2, 0],
      [3, 1],
    ]);
    expect(attempts[0]!.error).toMatch(/HTTP 500/);
    expect(receiver.received.map((request) => request.status)).toEqual([500, 500, 200]);
    expect(receiver.received.filter((request) => request.status === 200)).toHaveLength(1);
    expect(JSON.parse(receiver.received[2]!.body)).toEqual({
      msgtype: 'text',
      text: {
        content: '【巡察整改】整改方案报送提醒：测试单位\n测试单位 的整改方案应于2026-11-20前报送巡察办。',
      },
    });
  });

  it('a failing channel does not block a working one, and gives up after the last backoff', async () => {
    const db = database.db;
    const { officeId } = await seed(db);
    const downId = await addRobot(db, officeId, 'dingtalk', `${receiver.url}/down?access_token=x`, 'SECx');
    const okId = await addRobot(db, officeId, 'feishu', `${receiver.url}/ok`, 'SECy');
    const clock = createFixedClock(T0);
    const webhook = createWebhookSender();
    const channels = { dingtalk: webhook, feishu: webhook };
    // Two dispatchers at once (two processes): each due delivery is claimed and sent once.
    await Promise.all([deliverPending({ db, clock, channels }), deliverPending({ db, clock, channels })]);
    const byRobot = async () =>
      new Map(
        (await db.selectFrom('notification_deliveries').selectAll().execute()).map((row) => [
          row.robot_id,
          row,
        ]),
      );
    let rows = await byRobot();
    expect(rows.get(okId)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(rows.get(downId)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(receiver.received.filter((request) => request.path === '/ok')).toHaveLength(1);
    expect(receiver.received.filter((request) => request.path === '/down')).toHaveLength(1);

    for (const minutes of [1, 6, 36]) {
      clock.set(at(minutes));
      await deliverPending({ db, clock, channels });
    }
    rows = await byRobot();
    expect(rows.get(downId)).toMatchObject({ status: 'failed', attempts: 4 });
    expect(rows.get(downId)!.last_error).toMatch(/HTTP 503/);
    clock.set(at(24 * 60));
    expect(await deliverPending({ db, clock, channels })).toMatchObject({ attempted: 0 });
    expect(receiver.received.filter((request) => request.path === '/down')).toHaveLength(4);
    expect(receiver.received.filter((request) => request.path === '/ok')).toHaveLength(1);
  });
});
