/**
 * The offices and their units as account management needs them: to choose an account's office
 * and the units it may see. Names and ids only — no ledger figures, so an admin (who has no
 * ledger access) can read it.
 */
import type { Executor } from '../../storage/database.ts';

export interface OfficeDirectoryEntry {
  id: number;
  name: string;
  region: string;
  units: { id: number; name: string }[];
}

/** Every office (or only the given one) with its units, both by id (the same on every backend). */
export async function listOfficesWithUnits(
  db: Executor,
  onlyOfficeId: number | null,
): Promise<OfficeDirectoryEntry[]> {
  let officeQuery = db.selectFrom('offices').select(['id', 'name', 'region']).orderBy('id');
  let unitQuery = db.selectFrom('units').select(['id', 'office_id', 'name']).orderBy('id');
  if (onlyOfficeId !== null) {
    officeQuery = officeQuery.where('id', '=', onlyOfficeId);
    unitQuery = unitQuery.where('office_id', '=', onlyOfficeId);
  }
  const [offices, units] = await Promise.all([officeQuery.execute(), unitQuery.execute()]);
  const byOffice = new Map<number, OfficeDirectoryEntry>(
    offices.map((office) => [
      office.id,
      { id: office.id, name: office.name, region: office.region, units: [] },
    ]),
  );
  for (const unit of units) byOffice.get(unit.office_id)?.units.push({ id: unit.id, name: unit.name });
  return [...byOffice.values()];
}
