/**
 * Builds one inspection's rectification plan (整改方案) as a parsed document (FORMAT.md), and
 * beside it the facts the progress and results builders need about each problem (deadline
 * day, amounts, who is responsible), in the flattened order the ledger uses: document order,
 * children right after their parent.
 *
 * Counting: `problemCount` is the number of ledger rows, i.e. top-level problems plus their
 * children. A problem that groups sub-items is itself a row and, like every row, carries
 * exactly `measuresPerProblem` measures (written at its own level). declared.problems states
 * the top-level count, as plans do ("12项具体问题").
 */
import {
  addMonths,
  endOfMonth,
  formatChineseDate,
  formatChineseMonth,
  toCivil,
  toIsoDate,
} from './demo-calendar.ts';
import type { DemoPerson } from './demo-dataset.ts';
import type { UnitProfile } from './demo-organisation.ts';
import {
  concreteMeasureTemplates,
  genericGoalTemplates,
  immediateDeadlineTexts,
  immediateLongTermDeadlineTexts,
  longTermDeadlineTexts,
  umbrellaGoal,
  umbrellaMeasureTemplates,
  vagueMeasureTemplates,
  withinDeadlineTemplates,
  withinMonthChoices,
  type MeasureTemplate,
} from './demo-phrases.ts';
import { aspectFamilies, type AspectFamily, type ProblemTopic } from './demo-topics.ts';
import { toChineseNumeral } from './chinese-numeral.ts';
import { fillTemplate } from './fill-template.ts';
import type { SeededRandom } from './seeded-random.ts';
import type { ParsedDeadline, ParsedDocument, ParsedProblem } from '../../parse/parsed-document.schema.ts';

export interface PlanContext {
  profile: UnitProfile;
  inspector: string;
  periodStartDay: number;
  periodEndDay: number;
  feedbackDay: number;
  /** The day the plan is signed; measures and deadlines are dated after it. */
  issuedDay: number;
  problemCount: number;
  measuresPerProblem: number;
}

/** What the later builders need to know about one ledger row of the plan. */
export interface PlannedProblem {
  index: number;
  parentIndex: number | null;
  hasChildren: boolean;
  title: string;
  subject: string;
  /** The topic it was written from; null for a problem that only groups sub-items. */
  topic: ProblemTopic | null;
  familyIndex: number;
  deadlineDay: number | null;
  isImmediate: boolean;
  isLongTerm: boolean;
  departments: string[];
  personNames: string[];
  measureCount: number;
  /** Money named in the text (yuan), used again for outcomes and receipts. */
  amountYuan: number;
  /** People talked to according to a measure, 0 if no measure says so. */
  remindedCount: number;
  /** The institution the fix adopts or revises, with the unit's prefix. */
  institution: string;
  institutionChange: 'new' | 'revised';
}

interface TopLevelSlot {
  childCount: number;
}

/** Splits the row count into top-level problems, some of which group two or three sub-items. */
function planSlots(random: SeededRandom, problemCount: number): TopLevelSlot[] {
  const slots: TopLevelSlot[] = [];
  let remaining = problemCount;
  while (remaining > 0) {
    if (problemCount >= 8 && remaining >= 3 && random.chance(0.12)) {
      const childCount = Math.min(random.int(2, 3), remaining - 1);
      slots.push({ childCount });
      remaining -= 1 + childCount;
    } else {
      slots.push({ childCount: 0 });
      remaining -= 1;
    }
  }
  return slots;
}

/** Relative share of problems per family: discipline findings are usually the most numerous. */
const familyWeights = [0.26, 0.36, 0.24, 0.14];

/** How many top-level problems each aspect gets: at least one each, the rest by weight. */
function distributeSlots(random: SeededRandom, slotCount: number, familyIndexes: number[]): number[] {
  const counts = familyIndexes.map(() => 1);
  const weights = familyIndexes.map((familyIndex) => familyWeights[familyIndex] ?? 0.2);
  const positions = familyIndexes.map((_, position) => position);
  for (let i = familyIndexes.length; i < slotCount; i++) {
    const position = random.pickWeighted(positions, weights);
    counts[position] = (counts[position] ?? 0) + 1;
  }
  return counts;
}

interface DeadlineChoice {
  deadline: ParsedDeadline;
  deadlineDay: number | null;
  isImmediate: boolean;
  isLongTerm: boolean;
}

type DeadlineKind = 'immediate' | 'immediate_long_term' | 'within' | 'date' | 'long_term';
const deadlineKinds: DeadlineKind[] = ['immediate', 'immediate_long_term', 'within', 'date', 'long_term'];
const deadlineKindWeights = [0.18, 0.1, 0.32, 0.22, 0.18];

function chooseDeadline(random: SeededRandom, context: PlanContext): DeadlineChoice {
  const kind = random.pickWeighted(deadlineKinds, deadlineKindWeights);
  switch (kind) {
    case 'immediate':
      return {
        deadline: {
          text: random.pick(immediateDeadlineTexts),
          immediate: true,
          long_term: false,
          months: null,
        },
        deadlineDay: context.issuedDay + random.int(7, 20),
        isImmediate: true,
        isLongTerm: false,
      };
    case 'immediate_long_term':
      return {
        deadline: {
          text: random.pick(immediateLongTermDeadlineTexts),
          immediate: true,
          long_term: true,
          months: null,
        },
        deadlineDay: context.issuedDay + random.int(7, 20),
        isImmediate: true,
        isLongTerm: true,
      };
    case 'within': {
      const months = random.pick(withinMonthChoices);
      const text = fillTemplate(random.pick(withinDeadlineTemplates), { months: String(months) });
      return {
        deadline: { text, immediate: false, long_term: false, months },
        deadlineDay: addMonths(context.feedbackDay, months),
        isImmediate: false,
        isLongTerm: false,
      };
    }
    case 'date': {
      const day = endOfMonth(addMonths(context.feedbackDay, random.int(1, 5)));
      return {
        deadline: { text: `${formatChineseDate(day)}前`, immediate: false, long_term: false, months: null },
        deadlineDay: day,
        isImmediate: false,
        isLongTerm: false,
      };
    }
    case 'long_term':
      return {
        deadline: {
          text: random.pick(longTermDeadlineTexts),
          immediate: false,
          long_term: true,
          months: null,
        },
        deadlineDay: null,
        isImmediate: false,
        isLongTerm: true,
      };
  }
}

type MeasureMix = 'concrete' | 'mixed' | 'vague';
const measureMixes: MeasureMix[] = ['concrete', 'mixed', 'vague'];
/** Share of problems whose measures are all concrete, a mix, or only slogans. */
const measureMixWeights = [0.35, 0.5, 0.15];
const vagueShareByMix: Record<MeasureMix, number> = { concrete: 0, mixed: 0.3, vague: 1 };

/**
 * Draws `count` distinct measures: from the topic's own and the generic concrete templates, or
 * from the vague ones, according to the problem's mix. Pools are cycled only when exhausted.
 */
function chooseMeasureTemplates(
  random: SeededRandom,
  count: number,
  concretePool: MeasureTemplate[],
  vaguePool: MeasureTemplate[],
): MeasureTemplate[] {
  const mix = random.pickWeighted(measureMixes, measureMixWeights);
  const concrete = random.shuffle(concretePool);
  const vague = random.shuffle(vaguePool);
  let concreteUsed = 0;
  let vagueUsed = 0;
  const chosen: MeasureTemplate[] = [];
  for (let i = 0; i < count; i++) {
    const isVague = random.chance(vagueShareByMix[mix]);
    if (isVague) chosen.push(vague[vagueUsed++ % vague.length] as MeasureTemplate);
    else chosen.push(concrete[concreteUsed++ % concrete.length] as MeasureTemplate);
  }
  return chosen;
}

function departmentOverseer(profile: UnitProfile, department: string): DemoPerson {
  const deputy = profile.deputies.find((leader) => leader.departments.includes(department));
  return deputy?.person ?? profile.head;
}

interface ProblemDraft {
  parsed: ParsedProblem;
  planned: PlannedProblem;
}

/** Writes one ledger row from a topic (or, for a grouping problem, from the umbrella title). */
function buildProblem(
  random: SeededRandom,
  context: PlanContext,
  family: AspectFamily,
  familyIndex: number,
  topic: ProblemTopic | null,
  umbrellaTitle: string,
  number: string,
  index: number,
  parentIndex: number | null,
  hasChildren: boolean,
): ProblemDraft {
  const { profile } = context;
  const role = topic?.role ?? 'office';
  const primaryDepartment = random.pick(profile.departmentsByRole[role]);
  const departments = [primaryDepartment];
  if (random.chance(0.3)) {
    const second = random.pick(profile.unit.departments);
    if (second !== primaryDepartment) departments.push(second);
  }

  const overseer = departmentOverseer(profile, primaryDepartment);
  const leaders = [overseer.name];
  if (
    family.isLedByHead &&
    (hasChildren || role === 'party' || random.chance(0.3)) &&
    overseer !== profile.head
  ) {
    leaders.unshift(profile.head.name);
  }
  const personNames: string[] = [];
  for (const department of departments) {
    const head = profile.departmentHeads.get(department);
    if (head) personNames.push(head.name);
  }
  const staff = profile.departmentStaff.get(primaryDepartment) ?? [];
  if (staff.length > 0 && random.chance(0.3)) personNames.push(random.pick(staff).name);

  const deadlineChoice = chooseDeadline(random, context);
  const lastPlannedDay = deadlineChoice.deadlineDay ?? context.issuedDay + 120;
  const countN = random.int(3, 12);
  const countM = random.int(1, Math.min(5, countN - 1));
  const amountYuan = topic?.isLargeAmount
    ? random.int(5, 90) * 10000 + random.int(0, 9) * 1000
    : random.int(6, 480) * 100 + random.pick([0, 0, 20, 50, 80]);
  const title = topic ? topic.title : umbrellaTitle;
  const subject = topic ? topic.subject : '巡察整改工作';
  const institutionName = `${profile.documentPrefix}${topic?.institution ?? '巡察整改工作制度'}`;
  const institutionChange = random.chance(0.45) ? 'new' : 'revised';
  const tokens: Record<string, string> = {
    n: String(countN),
    m: String(countM),
    y: String(toCivil(context.feedbackDay).year - 1),
    amount: String(amountYuan),
    wan: String(amountYuan / 10000),
    d: formatChineseDate(random.int(Math.min(context.issuedDay + 10, lastPlannedDay), lastPlannedDay)),
    month: formatChineseMonth(context.issuedDay + random.int(5, 40)),
    dept: primaryDepartment,
    field: profile.bureau.field,
    whole: profile.wholeUnit,
    age: String(random.int(43, 51)),
    pct: String(random.pick([10, 15, 20, 30])),
    subject,
    title,
    doc: institutionName,
    records: topic?.records ?? '整改台账',
    change: institutionChange === 'new' ? '制定' : '修订',
    people: String(random.int(2, 12) * 10),
  };

  const measureTemplates = topic
    ? chooseMeasureTemplates(
        random,
        context.measuresPerProblem,
        [...topic.measures.map((text) => ({ text })), ...concreteMeasureTemplates],
        vagueMeasureTemplates,
      )
    : chooseMeasureTemplates(
        random,
        context.measuresPerProblem,
        umbrellaMeasureTemplates,
        vagueMeasureTemplates,
      );
  const measures = measureTemplates.map((template) => fillTemplate(template.text, tokens));
  const remindedCount = measureTemplates.some((template) => template.remindsPeople) ? countM : 0;

  const manifestations = topic
    ? random
        .sample(topic.manifestations, random.int(1, Math.min(3, topic.manifestations.length)))
        .map((template) => fillTemplate(template, tokens))
    : [];
  let goal: string | null = null;
  if (!topic) goal = umbrellaGoal;
  else if (random.chance(0.9)) {
    goal = random.chance(0.7)
      ? fillTemplate(topic.goal, tokens)
      : fillTemplate(random.pick(genericGoalTemplates), tokens);
  }

  return {
    parsed: {
      number,
      title,
      manifestations,
      status: null,
      measures,
      goal,
      leaders,
      departments,
      deadline: deadlineChoice.deadline,
      children: [],
    },
    planned: {
      index,
      parentIndex,
      hasChildren,
      title,
      subject,
      topic,
      familyIndex,
      deadlineDay: deadlineChoice.deadlineDay,
      isImmediate: deadlineChoice.isImmediate,
      isLongTerm: deadlineChoice.isLongTerm,
      departments,
      personNames,
      measureCount: measures.length,
      amountYuan,
      remindedCount,
      institution: institutionName,
      institutionChange,
    },
  };
}

/** Builds the plan document and its flattened problem facts for one inspection. */
export function buildDemoPlan(
  random: SeededRandom,
  context: PlanContext,
): { plan: ParsedDocument; problems: PlannedProblem[] } {
  const slots = planSlots(random, context.problemCount);
  const familyIndexes = random.chance(0.55) ? [0, 1, 2, 3] : [0, 1, 2];
  familyIndexes.splice(Math.min(familyIndexes.length, slots.length));
  const slotCounts = distributeSlots(random, slots.length, familyIndexes);
  const restartsNumbering = random.chance(0.5);

  const problems: PlannedProblem[] = [];
  const aspects: ParsedDocument['aspects'] = [];
  let slotCursor = 0;
  let runningNumber = 0;
  familyIndexes.forEach((familyIndex, position) => {
    const family = aspectFamilies[familyIndex] as AspectFamily;
    const topics = random.shuffle(family.topics);
    let topicCursor = 0;
    const nextTopic = (): ProblemTopic => topics[topicCursor++ % topics.length] as ProblemTopic;
    const umbrellaTitles = random.shuffle(family.umbrellaTitles);
    let umbrellaCursor = 0;
    if (restartsNumbering) runningNumber = 0;

    const aspectProblems: ParsedProblem[] = [];
    const slotCount = slotCounts[position] ?? 0;
    for (let i = 0; i < slotCount; i++) {
      const slot = slots[slotCursor++] as TopLevelSlot;
      runningNumber += 1;
      const hasChildren = slot.childCount > 0;
      const umbrellaTitle = umbrellaTitles[umbrellaCursor++ % umbrellaTitles.length] as string;
      const parentIndex = problems.length;
      const parent = buildProblem(
        random,
        context,
        family,
        familyIndex,
        hasChildren ? null : nextTopic(),
        umbrellaTitle,
        String(runningNumber),
        parentIndex,
        null,
        hasChildren,
      );
      problems.push(parent.planned);
      for (let childNumber = 1; childNumber <= slot.childCount; childNumber++) {
        const child = buildProblem(
          random,
          context,
          family,
          familyIndex,
          nextTopic(),
          umbrellaTitle,
          String(childNumber),
          problems.length,
          parentIndex,
          false,
        );
        problems.push(child.planned);
        parent.parsed.children.push(child.parsed);
      }
      aspectProblems.push(parent.parsed);
    }
    aspects.push({
      number: toChineseNumeral(position + 1),
      title: random.pick(family.titles),
      problems: aspectProblems,
    });
  });

  const plan: ParsedDocument = {
    kind: 'plan',
    title: `${context.profile.unit.name}关于落实${context.inspector}反馈意见的整改方案`,
    unit: context.profile.unit.name,
    inspection: {
      inspector: context.inspector,
      start: toIsoDate(context.periodStartDay),
      end: toIsoDate(context.periodEndDay),
      feedback_date: toIsoDate(context.feedbackDay),
    },
    issued_date: toIsoDate(context.issuedDay),
    declared: { aspects: aspects.length, problems: slots.length },
    contact: { phones: [], emails: [], address: null, postcode: null },
    aspects,
  };
  return { plan, problems };
}
