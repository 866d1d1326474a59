/**
 * Stale-while-revalidate keeping of computed grades: a request is answered at once with the most
 * recent computation (marked with when it was computed and whether a newer one is running), and a
 * ledger change starts one background recomputation per key — concurrent requests join it rather
 * than start their own, and a change that arrives meanwhile is picked up by one more run when it
 * ends. The freshness mark is the office's newest relevant event id (see readQualityFreshness).
 */

/** A finished computation and the freshness mark it was started under. */
export interface Computation<T> {
  value: T;
  freshness: number;
  /** ISO time the computation started reading the ledger (what "计算于" shows). */
  computedAt: string;
}

/** Where a running computation is, for the "正在计算" indicator. */
export interface RefreshProgress {
  step: number;
  steps: number;
  label: string;
}

export type ProgressReport = (progress: RefreshProgress) => void;

export type RefreshRead<T> =
  | (Computation<T> & { state: 'ready'; isUpdating: boolean; progress: RefreshProgress | null })
  | { state: 'computing'; progress: RefreshProgress | null };

interface Running<T> {
  freshness: number;
  promise: Promise<Computation<T>>;
  /** Settles once the result is kept and any follow-up run has started. */
  done: Promise<void>;
  progress: RefreshProgress | null;
}

interface Entry<T> {
  latest: Computation<T> | null;
  running: Running<T> | null;
  /** The newest freshness asked for, with the computation that can reach it. */
  wanted: { freshness: number; compute: (report: ProgressReport) => Promise<T> } | null;
}

export interface RefreshingCache<T> {
  /** Answers at once; starts (or joins) a recomputation when the newest result is older than `freshness`. */
  read(key: string, freshness: number, compute: (report: ProgressReport) => Promise<T>): RefreshRead<T>;
  /** A computation at least as fresh as `freshness`, waiting for it when needed. */
  current(
    key: string,
    freshness: number,
    compute: (report: ProgressReport) => Promise<T>,
  ): Promise<Computation<T>>;
  /** Resolves once no computation is running (tests and warm-up wait on it). */
  settled(): Promise<void>;
  readonly size: number;
}

export function createRefreshingCache<T>(options: {
  now: () => string;
  onError?: (error: unknown) => void;
  maxEntries?: number;
}): RefreshingCache<T> {
  const maxEntries = options.maxEntries ?? 32;
  const entries = new Map<string, Entry<T>>();
  const runs = new Set<Promise<unknown>>();

  function entryOf(key: string): Entry<T> {
    let entry = entries.get(key);
    if (entry) {
      // Re-insert so the Map's order is least recently used first.
      entries.delete(key);
    } else {
      entry = { latest: null, running: null, wanted: null };
    }
    entries.set(key, entry);
    while (entries.size > maxEntries) {
      const [oldestKey, oldest] = entries.entries().next().value as [string, Entry<T>];
      if (oldest.running) break;
      entries.delete(oldestKey);
    }
    return entry;
  }

  /** Starts the wanted computation unless one is running; chains another when it ends stale. */
  function start(entry: Entry<T>): Running<T> | null {
    if (entry.running || !entry.wanted) return entry.running;
    const { freshness, compute } = entry.wanted;
    entry.wanted = null;
    const running: Running<T> = {
      freshness,
      progress: null,
      done: Promise.resolve(),
      promise: Promise.resolve().then(async () => {
        const computedAt = options.now();
        const value = await compute((progress) => {
          running.progress = progress;
        });
        return { value, freshness, computedAt };
      }),
    };
    entry.running = running;
    const settled = running.promise.then(
      (computation) => {
        if (!entry.latest || entry.latest.freshness <= computation.freshness) entry.latest = computation;
      },
      (error: unknown) => options.onError?.(error),
    );
    const run = settled.finally(() => {
      entry.running = null;
      runs.delete(run);
      if (entry.wanted && entry.wanted.freshness > (entry.latest?.freshness ?? -1)) start(entry);
      else entry.wanted = null;
    });
    running.done = run;
    runs.add(run);
    return running;
  }

  function want(entry: Entry<T>, freshness: number, compute: (report: ProgressReport) => Promise<T>): void {
    const isCovered =
      (entry.latest && entry.latest.freshness >= freshness) ||
      (entry.running && entry.running.freshness >= freshness);
    if (isCovered) return;
    if (!entry.wanted || entry.wanted.freshness < freshness) entry.wanted = { freshness, compute };
    start(entry);
  }

  return {
    get size() {
      return entries.size;
    },

    read(key, freshness, compute) {
      const entry = entryOf(key);
      want(entry, freshness, compute);
      const progress = entry.running?.progress ?? null;
      if (!entry.latest) return { state: 'computing', progress };
      return {
        ...entry.latest,
        state: 'ready',
        isUpdating: entry.latest.freshness < freshness || entry.running !== null,
        progress,
      };
    },

    async current(key, freshness, compute) {
      for (;;) {
        const entry = entryOf(key);
        if (entry.latest && entry.latest.freshness >= freshness) return entry.latest;
        want(entry, freshness, compute);
        const running = entry.running;
        if (!running) continue;
        // A failed run fails the waiting caller too, who has no stale answer to fall back on.
        const computation = await running.promise;
        await running.done;
        if (computation.freshness >= freshness) return computation;
      }
    },

    async settled() {
      while (runs.size > 0) await Promise.all([...runs]);
    },
  };
}
