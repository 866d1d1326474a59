/**
 * Places each problem of a plan in the ledger relative to "today": its state, the days it was
 * started, applied for closing and closed, the applicant's statement and the evidence.
 * Older rounds are mostly closed; the latest round is spread over every state, and items
 * whose deadline has passed without closing are overdue. Dates always keep the order
 * feedback ≤ started ≤ applied ≤ closed ≤ today, and evidence bears a date between start
 * and application.
 */
import { formatChineseDate, toCivil, toIsoDate } from './demo-calendar.ts';
import type { DemoEvidence, DemoLedgerState, DemoProblemProgress } from './demo-dataset.ts';
import type { PlannedProblem } from './demo-plan.ts';
import { closingStatementTemplates, longTermStatementSuffix } from './demo-phrases.ts';
import { fillTemplate } from './fill-template.ts';
import type { SeededRandom } from './seeded-random.ts';

export interface ProgressContext {
  unitName: string;
  feedbackDay: number;
  issuedDay: number;
  todayDay: number;
  /** Whether the inspection belongs to the latest round (feedback a few months ago). */
  isLatestRound: boolean;
}

/** Progress with the day numbers kept, for the results builder. */
export interface ProblemTimeline {
  state: DemoLedgerState;
  startedDay: number | null;
  appliedDay: number | null;
  closedDay: number | null;
}

const states: DemoLedgerState[] = ['draft', 'in_progress', 'pending_review', 'closed'];

/** State weights (draft, in progress, pending review, closed) by the item's situation. */
const stateWeights = {
  olderWithDeadline: [0, 0.07, 0.03, 0.9],
  olderLongTerm: [0, 0.6, 0, 0.4],
  latestPastDeadline: [0.05, 0.15, 0.1, 0.7],
  latestBeforeDeadline: [0.15, 0.5, 0.15, 0.2],
  latestLongTerm: [0.1, 0.65, 0.1, 0.15],
};

function chooseState(
  random: SeededRandom,
  problem: PlannedProblem,
  context: ProgressContext,
): DemoLedgerState {
  let weights: number[];
  if (!context.isLatestRound) {
    weights = problem.deadlineDay === null ? stateWeights.olderLongTerm : stateWeights.olderWithDeadline;
  } else if (problem.deadlineDay === null) {
    weights = stateWeights.latestLongTerm;
  } else {
    weights =
      problem.deadlineDay < context.todayDay
        ? stateWeights.latestPastDeadline
        : stateWeights.latestBeforeDeadline;
  }
  return random.pickWeighted(states, weights);
}

/** A day in [low, high], or low when the range is empty. */
function randomDayBetween(random: SeededRandom, low: number, high: number): number {
  return high < low ? low : random.int(low, high);
}

function clamp(day: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, day));
}

/** Picks the days for a state; every day lies between the feedback and today, in order. */
function chooseTimeline(
  random: SeededRandom,
  problem: PlannedProblem,
  context: ProgressContext,
  state: DemoLedgerState,
): ProblemTimeline {
  const { feedbackDay, todayDay } = context;
  if (state === 'draft') return { state, startedDay: null, appliedDay: null, closedDay: null };
  const ceiling = Math.max(feedbackDay, todayDay);
  const plannedStart = problem.isImmediate
    ? feedbackDay + random.int(1, 6)
    : context.issuedDay + random.int(0, 10);
  const startedDay = clamp(plannedStart, feedbackDay, ceiling);
  if (state === 'in_progress') return { state, startedDay, appliedDay: null, closedDay: null };

  // Applications and closings are spread over the past, not heaped on today.
  const latestApply = todayDay - 2;
  let plannedApply: number;
  if (state === 'pending_review') {
    // Applications wait days or a few weeks for review, not months.
    plannedApply = todayDay - random.int(1, 25);
  } else if (problem.deadlineDay === null) {
    plannedApply = randomDayBetween(random, startedDay + 20, Math.min(startedDay + 200, latestApply));
  } else if (Math.min(problem.deadlineDay - 1, latestApply) >= startedDay + 3 && !random.chance(0.15)) {
    plannedApply = random.int(startedDay + 3, Math.min(problem.deadlineDay - 1, latestApply));
  } else {
    plannedApply = problem.deadlineDay + random.int(3, 40);
  }
  const appliedDay = clamp(plannedApply, startedDay, ceiling);
  if (state === 'pending_review') return { state, startedDay, appliedDay, closedDay: null };
  const closedDay = clamp(appliedDay + random.int(1, 15), appliedDay, ceiling);
  return { state, startedDay, appliedDay, closedDay };
}

const pdf = 'application/pdf';
const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type EvidenceKind = 'minutes' | 'institution' | 'ledger' | 'explanation' | 'photo' | 'receipt' | 'training';
const commonEvidenceKinds: EvidenceKind[] = ['minutes', 'ledger', 'explanation', 'photo', 'training'];

/**
 * Writes one evidence file. `content` is a short text stand-in for the file's body (the loader
 * stores it as bytes); file names and media types are those of real evidence.
 */
function buildEvidence(
  kind: EvidenceKind,
  problem: PlannedProblem,
  context: ProgressContext,
  effectiveDay: number,
  sequence: number,
): DemoEvidence {
  const date = formatChineseDate(effectiveDay);
  const effectiveOn = toIsoDate(effectiveDay);
  const { year, month } = toCivil(effectiveDay);
  const department = problem.departments[0] ?? '办公室';
  // A grouping problem has no topic of its own; its title names it better.
  const label = problem.topic ? `${problem.subject}问题` : problem.title;
  switch (kind) {
    case 'minutes':
      return {
        fileName: `党组会议纪要（${year}年第${month}次）.pdf`,
        mediaType: pdf,
        content: `${context.unitName}会议纪要\n${year}年第${month}次\n时间：${date}\n议题：${label}整改\n会议听取了${department}关于${problem.title}问题整改情况的汇报，研究确定了下一步整改措施。\n`,
        description: `党组会研究${label}整改的会议纪要`,
        effectiveOn,
      };
    case 'institution':
      return {
        fileName: `关于印发《${problem.institution}》的通知.pdf`,
        mediaType: pdf,
        content: `${context.unitName}\n关于印发《${problem.institution}》的通知\n各股室：\n现将《${problem.institution}》印发给你们，请认真遵照执行。\n${date}\n`,
        description: `${problem.institutionChange === 'new' ? '新制定' : '修订'}的《${problem.institution}》及印发通知`,
        effectiveOn,
      };
    case 'ledger':
      return {
        fileName: `${label}整改台账.xlsx`,
        mediaType: xlsx,
        content: `序号,问题,整改措施数,完成情况,责任部门\n1,${problem.title},${problem.measureCount},已完成,${department}\n`,
        description: `${label}整改台账（截至${date}）`,
        effectiveOn,
      };
    case 'explanation':
      return {
        fileName: `关于${problem.title}问题整改情况的说明.docx`,
        mediaType: docx,
        content: `关于${problem.title}问题整改情况的说明\n针对巡察反馈的${problem.title}问题，${department}逐项落实了${problem.measureCount}项整改措施，现已整改到位。\n${department}\n${date}\n`,
        description: '整改情况说明',
        effectiveOn,
      };
    case 'photo':
      return {
        fileName: `整改现场照片${sequence}.jpg`,
        mediaType: 'image/jpeg',
        content: `照片说明：${date}，${label}整改现场`,
        description: '整改现场照片',
        effectiveOn,
      };
    case 'receipt':
      return {
        fileName: `资金退缴凭证（${effectiveOn}）.pdf`,
        mediaType: pdf,
        content: `非税收入一般缴款书\n缴款日期：${date}\n金额：${problem.amountYuan}元\n摘要：巡察整改退缴资金\n`,
        description: `退缴资金${problem.amountYuan}元的缴款凭证`,
        effectiveOn,
      };
    case 'training':
      return {
        fileName: `${problem.subject}专题培训签到表.pdf`,
        mediaType: pdf,
        content: `${problem.subject}专题培训签到表\n时间：${date}\n地点：${context.unitName.replace(/党组$/, '')}会议室\n`,
        description: `${problem.subject}专题培训签到表`,
        effectiveOn,
      };
  }
}

function buildEvidenceList(
  random: SeededRandom,
  problem: PlannedProblem,
  context: ProgressContext,
  timeline: ProblemTimeline,
): DemoEvidence[] {
  const startedDay = timeline.startedDay ?? context.feedbackDay;
  const appliedDay = timeline.appliedDay ?? startedDay;
  const kinds: EvidenceKind[] = [];
  // Money moved back and a new or revised rule are what a reviewer looks for first.
  if (problem.topic?.funds) kinds.push('receipt');
  if (problem.topic && random.chance(0.5)) kinds.push('institution');
  const wanted = random.int(1, 3);
  for (const kind of random.shuffle(commonEvidenceKinds)) {
    if (kinds.length >= wanted) break;
    kinds.push(kind);
  }
  const evidence = kinds.map((kind, position) =>
    buildEvidence(kind, problem, context, random.int(startedDay, appliedDay), position + 1),
  );
  return evidence.sort((left, right) =>
    left.effectiveOn < right.effectiveOn ? -1 : left.effectiveOn > right.effectiveOn ? 1 : 0,
  );
}

/** Builds the progress of every planned problem, in the same (flattened) order. */
export function buildDemoProgress(
  random: SeededRandom,
  problems: PlannedProblem[],
  context: ProgressContext,
): { progress: DemoProblemProgress[]; timelines: ProblemTimeline[] } {
  const timelines = problems.map((problem) =>
    chooseTimeline(random, problem, context, chooseState(random, problem, context)),
  );

  // A problem that groups sub-items cannot be closed while one of them is still open.
  for (const problem of problems) {
    if (problem.parentIndex === null) continue;
    const parent = timelines[problem.parentIndex];
    const child = timelines[problem.index];
    if (parent && child && parent.state === 'closed' && child.state !== 'closed') {
      timelines[problem.parentIndex] = { ...parent, state: 'in_progress', appliedDay: null, closedDay: null };
    }
  }

  const progress = problems.map((problem, index): DemoProblemProgress => {
    const timeline = timelines[index] as ProblemTimeline;
    const hasApplied = timeline.appliedDay !== null;
    let statement: string | null = null;
    if (hasApplied) {
      statement = fillTemplate(random.pick(closingStatementTemplates), {
        title: problem.title,
        k: String(problem.measureCount),
        dept: problem.departments[0] ?? '办公室',
      });
      if (problem.isLongTerm) statement += longTermStatementSuffix;
    }
    return {
      state: timeline.state,
      deadlineOn: problem.deadlineDay === null ? null : toIsoDate(problem.deadlineDay),
      isLongTerm: problem.isLongTerm,
      startedOn: timeline.startedDay === null ? null : toIsoDate(timeline.startedDay),
      appliedOn: timeline.appliedDay === null ? null : toIsoDate(timeline.appliedDay),
      closedOn: timeline.closedDay === null ? null : toIsoDate(timeline.closedDay),
      statement,
      evidence: hasApplied ? buildEvidenceList(random, problem, context, timeline) : [],
      personNames: problem.personNames,
    };
  });
  return { progress, timelines };
}
