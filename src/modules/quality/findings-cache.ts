/**
 * Findings kept per scope under the grade list's freshness mark (the day above the office's newest
 * event id, see quality.service.ts): every ledger change appends an event and a new day moves the
 * mark, so a kept result is served only while nothing it read can have changed. Concurrent
 * requests share one computation; the grade computation hands over what it already computed.
 */

export interface FreshnessCache<T> {
  /** The kept value at least as fresh as `freshness`, else one computed now (and kept). */
  read(key: string, freshness: number, compute: () => Promise<T>): Promise<T>;
  /** Keeps a value computed elsewhere under `freshness` unless a fresher one is kept. */
  put(key: string, freshness: number, value: T): void;
}

interface Entry<T> {
  freshness: number;
  value: Promise<T>;
}

export function createFreshnessCache<T>(maxEntries = 16): FreshnessCache<T> {
  const entries = new Map<string, Entry<T>>();

  function keep(key: string, entry: Entry<T>): void {
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  }

  return {
    read(key, freshness, compute) {
      const hit = entries.get(key);
      if (hit && hit.freshness >= freshness) {
        keep(key, hit);
        return hit.value;
      }
      const entry: Entry<T> = { freshness, value: compute() };
      keep(key, entry);
      // A failed computation is not kept: the next request tries again.
      entry.value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return entry.value;
    },

    put(key, freshness, value) {
      const kept = entries.get(key);
      if (kept && kept.freshness >= freshness) return;
      keep(key, { freshness, value: Promise.resolve(value) });
    },
  };
}
