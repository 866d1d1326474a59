/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) for the demo data
 * generator: the same seed always yields the same sequence, on every platform, without
 * Math.random. Not for anything security-related.
 */

/** Random draws from one deterministic stream. */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `probability`. */
  chance(probability: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One element, chosen with the given relative weights (same length as items). */
  pickWeighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** A shuffled copy of the list. */
  shuffle<T>(items: readonly T[]): T[];
  /** Up to `count` distinct elements of the list, in random order. */
  sample<T>(items: readonly T[], count: number): T[];
}

/** One splitmix32 step: spreads a 32-bit state so that nearby seeds give unrelated streams. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Mixes a seed with integer keys into a new 32-bit seed, so that each part of the data set
 * (unit 17, inspection 42…) has its own stream and can be generated alone, in any order.
 */
export function deriveSeed(seed: number, ...keys: number[]): number {
  let state = splitmix32(seed >>> 0);
  for (const key of keys) state = splitmix32((state ^ Math.imul(key >>> 0, 0x27d4eb2d)) >>> 0);
  return state;
}

/** Creates a generator for a 32-bit seed (other numbers are reduced to 32 bits). */
export function createSeededRandom(seed: number): SeededRandom {
  let a = splitmix32(seed >>> 0);
  let b = splitmix32(a);
  let c = splitmix32(b);
  let d = 1;

  function nextUint32(): number {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  }
  // The first outputs of sfc32 still resemble the seed; discarding a few is the usual remedy.
  for (let i = 0; i < 12; i++) nextUint32();

  const next = (): number => nextUint32() / 4294967296;

  function int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max}): max is below min`);
    return min + Math.floor(next() * (max - min + 1));
  }

  function pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() from an empty list');
    return items[Math.floor(next() * items.length)] as T;
  }

  function pickWeighted<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length === 0 || items.length !== weights.length) {
      throw new RangeError('pickWeighted() needs as many weights as items, and at least one');
    }
    let total = 0;
    for (const weight of weights) total += weight;
    let target = next() * total;
    for (let i = 0; i < items.length; i++) {
      target -= weights[i] as number;
      if (target < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  function shuffle<T>(items: readonly T[]): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      const held = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = held;
    }
    return copy;
  }

  function sample<T>(items: readonly T[], count: number): T[] {
    return shuffle(items).slice(0, Math.max(0, count));
  }

  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick,
    pickWeighted,
    shuffle,
    sample,
  };
}
