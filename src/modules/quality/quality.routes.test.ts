/** The quality API over HTTP on the generated demo: scope, shapes, drill-down and weights. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { startApiHarness, type ApiHarness } from '../problems/problem.test-support.ts';

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
    const response = await harness.request('office', 'GET', '/api/quality/grades');
    expect(response.statusCode).toBe(200);
    const body = response.json() as GradeBody;
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
      const feedback = unit.indicators.find((indicator) => indicator.name === 'publicFeedback')!;
      expect(feedback.value).toBeNull();
      expect(feedback.basis).toContain('尚未上线');
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
    const unitView = (await harness.request('unit', 'GET', '/api/quality/grades')).json() as GradeBody;
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
    const grades = (await harness.request('office', 'GET', '/api/quality/grades')).json() as GradeBody;
    for (const unit of grades.units) {
      const overdue = unit.indicators.find((indicator) => indicator.name === 'overdue')!;
      expect(unit.score).toBe(Math.round(overdue.value! * 1000) / 10);
    }
  });
});
