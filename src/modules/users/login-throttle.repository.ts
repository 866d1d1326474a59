/**
 * Failed logins in the database, so throttling survives a restart and holds across server
 * and CLI processes.
 */
import type { Executor } from '../../storage/database.ts';
import type { LoginFailureKeyKind } from '../../storage/schema.ts';

export async function countFailuresSince(
  db: Executor,
  keyKind: LoginFailureKeyKind,
  key: string,
  since: string,
): Promise<number> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number | string>().as('failures'))
    .where('key_kind', '=', keyKind)
    .where('key', '=', key)
    .where('failed_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

export async function recordFailure(
  db: Executor,
  keyKind: LoginFailureKeyKind,
  key: string,
  failedAt: string,
): Promise<void> {
  await db.insertInto('login_failures').values({ key_kind: keyKind, key, failed_at: failedAt }).execute();
}

/** Failures per username since an instant, for every username that has any. */
export async function countUsernameFailuresSince(db: Executor, since: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('login_failures')
    .select((eb) => ['key', eb.fn.countAll<number | string>().as('failures')])
    .where('key_kind', '=', 'username')
    .where('failed_at', '>', since)
    .groupBy('key')
    .execute();
  return new Map(rows.map((row) => [row.key, Number(row.failures)]));
}

/** Forgets the failures of one key; returns how many there were. */
export async function clearFailures(
  db: Executor,
  keyKind: LoginFailureKeyKind,
  key: string,
): Promise<number> {
  const result = await db
    .deleteFrom('login_failures')
    .where('key_kind', '=', keyKind)
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Drops failures too old to count any more, so the table stays small. */
export async function pruneFailuresBefore(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('login_failures').where('failed_at', '<=', before).execute();
}
