/**
 * Rate limit of the public lookup by reference number, per client address, as a sliding window
 * kept in process. Lookups are reads: logging each one in the database (as submissions are in
 * `public_submissions`) would turn a flood of reads into a flood of writes on the one SQLite
 * writer, and would mix lookups into the submission count. Losing the window on a restart only
 * lets an address start again, which a guesser gains nothing from (a reference holds 40 random bits).
 */
import type { Clock } from '../common/clock.ts';

/** Lookups per client address within a window. */
export interface LookupRatePolicy {
  windowMs: number;
  maxPerAddress: number;
}

export const defaultLookupRatePolicy: LookupRatePolicy = {
  windowMs: 10 * 60 * 1000,
  maxPerAddress: 30,
};

/** Past this many tracked addresses, addresses whose lookups all aged out are dropped. */
const SWEEP_ABOVE = 1_000;

/** The lookups still inside the window ending at `now`, oldest first. */
export function recentLookups(times: readonly number[], now: number, policy: LookupRatePolicy): number[] {
  return times.filter((time) => time > now - policy.windowMs);
}

export interface LookupLimiter {
  /** Counts a lookup from the address; false (and not counted) when the address is over its limit. */
  tryAcquire(address: string): boolean;
  /** Addresses currently tracked (for tests of the memory bound). */
  size(): number;
}

export function createLookupLimiter(
  clock: Clock,
  policy: LookupRatePolicy = defaultLookupRatePolicy,
): LookupLimiter {
  const byAddress = new Map<string, number[]>();

  function sweep(now: number): void {
    for (const [address, times] of byAddress) {
      if (recentLookups(times, now, policy).length === 0) byAddress.delete(address);
    }
  }

  return {
    tryAcquire(address) {
      const now = clock.now().getTime();
      if (byAddress.size > SWEEP_ABOVE) sweep(now);
      const recent = recentLookups(byAddress.get(address) ?? [], now, policy);
      if (recent.length >= policy.maxPerAddress) {
        byAddress.set(address, recent);
        return false;
      }
      recent.push(now);
      byAddress.set(address, recent);
      return true;
    },
    size: () => byAddress.size,
  };
}
