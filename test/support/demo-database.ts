/** A test database holding a small generated demo, loaded through the product's own loader. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFixedClock } from '../../src/modules/common/clock.ts';
import { defaultDeadlinePolicy } from '../../src/modules/deadlines/deadline.rules.ts';
import { getOfficialCalendar } from '../../src/modules/deadlines/official-calendar.ts';
import type { DemoOptions } from '../../src/modules/demo/demo-dataset.ts';
import { generateDemoDataset } from '../../src/modules/demo/demo-generator.ts';
import { createDemoLoader, type DemoLoadSummary } from '../../src/modules/demo/demo-loader.ts';
import { createFileStore } from '../../src/storage/file-store.ts';
import { createTestDatabase, type Backend, type TestDatabase } from './databases.ts';

export const DEMO_TODAY = '2026-11-20';

export async function createDemoDatabase(
  backend: Backend,
  options: Partial<DemoOptions> = {},
): Promise<{ database: TestDatabase; summary: DemoLoadSummary }> {
  const database = await createTestDatabase(backend);
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-files-'));
  const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);
  const loader = createDemoLoader({
    db: database.db,
    clock,
    fileStore: createFileStore(filesDir),
    calendar: getOfficialCalendar(),
    deadlinePolicy: defaultDeadlinePolicy,
  });
  const summary = await loader.loadDemo(
    generateDemoDataset({
      units: 4,
      problemsPerUnit: 10,
      measuresPerProblem: 3,
      seed: 5,
      today: DEMO_TODAY,
      ...options,
    }),
  );
  const dispose = database.dispose;
  database.dispose = async () => {
    await dispose();
    fs.rmSync(filesDir, { recursive: true, force: true });
  };
  return { database, summary };
}
