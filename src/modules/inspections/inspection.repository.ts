/**
 * Offices (tenants), inspection rounds, groups, units and inspections: lookups that create
 * what is missing, so an import or the demo can name things as the documents do.
 */
import type { Executor } from '../../storage/database.ts';

export async function findOrCreateOffice(
  db: Executor,
  name: string,
  region: string,
  createdAt: string,
): Promise<number> {
  const existing = await db.selectFrom('offices').select('id').where('name', '=', name).executeTakeFirst();
  if (existing) return existing.id;
  const row = await db
    .insertInto('offices')
    .values({ name, region, created_at: createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findOrCreateRound(
  db: Executor,
  officeId: number,
  round: { name: string; year: number; startedOn?: string | null; endedOn?: string | null },
): Promise<number> {
  const existing = await db
    .selectFrom('inspection_rounds')
    .select('id')
    .where('office_id', '=', officeId)
    .where('name', '=', round.name)
    .executeTakeFirst();
  if (existing) return existing.id;
  const row = await db
    .insertInto('inspection_rounds')
    .values({
      office_id: officeId,
      name: round.name,
      year: round.year,
      started_on: round.startedOn ?? null,
      ended_on: round.endedOn ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Finds a row of an office's name-keyed table (groups, units), inserting it when new. */
async function findOrCreateNamed(
  db: Executor,
  table: 'inspection_groups' | 'units',
  officeId: number,
  name: string,
): Promise<number> {
  const existing = await db
    .selectFrom(table)
    .select('id')
    .where('office_id', '=', officeId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (existing) return existing.id;
  const row = await db
    .insertInto(table)
    .values({ office_id: officeId, name })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findOrCreateGroup(db: Executor, officeId: number, name: string): Promise<number> {
  return findOrCreateNamed(db, 'inspection_groups', officeId, name);
}

export function findOrCreateUnit(db: Executor, officeId: number, name: string): Promise<number> {
  return findOrCreateNamed(db, 'units', officeId, name);
}

export interface NewInspection {
  officeId: number;
  roundId: number;
  unitId: number;
  groupId: number | null;
  periodStart: string | null;
  periodEnd: string | null;
  feedbackOn: string | null;
  planDueOn: string | null;
  reportDueOn: string | null;
  concentratedUntil: string | null;
  createdAt: string;
}

export async function insertInspection(db: Executor, inspection: NewInspection): Promise<number> {
  const row = await db
    .insertInto('inspections')
    .values({
      office_id: inspection.officeId,
      round_id: inspection.roundId,
      unit_id: inspection.unitId,
      group_id: inspection.groupId,
      period_start: inspection.periodStart,
      period_end: inspection.periodEnd,
      feedback_on: inspection.feedbackOn,
      plan_due_on: inspection.planDueOn,
      report_due_on: inspection.reportDueOn,
      concentrated_until: inspection.concentratedUntil,
      created_at: inspection.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The inspection if it belongs to the office (out-of-tenant ids look absent). */
export async function findInspection(db: Executor, officeId: number, inspectionId: number) {
  return db
    .selectFrom('inspections')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('id', '=', inspectionId)
    .executeTakeFirst();
}

export async function updateInspectionFromDocument(
  db: Executor,
  inspectionId: number,
  values: {
    period_start?: string | null;
    period_end?: string | null;
    feedback_on?: string | null;
    plan_due_on?: string | null;
    report_due_on?: string | null;
    concentrated_until?: string | null;
    declared_aspects?: number | null;
    declared_problems?: number | null;
    group_id?: number | null;
  },
): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await db.updateTable('inspections').set(values).where('id', '=', inspectionId).execute();
}

/** Whether the office already has a round of this name (names are unique per office). */
export async function hasRoundNamed(db: Executor, officeId: number, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('inspection_rounds')
    .select('id')
    .where('office_id', '=', officeId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the office already has a unit of this name (names are unique per office). */
export async function hasUnitNamed(db: Executor, officeId: number, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('units')
    .select('id')
    .where('office_id', '=', officeId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row !== undefined;
}

/** The inspection of a unit in a round, if there is one (a unit is inspected once per round). */
export async function findInspectionOfUnitInRound(db: Executor, roundId: number, unitId: number) {
  return db
    .selectFrom('inspections')
    .select('id')
    .where('round_id', '=', roundId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
}

export interface InspectionChanges {
  group_id?: number | null;
  period_start?: string | null;
  period_end?: string | null;
  feedback_on?: string | null;
  plan_due_on?: string | null;
  report_due_on?: string | null;
  concentrated_until?: string | null;
}

/**
 * Updates an inspection only if it still has the version the caller read, bumping the version;
 * returns false when the row moved on (or is not the office's), so nothing is changed.
 */
export async function updateInspectionAtVersion(
  db: Executor,
  officeId: number,
  inspectionId: number,
  expectedVersion: number,
  changes: InspectionChanges,
): Promise<boolean> {
  const result = await db
    .updateTable('inspections')
    .set({ ...changes, version: expectedVersion + 1 })
    .where('office_id', '=', officeId)
    .where('id', '=', inspectionId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
