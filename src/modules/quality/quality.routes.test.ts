/** The quality API over HTTP on the generated demo: scope, shapes, drill-down and weights. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { appendEvent } from '../events/event.repository.ts';
import { startApiHarness, type ApiHarness } from '../problems/problem.test-support.ts';
import { settleGradeComputations } from './quality.service.ts';

interface GradeBody {
  units: Array<{
    inspectionId: number;
    unitId: number;
    score: number | null;
    grade: string | null;
    findingCount: number;
    problems: number;
    indicators: Array<{
      name: string;
      value: number | null;
      weight: number;
      problemIds: number[];
      basis: string;
    }>;
  }>;
  weights: Record<string, number>;
  thresholds: { good: number; fairlyGood: number; average: number };
  state: 'ready' | 'computing';
  computedAt: string | null;
  isUpdating: boolean;
}

/**
 * Grades as fresh as the ledger: the list is served stale-while-revalidate, so ask once (which
 * starts the recomputation), wait until it is done, and ask again.
 */
async function freshGrades(harness: ApiHarness, role: 'office' | 'unit'): Promise<GradeBody> {
  await harness.request(role, 'GET', '/api/quality/grades');
  await settleGradeComputations(harness.database.db);
  const response = await harness.request(role, 'GET', '/api/quality/grades');
  expect(response.statusCode).toBe(200);
  const body = response.json() as GradeBody;
  expect(body.isUpdating).toBe(false);
  return body;
}

const feedbackOf = (unit: GradeBody['units'][number]) =>
  unit.indicators.find((indicator) => indicator.name === 'publicFeedback')!;

/** Public feedback rows on problems, recorded with an event as any ledger change is. */
async function addFeedback(
  harness: ApiHarness,
  rows: Array<{ problemId: number; status: 'received' | 'assigned' | 'replied' | 'closed' }>,
) {
  await harness.database.db.transaction().execute(async (transaction) => {
    for (const [index, row] of rows.entries()) {
      const replied = row.status === 'replied' || row.status === 'closed';
      await transaction
        .insertInto('public_feedback')
        .values({
          office_id: harness.officeId,
          reference: `QF-${row.problemId}-${index}-${Math.random().toString(36).slice(2)}`,
          problem_id: row.problemId,
          content: '群众反映整改不到位',
          status: row.status,
          received_at: '2026-10-01T02:00:00.000Z',
          reply: replied ? '已核实处理' : null,
          replied_at: replied ? '2026-10-05T02:00:00.000Z' : null,
        })
        .execute();
    }
    await appendEvent(transaction, {
      officeId: harness.officeId,
      at: '2026-10-05T02:00:00.000Z',
      actorUserId: null,
      entityType: 'office',
      entityId: harness.officeId,
      action: 'public_feedback_received',
      data: { count: rows.length },
    });
  });
}

describe.each(backends)('quality routes (%s)', (backend) => {
  let harness: ApiHarness;
  let inspectionId: number;
  let otherInspectionId: number;

  beforeAll(async () => {
    harness = await startApiHarness(backend);
    const rows = await harness.database.db
      .selectFrom('inspections')
      .select(['id', 'unit_id'])
      .where('office_id', '=', harness.officeId)
      .execute();
    inspectionId = rows.find((row) => row.unit_id === harness.unitId)!.id;
    otherInspectionId = rows.find((row) => row.unit_id === harness.otherUnitId)!.id;
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
  });

  it('scores every measure of an inspection with reasons', async () => {
    const response = await harness.request(
      'unit',
      'GET',
      `/api/quality/measures?inspectionId=${inspectionId}`,
    );
    expect(response.statusCode).toBe(200);
    const { measures } = response.json() as {
      measures: Array<{ score: number; level: string; summary: string; reasons: string[] }>;
    };
    expect(measures.length).toBeGreaterThan(10);
    for (const measure of measures) {
      expect(measure.score).toBeGreaterThanOrEqual(0);
      expect(measure.score).toBeLessThanOrEqual(100);
      expect(measure.summary.length).toBeGreaterThan(0);
    }
    expect(measures.some((measure) => measure.level === 'vague')).toBe(true);
    expect(measures.some((measure) => measure.level === 'concrete')).toBe(true);
  });

  it('answers 404 for an inspection outside the scope, 400 without a filter', async () => {
    expect(
      (await harness.request('unit', 'GET', `/api/quality/measures?inspectionId=${otherInspectionId}`))
        .statusCode,
    ).toBe(404);
    expect(
      (await harness.request('otherOffice', 'GET', `/api/quality/findings?inspectionId=${inspectionId}`))
        .statusCode,
    ).toBe(404);
    expect((await harness.request('office', 'GET', '/api/quality/measures')).statusCode).toBe(400);
  });

  it('scores draft texts without the ledger', async () => {
    const response = await harness.request('unit', 'POST', '/api/quality/measures/score', {
      texts: ['进一步提高认识，切实加强管理', '由办公室负责，2024年6月底前修订《公务接待管理办法》'],
    });
    expect(response.statusCode).toBe(200);
    const { scores } = response.json() as { scores: Array<{ score: number; summary: string }> };
    expect(scores[0]!.summary).toBe('无时限、无量化指标、无具体成果、无责任主体、4处空泛表述');
    expect(scores[1]!.score).toBeGreaterThanOrEqual(70);
  });

  it('lists duplication and timing findings, each side in scope', async () => {
    const response = await harness.request(
      'office',
      'GET',
      `/api/quality/findings?inspectionId=${inspectionId}`,
    );
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      duplicates: Array<{ occurrences: Array<{ inspectionId: number; problemId: number }> }>;
      timing: Array<{ inspectionId: number }>;
    };
    for (const finding of body.duplicates) {
      expect(finding.occurrences.length).toBeGreaterThanOrEqual(2);
      expect(finding.occurrences.some((occurrence) => occurrence.inspectionId === inspectionId)).toBe(true);
    }
    for (const finding of body.timing) expect(finding.inspectionId).toBe(inspectionId);
  });

  it('grades every unit with indicators that drill down to items of that unit', async () => {
    // Nothing computed yet: accepted, computing in the background, asked again when done.
    const first = await harness.request('office', 'GET', '/api/quality/grades');
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ state: 'computing', units: [], computedAt: null, isUpdating: true });
    await settleGradeComputations(harness.database.db);
    const response = await harness.request('office', 'GET', '/api/quality/grades');
    expect(response.statusCode).toBe(200);
    const body = response.json() as GradeBody;
    expect(body).toMatchObject({ state: 'ready', isUpdating: false });
    expect(body.computedAt).toEqual(expect.any(String));
    expect(body.units.length).toBe(4);
    for (const unit of body.units) {
      expect(['好', '较好', '一般', '差']).toContain(unit.grade);
      expect(unit.indicators.map((indicator) => indicator.name)).toEqual([
        'timeliness',
        'evidence',
        'concreteness',
        'duplication',
        'rebound',
        'overdue',
        'publicFeedback',
      ]);
      const feedback = feedbackOf(unit);
      expect(feedback.value).toBeNull();
      expect(feedback.basis).toBe('暂无涉及本单位问题的群众意见，不计分');
      const unitProblems = (
        await harness.database.db
          .selectFrom('problems')
          .select('id')
          .where('inspection_id', '=', unit.inspectionId)
          .execute()
      ).map((row) => row.id);
      for (const indicator of unit.indicators) {
        for (const problemId of indicator.problemIds) expect(unitProblems).toContain(problemId);
      }
    }
    const unitView = await freshGrades(harness, 'unit');
    expect(unitView.units.map((unit) => unit.unitId)).toEqual([harness.unitId]);
  });

  it('lets only the office set weights, with versions, and grades by them', async () => {
    const current = (await harness.request('office', 'GET', '/api/quality/weights')).json() as {
      weights: Record<string, number>;
      version: number;
    };
    expect(current.version).toBe(0);
    expect(current.weights.timeliness).toBe(25);
    const onlyOverdue = {
      timeliness: 0,
      evidence: 0,
      concreteness: 0,
      duplication: 0,
      rebound: 0,
      overdue: 100,
      publicFeedback: 0,
    };
    const refused = await harness.request('unit', 'PUT', '/api/quality/weights', {
      weights: onlyOverdue,
      version: 0,
    });
    expect(refused.statusCode).toBe(403);
    const saved = await harness.request('office', 'PUT', '/api/quality/weights', {
      weights: onlyOverdue,
      version: 0,
    });
    expect(saved.statusCode).toBe(200);
    expect((saved.json() as { version: number }).version).toBe(1);
    const stale = await harness.request('office', 'PUT', '/api/quality/weights', {
      weights: onlyOverdue,
      version: 0,
    });
    expect(stale.statusCode).toBe(409);
    const grades = await freshGrades(harness, 'office');
    for (const unit of grades.units) {
      const overdue = unit.indicators.find((indicator) => indicator.name === 'overdue')!;
      expect(unit.score).toBe(Math.round(overdue.value! * 1000) / 10);
    }
  });

  it('counts public feedback on the unit’s items and the share not yet answered', async () => {
    const problems = await harness.database.db
      .selectFrom('problems')
      .select('id')
      .where('inspection_id', '=', inspectionId)
      .orderBy('id')
      .limit(2)
      .execute();
    const before = await freshGrades(harness, 'office');
    expect(feedbackOf(before.units.find((unit) => unit.inspectionId === inspectionId)!).value).toBeNull();
    await addFeedback(harness, [
      { problemId: problems[0]!.id, status: 'received' },
      { problemId: problems[0]!.id, status: 'replied' },
      { problemId: problems[1]!.id, status: 'closed' },
      { problemId: problems[1]!.id, status: 'assigned' },
    ]);
    // The new event makes the kept grades stale: recomputed, then served.
    const after = await freshGrades(harness, 'office');
    const feedback = feedbackOf(after.units.find((unit) => unit.inspectionId === inspectionId)!);
    expect(feedback.value).toBe(0.5);
    expect(feedback.basis).toBe('2项问题收到群众意见4条，其中2条未答复');
    expect(feedback.problemIds).toEqual([problems[0]!.id, problems[1]!.id]);
    const other = after.units.find((unit) => unit.inspectionId === otherInspectionId)!;
    expect(feedbackOf(other).value).toBeNull();
  });

  it('refuses weights that do not add up to 100 and thresholds out of order, naming the field', async () => {
    const current = (await harness.request('office', 'GET', '/api/quality/weights')).json() as {
      weights: Record<string, number>;
      version: number;
    };
    const unbalanced = await harness.request('office', 'PUT', '/api/quality/weights', {
      weights: { ...current.weights, timeliness: current.weights.timeliness! + 5 },
      version: current.version,
    });
    expect(unbalanced.statusCode).toBe(400);
    const unbalancedError = (unbalanced.json() as { error: { message: string; where: string } }).error;
    expect(unbalancedError.message).toContain('各项权重之和须为100');
    expect(unbalancedError.where).toBe('body.weights');
    const disordered = await harness.request('office', 'POST', '/api/quality/grades/preview', {
      weights: current.weights,
      thresholds: { good: 70, fairlyGood: 80, average: 60 },
    });
    expect(disordered.statusCode).toBe(400);
    const disorderedError = (disordered.json() as { error: { message: string; where: string } }).error;
    expect(disorderedError.message).toContain('好 > 较好 > 一般');
    expect(disorderedError.where).toBe('body.thresholds');
  });

  it('previews the grade distribution under other thresholds without saving, then saves them', async () => {
    const current = (await harness.request('office', 'GET', '/api/quality/weights')).json() as {
      weights: Record<string, number>;
      thresholds: { good: number; fairlyGood: number; average: number };
      version: number;
    };
    const grades = await freshGrades(harness, 'office');
    const lenient = { good: 2, fairlyGood: 1.5, average: 1 };
    const response = await harness.request('office', 'POST', '/api/quality/grades/preview', {
      weights: current.weights,
      thresholds: lenient,
    });
    expect(response.statusCode).toBe(200);
    const preview = response.json() as {
      units: number;
      current: Record<string, number>;
      proposed: Record<string, number>;
      changed: number;
      computedAt: string;
      isUpdating: boolean;
    };
    const graded = grades.units.filter((unit) => unit.grade !== null);
    expect(preview.units).toBe(grades.units.length);
    // Compared on the same kept indicators the grade list was served from.
    expect(preview).toMatchObject({ computedAt: grades.computedAt, isUpdating: false });
    expect(preview.current['好']).toBe(graded.filter((unit) => unit.grade === '好').length);
    expect(preview.proposed).toEqual({
      好: graded.filter((unit) => unit.score! >= 2).length,
      较好: graded.filter((unit) => unit.score! < 2 && unit.score! >= 1.5).length,
      一般: graded.filter((unit) => unit.score! < 1.5 && unit.score! >= 1).length,
      差: graded.filter((unit) => unit.score! < 1).length,
    });
    expect(preview.changed).toBe(graded.filter((unit) => unit.grade !== '好' && unit.score! >= 2).length);
    expect(
      ((await harness.request('office', 'GET', '/api/quality/weights')).json() as { version: number })
        .version,
    ).toBe(current.version);

    const saved = await harness.request('office', 'PUT', '/api/quality/weights', {
      weights: current.weights,
      thresholds: lenient,
      version: current.version,
    });
    expect(saved.statusCode).toBe(200);
    const after = await freshGrades(harness, 'office');
    expect(after.thresholds).toEqual(lenient);
    for (const unit of after.units) {
      if (unit.score !== null && unit.score >= 2) expect(unit.grade).toBe('好');
    }
  });
});
