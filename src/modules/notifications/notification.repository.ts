/** In-app notifications: a user's own, newest first; marking read only ever touches one's own. */
import type { Executor } from '../../storage/database.ts';

export async function countUnread(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('recipient_user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

export async function findNotifications(
  db: Executor,
  userId: number,
  options: { isUnreadOnly: boolean; limit: number; beforeId?: number },
) {
  let query = db
    .selectFrom('notifications')
    .select([
      'id',
      'rule',
      'title',
      'body',
      'problem_id',
      'inspection_id',
      'notice_id',
      'created_at',
      'read_at',
    ])
    .where('recipient_user_id', '=', userId);
  if (options.isUnreadOnly) query = query.where('read_at', 'is', null);
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
  return query.orderBy('id', 'desc').limit(options.limit).execute();
}

/** Marks one of the user's notifications read; false when it is not theirs (or does not exist). */
export async function markRead(db: Executor, userId: number, id: number, at: string): Promise<boolean> {
  const own = await db
    .selectFrom('notifications')
    .select(['id', 'read_at'])
    .where('id', '=', id)
    .where('recipient_user_id', '=', userId)
    .executeTakeFirst();
  if (!own) return false;
  if (own.read_at == null) {
    await db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('id', '=', id)
      .where('read_at', 'is', null)
      .execute();
  }
  return true;
}

/** Marks all of the user's unread notifications read; returns how many changed. */
export async function markAllRead(db: Executor, userId: number, at: string): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('recipient_user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
