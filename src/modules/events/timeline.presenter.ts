/**
 * The JSON of a problem's timeline: one entry per event, oldest first. Workflow events carry
 * their transition (states, reason, statement and the evidence snapshot with hashes); evidence
 * events carry the file; other events pass their recorded details through.
 */
import type { LedgerState } from '../../storage/schema.ts';
import type { ProblemEventRow, ProblemTransitionRow } from './timeline.repository.ts';

export interface TimelineEntry {
  eventId: number;
  at: string;
  action: string;
  actor: { userId: number; displayName: string } | null;
  transition?: {
    transitionId: number;
    from: LedgerState;
    to: LedgerState;
    reason: string | null;
    statement: string | null;
    evidence: Array<{ evidenceId: number; fileName: string; sha256: string }>;
  };
  evidence?: { evidenceId: number; fileName: string; sha256: string; sizeBytes: number };
  details?: Record<string, unknown>;
  /** The event's hash in the office's chain, for anyone checking the record by hand. */
  hash: string;
}

const EVIDENCE_ACTIONS = new Set(['evidence_added', 'evidence_removed']);

function parseData(dataJson: string): Record<string, unknown> {
  const data: unknown = JSON.parse(dataJson);
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
}

/**
 * Workflow events are matched to their transition rows by their states, in order: both are
 * written in one transaction, so the n-th event from A to B is the n-th transition from A to B.
 */
export function presentTimeline(
  events: readonly ProblemEventRow[],
  transitions: readonly ProblemTransitionRow[],
): TimelineEntry[] {
  const unmatched = [...transitions];
  return events.map((event) => {
    const data = parseData(event.data_json);
    const entry: TimelineEntry = {
      eventId: event.id,
      at: event.at,
      action: event.action,
      actor:
        event.actor_user_id == null
          ? null
          : { userId: event.actor_user_id, displayName: event.actor_name ?? '' },
      hash: event.hash,
    };
    const index = unmatched.findIndex((row) => row.from_state === data.from && row.to_state === data.to);
    if (index >= 0) {
      const [transition] = unmatched.splice(index, 1);
      entry.transition = {
        transitionId: transition!.id,
        from: transition!.from_state,
        to: transition!.to_state,
        reason: transition!.reason,
        statement: transition!.statement,
        evidence: transition!.evidence.map((file) => ({
          evidenceId: file.evidence_id,
          fileName: file.file_name,
          sha256: file.sha256,
        })),
      };
    } else if (EVIDENCE_ACTIONS.has(event.action)) {
      entry.evidence = {
        evidenceId: Number(data.evidenceId),
        fileName: String(data.fileName ?? ''),
        sha256: String(data.sha256 ?? ''),
        sizeBytes: Number(data.sizeBytes ?? 0),
      };
    } else {
      entry.details = data;
    }
    return entry;
  });
}
