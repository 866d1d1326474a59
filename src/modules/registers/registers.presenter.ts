/** The registers API's JSON: camelCase, money back in yuan. */
import type { InstitutionRow, MeetingRow, OutcomeRow } from './registers.repository.ts';

export function presentInstitution(row: InstitutionRow) {
  return {
    id: row.id,
    inspectionId: row.inspection_id,
    unitId: row.unit_id,
    name: row.name,
    change: row.change,
    adoptedOn: row.adopted_on,
    problemIds: row.problem_ids,
    createdAt: row.created_at,
    version: row.version,
  };
}

export function presentMeeting(row: MeetingRow) {
  return {
    id: row.id,
    inspectionId: row.inspection_id,
    unitId: row.unit_id,
    kind: row.kind,
    heldOn: row.held_on,
    topic: row.topic,
    problemIds: row.problem_ids,
    version: row.version,
  };
}

export function presentOutcome(row: OutcomeRow) {
  return {
    id: row.id,
    inspectionId: row.inspection_id,
    problemId: row.problem_id,
    kind: row.kind,
    // Fen are integers; dividing once here is exact to the cent for display.
    amountYuan: row.amount_fen == null ? null : Number(row.amount_fen) / 100,
    peopleCount: row.people_count,
    note: row.note,
    recordedOn: row.recorded_on,
    version: row.version,
  };
}
