/**
 * Warms the office-wide grade lists so that a fresh server, and the office dashboard after each
 * supervision scan, find grades already computed rather than a "computing" state.
 */
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../common/clock.ts';
import { createQualityService } from './quality.service.ts';

/** Computes each office's grades (all units) unless kept ones are fresh; one office at a time. */
export async function warmOfficeGrades(dependencies: {
  db: Database;
  clock: Clock;
  onError?: (error: unknown) => void;
}): Promise<number> {
  const { db } = dependencies;
  const quality = createQualityService(dependencies);
  const offices = await db.selectFrom('offices').select('id').orderBy('id').execute();
  for (const office of offices) {
    await quality.refreshGrades({ officeId: office.id, unitIds: 'all' });
  }
  return offices.length;
}
