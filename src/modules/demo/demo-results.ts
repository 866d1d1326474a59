/**
 * The results of one inspection's rectification beyond the ledger rows: institutions adopted
 * or revised, meetings held (a mobilisation meeting, leading-group meetings, the special
 * democratic life meeting, and the party group meeting monthly during the concentrated
 * period, quarterly after it) and outcomes (money returned or recovered, people talked to or
 * held accountable). Everything is dated between the feedback and today and points at
 * problems by their flattened index.
 */
import { addMonths, toIsoDate } from './demo-calendar.ts';
import type { DemoInstitution, DemoMeeting, DemoOutcome } from './demo-dataset.ts';
import type { PlannedProblem } from './demo-plan.ts';
import type { ProblemTimeline } from './demo-progress.ts';
import { partyGroupMeetingTopics } from './demo-phrases.ts';
import { fillTemplate } from './fill-template.ts';
import type { SeededRandom } from './seeded-random.ts';

export interface ResultsContext {
  feedbackDay: number;
  todayDay: number;
}

/** Months of the concentrated rectification period, when the party group meets monthly. */
const concentratedPeriodMonths = 6;
/** Party group meetings on rectification recorded per inspection, at most. */
const maxPartyGroupMeetings = 14;

function isStarted(
  timeline: ProblemTimeline | undefined,
): timeline is ProblemTimeline & { startedDay: number } {
  return timeline !== undefined && timeline.startedDay !== null;
}

/** Institutions from problems whose work has begun; one per name, listing every problem it serves. */
function buildInstitutions(
  random: SeededRandom,
  problems: PlannedProblem[],
  timelines: ProblemTimeline[],
  context: ResultsContext,
): DemoInstitution[] {
  const byName = new Map<string, DemoInstitution>();
  for (const problem of problems) {
    const timeline = timelines[problem.index];
    if (!problem.topic || !isStarted(timeline)) continue;
    const isDone = timeline.appliedDay !== null;
    if (!random.chance(isDone ? 0.6 : 0.2)) continue;
    const adoptedDay = random.int(timeline.startedDay, timeline.appliedDay ?? context.todayDay);
    const existing = byName.get(problem.institution);
    if (existing) {
      existing.problemIndexes.push(problem.index);
      continue;
    }
    byName.set(problem.institution, {
      name: problem.institution,
      change: problem.institutionChange,
      adoptedOn: toIsoDate(adoptedDay),
      problemIndexes: [problem.index],
    });
  }
  return [...byName.values()];
}

function buildMeetings(
  random: SeededRandom,
  problems: PlannedProblem[],
  timelines: ProblemTimeline[],
  context: ResultsContext,
): DemoMeeting[] {
  const { feedbackDay, todayDay } = context;
  const meetings: DemoMeeting[] = [];
  const add = (meeting: DemoMeeting, day: number): void => {
    if (day <= todayDay) meetings.push({ ...meeting, heldOn: toIsoDate(day) });
  };
  const topLevel = problems.filter((problem) => problem.parentIndex === null).map((problem) => problem.index);

  add(
    { kind: 'mobilisation', heldOn: '', topic: '巡察反馈意见整改工作动员部署会', problemIndexes: [] },
    feedbackDay + random.int(2, 6),
  );
  add(
    {
      kind: 'leading_group',
      heldOn: '',
      topic: '巡察整改工作领导小组会议，审议整改工作方案',
      problemIndexes: [],
    },
    feedbackDay + random.int(7, 12),
  );
  add(
    {
      kind: 'democratic_life',
      heldOn: '',
      topic: '巡察整改专题民主生活会',
      problemIndexes: random.sample(topLevel, random.int(3, 6)).sort((a, b) => a - b),
    },
    feedbackDay + random.int(15, 45),
  );
  add(
    {
      kind: 'leading_group',
      heldOn: '',
      topic: '巡察整改工作领导小组会议，调度整改进展',
      problemIndexes: [],
    },
    feedbackDay + random.int(55, 70),
  );
  if (random.chance(0.5)) {
    add(
      { kind: 'other', heldOn: '', topic: '以案促改警示教育大会', problemIndexes: [] },
      feedbackDay + random.int(30, 80),
    );
  }

  for (let month = 1; month <= maxPartyGroupMeetings; month++) {
    const monthsAfter =
      month <= concentratedPeriodMonths
        ? month
        : concentratedPeriodMonths + (month - concentratedPeriodMonths) * 3;
    const day = addMonths(feedbackDay, monthsAfter) - random.int(0, 10);
    if (day > todayDay) break;
    const discussed = problems.filter((problem) => {
      const timeline = timelines[problem.index];
      return isStarted(timeline) && timeline.startedDay <= day;
    });
    const chosen = random.sample(discussed, random.int(1, 3));
    const first = chosen.find((problem) => problem.topic !== null);
    add(
      {
        kind: 'party_group',
        heldOn: '',
        topic: first
          ? fillTemplate(random.pick(partyGroupMeetingTopics), {
              subject: first.subject,
              doc: `《${first.institution}》`,
            })
          : '听取巡察整改进展情况汇报',
        problemIndexes: chosen.map((problem) => problem.index).sort((a, b) => a - b),
      },
      day,
    );
  }
  return meetings.sort((left, right) =>
    left.heldOn < right.heldOn ? -1 : left.heldOn > right.heldOn ? 1 : 0,
  );
}

const fundsNotes: Record<'funds_returned' | 'funds_recovered' | 'funds_saved', string> = {
  funds_returned: '退还违规资金',
  funds_recovered: '追缴（清收）资金',
  funds_saved: '压减开支节约资金',
};

function buildOutcomes(
  random: SeededRandom,
  problems: PlannedProblem[],
  timelines: ProblemTimeline[],
  context: ResultsContext,
): DemoOutcome[] {
  const outcomes: DemoOutcome[] = [];
  const started = problems.filter((problem) => isStarted(timelines[problem.index]));
  const dayWithin = (problem: PlannedProblem): number => {
    const timeline = timelines[problem.index] as ProblemTimeline & { startedDay: number };
    return random.int(timeline.startedDay, timeline.appliedDay ?? context.todayDay);
  };

  for (const problem of started) {
    const funds = problem.topic?.funds;
    if (funds) {
      outcomes.push({
        kind: funds,
        amountFen: problem.amountYuan * 100,
        peopleCount: null,
        note: `${problem.subject}：${fundsNotes[funds]}${problem.amountYuan}元`,
        recordedOn: toIsoDate(dayWithin(problem)),
        problemIndex: problem.index,
      });
    }
    if (problem.remindedCount > 0) {
      outcomes.push({
        kind: 'people_reminded',
        amountFen: null,
        peopleCount: problem.remindedCount,
        note: `就${problem.title}问题对${problem.remindedCount}名相关责任人进行提醒谈话`,
        recordedOn: toIsoDate(dayWithin(problem)),
        problemIndex: problem.index,
      });
    }
  }

  // Admonishment and accountability are rarer and follow the lagging or the serious items.
  if (started.length > 0 && random.chance(0.35)) {
    const problem = random.pick(started);
    const count = random.int(1, 2);
    outcomes.push({
      kind: 'people_admonished',
      amountFen: null,
      peopleCount: count,
      note: `对整改推进不力的${count}名干部进行约谈`,
      recordedOn: toIsoDate(dayWithin(problem)),
      problemIndex: problem.index,
    });
  }
  if (started.length > 0 && random.chance(0.15)) {
    const problem = random.pick(started);
    const count = random.int(1, 3);
    outcomes.push({
      kind: 'people_accountable',
      amountFen: null,
      peopleCount: count,
      note: `对${problem.title}问题负有责任的${count}名干部进行问责`,
      recordedOn: toIsoDate(dayWithin(problem)),
      problemIndex: problem.index,
    });
  }
  if (started.length > 0 && random.chance(0.08)) {
    const problem = random.pick(started);
    outcomes.push({
      kind: 'people_disciplined',
      amountFen: null,
      peopleCount: 1,
      note: '给予1名干部党内警告处分',
      recordedOn: toIsoDate(dayWithin(problem)),
      problemIndex: problem.index,
    });
  }
  if (random.chance(0.4)) {
    const count = random.int(3, 15);
    outcomes.push({
      kind: 'people_reminded',
      amountFen: null,
      peopleCount: count,
      note: `开展谈心谈话，提醒干部职工${count}人次`,
      recordedOn: toIsoDate(random.int(context.feedbackDay, Math.max(context.feedbackDay, context.todayDay))),
      problemIndex: null,
    });
  }
  return outcomes;
}

/** Builds institutions, meetings and outcomes for one inspection. */
export function buildDemoResults(
  random: SeededRandom,
  problems: PlannedProblem[],
  timelines: ProblemTimeline[],
  context: ResultsContext,
): { institutions: DemoInstitution[]; meetings: DemoMeeting[]; outcomes: DemoOutcome[] } {
  return {
    institutions: buildInstitutions(random, problems, timelines, context),
    meetings: buildMeetings(random, problems, timelines, context),
    outcomes: buildOutcomes(random, problems, timelines, context),
  };
}
