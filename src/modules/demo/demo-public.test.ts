/** The demo's public side on each backend: published notices and feedback in every triage state. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { createFileStore } from '../../storage/file-store.ts';
import { createFixedClock } from '../common/clock.ts';
import { loadDemoPublicSide } from './demo-public.ts';
import { createDemoUsers } from './demo-users.ts';

describe.each(backends)('demo public side on %s', (backend) => {
  let database: TestDatabase;
  let filesDir: string;

  beforeAll(async () => {
    const demo = await createDemoDatabase(backend, { units: 2, problemsPerUnit: 4 });
    database = demo.database;
    const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);
    await createDemoUsers({ db: database.db, clock }, demo.summary.officeId);
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-demo-public-'));
    const summary = await loadDemoPublicSide(
      { db: database.db, clock, fileStore: createFileStore(filesDir) },
      demo.summary.officeId,
    );
    expect(summary).toEqual({ publications: 2, feedback: 4 });
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  it('publishes two notices and leaves feedback in every state, one reply published', async () => {
    const reports = await database.db.selectFrom('public_reports').select('inspection_id').execute();
    expect(new Set(reports.map((report) => report.inspection_id)).size).toBe(2);
    const feedback = await database.db
      .selectFrom('public_feedback')
      .select(['status', 'is_reply_published', 'problem_id'])
      .orderBy('id')
      .execute();
    expect(feedback.map((row) => row.status)).toEqual(['received', 'assigned', 'replied', 'closed']);
    expect(feedback.filter((row) => row.is_reply_published === 1)).toHaveLength(1);
    expect(feedback[1]!.problem_id).not.toBeNull();
    // The demo's submissions leave no entry that could rate-limit a real visitor.
    const submissions = await database.db.selectFrom('public_submissions').select('address_key').execute();
    expect(new Set(submissions.map((row) => row.address_key)).size).toBe(1);
  });
});
