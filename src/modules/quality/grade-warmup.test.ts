/** Warming the grades (after start, after each supervision scan): the first request finds them ready. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { createFixedClock } from '../common/clock.ts';
import { warmOfficeGrades } from './grade-warmup.ts';
import { createQualityService } from './quality.service.ts';

describe.each(backends)('grade warm-up (%s)', (backend) => {
  let demo: Awaited<ReturnType<typeof createDemoDatabase>>;
  const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);

  beforeAll(async () => {
    demo = await createDemoDatabase(backend);
  }, 60_000);
  afterAll(async () => {
    await demo?.database.dispose();
  });

  it('computes every office’s grades so that a request is answered from them at once', async () => {
    expect(await warmOfficeGrades({ db: demo.database.db, clock })).toBeGreaterThanOrEqual(1);
    // A service created afterwards (another request handler) shares what was computed.
    const quality = createQualityService({ db: demo.database.db, clock });
    const grades = await quality.gradeUnits({ officeId: demo.summary.officeId, unitIds: 'all' }, {});
    expect(grades).toMatchObject({
      state: 'ready',
      computedAt: `${DEMO_TODAY}T02:00:00.000Z`,
      isUpdating: false,
    });
    expect(grades.units.length).toBe(4);
  });
});
