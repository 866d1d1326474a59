/** An office's unit-grade weights: one row per office, JSON of indicator → weight, versioned. */
import type { Executor } from '../../storage/database.ts';

export interface StoredWeights {
  weightsJson: string;
  version: number;
  updatedAt: string;
}

export async function findQualityWeights(db: Executor, officeId: number): Promise<StoredWeights | null> {
  const row = await db
    .selectFrom('quality_weights')
    .select(['weights_json', 'version', 'updated_at'])
    .where('office_id', '=', officeId)
    .executeTakeFirst();
  return row
    ? { weightsJson: row.weights_json, version: row.version, updatedAt: String(row.updated_at) }
    : null;
}

/** Inserts the first row (version 1) or updates the row at `expectedVersion`; false when stale. */
export async function saveQualityWeights(
  db: Executor,
  record: { officeId: number; weightsJson: string; expectedVersion: number; userId: number; at: string },
): Promise<boolean> {
  if (record.expectedVersion === 0) {
    const existing = await findQualityWeights(db, record.officeId);
    if (existing) return false;
    await db
      .insertInto('quality_weights')
      .values({
        office_id: record.officeId,
        weights_json: record.weightsJson,
        updated_by: record.userId,
        updated_at: record.at,
      })
      .execute();
    return true;
  }
  const result = await db
    .updateTable('quality_weights')
    .set((eb) => ({
      weights_json: record.weightsJson,
      updated_by: record.userId,
      updated_at: record.at,
      version: eb('version', '+', 1),
    }))
    .where('office_id', '=', record.officeId)
    .where('version', '=', record.expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
