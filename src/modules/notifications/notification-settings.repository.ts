/** Each user's notification settings row (absent: defaults, no e-mail). */
import type { Executor } from '../../storage/database.ts';
import type { Flag } from '../../storage/schema.ts';

export async function findNotificationSettings(db: Executor, userId: number) {
  return db
    .selectFrom('user_notification_settings')
    .select(['email', 'email_enabled', 'muted_kinds_json', 'updated_at', 'version'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/**
 * Saves the user's settings if still at `expectedVersion` (0: no row yet); returns the new
 * version, or null when another session saved first.
 */
export async function saveNotificationSettings(
  db: Executor,
  input: {
    userId: number;
    email: string | null;
    emailEnabled: Flag;
    mutedKindsJson: string;
    expectedVersion: number;
    at: string;
  },
): Promise<number | null> {
  const columns = {
    email: input.email,
    email_enabled: input.emailEnabled,
    muted_kinds_json: input.mutedKindsJson,
    updated_at: input.at,
  };
  if (input.expectedVersion === 0) {
    const inserted = await db
      .insertInto('user_notification_settings')
      .values({ user_id: input.userId, ...columns })
      .onConflict((conflict) => conflict.column('user_id').doNothing())
      .returning('version')
      .executeTakeFirst();
    return inserted?.version ?? null;
  }
  const updated = await db
    .updateTable('user_notification_settings')
    .set({ ...columns, version: input.expectedVersion + 1 })
    .where('user_id', '=', input.userId)
    .where('version', '=', input.expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return updated?.version ?? null;
}
