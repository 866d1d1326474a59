/**
 * Unit scopes in the database: which units a user is assigned, and the SQL condition every
 * ledger repository adds so a query only ever touches rows in the actor's scope.
 */
import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import type { Actor } from './actor.ts';
import { hasLedgerAccess } from './scope.rules.ts';

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

export interface ScopeColumns {
  /** The office (tenant) column of the row, e.g. `problems.office_id`. */
  officeColumn: string;
  /** The unit column of the row, e.g. `inspections.unit_id`. */
  unitColumn: string;
}

/**
 * The SQL condition "this row is in the actor's scope": same office and, for unit-scoped
 * roles, one of their units. Always false for an actor without ledger access. Use it in any
 * `where` — select, update or delete — so an out-of-scope id simply matches no row.
 */
export function actorScopeCondition(actor: Actor, columns: ScopeColumns): Expression<SqlBool> {
  if (!hasLedgerAccess(actor)) return sql<SqlBool>`1 = 0`;
  const inOffice = sql<SqlBool>`${sql.ref(columns.officeColumn)} = ${actor.officeId}`;
  if (actor.unitIds === 'all') return inOffice;
  if (actor.unitIds.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`(${inOffice} and ${sql.ref(columns.unitColumn)} in (${sql.join([...actor.unitIds])}))`;
}

/** Narrows a select to the rows in the actor's scope (see `actorScopeCondition`). */
export function scopeToActor<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  actor: Actor,
  columns: ScopeColumns,
): SelectQueryBuilder<DB, TB, O> {
  return query.where(actorScopeCondition(actor, columns));
}
