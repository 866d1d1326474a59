/** The source of "now": the system clock in production, a settable one in tests and the demo. */
import { shanghaiDate } from '../deadlines/calendar-date.rules.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still at the given instant until moved. */
export function createFixedClock(instant: string | Date): Clock & { set(instant: string | Date): void } {
  let current = new Date(instant);
  return {
    now: () => new Date(current),
    set(next) {
      current = new Date(next);
    },
  };
}

/** The current instant as the ISO string stored in timestamp columns. */
export function nowIso(clock: Clock): string {
  return clock.now().toISOString();
}

/** Today's calendar day in Asia/Shanghai. */
export function today(clock: Clock): string {
  return shanghaiDate(clock.now());
}
