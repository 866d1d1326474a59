/**
 * Serialises writers of one tenant's hash-chained event log. SQLite already has a single
 * writer; PostgreSQL needs a transaction-scoped advisory lock keyed by the office.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { DatabaseTransaction } from './database.ts';

/** Takes the office's lock for the rest of the transaction. */
export async function lockTenant(transaction: DatabaseTransaction, officeId: number | null): Promise<void> {
  if (!(transaction.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_advisory_xact_lock(${7_031_000}, ${officeId ?? 0})`.execute(transaction);
}
