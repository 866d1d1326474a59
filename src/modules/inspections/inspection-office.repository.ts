/**
 * The office an inspection (or a round) belongs to, looked up by id alone: for callers without a signed-in
 * user (the CLI), which then act with the whole office's scope.
 */
import type { Executor } from '../../storage/database.ts';
import { notFound } from '../common/app-error.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';

/** The inspection's office id, or undefined when there is no such inspection. */
export async function findInspectionOfficeId(
  db: Executor,
  inspectionId: number,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('inspections')
    .select('office_id')
    .where('id', '=', inspectionId)
    .executeTakeFirst();
  return row?.office_id;
}

/** The scope of the inspection's whole office (all units); not found when the inspection is absent. */
export async function officeScopeOfInspection(db: Executor, inspectionId: number): Promise<LedgerScope> {
  const officeId = await findInspectionOfficeId(db, inspectionId);
  if (officeId === undefined) throw notFound('巡察', 'inspection', inspectionId);
  return { officeId, unitIds: 'all' };
}

/** The scope of the round's whole office (all units); not found when the round is absent. */
export async function officeScopeOfRound(db: Executor, roundId: number): Promise<LedgerScope> {
  const row = await db
    .selectFrom('inspection_rounds')
    .select('office_id')
    .where('id', '=', roundId)
    .executeTakeFirst();
  if (!row) throw notFound('巡察轮次', 'round', roundId);
  return { officeId: row.office_id, unitIds: 'all' };
}
