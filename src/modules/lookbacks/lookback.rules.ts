/**
 * Look-back (回头看) rules, pure: the default planned day, which check may be recorded when,
 * which closed ancestors a rebounding sub-item drags back into rectification, when a look-back
 * may be completed, and the rebound rate (反弹率 = rebounds ÷ items checked) of any grouping.
 */
import type { LedgerState, LookbackResult, LookbackState } from '../../storage/schema.ts';
import { addMonths } from '../deadlines/calendar-date.rules.ts';

/**
 * The day a look-back is planned for unless the office picks another: the policy's months after
 * the feedback day, or today when the inspection has no feedback day on record.
 */
export function defaultLookbackDate(
  feedbackOn: string | null,
  lookbackMonths: number,
  today: string,
): string {
  return feedbackOn ? addMonths(feedbackOn, lookbackMonths) : today;
}

export type CheckRefusal = 'lookback_completed' | 'already_rebounded' | 'item_not_closed' | 'note_required';

/**
 * Whether a check may be recorded now. A "holds" may later become a "rebound" while the look-back
 * is open; a rebound never changes back, as it has already reopened the item in the ledger.
 */
export function decideCheck(request: {
  lookbackState: LookbackState;
  currentResult: LookbackResult | null;
  nextResult: LookbackResult;
  problemState: LedgerState;
  note: string | null;
}): { ok: true } | { ok: false; refusal: CheckRefusal } {
  if (request.lookbackState === 'completed') return { ok: false, refusal: 'lookback_completed' };
  if (request.currentResult === 'rebound') return { ok: false, refusal: 'already_rebounded' };
  if (request.problemState !== 'closed') return { ok: false, refusal: 'item_not_closed' };
  if (request.nextResult === 'rebound' && (request.note == null || request.note.trim() === '')) {
    return { ok: false, refusal: 'note_required' };
  }
  return { ok: true };
}

/**
 * The ancestors a rebounding item reopens with it, nearest first: the ledger closes a parent
 * only when every sub-item is closed, so a closed parent cannot stay above a reopened sub-item.
 * Stops at the first ancestor that is not closed (its own ancestors cannot be closed either).
 */
export function closedAncestors(
  problemId: number,
  problems: ReadonlyMap<number, { parentId: number | null; state: LedgerState }>,
): number[] {
  const ancestors: number[] = [];
  let parentId = problems.get(problemId)?.parentId ?? null;
  while (parentId != null) {
    const parent = problems.get(parentId);
    if (!parent || parent.state !== 'closed') break;
    ancestors.push(parentId);
    parentId = parent.parentId;
  }
  return ancestors;
}

/** The state a look-back moves to once a check is recorded. */
export function stateAfterCheck(state: LookbackState): LookbackState {
  return state === 'planned' ? 'in_progress' : state;
}

/**
 * Whether a look-back may be completed: always when every item is checked; with unchecked items
 * only when the office says so explicitly (they are listed in the completion).
 */
export function decideCompletion(input: {
  state: LookbackState;
  uncheckedCount: number;
  acceptUnchecked: boolean;
}): { ok: true } | { ok: false; refusal: 'lookback_completed' | 'unchecked_items' } {
  if (input.state === 'completed') return { ok: false, refusal: 'lookback_completed' };
  if (input.uncheckedCount > 0 && !input.acceptUnchecked) return { ok: false, refusal: 'unchecked_items' };
  return { ok: true };
}

export interface ReboundTally {
  /** Items in the checklist. */
  total: number;
  /** Items with a result. */
  checked: number;
  holds: number;
  rebounds: number;
  /** rebounds ÷ checked, 0…1; null while nothing is checked (no rate, rather than a false 0 %). */
  reboundRate: number | null;
}

/** rebounds ÷ checked, or null when nothing was checked. */
export function reboundRate(rebounds: number, checked: number): number | null {
  return checked > 0 ? rebounds / checked : null;
}

/** Tallies checks (result null = unchecked). */
export function tallyChecks(results: ReadonlyArray<LookbackResult | null>): ReboundTally {
  const holds = results.filter((result) => result === 'holds').length;
  const rebounds = results.filter((result) => result === 'rebound').length;
  const checked = holds + rebounds;
  return { total: results.length, checked, holds, rebounds, reboundRate: reboundRate(rebounds, checked) };
}

/** Tallies checks per group (aspect, unit …), groups in first-seen order. */
export function tallyChecksBy<Key>(
  checks: ReadonlyArray<{ key: Key; result: LookbackResult | null }>,
): Array<{ key: Key } & ReboundTally> {
  const groups = new Map<Key, Array<LookbackResult | null>>();
  for (const check of checks) {
    const results = groups.get(check.key) ?? [];
    results.push(check.result);
    groups.set(check.key, results);
  }
  return [...groups].map(([key, results]) => ({ key, ...tallyChecks(results) }));
}
