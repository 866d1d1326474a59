/**
 * Unit scopes in the database: which units a user is assigned. (The SQL condition that keeps
 * ledger queries inside a scope is `inScope` in src/modules/ledger/ledger-scope.ts.)
 */
import type { Executor } from '../../storage/database.ts';

/** The units assigned to a user, ascending. */
export async function listUserUnitIds(db: Executor, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('user_scopes')
    .select('unit_id')
    .where('user_id', '=', userId)
    .orderBy('unit_id')
    .execute();
  return rows.map((row) => row.unit_id);
}

/** The units assigned to each of the given users. */
export async function listUnitIdsByUser(
  db: Executor,
  userIds: readonly number[],
): Promise<Map<number, number[]>> {
  const byUser = new Map<number, number[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('user_scopes')
    .select(['user_id', 'unit_id'])
    .where('user_id', 'in', [...userIds])
    .orderBy('unit_id')
    .execute();
  for (const row of rows) byUser.get(row.user_id)?.push(row.unit_id);
  return byUser;
}

/** Replaces a user's units with the given ones. */
export async function replaceUserUnits(
  db: Executor,
  officeId: number | null,
  userId: number,
  unitIds: readonly number[],
): Promise<void> {
  await db.deleteFrom('user_scopes').where('user_id', '=', userId).execute();
  if (unitIds.length === 0 || officeId === null) return;
  await db
    .insertInto('user_scopes')
    .values(unitIds.map((unitId) => ({ office_id: officeId, user_id: userId, unit_id: unitId })))
    .execute();
}

/** Which of the given unit ids belong to the office (the others do not exist there). */
export async function findUnitIdsInOffice(
  db: Executor,
  officeId: number,
  unitIds: readonly number[],
): Promise<Set<number>> {
  if (unitIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('units')
    .select('id')
    .where('office_id', '=', officeId)
    .where('id', 'in', [...unitIds])
    .execute();
  return new Set(rows.map((row) => row.id));
}
