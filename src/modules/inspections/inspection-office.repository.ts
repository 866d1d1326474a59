/**
 * The office an inspection belongs to, looked up by id alone: for callers without a signed-in
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
