/**
 * The registers of results beyond the ledger (DESIGN.md §7): institutions built or revised
 * (建章立制), meetings held, and outcomes (funds returned/recovered/saved, people reminded,
 * admonished, held accountable), each linked to the problems they answer.
 */
import type { Executor } from '../../storage/database.ts';
import type { InstitutionChange, MeetingKind, OutcomeKind } from '../../storage/schema.ts';

export interface NewInstitution {
  officeId: number;
  unitId: number;
  inspectionId: number | null;
  name: string;
  change: InstitutionChange;
  adoptedOn: string | null;
  createdAt: string;
  problemIds: readonly number[];
}

export async function insertInstitution(db: Executor, institution: NewInstitution): Promise<number> {
  const row = await db
    .insertInto('institutions')
    .values({
      office_id: institution.officeId,
      unit_id: institution.unitId,
      inspection_id: institution.inspectionId,
      name: institution.name,
      change: institution.change,
      adopted_on: institution.adoptedOn,
      created_at: institution.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const problemIds = [...new Set(institution.problemIds)];
  if (problemIds.length > 0) {
    await db
      .insertInto('institution_problems')
      .values(
        problemIds.map((problemId) => ({
          institution_id: row.id,
          problem_id: problemId,
          office_id: institution.officeId,
        })),
      )
      .execute();
  }
  return row.id;
}

export interface NewMeeting {
  officeId: number;
  unitId: number;
  inspectionId: number | null;
  kind: MeetingKind;
  heldOn: string;
  topic: string;
  problemIds: readonly number[];
}

export async function insertMeeting(db: Executor, meeting: NewMeeting): Promise<number> {
  const row = await db
    .insertInto('meetings')
    .values({
      office_id: meeting.officeId,
      unit_id: meeting.unitId,
      inspection_id: meeting.inspectionId,
      kind: meeting.kind,
      held_on: meeting.heldOn,
      topic: meeting.topic,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const problemIds = [...new Set(meeting.problemIds)];
  if (problemIds.length > 0) {
    await db
      .insertInto('meeting_problems')
      .values(
        problemIds.map((problemId) => ({
          meeting_id: row.id,
          problem_id: problemId,
          office_id: meeting.officeId,
        })),
      )
      .execute();
  }
  return row.id;
}

export interface NewOutcome {
  officeId: number;
  inspectionId: number;
  problemId: number | null;
  kind: OutcomeKind;
  amountFen: number | null;
  peopleCount: number | null;
  note: string | null;
  recordedOn: string;
}

export async function insertOutcome(db: Executor, outcome: NewOutcome): Promise<number> {
  const row = await db
    .insertInto('outcomes')
    .values({
      office_id: outcome.officeId,
      inspection_id: outcome.inspectionId,
      problem_id: outcome.problemId,
      kind: outcome.kind,
      amount_fen: outcome.amountFen,
      people_count: outcome.peopleCount,
      note: outcome.note,
      recorded_on: outcome.recordedOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
