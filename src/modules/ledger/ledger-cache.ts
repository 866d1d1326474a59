/**
 * A small in-process cache of ledger reads. Every change to an office's ledger appends an event
 * in the same transaction, so the office's newest event id is an exact freshness mark: a cached
 * answer is served only while that id is unchanged, which holds across server processes and
 * CLI writers because the mark is read from the database on every request.
 */
import type { Executor } from '../../storage/database.ts';

/** Cached answers kept per process; the least recently used go first. */
const DEFAULT_MAX_ENTRIES = 256;

export interface LedgerCache {
  read<T>(key: string, freshness: number, load: () => Promise<T>): Promise<T>;
  readonly size: number;
}

export function createLedgerCache(maxEntries = DEFAULT_MAX_ENTRIES): LedgerCache {
  const entries = new Map<string, { freshness: number; value: unknown }>();
  return {
    get size() {
      return entries.size;
    },
    async read<T>(key: string, freshness: number, load: () => Promise<T>): Promise<T> {
      const hit = entries.get(key);
      if (hit && hit.freshness === freshness) {
        // Re-insert so the Map's order is least recently used first.
        entries.delete(key);
        entries.set(key, hit);
        return hit.value as T;
      }
      const value = await load();
      entries.delete(key);
      entries.set(key, { freshness, value });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
      return value;
    },
  };
}

/** The office's newest event id (0 before any): changes whenever its ledger changes. */
export async function readOfficeFreshness(db: Executor, officeId: number): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('office_id', '=', officeId)
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}
