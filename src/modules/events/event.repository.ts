/**
 * The append-only event log: every change to the ledger records who, when, what and why, in a
 * hash chain per office, so a quietly edited or deleted record is detectable afterwards
 * (the database also refuses UPDATE and DELETE on the table).
 */
import { createHash } from 'node:crypto';
import type { DatabaseTransaction, Executor } from '../../storage/database.ts';
import { lockTenant } from '../../storage/tenant-lock.ts';

export interface NewEvent {
  officeId: number | null;
  at: string;
  actorUserId: number | null;
  entityType: string;
  entityId: number | null;
  action: string;
  data: Record<string, unknown>;
}

interface ChainedFields {
  office_id: number | null;
  at: string;
  actor_user_id: number | null;
  entity_type: string;
  entity_id: number | null;
  action: string;
  data_json: string;
}

/** The hash of one event: its fields in a fixed order, chained to the previous hash. */
export function hashEvent(prevHash: string, fields: ChainedFields): string {
  const canonical = JSON.stringify([
    fields.office_id,
    fields.at,
    fields.actor_user_id,
    fields.entity_type,
    fields.entity_id,
    fields.action,
    fields.data_json,
  ]);
  return createHash('sha256').update(`${prevHash}\n${canonical}`).digest('hex');
}

function officeFilter(officeId: number | null) {
  return officeId == null ? ('is' as const) : ('=' as const);
}

/** Appends an event inside the caller's transaction and returns its id and hash. */
export async function appendEvent(
  transaction: DatabaseTransaction,
  event: NewEvent,
): Promise<{ id: number; hash: string }> {
  await lockTenant(transaction, event.officeId);
  const last = await transaction
    .selectFrom('events')
    .select('hash')
    .where('office_id', officeFilter(event.officeId), event.officeId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const prevHash = last?.hash ?? '';
  const fields: ChainedFields = {
    office_id: event.officeId,
    at: event.at,
    actor_user_id: event.actorUserId,
    entity_type: event.entityType,
    entity_id: event.entityId,
    action: event.action,
    data_json: JSON.stringify(event.data),
  };
  const hash = hashEvent(prevHash, fields);
  const row = await transaction
    .insertInto('events')
    .values({ ...fields, prev_hash: prevHash, hash })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, hash };
}

export interface ChainVerification {
  isIntact: boolean;
  checked: number;
  /** The first event whose hash or link does not match, when broken. */
  brokenAtEventId: number | null;
}

/** Recomputes an office's chain from the start. */
export async function verifyEventChain(db: Executor, officeId: number | null): Promise<ChainVerification> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('office_id', officeFilter(officeId), officeId)
    .orderBy('id')
    .execute();
  let prevHash = '';
  for (const [index, row] of rows.entries()) {
    const expected = hashEvent(prevHash, row);
    if (row.prev_hash !== prevHash || row.hash !== expected) {
      return { isIntact: false, checked: index, brokenAtEventId: row.id };
    }
    prevHash = row.hash;
  }
  return { isIntact: true, checked: rows.length, brokenAtEventId: null };
}

/** The events of one entity, oldest first (the item's timeline). */
export async function findEntityEvents(db: Executor, officeId: number, entityType: string, entityId: number) {
  return db
    .selectFrom('events')
    .select(['id', 'at', 'actor_user_id', 'action', 'data_json'])
    .where('office_id', '=', officeId)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
}
