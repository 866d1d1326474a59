/**
 * The grade list through the quality service on planted data, on every backend: served
 * stale-while-revalidate after a ledger change, duplication findings kept across changes that
 * edit no text and redone after a text edit, and the rebound indicator from look-back checks.
 * Background computations are awaited (settled), never timed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { createFixedClock } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import { QUALITY_TODAY, loadPlantedDatabase, type PlantedDatabase } from './quality.test-support.ts';
import { createQualityService, type GradeList } from './quality.service.ts';

const indicatorOf = (list: GradeList, inspectionId: number, name: string) =>
  list.units
    .find((unit) => unit.inspectionId === inspectionId)!
    .indicators.find((indicator) => indicator.name === name)!;

describe.each(backends)('grade freshness and look-back rebounds (%s)', (backend) => {
  let planted: PlantedDatabase;
  const clock = createFixedClock(`${QUALITY_TODAY}T02:00:00.000Z`);
  let quality: ReturnType<typeof createQualityService>;
  let scope: { officeId: number; unitIds: 'all' };

  /** A ledger write with its event, as every service makes one. */
  async function change(write: (db: PlantedDatabase['database']['db']) => Promise<unknown>, action: string) {
    await planted.database.db.transaction().execute(async (transaction) => {
      await write(transaction as unknown as PlantedDatabase['database']['db']);
      await appendEvent(transaction, {
        officeId: planted.officeId,
        at: clock.now().toISOString(),
        actorUserId: null,
        entityType: 'office',
        entityId: planted.officeId,
        action,
        data: {},
      });
    });
  }

  /** An open top-level problem of an inspection, with its deadline (a deadline change shows on it). */
  async function openProblemOf(inspectionId: number): Promise<{ id: number; deadlineId: number }> {
    const row = await planted.database.db
      .selectFrom('problems')
      .select(['id', 'deadline_id'])
      .where('inspection_id', '=', inspectionId)
      .where('parent_id', 'is', null)
      .where('state', '<>', 'closed')
      .where('deadline_id', 'is not', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, deadlineId: row.deadline_id! };
  }

  async function measureOf(inspectionId: number) {
    return planted.database.db
      .selectFrom('measures')
      .innerJoin('problems', 'problems.id', 'measures.problem_id')
      .select(['measures.id', 'measures.text', 'measures.problem_id'])
      .where('problems.inspection_id', '=', inspectionId)
      .where('problems.parent_id', 'is', null)
      .orderBy('measures.id')
      .executeTakeFirstOrThrow();
  }

  beforeAll(async () => {
    planted = await loadPlantedDatabase(backend);
    quality = createQualityService({ db: planted.database.db, clock });
    scope = { officeId: planted.officeId, unitIds: 'all' };
  }, 60_000);
  afterAll(async () => {
    await quality?.settled();
    await planted?.dispose();
  });

  it('answers "computing" first, then serves kept grades marked as updating until the recomputation replaces them', async () => {
    const first = await quality.gradeUnits(scope, {});
    expect(first).toMatchObject({ state: 'computing', units: [], computedAt: null, isUpdating: true });
    await quality.settled();
    const ready = await quality.gradeUnits(scope, {});
    expect(ready).toMatchObject({
      state: 'ready',
      computedAt: `${QUALITY_TODAY}T02:00:00.000Z`,
      isUpdating: false,
    });
    expect(ready.units.length).toBe(planted.inspectionIds.length);

    const inspectionId = planted.inspectionIds[0]!;
    const { id: problemId, deadlineId } = await openProblemOf(inspectionId);
    expect(indicatorOf(ready, inspectionId, 'overdue').problemIds).not.toContain(problemId);
    clock.set(`${QUALITY_TODAY}T03:00:00.000Z`);
    await change(
      (db) =>
        db.updateTable('deadlines').set({ due_on: '2026-01-05' }).where('id', '=', deadlineId).execute(),
      'deadline_changed',
    );

    // At once: the grades from before, saying when they were computed and that newer ones are coming.
    const stale = await quality.gradeUnits(scope, {});
    expect(stale).toMatchObject({
      state: 'ready',
      computedAt: `${QUALITY_TODAY}T02:00:00.000Z`,
      isUpdating: true,
    });
    expect(indicatorOf(stale, inspectionId, 'overdue').problemIds).not.toContain(problemId);
    await quality.settled();

    const fresh = await quality.gradeUnits(scope, {});
    expect(fresh).toMatchObject({ computedAt: `${QUALITY_TODAY}T03:00:00.000Z`, isUpdating: false });
    expect(indicatorOf(fresh, inspectionId, 'overdue').problemIds).toContain(problemId);
  });

  it('serves yesterday’s grades as updating on a new day until today’s are computed', async () => {
    await quality.refreshGrades(scope);
    const yesterday = await quality.gradeUnits(scope, {});
    clock.set('2026-11-21T01:00:00.000Z');
    const served = await quality.gradeUnits(scope, {});
    expect(served).toMatchObject({ state: 'ready', computedAt: yesterday.computedAt, isUpdating: true });
    await quality.settled();
    expect(await quality.gradeUnits(scope, {})).toMatchObject({
      computedAt: '2026-11-21T01:00:00.000Z',
      isUpdating: false,
    });
  });

  it('keeps the duplication findings across a state change and redoes them after a text edit', async () => {
    const before = await quality.refreshGrades(scope);
    const { id: problemId } = await openProblemOf(planted.inspectionIds[1]!);
    await change(
      (db) => db.updateTable('problems').set({ state: 'in_progress' }).where('id', '=', problemId).execute(),
      'state_changed',
    );
    const afterState = await quality.refreshGrades(scope);
    expect(afterState.duplication).toEqual({ fingerprint: before.duplication.fingerprint, isReused: true });

    // A measure of another inspection rewritten as a copy of the first inspection's measure.
    const original = await measureOf(planted.inspectionIds[0]!);
    const copy = await measureOf(planted.inspectionIds[2]!);
    const listBefore = await quality.gradeUnits(scope, {});
    expect(indicatorOf(listBefore, planted.inspectionIds[2]!, 'duplication').problemIds).not.toContain(
      copy.problem_id,
    );
    const findingsOf = async () =>
      (await quality.findFindings(scope, { inspectionId: planted.inspectionIds[2]! })).duplicates.flatMap(
        (finding) => finding.occurrences.map((occurrence) => occurrence.sourceId),
      );
    expect(await findingsOf()).not.toContain(copy.id);
    // Asked again unchanged: the same (kept) findings.
    expect(await findingsOf()).not.toContain(copy.id);
    await change(
      (db) => db.updateTable('measures').set({ text: original.text }).where('id', '=', copy.id).execute(),
      'measure_edited',
    );
    const afterText = await quality.refreshGrades(scope);
    expect(afterText.duplication.isReused).toBe(false);
    expect(afterText.duplication.fingerprint).not.toBe(before.duplication.fingerprint);
    expect(await findingsOf()).toContain(copy.id);
    const listAfter = await quality.gradeUnits(scope, {});
    expect(indicatorOf(listAfter, planted.inspectionIds[2]!, 'duplication').problemIds).toContain(
      copy.problem_id,
    );
    expect(indicatorOf(listAfter, planted.inspectionIds[0]!, 'duplication').problemIds).toContain(
      original.problem_id,
    );
  });

  it('rates rebounds by look-back checks where a look-back has checked items, by reopened items elsewhere', async () => {
    const inspectionId = planted.inspectionIds[3]!;
    const otherId = planted.inspectionIds[4]!;
    const items = await planted.database.db
      .selectFrom('problems')
      .select('id')
      .where('inspection_id', '=', inspectionId)
      .orderBy('id')
      .limit(4)
      .execute();
    await change(async (db) => {
      // The generated demo has look-backs of its own: these two inspections start without any.
      await db.deleteFrom('lookbacks').where('inspection_id', 'in', [inspectionId, otherId]).execute();
      const lookback = await db
        .insertInto('lookbacks')
        .values({
          office_id: planted.officeId,
          inspection_id: inspectionId,
          planned_on: '2026-11-10',
          state: 'in_progress',
          scheduled_at: `${QUALITY_TODAY}T01:00:00.000Z`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const results = ['holds', 'rebound', 'holds', null] as const;
      for (const [position, item] of items.entries()) {
        const result = results[position]!;
        await db
          .insertInto('lookback_checks')
          .values({
            office_id: planted.officeId,
            lookback_id: lookback.id,
            problem_id: item.id,
            position,
            result,
            note: result === 'rebound' ? '整改后问题再次出现' : null,
            checked_at: result === null ? null : `${QUALITY_TODAY}T01:30:00.000Z`,
          })
          .execute();
      }
    }, 'lookback_checked');
    await quality.refreshGrades(scope);
    const list = await quality.gradeUnits(scope, {});
    const rebound = indicatorOf(list, inspectionId, 'rebound');
    // Three checked (the unchecked one does not count yet), one rebounded.
    expect(rebound.value).toBeCloseTo(2 / 3, 10);
    expect(rebound.problemIds).toEqual([items[1]!.id]);
    expect(rebound.basis).toBe('回头看已检查3项中1项反弹');
    const other = indicatorOf(list, otherId, 'rebound');
    expect(other.basis).toMatch(/^\d+项中\d+项出现反弹（未开展回头看）$/);
    const report = await quality.gradeInspection(scope, inspectionId);
    expect(report!.indicators.find((indicator) => indicator.name === 'rebound')!.problemIds).toEqual([
      items[1]!.id,
    ]);
  });
});
