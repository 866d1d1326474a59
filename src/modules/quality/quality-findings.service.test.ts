/**
 * Duplication and timing checks on generated data with planted cases: every text and date the
 * checks read is controlled (quality.test-support.ts), so they must find exactly the plants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { createDuplicationService } from './duplication.service.ts';
import { loadPlantedDatabase, type PlantedDatabase } from './quality.test-support.ts';
import { createTimingAnomalyService, defaultTimingParameters } from './timing-anomalies.service.ts';

/** Unit B of the plants: the first side of the copied closing statement. */
const statementSide = (planted: PlantedDatabase) =>
  planted.duplicates.find((duplicate) => duplicate.kind === 'statement')!.sides[0].inspection;

describe.each(backends)('quality findings on planted data (%s)', (backend) => {
  let planted: PlantedDatabase;

  beforeAll(async () => {
    planted = await loadPlantedDatabase(backend);
  }, 60_000);
  afterAll(async () => {
    await planted?.dispose();
  });

  it('finds exactly the planted duplicates, each linking both sides, with its scope', async () => {
    const service = createDuplicationService({ db: planted.database.db });
    const result = await service.findDuplicates({ officeId: planted.officeId, unitIds: 'all' });
    const found = result.findings
      .map((finding) => ({
        kind: finding.kind,
        scopes: finding.scopes,
        problemIds: finding.occurrences.map((occurrence) => occurrence.problemId).sort((a, b) => a - b),
      }))
      .sort((left, right) => left.problemIds[0]! - right.problemIds[0]!);
    const expected = planted.duplicates
      .map((duplicate) => ({
        kind: duplicate.kind,
        scopes: [duplicate.scope],
        problemIds: duplicate.sides.map((side) => planted.problemIdOf(side)).sort((a, b) => a - b),
      }))
      .sort((left, right) => left.problemIds[0]! - right.problemIds[0]!);
    expect(found).toEqual(expected);
    for (const finding of result.findings) {
      expect(finding.similarity).toBeGreaterThanOrEqual(0.8);
      expect(finding.occurrences.every((occurrence) => occurrence.text.length > 0)).toBe(true);
    }
  });

  it('keeps the findings that touch one inspection when filtered', async () => {
    const service = createDuplicationService({ db: planted.database.db });
    const result = await service.findDuplicates(
      { officeId: planted.officeId, unitIds: 'all' },
      { inspectionId: planted.inspectionIds[statementSide(planted)]! },
    );
    expect(result.findings.map((finding) => finding.kind).sort()).toEqual(['evidence_file', 'statement']);
  });

  it('finds exactly the planted timing anomalies', async () => {
    const service = createTimingAnomalyService({ db: planted.database.db });
    const result = await service.findTimingAnomalies({ officeId: planted.officeId, unitIds: 'all' });
    const found = result.findings
      .map((finding) => ({ kind: finding.kind, problemIds: [...finding.problemIds].sort((a, b) => a - b) }))
      .sort((left, right) => left.kind.localeCompare(right.kind));
    const expected = planted.timings
      .map((timing) => ({
        kind: timing.kind,
        problemIds: timing.sides.map((side) => planted.problemIdOf(side)).sort((a, b) => a - b),
      }))
      .sort((left, right) => left.kind.localeCompare(right.kind));
    expect(found).toEqual(expected);
    const burst = result.findings.find((finding) => finding.kind === 'closing_burst');
    expect(burst?.description).toBe('5项问题均在整改时限前3天内集中销号');
  });

  it('sees no burst when the threshold is above the planted one', async () => {
    const service = createTimingAnomalyService({
      db: planted.database.db,
      parameters: { ...defaultTimingParameters, burstMinItems: 6 },
    });
    const result = await service.findTimingAnomalies({ officeId: planted.officeId, unitIds: 'all' });
    expect(result.findings.some((finding) => finding.kind === 'closing_burst')).toBe(false);
  });

  it('sees only the units in scope', async () => {
    const firstUnit = await planted.database.db
      .selectFrom('inspections')
      .select('unit_id')
      .where('id', '=', planted.inspectionIds[0]!)
      .executeTakeFirstOrThrow();
    const service = createDuplicationService({ db: planted.database.db });
    const result = await service.findDuplicates({ officeId: planted.officeId, unitIds: [firstUnit.unit_id] });
    expect(result.findings.map((finding) => finding.scopes)).toEqual([['same_unit'], ['earlier_round']]);
  });
});
