/**
 * Working-day deadlines stored pending because the official calendar lacked a year: found by the
 * years an import brings, with the problems they belong to, and given their day once counted.
 */
import type { DatabaseTransaction } from '../../storage/database.ts';

export interface PendingDeadlineRow {
  id: number;
  officeId: number;
  text: string | null;
  workingDays: number;
  countedFrom: string;
  awaitsYear: number;
  /** Problems whose own deadline, or whose measure's deadline, this is. */
  problemIds: number[];
}

/** Pending deadlines awaiting one of `years`, oldest first, with the problems they belong to. */
export async function findDeadlinesAwaiting(
  transaction: DatabaseTransaction,
  years: readonly number[],
): Promise<PendingDeadlineRow[]> {
  if (years.length === 0) return [];
  const rows = await transaction
    .selectFrom('deadlines')
    .select(['id', 'office_id', 'text', 'working_days', 'counted_from', 'awaits_calendar_year'])
    .where('awaits_calendar_year', 'in', [...years])
    .orderBy('id')
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const owners = [
    ...(await transaction
      .selectFrom('problems')
      .select(['id as problem_id', 'deadline_id'])
      .where('deadline_id', 'in', ids)
      .execute()),
    ...(await transaction
      .selectFrom('measures')
      .select(['problem_id', 'deadline_id'])
      .where('deadline_id', 'in', ids)
      .execute()),
  ];
  return rows.map((row) => ({
    id: row.id,
    officeId: row.office_id,
    text: row.text,
    // The database keeps these set on every pending row (deadlines_pending_is_whole).
    workingDays: row.working_days!,
    countedFrom: row.counted_from!,
    awaitsYear: row.awaits_calendar_year!,
    problemIds: [
      ...new Set(owners.filter((owner) => owner.deadline_id === row.id).map((owner) => owner.problem_id)),
    ].sort((a, b) => a - b),
  }));
}

/** Gives a pending deadline its day and ends the wait. */
export async function setPendingDeadlineDay(
  transaction: DatabaseTransaction,
  deadlineId: number,
  dueOn: string,
): Promise<void> {
  await transaction
    .updateTable('deadlines')
    .set((eb) => ({
      due_on: dueOn,
      working_days: null,
      counted_from: null,
      awaits_calendar_year: null,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', deadlineId)
    .execute();
}

/** Moves a pending deadline's wait to a later year its count still reaches. */
export async function setPendingDeadlineYear(
  transaction: DatabaseTransaction,
  deadlineId: number,
  year: number,
): Promise<void> {
  await transaction
    .updateTable('deadlines')
    .set((eb) => ({ awaits_calendar_year: year, version: eb('version', '+', 1) }))
    .where('id', '=', deadlineId)
    .execute();
}
