/**
 * A user's own notification channels: the in-app inbox always; e-mail when they give an address
 * and opt in, for the kinds they choose. Every signed-in user manages only their own.
 */
import type { Database } from '../../storage/database.ts';
import { AppError } from '../common/app-error.ts';
import { nowIso, type Clock } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import {
  mutedFromWanted,
  notificationKinds,
  parseMutedKinds,
} from '../supervision/notification-kinds.rules.ts';
import type { Actor } from '../users/actor.ts';
import type { UpdateNotificationSettingsInput } from './notification-channels.schema.ts';
import { findNotificationSettings, saveNotificationSettings } from './notification-settings.repository.ts';

export function createNotificationSettingsService(dependencies: {
  db: Database;
  clock: Clock;
  /** Whether the server can send e-mail (RECTIFY_SMTP_URL is set). */
  isEmailConfigured: boolean;
}) {
  const { db, clock, isEmailConfigured } = dependencies;

  async function read(userId: number) {
    const row = await findNotificationSettings(db, userId);
    const muted = row ? parseMutedKinds(row.muted_kinds_json) : [];
    return {
      inApp: true as const,
      email: row?.email ?? null,
      emailEnabled: row?.email_enabled === 1,
      kinds: notificationKinds.filter((kind) => !muted.includes(kind)),
      isEmailConfigured,
      version: row?.version ?? 0,
      updatedAt: row?.updated_at ?? null,
    };
  }

  return {
    get: (actor: Actor) => read(actor.userId),

    async update(actor: Actor, input: UpdateNotificationSettingsInput) {
      if (input.emailEnabled && input.email === null) {
        throw new AppError(
          'invalid_input',
          '开启邮件通知须填写邮箱地址',
          'e-mail enabled without an address',
          {
            where: 'body.email',
          },
        );
      }
      const at = nowIso(clock);
      const mutedKinds = mutedFromWanted(input.kinds);
      await db.transaction().execute(async (transaction) => {
        const saved = await saveNotificationSettings(transaction, {
          userId: actor.userId,
          email: input.email,
          emailEnabled: input.emailEnabled ? 1 : 0,
          mutedKindsJson: JSON.stringify(mutedKinds),
          expectedVersion: input.version,
          at,
        });
        if (saved == null) {
          throw new AppError(
            'conflict',
            '通知设置已在别处修改，请刷新后重试',
            `notification settings of user ${actor.userId} are not at version ${input.version}`,
            { where: 'body.version' },
          );
        }
        // The address is personal data: the log records the choice, not the address.
        await appendEvent(transaction, {
          officeId: actor.officeId,
          at,
          actorUserId: actor.userId,
          entityType: 'user',
          entityId: actor.userId,
          action: 'notification_settings_updated',
          data: { emailEnabled: input.emailEnabled, hasEmail: input.email !== null, mutedKinds },
        });
      });
      return read(actor.userId);
    },
  };
}
