/**
 * Evidence rows: finding a problem or a file inside the caller's scope, listing a problem's
 * files, and removing one (with its event). Adding goes through the ledger repository's
 * `insertEvidence`, which the demo loader shares.
 */
import type { DatabaseTransaction, Executor } from '../../storage/database.ts';
import type { LedgerState } from '../../storage/schema.ts';
import { appendEvent } from '../events/event.repository.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';

export interface ScopedProblem {
  id: number;
  officeId: number;
  state: LedgerState;
}

/** A problem in the scope, or undefined (absent and out of scope look the same). */
export async function findProblemInScope(
  db: Executor,
  scope: LedgerScope,
  problemId: number,
): Promise<ScopedProblem | undefined> {
  const row = await db
    .selectFrom('problems')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .select(['problems.id', 'problems.office_id', 'problems.state'])
    .where('problems.id', '=', problemId)
    .where((eb) => inScope(eb, scope))
    .executeTakeFirst();
  return row && { id: row.id, officeId: row.office_id, state: row.state };
}

/** Whether the measure belongs to the problem. */
export async function isMeasureOfProblem(
  db: Executor,
  measureId: number,
  problemId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('measures')
    .select('id')
    .where('id', '=', measureId)
    .where('problem_id', '=', problemId)
    .executeTakeFirst();
  return row !== undefined;
}

function selectEvidence(db: Executor) {
  return db
    .selectFrom('evidence')
    .innerJoin('problems', 'problems.id', 'evidence.problem_id')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .leftJoin('users', 'users.id', 'evidence.uploaded_by')
    .select((eb) => [
      'evidence.id',
      'evidence.office_id',
      'evidence.problem_id',
      'evidence.measure_id',
      'evidence.file_name',
      'evidence.media_type',
      'evidence.size_bytes',
      'evidence.sha256',
      'evidence.storage_key',
      'evidence.description',
      'evidence.effective_on',
      'evidence.uploaded_by',
      'users.display_name as uploaded_by_name',
      'evidence.uploaded_at',
      'evidence.version',
      'problems.state as problem_state',
      eb
        .exists(
          eb
            .selectFrom('transition_evidence')
            .select('transition_evidence.evidence_id')
            .whereRef('transition_evidence.evidence_id', '=', 'evidence.id'),
        )
        .as('is_in_snapshot'),
    ]);
}

export type EvidenceRow = Awaited<ReturnType<ReturnType<typeof selectEvidence>['executeTakeFirstOrThrow']>>;

/** One evidence file in the scope, with its problem's state and whether a transition rests on it. */
export async function findEvidenceInScope(
  db: Executor,
  scope: LedgerScope,
  evidenceId: number,
): Promise<EvidenceRow | undefined> {
  return selectEvidence(db)
    .where('evidence.id', '=', evidenceId)
    .where((eb) => inScope(eb, scope))
    .executeTakeFirst();
}

/** A problem's evidence in upload order. */
export async function listProblemEvidence(db: Executor, problemId: number): Promise<EvidenceRow[]> {
  return selectEvidence(db).where('evidence.problem_id', '=', problemId).orderBy('evidence.id').execute();
}

/** Deletes the row at the expected version and records it; false when the version moved. */
export async function deleteEvidence(
  transaction: DatabaseTransaction,
  evidence: EvidenceRow,
  removal: { actorUserId: number; at: string },
): Promise<boolean> {
  const deleted = await transaction
    .deleteFrom('evidence')
    .where('id', '=', evidence.id)
    .where('version', '=', evidence.version)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) !== 1) return false;
  await appendEvent(transaction, {
    officeId: evidence.office_id,
    at: removal.at,
    actorUserId: removal.actorUserId,
    entityType: 'problem',
    entityId: evidence.problem_id,
    action: 'evidence_removed',
    data: {
      evidenceId: evidence.id,
      fileName: evidence.file_name,
      sha256: evidence.sha256,
      sizeBytes: evidence.size_bytes,
    },
  });
  return true;
}
