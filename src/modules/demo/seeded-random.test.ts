import { describe, expect, it } from 'vitest';
import { createSeededRandom, deriveSeed } from './seeded-random.ts';

function draws(seed: number, count: number): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => random.next());
}

describe('createSeededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draws(42, 50)).toEqual(draws(42, 50));
  });

  it('gives different sequences for nearby seeds', () => {
    expect(draws(1, 10)).not.toEqual(draws(2, 10));
  });

  it('stays in [0, 1) and spreads over the range', () => {
    const values = draws(7, 10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it.each([
    [0, 0],
    [1, 6],
    [-3, 3],
  ])('int(%i, %i) stays within both bounds and reaches them', (min, max) => {
    const random = createSeededRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(random.int(min, max));
    expect(Math.min(...seen)).toBe(min);
    expect(Math.max(...seen)).toBe(max);
    expect(seen.size).toBe(max - min + 1);
  });

  it('refuses an empty range and an empty list', () => {
    const random = createSeededRandom(3);
    expect(() => random.int(2, 1)).toThrow(RangeError);
    expect(() => random.pick([])).toThrow(RangeError);
  });

  it('shuffles without losing or duplicating elements, leaving the input alone', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = createSeededRandom(9).shuffle(input);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('samples distinct elements and at most the list', () => {
    const random = createSeededRandom(11);
    const sample = random.sample(['a', 'b', 'c', 'd'], 3);
    expect(new Set(sample).size).toBe(3);
    expect(random.sample(['a', 'b'], 5)).toHaveLength(2);
  });

  it('never picks an item of zero weight', () => {
    const random = createSeededRandom(5);
    for (let i = 0; i < 500; i++) expect(random.pickWeighted(['a', 'b', 'c'], [1, 0, 2])).not.toBe('b');
  });
});

describe('deriveSeed', () => {
  it('is stable and separates keys', () => {
    expect(deriveSeed(1, 2, 3)).toBe(deriveSeed(1, 2, 3));
    expect(deriveSeed(1, 2, 3)).not.toBe(deriveSeed(1, 2, 4));
    expect(deriveSeed(1, 2, 3)).not.toBe(deriveSeed(1, 3, 2));
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 2));
  });
});
