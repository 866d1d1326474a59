/**
 * Writes ledger transitions: the problem's new state, the transition row with who, when, why
 * and which evidence, and the matching event — always together, in the caller's transaction.
 */
import type { DatabaseTransaction, Executor } from '../../storage/database.ts';
import type { LedgerState } from '../../storage/schema.ts';
import { appendEvent } from '../events/event.repository.ts';

export interface TransitionRecord {
  officeId: number;
  problemId: number;
  from: LedgerState;
  to: LedgerState;
  action: string;
  actorUserId: number | null;
  at: string;
  reason: string | null;
  statement: string | null;
  /** The evidence the transition rests on, with the hashes it had at that moment. */
  evidence: ReadonlyArray<{ id: number; sha256: string }>;
}

/** Applies a transition the rules have already allowed; refuses if the state moved meanwhile. */
export async function recordTransition(
  transaction: DatabaseTransaction,
  record: TransitionRecord,
): Promise<number> {
  const updated = await transaction
    .updateTable('problems')
    .set((eb) => ({
      state: record.to,
      closed_at: record.to === 'closed' ? record.at : null,
      updated_at: record.at,
      version: eb('version', '+', 1),
      ...(record.action === 'reopen_rebound' && { rebound_count: eb('rebound_count', '+', 1) }),
    }))
    .where('id', '=', record.problemId)
    .where('office_id', '=', record.officeId)
    .where('state', '=', record.from)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) {
    throw new Error(`problem ${record.problemId} is no longer in state ${record.from}`);
  }
  const transition = await transaction
    .insertInto('state_transitions')
    .values({
      office_id: record.officeId,
      problem_id: record.problemId,
      from_state: record.from,
      to_state: record.to,
      actor_user_id: record.actorUserId,
      at: record.at,
      reason: record.reason,
      statement: record.statement,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (record.evidence.length > 0) {
    await transaction
      .insertInto('transition_evidence')
      .values(
        record.evidence.map((file) => ({
          transition_id: transition.id,
          evidence_id: file.id,
          office_id: record.officeId,
        })),
      )
      .execute();
  }
  await appendEvent(transaction, {
    officeId: record.officeId,
    at: record.at,
    actorUserId: record.actorUserId,
    entityType: 'problem',
    entityId: record.problemId,
    action: record.action,
    data: {
      from: record.from,
      to: record.to,
      reason: record.reason,
      statement: record.statement,
      evidence: record.evidence,
    },
  });
  return transition.id;
}

export interface NewEvidence {
  officeId: number;
  problemId: number;
  measureId: number | null;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  description: string | null;
  effectiveOn: string | null;
  uploadedBy: number | null;
  uploadedAt: string;
}

export async function insertEvidence(
  transaction: DatabaseTransaction,
  evidence: NewEvidence,
): Promise<number> {
  const row = await transaction
    .insertInto('evidence')
    .values({
      office_id: evidence.officeId,
      problem_id: evidence.problemId,
      measure_id: evidence.measureId,
      file_name: evidence.fileName,
      media_type: evidence.mediaType,
      size_bytes: evidence.sizeBytes,
      sha256: evidence.sha256,
      storage_key: evidence.storageKey,
      description: evidence.description,
      effective_on: evidence.effectiveOn,
      uploaded_by: evidence.uploadedBy,
      uploaded_at: evidence.uploadedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendEvent(transaction, {
    officeId: evidence.officeId,
    at: evidence.uploadedAt,
    actorUserId: evidence.uploadedBy,
    entityType: 'problem',
    entityId: evidence.problemId,
    action: 'evidence_added',
    data: {
      evidenceId: row.id,
      fileName: evidence.fileName,
      sha256: evidence.sha256,
      sizeBytes: evidence.sizeBytes,
    },
  });
  return row.id;
}

/** Problem ids of an inspection in document order: aspects, then pre-order through the tree. */
export async function listProblemIdsInDocumentOrder(db: Executor, inspectionId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('problems')
    .innerJoin('aspects', 'aspects.id', 'problems.aspect_id')
    .select(['problems.id', 'problems.parent_id', 'problems.position', 'aspects.position as aspect_position'])
    .where('problems.inspection_id', '=', inspectionId)
    .execute();
  const childrenOf = new Map<number | null, typeof rows>();
  for (const row of rows) {
    const siblings = childrenOf.get(row.parent_id) ?? [];
    siblings.push(row);
    childrenOf.set(row.parent_id, siblings);
  }
  const ordered: number[] = [];
  const visit = (row: (typeof rows)[number]) => {
    ordered.push(row.id);
    for (const child of (childrenOf.get(row.id) ?? []).sort((a, b) => a.position - b.position)) visit(child);
  };
  const roots = (childrenOf.get(null) ?? []).sort(
    (a, b) => a.aspect_position - b.aspect_position || a.position - b.position,
  );
  roots.forEach(visit);
  return ordered;
}
