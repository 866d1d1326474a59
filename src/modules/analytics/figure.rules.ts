/**
 * Pure rules behind the office's figures: when an open item counts as 基本完成, to which
 * inspection a supervision notice on a whole unit belongs, and how money is written in text
 * (万元 with two decimals). The SQL in unit-figures.repository.ts mirrors the first two; the
 * repository tests check it against these functions.
 */
import type { LedgerState } from '../../storage/schema.ts';

export interface BasicallyClosedFacts {
  state: LedgerState;
  isLongTerm: boolean;
  measures: ReadonlyArray<{ isDone: boolean; hasLongTermDeadline: boolean }>;
}

/** 基本完成: see BASICALLY_CLOSED_DEFINITION in figure-keys.ts. */
export function isBasicallyClosed(facts: BasicallyClosedFacts): boolean {
  if (facts.state !== 'in_progress' && facts.state !== 'pending_review') return false;
  if (!facts.isLongTerm && facts.state !== 'pending_review') return false;
  const isAnyDone = facts.measures.some((measure) => measure.isDone);
  const isConcentratedPartDone = facts.measures.every(
    (measure) => measure.isDone || measure.hasLongTermDeadline,
  );
  return isAnyDone && isConcentratedPartDone;
}

export interface NoticeFacts {
  /** The inspection of the notice's problem; null for a notice on the whole unit. */
  problemInspectionId: number | null;
  /** The issue day in Asia/Shanghai, YYYY-MM-DD. */
  issuedOn: string;
}

/**
 * The inspection a notice counts for. A notice on a problem belongs to that problem's
 * inspection. A notice on a whole unit belongs to the unit's inspection whose feedback came
 * last on or before the issue day (the rectification then under way), else to the unit's
 * earliest inspection — so every notice counts exactly once across rounds.
 */
export function attributeNotice(
  notice: NoticeFacts,
  unitInspections: ReadonlyArray<{ id: number; feedbackOn: string | null }>,
): number | null {
  if (notice.problemInspectionId !== null) return notice.problemInspectionId;
  const byFeedback = [...unitInspections].sort(
    (a, b) => (a.feedbackOn ?? '').localeCompare(b.feedbackOn ?? '') || a.id - b.id,
  );
  const before = byFeedback.filter(
    (inspection) => inspection.feedbackOn !== null && inspection.feedbackOn <= notice.issuedOn,
  );
  return (before.at(-1) ?? byFeedback[0])?.id ?? null;
}

/** Yuan as 万元 with two decimals, as the notices print money: 665700 → "66.57". */
export function tenThousandYuan(yuan: number): string {
  return (Math.round(yuan / 100) / 100).toFixed(2);
}

/** A rate 0…1 as a percentage with two decimals: 0.98709 → "98.71%". */
export function percentText(rate: number): string {
  return `${(Math.round(rate * 10000) / 100).toFixed(2)}%`;
}
