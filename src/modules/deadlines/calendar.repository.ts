/**
 * The official calendar years the admin imported, kept in the database so every server process
 * and CLI command uses the same calendar. Years not stored here come from the bundled file.
 */
import type { DatabaseTransaction, Executor } from '../../storage/database.ts';

export interface StoredCalendarYear {
  year: number;
  holidays: Record<string, string>;
  adjustedWorkdays: Record<string, string>;
  sourceVersion: string;
  importedAt: string;
}

/** Every imported year, oldest year first. */
export async function findStoredCalendarYears(db: Executor): Promise<StoredCalendarYear[]> {
  const rows = await db.selectFrom('official_calendar_years').selectAll().orderBy('year').execute();
  return rows.map((row) => ({
    year: row.year,
    holidays: JSON.parse(row.holidays_json) as Record<string, string>,
    adjustedWorkdays: JSON.parse(row.adjusted_workdays_json) as Record<string, string>,
    sourceVersion: row.source_version,
    importedAt: row.imported_at,
  }));
}

/** A cheap fingerprint of the stored years: changes whenever an import changes them. */
export async function readCalendarFingerprint(db: Executor): Promise<string> {
  const row = await db
    .selectFrom('official_calendar_years')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('imported_at').as('latest')])
    .executeTakeFirst();
  return `${Number(row?.count ?? 0)}|${row?.latest ?? ''}`;
}

/** Replaces the stored data of each given year (insert or update), inside the caller's transaction. */
export async function saveCalendarYears(
  transaction: DatabaseTransaction,
  years: readonly StoredCalendarYear[],
): Promise<void> {
  for (const year of years) {
    const values = {
      holidays_json: JSON.stringify(year.holidays),
      adjusted_workdays_json: JSON.stringify(year.adjustedWorkdays),
      source_version: year.sourceVersion,
      imported_at: year.importedAt,
    };
    await transaction
      .insertInto('official_calendar_years')
      .values({ year: year.year, ...values })
      .onConflict((conflict) => conflict.column('year').doUpdateSet(values))
      .execute();
  }
}
