/**
 * The CLI path of a working-day deadline into a year the calendar does not cover: `rectify import`
 * of FORMAT.md JSON stores it pending instead of failing, and `rectify calendar import` of that
 * year counts its day and says how many it filled in.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { planWith, problemWith } from '../../test/support/parsed-documents.ts';

const bin = fileURLToPath(new URL('../../bin/rectify.js', import.meta.url));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-cli-pending-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function rectify(...args: string[]) {
  const environment: NodeJS.ProcessEnv = { ...process.env, RECTIFY_DATA_DIR: dataDir };
  delete environment.DATABASE_URL;
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: environment });
}

const plan = planWith(
  [
    problemWith('1', '会议记录不全', {
      measures: ['建立会议记录制度'],
      deadline: { text: '30个工作日内', immediate: false, long_term: false, months: null },
    }),
  ],
  { feedbackDate: '2026-12-20' },
);

describe('rectify import / calendar import with a year the calendar does not cover', () => {
  it('imports the plan with the deadline pending, then fills it in when 2027 is imported', () => {
    const planFile = path.join(dataDir, 'plan.json');
    fs.writeFileSync(planFile, JSON.stringify(plan));
    const imported = rectify('import', planFile, '--round', '2026年第四轮巡察', '--office', '某县委巡察办');
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);

    const calendarFile = path.join(dataDir, 'calendar-2027.json');
    fs.writeFileSync(
      calendarFile,
      JSON.stringify({
        version: '2027.cli',
        years: { '2027': { holidays: { '2027-01-01': '元旦' }, adjustedWorkdays: {} } },
      }),
    );
    const calendar = rectify('calendar', 'import', calendarFile);
    expect(calendar.stderr).toBe('');
    expect(calendar.status).toBe(0);
    expect(calendar.stdout).toContain('待定整改时限已推算 pending deadlines resolved: 1');
    const again = rectify('calendar', 'import', calendarFile);
    expect(again.stdout).toContain('pending deadlines resolved: 0');
  });
});
