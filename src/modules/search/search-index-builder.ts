/**
 * Who builds the full-text index, and when. A first build (after an upgrade or a big import)
 * takes a minute at 30,000 problems, so it runs in the background — at server start, after a
 * large import, or when a search finds too much unindexed — in short chunks that yield to
 * requests between them, one build per office at a time in this process. Small gaps (a few
 * edited problems, a new comment) are still closed inside the search request, as before.
 */
import type { Database } from '../../storage/database.ts';
import { readOfficeFreshness } from '../ledger/ledger-cache.ts';
import { readIndexGap, refreshSearchIndex, type BuildProgress } from './search-index.repository.ts';

/** Up to this many unindexed problems a search closes the gap itself; beyond, it starts a build. */
export const INLINE_REFRESH_LIMIT = 500;
/** Problems per write transaction in the background (about 0.1–0.2 s of writing on SQLite). */
const BACKGROUND_CHUNK = 100;

export interface BuildLog {
  info: (details: object, message: string) => void;
  error: (details: object, message: string) => void;
}

interface RunningBuild {
  progress: BuildProgress;
  done: Promise<void>;
}

/** Per database handle and office: the build running now (single flight). */
const running = new WeakMap<object, Map<number, RunningBuild>>();
/** Per database handle and office, the freshness mark at the last complete check. */
const checkedAt = new WeakMap<object, Map<number, number>>();

function officesOf<T>(map: WeakMap<object, Map<number, T>>, db: Database): Map<number, T> {
  let offices = map.get(db);
  if (!offices) {
    offices = new Map();
    map.set(db, offices);
  }
  return offices;
}

/** Lets queued requests run between chunks (a timer, so I/O callbacks go first). */
const yieldToRequests = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Starts (or joins) the build of an office's index. Resolves when it is done; never rejects —
 * a failed build is logged and the next search or start tries again.
 */
export function startSearchIndexBuild(
  db: Database,
  officeId: number,
  options: { log?: BuildLog; chunkSize?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const offices = officesOf(running, db);
  const current = offices.get(officeId);
  if (current) return current.done;
  const build: RunningBuild = { progress: { done: 0, total: 0 }, done: Promise.resolve() };
  build.done = (async () => {
    const started = Date.now();
    let lastLogged = 0;
    try {
      const freshness = await readOfficeFreshness(db, officeId);
      const result = await refreshSearchIndex(db, officeId, {
        chunkSize: options.chunkSize ?? BACKGROUND_CHUNK,
        pause: async () => {
          await yieldToRequests();
          // Stopping the server ends the build between chunks; what is built stays valid.
          options.signal?.throwIfAborted();
        },
        onProgress: (progress) => {
          build.progress = progress;
          if (options.log && Date.now() - lastLogged > 5000) {
            lastLogged = Date.now();
            options.log.info({ officeId, ...progress }, 'search index build progress');
          }
        },
      });
      officesOf(checkedAt, db).set(officeId, freshness);
      options.log?.info(
        { officeId, problems: result.problems, comments: result.comments, ms: Date.now() - started },
        'search index built',
      );
    } catch (error) {
      if (options.signal?.aborted)
        options.log?.info({ officeId, ...build.progress }, 'search index build stopped');
      else options.log?.error({ err: error, officeId }, 'search index build failed');
    } finally {
      offices.delete(officeId);
    }
  })();
  offices.set(officeId, build);
  return build.done;
}

/** Problems written by one import from which the index is built in the background right away. */
export const BUILD_AFTER_IMPORT = 100;

/**
 * After an import committed: a large one is indexed in the background now, rather than by the
 * next search (which would then scan the new problems' texts until the build is done).
 */
export function indexAfterImport(db: Database, officeId: number, problemsWritten: number): void {
  if (problemsWritten >= BUILD_AFTER_IMPORT) void startSearchIndexBuild(db, officeId);
}

/** Builds every office's index one after another, in the background (server start). */
export async function buildAllSearchIndexes(
  db: Database,
  options: { log?: BuildLog; signal?: AbortSignal } = {},
): Promise<void> {
  try {
    const offices = await db.selectFrom('offices').select('id').orderBy('id').execute();
    for (const office of offices) {
      if (options.signal?.aborted) return;
      await startSearchIndexBuild(db, office.id, options);
    }
  } catch (error) {
    options.log?.error({ err: error }, 'search index build failed');
  }
}

/** How far a running build of the office has come; null when none runs in this process. */
export function searchIndexBuildProgress(db: Database, officeId: number): BuildProgress | null {
  return running.get(db)?.get(officeId)?.progress ?? null;
}

/**
 * Before a search: is the office's index complete? Closes a small gap in place; for a large one
 * starts the background build and answers with its progress — the search then scans the
 * unindexed problems' texts directly.
 */
export async function ensureSearchIndexFresh(
  db: Database,
  officeId: number,
  options: { inlineLimit?: number; log?: BuildLog } = {},
): Promise<{ building: BuildProgress | null }> {
  const freshness = await readOfficeFreshness(db, officeId);
  const checked = officesOf(checkedAt, db);
  if (checked.get(officeId) === freshness) return { building: null };
  const progress = searchIndexBuildProgress(db, officeId);
  if (progress) return { building: progress };
  const { query } = await readIndexGap(db, officeId);
  const gap = await db
    .selectFrom(query.as('gap'))
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  if (Number(gap.count) > (options.inlineLimit ?? INLINE_REFRESH_LIMIT)) {
    void startSearchIndexBuild(db, officeId, { log: options.log });
    return { building: searchIndexBuildProgress(db, officeId) ?? { done: 0, total: Number(gap.count) } };
  }
  await refreshSearchIndex(db, officeId);
  checked.set(officeId, freshness);
  return { building: null };
}
