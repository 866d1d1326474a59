import { describe, expect, it } from 'vitest';
import type { ScanSummary, SupervisionEngine } from './supervision-engine.ts';
import { startSupervisionScheduler } from './supervision-scheduler.ts';

const summary: ScanSummary = { today: '2026-10-21', offices: [], newFirings: 0, newNotifications: 0 };

describe('supervision scheduler', () => {
  it('runs the dispatcher after each scan, also after a failed one, and reports its error', async () => {
    const order: string[] = [];
    const errors: unknown[] = [];
    let calls = 0;
    const engine = {
      runOnce: () => {
        calls += 1;
        order.push(`scan${calls}`);
        return calls === 1 ? Promise.resolve(summary) : Promise.reject(new Error('scan failed'));
      },
    } as unknown as SupervisionEngine;
    const scheduler = startSupervisionScheduler({
      engine,
      intervalMinutes: 1 / 600, // 100 ms
      firstScanDelayMs: 0,
      onScan: () => order.push('onScan'),
      onError: (error) => errors.push(error),
      afterScan: () => {
        order.push('deliver');
        return calls === 2 ? Promise.reject(new Error('deliver failed')) : Promise.resolve();
      },
    });
    for (let waited = 0; order.length < 5 && waited < 5_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await scheduler.stop();
    expect(order.slice(0, 5)).toEqual(['scan1', 'onScan', 'deliver', 'scan2', 'deliver']);
    expect(errors.map((error) => (error as Error).message).slice(0, 2)).toEqual([
      'scan failed',
      'deliver failed',
    ]);
  });
});
