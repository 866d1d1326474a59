/** The freshness cache alone: served while at least as fresh, shared while computing, failures not kept. */
import { describe, expect, it } from 'vitest';
import { createFreshnessCache } from './findings-cache.ts';

describe('freshness cache', () => {
  it('serves a kept value while it is at least as fresh as asked, and computes again when not', async () => {
    const cache = createFreshnessCache<string>();
    let runs = 0;
    const compute = (value: string) => () => {
      runs += 1;
      return Promise.resolve(value);
    };
    expect(await cache.read('scope', 5, compute('a'))).toBe('a');
    expect(await cache.read('scope', 5, compute('b'))).toBe('a');
    expect(await cache.read('scope', 4, compute('b'))).toBe('a');
    expect(runs).toBe(1);
    expect(await cache.read('scope', 6, compute('c'))).toBe('c');
    expect(await cache.read('other', 6, compute('d'))).toBe('d');
    expect(runs).toBe(3);
  });

  it('joins a running computation rather than starting another', async () => {
    const cache = createFreshnessCache<number>();
    let runs = 0;
    const compute = () => {
      runs += 1;
      return Promise.resolve(runs);
    };
    const [first, second] = await Promise.all([
      cache.read('scope', 1, compute),
      cache.read('scope', 1, compute),
    ]);
    expect([first, second, runs]).toEqual([1, 1, 1]);
  });

  it('keeps a value handed over unless a fresher one is kept', async () => {
    const cache = createFreshnessCache<string>();
    const never = () => Promise.reject(new Error('should have been kept'));
    cache.put('scope', 7, 'seven');
    cache.put('scope', 6, 'six');
    expect(await cache.read('scope', 7, never)).toBe('seven');
    cache.put('scope', 8, 'eight');
    expect(await cache.read('scope', 8, never)).toBe('eight');
  });

  it('does not keep a failed computation', async () => {
    const cache = createFreshnessCache<string>();
    await expect(cache.read('scope', 1, () => Promise.reject(new Error('read failed')))).rejects.toThrow();
    expect(await cache.read('scope', 1, () => Promise.resolve('retried'))).toBe('retried');
  });
});
