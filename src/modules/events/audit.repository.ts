/** What the audit reads besides the chain itself: the offices, and one event's identifying fields. */
import type { Executor } from '../../storage/database.ts';

/** Every office, or the one with this exact name. */
export async function findAuditedOffices(db: Executor, officeName?: string) {
  let query = db.selectFrom('offices').select(['id', 'name']).orderBy('id');
  if (officeName !== undefined) query = query.where('name', '=', officeName);
  return query.execute();
}

/** The fields a report names for a broken link. */
export async function findEventSummary(db: Executor, eventId: number) {
  return db
    .selectFrom('events')
    .select(['id', 'entity_type', 'entity_id', 'action', 'at'])
    .where('id', '=', eventId)
    .executeTakeFirst();
}
