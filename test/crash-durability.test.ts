/**
 * Crash durability (issue 2): kill -9 of the server in the middle of writes, then restart — every
 * acknowledged write is there and the database passes its integrity check. Runs two rounds of
 * scripts/crash-test.ts (the full script runs five), plus a check that the verification itself
 * notices a lost write, so a passing round means something.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../src/modules/common/clock.ts';
import { defaultDeadlinePolicy } from '../src/modules/deadlines/deadline.rules.ts';
import { getOfficialCalendar } from '../src/modules/deadlines/official-calendar.ts';
import { generateDemoInspections } from '../src/modules/demo/demo-generator.ts';
import { createDemoLoader } from '../src/modules/demo/demo-loader.ts';
import { createFileStore } from '../src/storage/file-store.ts';
import {
  crashWriterDemoOptions,
  describeRound,
  findLostWrites,
  runCrashTest,
  type CrashRoundOptions,
} from '../scripts/crash-test.ts';
import { createTestDatabase } from './support/databases.ts';

describe('crash durability (kill -9 mid-write, then restart)', () => {
  it('keeps every acknowledged inspection and an intact database over two rounds', async () => {
    // Shorter kill delays than the script's default keep the test well under 40 s.
    const results = await runCrashTest(2, { seed: 7, minKillDelayMs: 100, maxKillDelayMs: 1500 });
    for (const result of results) {
      expect(result.failures, describeRound(result, results.length)).toEqual([]);
      expect(result.acknowledged).toBeGreaterThan(0);
      expect(result.wasKilledMidWrite).toBe(true);
      expect(result.inspectionsInDatabase).toBeGreaterThanOrEqual(result.acknowledged);
      expect(result.eventsChecked).toBeGreaterThan(0);
    }
  });

  it('notices an acknowledged inspection that is missing or incomplete', async () => {
    const database = await createTestDatabase('sqlite');
    try {
      const options: CrashRoundOptions = {
        round: 1,
        seed: 3,
        units: 5,
        minKillDelayMs: 0,
        maxKillDelayMs: 0,
      };
      const dataset = generateDemoInspections({ ...crashWriterDemoOptions, units: 5, seed: 3 });
      const firstTwo = [...dataset.inspections].slice(0, 2);
      await createDemoLoader({
        db: database.db,
        clock: createFixedClock('2026-11-01T02:00:00.000Z'),
        fileStore: createFileStore(path.join(path.dirname(database.location), 'files')),
        calendar: getOfficialCalendar(),
        deadlinePolicy: defaultDeadlinePolicy,
      }).loadDemo({ ...dataset, inspections: firstTwo });
      const acknowledgements = [1, 2, 3].map((index) => ({
        index,
        unitName: dataset.units[index - 1]!.name,
      }));

      expect(await findLostWrites(database.db, options, acknowledgements.slice(0, 2))).toEqual([]);

      const failures = await findLostWrites(database.db, options, acknowledgements);
      expect(failures).toEqual([expect.stringMatching(/^acknowledged inspection 3 .*0 inspections/)]);

      const second = await database.db
        .selectFrom('inspections')
        .innerJoin('units', 'units.id', 'inspections.unit_id')
        .select('inspections.id')
        .where('units.name', '=', acknowledgements[1]!.unitName)
        .executeTakeFirstOrThrow();
      const measure = await database.db
        .selectFrom('measures')
        .innerJoin('problems', 'problems.id', 'measures.problem_id')
        .select('measures.id')
        .where('problems.inspection_id', '=', second.id)
        .executeTakeFirstOrThrow();
      await database.db.deleteFrom('measures').where('id', '=', measure.id).execute();
      expect(await findLostWrites(database.db, options, acknowledgements.slice(0, 2))).toEqual([
        expect.stringMatching(/^acknowledged inspection 2 .*measures, expected/),
      ]);
    } finally {
      await database.dispose();
    }
  });
});
