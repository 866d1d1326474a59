/**
 * The typed report model every generated document is written from: an inspection's ledger as
 * it stood at the end of a chosen day (states from the transition log, measures done by then,
 * registers dated up to then), with every figure counted here — the documents never carry a
 * typed number. Pure: rows in, model out.
 */
import type { LedgerState, MeetingKind } from '../../storage/schema.ts';
import type {
  OfficeContact,
  ReportInspectionRow,
  ReportRegisterRows,
  ReportTreeRows,
} from './report-model.repository.ts';

export interface ReportMeasure {
  text: string;
  isDone: boolean;
}

export interface ReportProblem {
  id: number;
  number: string | null;
  title: string;
  /** The state at the end of the report day. */
  state: LedgerState;
  isLongTerm: boolean;
  isOverdue: boolean;
  dueOn: string | null;
  deadlineText: string | null;
  deadlineKind: string | null;
  goal: string | null;
  manifestations: string[];
  measures: ReportMeasure[];
  leaders: string[];
  departments: string[];
  people: string[];
  children: ReportProblem[];
}

export interface ReportAspect {
  number: string | null;
  title: string;
  problems: ReportProblem[];
}

/** Every figure a document prints, counted from the ledger and registers at the report day. */
export interface ReportTotals {
  aspects: number;
  /** Concrete problems (具体问题): ledger items without sub-items; a parent only groups its children. */
  problems: number;
  closed: number;
  pendingReview: number;
  inProgress: number;
  draft: number;
  overdue: number;
  longTerm: number;
  /** closed / problems, 0…1. */
  completionRate: number;
  measures: number;
  measuresDone: number;
  institutionsNew: number;
  institutionsRevised: number;
  fundsReturnedYuan: number;
  fundsRecoveredYuan: number;
  fundsSavedYuan: number;
  peopleReminded: number;
  peopleAdmonished: number;
  peopleAccountable: number;
  peopleDisciplined: number;
  meetings: number;
  meetingsByKind: Record<MeetingKind, number>;
  /** Public feedback on the inspection's published notices, received / replied / closed by the day's end. */
  feedbackReceived: number;
  feedbackReplied: number;
  feedbackClosed: number;
}

export interface ReportModel {
  inspectionId: number;
  officeName: string;
  unitName: string;
  roundName: string;
  groupName: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  feedbackOn: string | null;
  concentratedUntil: string | null;
  /** The report day `YYYY-MM-DD`: the ledger is read as it stood at its end. */
  asOf: string;
  aspects: ReportAspect[];
  totals: ReportTotals;
  meetings: Array<{ kind: MeetingKind; heldOn: string; topic: string }>;
  institutions: Array<{ name: string; change: 'new' | 'revised'; adoptedOn: string | null }>;
  /** The unit's contact block for public feedback; null when none is recorded. */
  contact: OfficeContact | null;
  /** The unit's rectification quality grade (整改质量评价); null when not computed. */
  quality: ReportQuality | null;
}

/** The unit grade as the report shows it: grade, score and every indicator with its reason. */
export interface ReportQuality {
  /** The day the grade was computed for (the current ledger, whatever the report day). */
  computedOn: string;
  grade: '好' | '较好' | '一般' | '差' | null;
  score: number | null;
  indicators: Array<{ label: string; weight: number; points: number | null; basis: string }>;
}

/** The last instant of a calendar day in Asia/Shanghai (UTC+8, no daylight saving), as ISO UTC. */
export function endOfDayInstant(day: string): string {
  return `${day}T15:59:59.999Z`;
}

/** Every problem of the tree, parents before children. */
export function allProblems(aspects: readonly ReportAspect[]): ReportProblem[] {
  const result: ReportProblem[] = [];
  const walk = (problem: ReportProblem) => {
    result.push(problem);
    problem.children.forEach(walk);
  };
  for (const aspect of aspects) aspect.problems.forEach(walk);
  return result;
}

/** The concrete problems counted in totals: items without sub-items. */
export function concreteProblems(aspects: readonly ReportAspect[]): ReportProblem[] {
  return allProblems(aspects).filter((problem) => problem.children.length === 0);
}

const yuan = (fen: number): number => Math.round(fen) / 100;

/** Public feedback figures at the report day (counted by the feedback repository). */
export interface ReportFeedbackCounts {
  received: number;
  replied: number;
  closed: number;
}

export interface ReportSource {
  inspection: ReportInspectionRow;
  tree: ReportTreeRows;
  registers: ReportRegisterRows;
  contact: OfficeContact | null;
  /** None when the inspection has no published notice (or the caller does not count it). */
  feedback?: ReportFeedbackCounts;
  quality?: ReportQuality | null;
}

/** Builds the model of one inspection at the end of `asOf`. */
export function buildReportModel(source: ReportSource, asOf: string): ReportModel {
  const { inspection, tree, registers } = source;
  const cutoff = endOfDayInstant(asOf);

  const stateAt = new Map<number, LedgerState>();
  const hasTransitions = new Set<number>();
  for (const transition of tree.transitions) {
    hasTransitions.add(transition.problem_id);
    if (transition.at <= cutoff) stateAt.set(transition.problem_id, transition.to_state);
  }
  const groupBy = <T extends { problem_id: number }>(rows: readonly T[]) => {
    const map = new Map<number, T[]>();
    for (const row of rows) {
      const list = map.get(row.problem_id);
      if (list) list.push(row);
      else map.set(row.problem_id, [row]);
    }
    return map;
  };
  const measuresOf = groupBy(tree.measures);
  const manifestationsOf = groupBy(tree.manifestations);
  const assignmentsOf = groupBy(tree.assignments);

  const nodes = new Map<number, ReportProblem>();
  for (const row of tree.problems) {
    // A problem with no recorded transition keeps its current state (rows written before the
    // log existed); otherwise its state is the last one reached by the end of the day.
    const state = hasTransitions.has(row.id) ? (stateAt.get(row.id) ?? 'draft') : row.state;
    const assignments = assignmentsOf.get(row.id) ?? [];
    const names = (role: string, pick: 'person' | 'department') => [
      ...new Set(
        assignments
          .filter((assignment) => assignment.role === role)
          .map((assignment) => assignment[pick])
          .filter((name): name is string => !!name),
      ),
    ];
    nodes.set(row.id, {
      id: row.id,
      number: row.number,
      title: row.title,
      state,
      isLongTerm: row.is_long_term === 1,
      isOverdue: state !== 'closed' && row.due_on != null && row.due_on < asOf,
      dueOn: row.due_on,
      deadlineText: row.deadline_text,
      deadlineKind: row.deadline_kind,
      goal: row.goal,
      manifestations: (manifestationsOf.get(row.id) ?? []).map((manifestation) => manifestation.text),
      measures: (measuresOf.get(row.id) ?? []).map((measure) => ({
        text: measure.text,
        isDone: measure.is_done === 1 && (measure.done_on == null || measure.done_on <= asOf),
      })),
      leaders: names('leader', 'person'),
      departments: names('department', 'department'),
      people: names('person', 'person'),
      children: [],
    });
  }
  const aspects: ReportAspect[] = tree.aspects.map((aspect) => ({
    number: aspect.number,
    title: aspect.title,
    problems: [],
  }));
  const aspectIndex = new Map(tree.aspects.map((aspect, index) => [aspect.id, index]));
  for (const row of tree.problems) {
    const node = nodes.get(row.id)!;
    if (row.parent_id != null) nodes.get(row.parent_id)?.children.push(node);
    else aspects[aspectIndex.get(row.aspect_id)!]?.problems.push(node);
  }

  const institutions = registers.institutions
    .filter((institution) => institution.adopted_on == null || institution.adopted_on <= asOf)
    .map((institution) => ({
      name: institution.name,
      change: institution.change,
      adoptedOn: institution.adopted_on,
    }));
  const meetings = registers.meetings
    .filter((meeting) => meeting.held_on <= asOf)
    .map((meeting) => ({ kind: meeting.kind, heldOn: meeting.held_on, topic: meeting.topic }));
  const outcomes = registers.outcomes.filter((outcome) => outcome.recorded_on <= asOf);
  const sumOutcome = (kind: string, column: 'amount_fen' | 'people_count') =>
    outcomes
      .filter((outcome) => outcome.kind === kind)
      .reduce((sum, outcome) => sum + (outcome[column] ?? 0), 0);

  const concrete = concreteProblems(aspects);
  const countState = (state: LedgerState) => concrete.filter((problem) => problem.state === state).length;
  const measures = allProblems(aspects).flatMap((problem) => problem.measures);
  const meetingsByKind: Record<MeetingKind, number> = {
    party_group: 0,
    democratic_life: 0,
    leading_group: 0,
    mobilisation: 0,
    other: 0,
  };
  for (const meeting of meetings) meetingsByKind[meeting.kind] += 1;
  const closed = countState('closed');

  return {
    inspectionId: inspection.id,
    officeName: inspection.office_name,
    unitName: inspection.unit_name,
    roundName: inspection.round_name,
    groupName: inspection.group_name,
    periodStart: inspection.period_start,
    periodEnd: inspection.period_end,
    feedbackOn: inspection.feedback_on,
    concentratedUntil: inspection.concentrated_until,
    asOf,
    aspects,
    totals: {
      aspects: aspects.length,
      problems: concrete.length,
      closed,
      pendingReview: countState('pending_review'),
      inProgress: countState('in_progress'),
      draft: countState('draft'),
      overdue: concrete.filter((problem) => problem.isOverdue).length,
      longTerm: concrete.filter((problem) => problem.isLongTerm).length,
      completionRate: concrete.length === 0 ? 0 : closed / concrete.length,
      measures: measures.length,
      measuresDone: measures.filter((measure) => measure.isDone).length,
      institutionsNew: institutions.filter((institution) => institution.change === 'new').length,
      institutionsRevised: institutions.filter((institution) => institution.change === 'revised').length,
      fundsReturnedYuan: yuan(sumOutcome('funds_returned', 'amount_fen')),
      fundsRecoveredYuan: yuan(sumOutcome('funds_recovered', 'amount_fen')),
      fundsSavedYuan: yuan(sumOutcome('funds_saved', 'amount_fen')),
      peopleReminded: sumOutcome('people_reminded', 'people_count'),
      peopleAdmonished: sumOutcome('people_admonished', 'people_count'),
      peopleAccountable: sumOutcome('people_accountable', 'people_count'),
      peopleDisciplined: sumOutcome('people_disciplined', 'people_count'),
      meetings: meetings.length,
      meetingsByKind,
      feedbackReceived: source.feedback?.received ?? 0,
      feedbackReplied: source.feedback?.replied ?? 0,
      feedbackClosed: source.feedback?.closed ?? 0,
    },
    meetings,
    institutions,
    contact: source.contact,
    quality: source.quality ?? null,
  };
}

/** "1.5万" style is avoided: money is written in yuan with two decimals when it has fen. */
export function formatYuan(value: number): string {
  return Number.isInteger(value) ? `${value}` : value.toFixed(2);
}

/** The completion rate as a percentage with one decimal, e.g. "87.5%". */
export function formatRate(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/**
 * The totals sentence of a notice or report: "巡察反馈的16个问题，已完成整改12个，正在整改4个" —
 * every number counted, none typed.
 */
export function totalsSentence(totals: ReportTotals): string {
  const parts = [`巡察反馈的${totals.problems}个问题，已完成整改${totals.closed}个`];
  if (totals.pendingReview > 0) parts.push(`已申请销号待审核${totals.pendingReview}个`);
  if (totals.inProgress + totals.draft > 0) parts.push(`正在整改${totals.inProgress + totals.draft}个`);
  parts.push(`完成率${formatRate(totals.completionRate)}`);
  return parts.join('，');
}
