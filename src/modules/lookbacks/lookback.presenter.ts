/** The JSON of look-backs and their checks: explicit mapping, so a new column never leaks. */
import { tallyChecks, tallyChecksBy } from './lookback.rules.ts';
import type { CheckRow, LookbackRow } from './lookback.repository.ts';

/** A look-back with its progress; `isDue`: the planned day has come and it is not completed. */
export function presentLookback(row: LookbackRow, checks: readonly CheckRow[], today: string) {
  return {
    id: row.id,
    inspectionId: row.inspection_id,
    unitId: row.unit_id,
    plannedOn: row.planned_on,
    state: row.state,
    isDue: row.state !== 'completed' && row.planned_on <= today,
    scheduledBy: row.scheduled_by,
    scheduledAt: row.scheduled_at,
    completedBy: row.completed_by,
    completedAt: row.completed_at,
    summary: row.summary,
    version: row.version,
    progress: tallyChecks(checks.map((check) => check.result)),
  };
}

export function presentCheck(check: CheckRow) {
  return {
    problemId: check.problemId,
    parentId: check.parentId,
    number: check.number,
    title: check.title,
    problemState: check.problemState,
    aspectId: check.aspectId,
    aspectTitle: check.aspectTitle,
    result: check.result,
    note: check.note,
    checkedBy: check.checkedBy,
    checkedByName: check.checkedByName,
    checkedAt: check.checkedAt,
    version: check.version,
  };
}

/** A look-back with its checklist and its rebound rate per aspect. */
export function presentLookbackDetail(row: LookbackRow, checks: readonly CheckRow[], today: string) {
  return {
    ...presentLookback(row, checks, today),
    checks: checks.map(presentCheck),
    aspects: tallyChecksBy(checks.map((check) => ({ key: check.aspectId, result: check.result }))).map(
      ({ key, ...tally }) => {
        const aspect = checks.find((check) => check.aspectId === key)!;
        return {
          aspectId: key,
          aspectNumber: aspect.aspectNumber,
          aspectTitle: aspect.aspectTitle,
          ...tally,
        };
      },
    ),
  };
}
