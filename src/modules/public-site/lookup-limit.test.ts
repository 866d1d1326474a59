/** The in-process lookup limit: a sliding window per address, bounded memory. */
import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../common/clock.ts';
import { createLookupLimiter } from './lookup-limit.ts';

describe('lookup limiter', () => {
  it('allows the policy number per address within a sliding window', () => {
    const clock = createFixedClock('2026-05-01T00:00:00.000Z');
    const limiter = createLookupLimiter(clock, { windowMs: 60_000, maxPerAddress: 3 });
    expect([1, 2, 3].map(() => limiter.tryAcquire('a'))).toEqual([true, true, true]);
    expect(limiter.tryAcquire('a')).toBe(false);
    expect(limiter.tryAcquire('b')).toBe(true);
    clock.set('2026-05-01T00:00:30.000Z');
    expect(limiter.tryAcquire('a')).toBe(false);
    // The first three age out one minute after they were counted; refusals are not counted.
    clock.set('2026-05-01T00:01:00.001Z');
    expect(limiter.tryAcquire('a')).toBe(true);
  });

  it('drops addresses whose lookups all aged out once many are tracked', () => {
    const clock = createFixedClock('2026-05-01T00:00:00.000Z');
    const limiter = createLookupLimiter(clock, { windowMs: 60_000, maxPerAddress: 3 });
    for (let index = 0; index < 1_001; index += 1) limiter.tryAcquire(`10.0.${index >> 8}.${index & 255}`);
    expect(limiter.size()).toBe(1_001);
    clock.set('2026-05-01T00:02:00.000Z');
    limiter.tryAcquire('fresh');
    expect(limiter.size()).toBe(1);
  });
});
