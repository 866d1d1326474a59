/**
 * Timing anomalies (时间异常), the traces of paperwork made after the fact (事后补办) and of
 * closing to the clock:
 * - evidence whose stated effective date is after the item was closed, or before the feedback;
 * - a closing burst: at least `burstMinItems` items of one inspection each closed within the last
 *   `burstWindowDays` days before its own deadline;
 * - an item closed without any evidence uploaded since it was last opened;
 * - dates written in an evidence document that contradict the ledger (after the closing day,
 *   before the feedback, or far from the effective date stated at upload), and a closing
 *   statement claiming 已于X月X日完成 with X after the closing day (document-dates.rules.ts).
 * Dates are Shanghai calendar days; instants are compared as ISO strings.
 */
import type { Database } from '../../storage/database.ts';
import { daysBetween, shanghaiDate } from '../deadlines/calendar-date.rules.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import {
  DEFAULT_EFFECTIVE_TOLERANCE_DAYS,
  findClaimsAfterClosing,
  findDocumentDateConflicts,
  type DocumentDateConflictKind,
  type DocumentDates,
} from './document-dates.rules.ts';
import {
  findEvidenceFiles,
  findEvidenceDates,
  findProblemTimings,
  findStatements,
  type EvidenceFileRow,
  type ItemPlace,
  type ProblemTimingRow,
  type QualityFilter,
  type StatementRow,
} from './quality.repository.ts';

export type TimingKind =
  | 'evidence_after_close'
  | 'evidence_before_feedback'
  | 'closing_burst'
  | 'closed_without_evidence'
  | DocumentDateConflictKind
  | 'statement_after_close';

export const timingKindLabels: Record<TimingKind, string> = {
  evidence_after_close: '佐证日期晚于销号日期',
  evidence_before_feedback: '佐证日期早于反馈日期',
  closing_burst: '临近时限集中销号',
  closed_without_evidence: '销号前未补充佐证',
  document_after_close: '佐证文中日期晚于销号日期',
  document_before_feedback: '佐证落款日期早于反馈日期',
  document_vs_effective: '佐证落款日期与填报的形成日期不符',
  statement_after_close: '销号说明所称完成日期晚于销号日期',
};

export interface TimingParameters {
  /** Days before an item's deadline that count as "the last days". */
  burstWindowDays: number;
  /** Items of one inspection closed in their last days that make a burst. */
  burstMinItems: number;
  /** Days a document's 落款 may differ from the effective date stated at upload. */
  effectiveToleranceDays: number;
}

export const defaultTimingParameters: TimingParameters = {
  burstWindowDays: 3,
  burstMinItems: 5,
  effectiveToleranceDays: DEFAULT_EFFECTIVE_TOLERANCE_DAYS,
};

export interface TimingFinding {
  id: string;
  kind: TimingKind;
  inspectionId: number;
  unitId: number;
  unitName: string;
  roundId: number;
  roundName: string;
  /** The items behind the finding (one, or every item of a burst). */
  problemIds: number[];
  evidenceIds: number[];
  /** The transitions whose closing statement is one side of the finding. */
  transitionIds: number[];
  /** Chinese, with the dates compared. */
  description: string;
}

export interface TimingResult {
  findings: TimingFinding[];
  parameters: TimingParameters;
}

function placeOf(place: ItemPlace) {
  return {
    inspectionId: place.inspectionId,
    unitId: place.unitId,
    unitName: place.unitName,
    roundId: place.roundId,
    roundName: place.roundName,
  };
}

const closedDay = (closedAt: string) => shanghaiDate(new Date(closedAt));

/** What the timing checks read, as the repository gives it. */
export interface TimingSources {
  problems: readonly ProblemTimingRow[];
  evidence: readonly EvidenceFileRow[];
  statements: readonly StatementRow[];
  /** Dates found at upload in the text of evidence documents, by evidence id. */
  evidenceDates: ReadonlyMap<number, DocumentDates>;
}

/** Every timing anomaly among the sources. */
export function detectTimingAnomalies(
  sources: TimingSources,
  parameters: TimingParameters = defaultTimingParameters,
): TimingResult {
  const { problems, evidence } = sources;
  const problemById = new Map(problems.map((problem) => [problem.problemId, problem]));
  const findings: TimingFinding[] = [];

  for (const file of evidence) {
    const problem = problemById.get(file.problemId);
    if (!file.effectiveOn || !problem) continue;
    if (problem.state === 'closed' && problem.closedAt && file.effectiveOn > closedDay(problem.closedAt)) {
      findings.push({
        id: `evidence_after_close:${file.evidenceId}`,
        kind: 'evidence_after_close',
        ...placeOf(problem),
        problemIds: [problem.problemId],
        evidenceIds: [file.evidenceId],
        transitionIds: [],
        description: `佐证“${file.fileName}”落款日期 ${file.effectiveOn} 晚于销号日期 ${closedDay(problem.closedAt)}`,
      });
    }
    if (problem.feedbackOn && file.effectiveOn < problem.feedbackOn) {
      findings.push({
        id: `evidence_before_feedback:${file.evidenceId}`,
        kind: 'evidence_before_feedback',
        ...placeOf(problem),
        problemIds: [problem.problemId],
        evidenceIds: [file.evidenceId],
        transitionIds: [],
        description: `佐证“${file.fileName}”落款日期 ${file.effectiveOn} 早于反馈日期 ${problem.feedbackOn}`,
      });
    }
  }

  const lastMinute = new Map<number, ProblemTimingRow[]>();
  for (const problem of problems) {
    if (problem.state !== 'closed' || !problem.closedAt || !problem.dueOn) continue;
    const daysLeft = daysBetween(closedDay(problem.closedAt), problem.dueOn);
    if (daysLeft < 0 || daysLeft > parameters.burstWindowDays) continue;
    const list = lastMinute.get(problem.inspectionId) ?? [];
    list.push(problem);
    lastMinute.set(problem.inspectionId, list);
  }
  for (const [inspectionId, list] of lastMinute) {
    if (list.length < parameters.burstMinItems) continue;
    findings.push({
      id: `closing_burst:${inspectionId}`,
      kind: 'closing_burst',
      ...placeOf(list[0]!),
      problemIds: list.map((problem) => problem.problemId),
      evidenceIds: [],
      transitionIds: [],
      description: `${list.length}项问题均在整改时限前${parameters.burstWindowDays}天内集中销号`,
    });
  }

  const uploadsOf = new Map<number, string[]>();
  for (const file of evidence) {
    const list = uploadsOf.get(file.problemId) ?? [];
    list.push(file.uploadedAt);
    uploadsOf.set(file.problemId, list);
  }
  for (const problem of problems) {
    if (problem.state !== 'closed') continue;
    const openedAt = problem.openedAt ?? '';
    const hasFreshEvidence = (uploadsOf.get(problem.problemId) ?? []).some((at) => at >= openedAt);
    if (hasFreshEvidence) continue;
    findings.push({
      id: `closed_without_evidence:${problem.problemId}`,
      kind: 'closed_without_evidence',
      ...placeOf(problem),
      problemIds: [problem.problemId],
      evidenceIds: [],
      transitionIds: [],
      description: problem.openedAt
        ? `自 ${shanghaiDate(new Date(problem.openedAt))} 开始整改以来未上传任何佐证即已销号`
        : '未上传任何佐证即已销号',
    });
  }

  findings.push(...documentDateFindings(sources, problemById, parameters));
  return { findings, parameters };
}

function documentDateFindings(
  sources: TimingSources,
  problemById: ReadonlyMap<number, ProblemTimingRow>,
  parameters: TimingParameters,
): TimingFinding[] {
  const findings: TimingFinding[] = [];
  for (const file of sources.evidence) {
    const dates = sources.evidenceDates.get(file.evidenceId);
    const problem = problemById.get(file.problemId);
    if (!dates || !problem) continue;
    const conflicts = findDocumentDateConflicts(
      dates,
      {
        closedOn: problem.state === 'closed' && problem.closedAt ? closedDay(problem.closedAt) : null,
        feedbackOn: problem.feedbackOn,
        effectiveOn: file.effectiveOn,
      },
      parameters.effectiveToleranceDays,
    );
    for (const conflict of conflicts) {
      const written = `佐证“${file.fileName}”文中“${conflict.document.written}”（${conflict.document.day}）`;
      findings.push({
        id: `${conflict.kind}:${file.evidenceId}`,
        kind: conflict.kind,
        ...placeOf(problem),
        problemIds: [problem.problemId],
        evidenceIds: [file.evidenceId],
        transitionIds: [],
        description:
          conflict.kind === 'document_after_close'
            ? `${written}晚于销号日期 ${conflict.ledgerDay}`
            : conflict.kind === 'document_before_feedback'
              ? `${written}为落款日期，早于反馈日期 ${conflict.ledgerDay}`
              : `${written}为落款日期，与填报的形成日期 ${conflict.ledgerDay} 相差超过${parameters.effectiveToleranceDays}天`,
      });
    }
  }
  for (const statement of sources.statements) {
    const problem = problemById.get(statement.problemId);
    if (!problem || problem.state !== 'closed' || !problem.closedAt) continue;
    const closedOn = closedDay(problem.closedAt);
    const claims = findClaimsAfterClosing(statement.text, shanghaiDate(new Date(statement.at)), closedOn);
    if (claims.length === 0) continue;
    findings.push({
      id: `statement_after_close:${statement.sourceId}`,
      kind: 'statement_after_close',
      ...placeOf(problem),
      problemIds: [problem.problemId],
      evidenceIds: [],
      transitionIds: [statement.sourceId],
      description: `销号说明称“已于${claims[0]!.written}完成”（${claims[0]!.day}），晚于销号日期 ${closedOn}`,
    });
  }
  return findings;
}

export function createTimingAnomalyService(dependencies: { db: Database; parameters?: TimingParameters }) {
  const { db } = dependencies;
  const parameters = dependencies.parameters ?? defaultTimingParameters;

  return {
    async findTimingAnomalies(scope: LedgerScope, filter: QualityFilter = {}): Promise<TimingResult> {
      const [problems, evidence, statements, evidenceDates] = await Promise.all([
        findProblemTimings(db, scope, filter),
        findEvidenceFiles(db, scope, filter),
        findStatements(db, scope, filter),
        findEvidenceDates(db, scope, filter),
      ]);
      return detectTimingAnomalies({ problems, evidence, statements, evidenceDates }, parameters);
    },
  };
}
