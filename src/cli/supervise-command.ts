/**
 * `rectify supervise --once`: one supervision scan of every office (for cron), the same engine the
 * server's scheduler runs; safe beside a running server.
 */
import { createCalendarService } from '../modules/deadlines/calendar.service.ts';
import { createChannels } from '../modules/supervision/channels/channel-senders.ts';
import { deliverPending } from '../modules/supervision/channels/delivery-dispatcher.ts';
import { createSupervisionEngine } from '../modules/supervision/supervision-engine.ts';
import type { CliCommand } from './command.ts';
import { reportCliError, withCliContext } from './cli-context.ts';

const usage = `rectify supervise --once

扫描各巡察办的整改事项，按督办规则生成提醒与升级消息（同一事项、规则、日期只发一次）。
Scans every office once and records today's reminders and escalations (idempotent).`;

export const superviseCommand: CliCommand = {
  name: 'supervise',
  summary: '执行一次督办扫描 (one supervision scan)',
  usage,
  async run(args) {
    if (!args.includes('--once')) {
      process.stderr.write(`${usage}\n`);
      return 2;
    }
    try {
      return await withCliContext(async ({ config, database, clock }) => {
        const calendars = createCalendarService({ db: database.db, clock });
        const engine = createSupervisionEngine({
          db: database.db,
          clock,
          getCalendar: () => calendars.getCalendar(),
        });
        const summary = await engine.runOnce();
        process.stdout.write(
          `督办扫描完成 scan done ${summary.today}: ${summary.offices.length} 个巡察办, ` +
            `新提醒 new firings ${summary.newFirings}, 新消息 new notifications ${summary.newNotifications}\n`,
        );
        const delivery = await deliverPending({ db: database.db, clock, channels: createChannels(config) });
        process.stdout.write(
          `消息推送 deliveries: 发送 sent ${delivery.sent}, 待重试 retrying ${delivery.retrying}, ` +
            `失败 failed ${delivery.failed}\n`,
        );
        return 0;
      });
    } catch (error) {
      return reportCliError('supervise', error);
    }
  },
};
