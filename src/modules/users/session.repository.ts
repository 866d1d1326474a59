/** Sessions in the database, stored by the sha256 of their token (never the token itself). */
import type { Executor } from '../../storage/database.ts';

export interface NewSession {
  id: string;
  userId: number;
  officeId: number | null;
  createdAt: string;
  expiresAt: string;
}

export async function insertSession(db: Executor, session: NewSession): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      office_id: session.officeId,
      created_at: session.createdAt,
      last_seen_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** A session with the user it belongs to. */
export async function findSessionWithUser(db: Executor, sessionId: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.office_id',
      'users.is_active',
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
}

export async function touchSession(db: Executor, sessionId: string, lastSeenAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: Executor, sessionId: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('id', '=', sessionId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every session of a user, except one (the caller's own) when given; returns how many. */
export async function deleteUserSessions(
  db: Executor,
  userId: number,
  exceptSessionId?: string,
): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId !== undefined) query = query.where('id', '<>', exceptSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Drops a user's sessions that are past their absolute or idle expiry. */
export async function deleteExpiredUserSessions(
  db: Executor,
  userId: number,
  now: string,
  idleCutoff: string,
): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleCutoff)]))
    .execute();
}

/**
 * How many live sessions (neither past their absolute expiry nor idle too long) each user has,
 * for the users of one office or of every office when `officeId` is null; users without any are absent.
 */
export async function countLiveSessionsByUser(
  db: Executor,
  officeId: number | null,
  now: string,
  idleCutoff: string,
): Promise<Map<number, number>> {
  let query = db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select((eb) => ['sessions.user_id', eb.fn.countAll<number | string>().as('sessions')])
    .where('sessions.expires_at', '>', now)
    .where('sessions.last_seen_at', '>', idleCutoff)
    .groupBy('sessions.user_id');
  if (officeId !== null) query = query.where('users.office_id', '=', officeId);
  const rows = await query.execute();
  return new Map(rows.map((row) => [row.user_id, Number(row.sessions)]));
}
