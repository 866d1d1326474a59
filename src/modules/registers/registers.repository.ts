/**
 * The registers of results beyond the ledger (DESIGN.md §7): institutions built or revised
 * (建章立制), meetings held, and outcomes (funds returned/recovered/saved, people reminded,
 * admonished, held accountable), each linked to the problems they answer.
 */
import type { Executor } from '../../storage/database.ts';
import type { InstitutionChange, MeetingKind, OutcomeKind } from '../../storage/schema.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';

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

// ---------------------------------------------------------------------------------------------
// The registers API: listing by inspection, finding one row in scope, updating at a version,
// deleting. Scope always comes through the inspection the row belongs to.

/** An inspection in the scope, with the unit it inspected. */
export async function findInspectionInScope(db: Executor, scope: LedgerScope, inspectionId: number) {
  return db
    .selectFrom('inspections')
    .select(['inspections.id', 'inspections.office_id', 'inspections.unit_id'])
    .where('inspections.id', '=', inspectionId)
    .where((eb) => inScope(eb, scope))
    .executeTakeFirst();
}

/** Which of the given problem ids belong to the inspection. */
export async function findProblemIdsOfInspection(
  db: Executor,
  inspectionId: number,
  problemIds: readonly number[],
): Promise<Set<number>> {
  if (problemIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('problems')
    .select('id')
    .where('inspection_id', '=', inspectionId)
    .where('id', 'in', [...new Set(problemIds)])
    .execute();
  return new Set(rows.map((row) => row.id));
}

export type RegisterTable = 'institutions' | 'meetings' | 'outcomes';

/** A register row in the scope, with the inspection it hangs off. */
export async function findRegisterRowInScope(
  db: Executor,
  table: RegisterTable,
  scope: LedgerScope,
  rowId: number,
) {
  return db
    .selectFrom(table)
    .innerJoin('inspections', 'inspections.id', `${table}.inspection_id`)
    .select([`${table}.id`, `${table}.version`, `${table}.office_id`, 'inspections.id as inspection_id'])
    .where(`${table}.id`, '=', rowId)
    .where((eb) => inScope(eb, scope))
    .executeTakeFirst();
}

function groupLinks(rows: ReadonlyArray<{ owner_id: number; problem_id: number }>): Map<number, number[]> {
  const links = new Map<number, number[]>();
  for (const row of rows) links.set(row.owner_id, [...(links.get(row.owner_id) ?? []), row.problem_id]);
  return links;
}

/** Problem ids linked to each institution, in problem order. */
export async function institutionLinks(db: Executor, ids: readonly number[]): Promise<Map<number, number[]>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('institution_problems')
    .select(['institution_id as owner_id', 'problem_id'])
    .where('institution_id', 'in', [...ids])
    .orderBy('problem_id')
    .execute();
  return groupLinks(rows);
}

/** Problem ids linked to each meeting, in problem order. */
export async function meetingLinks(db: Executor, ids: readonly number[]): Promise<Map<number, number[]>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('meeting_problems')
    .select(['meeting_id as owner_id', 'problem_id'])
    .where('meeting_id', 'in', [...ids])
    .orderBy('problem_id')
    .execute();
  return groupLinks(rows);
}

export async function findInstitutions(db: Executor, filter: { inspectionId?: number; id?: number }) {
  let query = db
    .selectFrom('institutions')
    .select(['id', 'inspection_id', 'unit_id', 'name', 'change', 'adopted_on', 'created_at', 'version']);
  if (filter.inspectionId !== undefined) query = query.where('inspection_id', '=', filter.inspectionId);
  if (filter.id !== undefined) query = query.where('id', '=', filter.id);
  const rows = await query.orderBy('id').execute();
  const links = await institutionLinks(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ ...row, problem_ids: links.get(row.id) ?? [] }));
}

export type InstitutionRow = Awaited<ReturnType<typeof findInstitutions>>[number];

export async function findMeetings(db: Executor, filter: { inspectionId?: number; id?: number }) {
  let query = db
    .selectFrom('meetings')
    .select(['id', 'inspection_id', 'unit_id', 'kind', 'held_on', 'topic', 'version']);
  if (filter.inspectionId !== undefined) query = query.where('inspection_id', '=', filter.inspectionId);
  if (filter.id !== undefined) query = query.where('id', '=', filter.id);
  const rows = await query.orderBy('held_on').orderBy('id').execute();
  const links = await meetingLinks(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ ...row, problem_ids: links.get(row.id) ?? [] }));
}

export type MeetingRow = Awaited<ReturnType<typeof findMeetings>>[number];

export async function findOutcomes(db: Executor, filter: { inspectionId?: number; id?: number }) {
  let query = db
    .selectFrom('outcomes')
    .select([
      'id',
      'inspection_id',
      'problem_id',
      'kind',
      'amount_fen',
      'people_count',
      'note',
      'recorded_on',
      'version',
    ]);
  if (filter.inspectionId !== undefined) query = query.where('inspection_id', '=', filter.inspectionId);
  if (filter.id !== undefined) query = query.where('id', '=', filter.id);
  return query.orderBy('recorded_on').orderBy('id').execute();
}

export type OutcomeRow = Awaited<ReturnType<typeof findOutcomes>>[number];

async function replaceLinks(
  db: Executor,
  table: 'institution_problems' | 'meeting_problems',
  ownerId: number,
  officeId: number,
  problemIds: readonly number[],
): Promise<void> {
  const ids = [...new Set(problemIds)];
  if (table === 'institution_problems') {
    await db.deleteFrom(table).where('institution_id', '=', ownerId).execute();
    if (ids.length > 0) {
      await db
        .insertInto(table)
        .values(
          ids.map((problemId) => ({ institution_id: ownerId, problem_id: problemId, office_id: officeId })),
        )
        .execute();
    }
    return;
  }
  await db.deleteFrom(table).where('meeting_id', '=', ownerId).execute();
  if (ids.length > 0) {
    await db
      .insertInto(table)
      .values(ids.map((problemId) => ({ meeting_id: ownerId, problem_id: problemId, office_id: officeId })))
      .execute();
  }
}

function changed(result: { numUpdatedRows: bigint }): boolean {
  return Number(result.numUpdatedRows) === 1;
}

/** Updates an institution at the expected version, bumping it; false when it moved meanwhile. */
export async function updateInstitutionIfVersion(
  db: Executor,
  id: number,
  expectedVersion: number,
  changes: {
    officeId: number;
    name: string;
    change: InstitutionChange;
    adoptedOn: string | null;
    problemIds: readonly number[];
  },
): Promise<boolean> {
  const result = await db
    .updateTable('institutions')
    .set((eb) => ({
      name: changes.name,
      change: changes.change,
      adopted_on: changes.adoptedOn,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (!changed(result)) return false;
  await replaceLinks(db, 'institution_problems', id, changes.officeId, changes.problemIds);
  return true;
}

export async function updateMeetingIfVersion(
  db: Executor,
  id: number,
  expectedVersion: number,
  changes: {
    officeId: number;
    kind: MeetingKind;
    heldOn: string;
    topic: string;
    problemIds: readonly number[];
  },
): Promise<boolean> {
  const result = await db
    .updateTable('meetings')
    .set((eb) => ({
      kind: changes.kind,
      held_on: changes.heldOn,
      topic: changes.topic,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (!changed(result)) return false;
  await replaceLinks(db, 'meeting_problems', id, changes.officeId, changes.problemIds);
  return true;
}

export async function updateOutcomeIfVersion(
  db: Executor,
  id: number,
  expectedVersion: number,
  changes: Omit<NewOutcome, 'officeId' | 'inspectionId'>,
): Promise<boolean> {
  const result = await db
    .updateTable('outcomes')
    .set((eb) => ({
      kind: changes.kind,
      problem_id: changes.problemId,
      amount_fen: changes.amountFen,
      people_count: changes.peopleCount,
      note: changes.note,
      recorded_on: changes.recordedOn,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return changed(result);
}

/** Deletes a register row (its problem links go with it) at the expected version. */
export async function deleteRegisterRowIfVersion(
  db: Executor,
  table: RegisterTable,
  id: number,
  expectedVersion: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom(table)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
