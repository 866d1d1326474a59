/**
 * The findings of a grade row through the quality service on planted data, on every backend:
 * kept under the grade list's freshness mark (a second request computes nothing, an event or a
 * new day makes it compute again), taken over from the grade computation, and always equal to
 * an uncached run of the duplication and timing services. Computations are counted, never timed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { createFixedClock } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import { createDuplicationService } from './duplication.service.ts';
import type { QualityFilter } from './quality.repository.ts';
import { createQualityService } from './quality.service.ts';
import { QUALITY_TODAY, loadPlantedDatabase, type PlantedDatabase } from './quality.test-support.ts';
import { createTimingAnomalyService } from './timing-anomalies.service.ts';

describe.each(backends)('findings kept under the grade freshness mark (%s)', (backend) => {
  let planted: PlantedDatabase;
  const clock = createFixedClock(`${QUALITY_TODAY}T02:00:00.000Z`);
  let quality: ReturnType<typeof createQualityService>;
  let scope: LedgerScope;
  const computed = { timing: 0, duplication: 0 };

  /** What the endpoint answered before any caching: the two services run afresh. */
  async function uncached(filter: QualityFilter) {
    const db = planted.database.db;
    const [duplicates, timings] = await Promise.all([
      createDuplicationService({ db }).findDuplicates(scope, filter),
      createTimingAnomalyService({ db }).findTimingAnomalies(scope, filter),
    ]);
    return {
      duplicates: duplicates.findings,
      timing: timings.findings,
      parameters: { similarity: duplicates.parameters, timing: timings.parameters },
      statistics: duplicates.statistics,
    };
  }

  /** Moves a closed item's evidence date past its closing (a timing finding appears), with its event. */
  async function dateEvidenceAfterClosing(): Promise<number> {
    const db = planted.database.db;
    const row = await db
      .selectFrom('evidence')
      .innerJoin('problems', 'problems.id', 'evidence.problem_id')
      .select(['evidence.id', 'problems.id as problemId'])
      .where('problems.state', '=', 'closed')
      .orderBy('evidence.id')
      .executeTakeFirstOrThrow();
    await db.transaction().execute(async (transaction) => {
      await transaction
        .updateTable('evidence')
        .set({ effective_on: '2099-01-01' })
        .where('id', '=', row.id)
        .execute();
      await appendEvent(transaction, {
        officeId: planted.officeId,
        at: clock.now().toISOString(),
        actorUserId: null,
        entityType: 'evidence',
        entityId: row.id,
        action: 'evidence_dated',
        data: {},
      });
    });
    return row.problemId;
  }

  beforeAll(async () => {
    planted = await loadPlantedDatabase(backend);
    quality = createQualityService({
      db: planted.database.db,
      clock,
      onFindingsComputed: (part) => {
        computed[part] += 1;
      },
    });
    scope = { officeId: planted.officeId, unitIds: 'all' };
  }, 60_000);
  afterAll(async () => {
    await quality?.settled();
    await planted?.dispose();
  });

  it('computes once, then serves every row, round and the whole scope from what it kept, as uncached', async () => {
    const inspectionId = planted.inspectionIds[0]!;
    const first = await quality.findFindings(scope, { inspectionId });
    expect(computed).toEqual({ timing: 1, duplication: 1 });
    expect(first).toEqual(await uncached({ inspectionId }));

    expect(await quality.findFindings(scope, { inspectionId })).toEqual(first);
    for (const other of planted.inspectionIds) {
      expect(await quality.findFindings(scope, { inspectionId: other })).toEqual(
        await uncached({ inspectionId: other }),
      );
    }
    const roundId = first.timing[0]?.roundId ?? first.duplicates[0]!.occurrences[0]!.roundId;
    expect(await quality.findFindings(scope, { roundId })).toEqual(await uncached({ roundId }));
    const all = await quality.findFindings(scope, {});
    expect(all).toEqual(await uncached({}));
    expect(all.timing.length).toBeGreaterThan(0);
    expect(computed).toEqual({ timing: 1, duplication: 1 });
  });

  it('computes again after a ledger change, and answers with the change', async () => {
    const before = { ...computed };
    const problemId = await dateEvidenceAfterClosing();
    const after = await quality.findFindings(scope, {});
    expect(computed).toEqual({ timing: before.timing + 1, duplication: before.duplication + 1 });
    expect(after).toEqual(await uncached({}));
    expect(
      after.timing.some(
        (finding) => finding.kind === 'evidence_after_close' && finding.problemIds.includes(problemId),
      ),
    ).toBe(true);
    await quality.findFindings(scope, {});
    expect(computed).toEqual({ timing: before.timing + 1, duplication: before.duplication + 1 });
  });

  it('takes the timing findings over from the grade computation of the same mark', async () => {
    clock.set(`${QUALITY_TODAY}T04:00:00.000Z`);
    await dateEvidenceAfterClosing();
    const before = { ...computed };
    await quality.refreshGrades(scope);
    expect(computed.timing).toBe(before.timing + 1);
    const served = await quality.findFindings(scope, {});
    expect(computed.timing).toBe(before.timing + 1);
    expect(served).toEqual(await uncached({}));
  });

  it('computes again on a new day without any change', async () => {
    await quality.findFindings(scope, {});
    const before = { ...computed };
    clock.set('2026-11-21T01:00:00.000Z');
    expect(await quality.findFindings(scope, {})).toEqual(await uncached({}));
    expect(computed).toEqual({ timing: before.timing + 1, duplication: before.duplication + 1 });
  });
});
