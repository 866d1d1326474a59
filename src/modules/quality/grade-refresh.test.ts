/**
 * Stale-while-revalidate keeping of grades, driven by computations the test finishes by hand:
 * state transitions only, no timings.
 */
import { describe, expect, it } from 'vitest';
import { createRefreshingCache, type ProgressReport } from './grade-refresh.ts';

/** Computations that finish when the test says so, counted. */
function controllable() {
  const pending: Array<{
    resolve: (value: string) => void;
    reject: (error: Error) => void;
    report: ProgressReport;
  }> = [];
  let started = 0;
  return {
    compute: (report: ProgressReport) =>
      new Promise<string>((resolve, reject) => {
        started += 1;
        pending.push({ resolve, reject, report });
      }),
    get started() {
      return started;
    },
    get running() {
      return pending.length;
    },
    /** Lets the queued microtasks start the computation. */
    async tick() {
      for (let index = 0; index < 5; index++) await Promise.resolve();
    },
    finish(value: string) {
      pending.shift()!.resolve(value);
    },
    fail(error: Error) {
      pending.shift()!.reject(error);
    },
    report(step: number) {
      pending[0]!.report({ step, steps: 3, label: `第${step}步` });
    },
  };
}

function cacheWithClock() {
  let minute = 0;
  const errors: unknown[] = [];
  const cache = createRefreshingCache<string>({
    now: () => `2026-11-20T02:${String(minute).padStart(2, '0')}:00.000Z`,
    onError: (error) => errors.push(error),
  });
  return {
    cache,
    errors,
    advance() {
      minute += 1;
    },
  };
}

describe('grade refresh (stale-while-revalidate)', () => {
  it('answers "computing" the first time, with progress, then the computed value', async () => {
    const { cache } = cacheWithClock();
    const work = controllable();
    expect(cache.read('office', 1, work.compute)).toEqual({ state: 'computing', progress: null });
    await work.tick();
    work.report(2);
    expect(cache.read('office', 1, work.compute)).toEqual({
      state: 'computing',
      progress: { step: 2, steps: 3, label: '第2步' },
    });
    expect(work.started).toBe(1);
    work.finish('grades@1');
    await cache.settled();
    expect(cache.read('office', 1, work.compute)).toEqual({
      state: 'ready',
      value: 'grades@1',
      freshness: 1,
      computedAt: '2026-11-20T02:00:00.000Z',
      isUpdating: false,
      progress: null,
    });
    expect(work.started).toBe(1);
  });

  it('serves the previous value marked as updating after a change, with one computation for many requests', async () => {
    const { cache, advance } = cacheWithClock();
    const work = controllable();
    cache.read('office', 1, work.compute);
    await work.tick();
    work.finish('grades@1');
    await cache.settled();
    advance();

    const reads = [1, 2, 3].map(() => cache.read('office', 2, work.compute));
    for (const read of reads) {
      expect(read).toMatchObject({ state: 'ready', value: 'grades@1', isUpdating: true });
    }
    await work.tick();
    expect(work.started).toBe(2);
    expect(work.running).toBe(1);
    work.finish('grades@2');
    await cache.settled();
    expect(cache.read('office', 2, work.compute)).toMatchObject({
      state: 'ready',
      value: 'grades@2',
      computedAt: '2026-11-20T02:01:00.000Z',
      isUpdating: false,
    });
  });

  it('runs once more for a change that arrives while computing, never two at a time', async () => {
    const { cache } = cacheWithClock();
    const work = controllable();
    cache.read('office', 1, work.compute);
    await work.tick();
    cache.read('office', 2, work.compute);
    cache.read('office', 3, work.compute);
    await work.tick();
    expect(work.running).toBe(1);
    work.finish('grades@1');
    await work.tick();
    // The first result is kept (better than nothing) and the newest change is being computed.
    expect(cache.read('office', 3, work.compute)).toMatchObject({ value: 'grades@1', isUpdating: true });
    expect(work.started).toBe(2);
    work.finish('grades@3');
    await cache.settled();
    expect(cache.read('office', 3, work.compute)).toMatchObject({ value: 'grades@3', isUpdating: false });
    expect(work.started).toBe(2);
  });

  it('keeps scopes apart', async () => {
    const { cache } = cacheWithClock();
    const work = controllable();
    cache.read('office', 1, work.compute);
    cache.read('unit-7', 1, work.compute);
    await work.tick();
    expect(work.running).toBe(2);
    work.finish('office grades');
    work.finish('unit grades');
    await cache.settled();
    expect(cache.read('unit-7', 1, work.compute)).toMatchObject({ value: 'unit grades' });
  });

  it('lets a caller wait for a fresh value, joining the running computation', async () => {
    const { cache } = cacheWithClock();
    const work = controllable();
    cache.read('office', 1, work.compute);
    const waited = cache.current('office', 1, work.compute);
    await work.tick();
    expect(work.started).toBe(1);
    work.finish('grades@1');
    await expect(waited).resolves.toMatchObject({ value: 'grades@1', freshness: 1 });
    await expect(cache.current('office', 1, work.compute)).resolves.toMatchObject({ value: 'grades@1' });
    expect(work.started).toBe(1);
  });

  it('reports a failed background computation, keeps the previous value and tries again on the next request', async () => {
    const { cache, errors } = cacheWithClock();
    const work = controllable();
    cache.read('office', 1, work.compute);
    await work.tick();
    work.finish('grades@1');
    await cache.settled();
    cache.read('office', 2, work.compute);
    await work.tick();
    work.fail(new Error('database gone'));
    await cache.settled();
    expect(errors).toHaveLength(1);
    expect(cache.read('office', 2, work.compute)).toMatchObject({ value: 'grades@1', isUpdating: true });
    await work.tick();
    expect(work.started).toBe(3);
    const waited = cache.current('office', 2, work.compute);
    work.fail(new Error('still gone'));
    await expect(waited).rejects.toThrow('still gone');
    await cache.settled();
  });
});
