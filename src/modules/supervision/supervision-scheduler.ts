/**
 * The scheduler inside the server: runs the engine shortly after start and then every interval.
 * A scan never overlaps the previous one; stopping waits for a scan in flight. Running it in two
 * server processes (or beside `rectify supervise --once` from cron) is safe: firings are unique.
 */
import type { SupervisionEngine, ScanSummary } from './supervision-engine.ts';

export interface SupervisionScheduler {
  stop(): Promise<void>;
}

/** Delay before the first scan after start, in milliseconds (lets the server finish starting). */
const FIRST_SCAN_DELAY_MS = 5_000;

export function startSupervisionScheduler(options: {
  engine: SupervisionEngine;
  /** Minutes between scans; must be positive. */
  intervalMinutes: number;
  onScan?(summary: ScanSummary): void;
  onError?(error: unknown): void;
  /** Runs after each scan (also after a failed one), e.g. the notification dispatcher. */
  afterScan?(): Promise<unknown>;
  firstScanDelayMs?: number;
}): SupervisionScheduler {
  let running: Promise<void> | null = null;
  let isStopped = false;
  const scan = () => {
    if (running || isStopped) return;
    running = options.engine
      .runOnce()
      .then(
        (summary) => options.onScan?.(summary),
        (error: unknown) => options.onError?.(error),
      )
      .then(async () => {
        await options.afterScan?.();
      })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(scan, options.firstScanDelayMs ?? FIRST_SCAN_DELAY_MS);
  const interval = setInterval(scan, options.intervalMinutes * 60_000);
  first.unref();
  interval.unref();
  return {
    async stop() {
      isStopped = true;
      clearTimeout(first);
      clearInterval(interval);
      await running;
    },
  };
}
