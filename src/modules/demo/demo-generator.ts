/**
 * The deterministic synthetic demo data generator: from DemoOptions (seed, size, "today") it
 * builds an inspection office with rounds, groups and units, and one inspection per unit with
 * its plan (a FORMAT.md parsed document), ledger progress, institutions, meetings and outcomes.
 * Pure: no database, no I/O, no clock and no Math.random; the same options give deep-equal
 * output. Each inspection draws from its own seeded stream, so inspections can be generated
 * one at a time (generateDemoInspections) for a loader that streams a large run.
 */
import { toDayNumber } from './demo-calendar.ts';
import type { DemoDataset, DemoInspection, DemoOptions } from './demo-dataset.ts';
import { buildDemoOrganisation, streamKeys, type DemoOrganisation } from './demo-organisation.ts';
import { buildDemoPlan } from './demo-plan.ts';
import { buildDemoLookback } from './demo-lookback.ts';
import { buildDemoProgress } from './demo-progress.ts';
import { buildDemoResults } from './demo-results.ts';
import { createSeededRandom, deriveSeed } from './seeded-random.ts';

/** The data set with its inspections as a re-iterable sequence, generated on demand. */
export interface DemoDatasetStream extends Omit<DemoDataset, 'inspections'> {
  /** Each iteration generates the inspections afresh, in unit order; nothing is kept. */
  inspections: Iterable<DemoInspection>;
  /** How many inspections the sequence yields (one per unit). */
  inspectionCount: number;
}

/** The options the loader uses for the first-start demo, apart from "today". */
export const defaultDemoOptions: Omit<DemoOptions, 'today'> = {
  units: 6,
  problemsPerUnit: 12,
  measuresPerProblem: 3,
  seed: 1,
};

function assertCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `演示数据参数 ${name} 须为非负整数 (demo option ${name} must be a non-negative integer): ${value}`,
    );
  }
}

function validateOptions(options: DemoOptions): number {
  assertCount('units', options.units);
  assertCount('problemsPerUnit', options.problemsPerUnit);
  assertCount('measuresPerProblem', options.measuresPerProblem);
  if (!Number.isFinite(options.seed)) {
    throw new RangeError(
      `演示数据参数 seed 须为数字 (demo option seed must be a finite number): ${options.seed}`,
    );
  }
  return toDayNumber(options.today);
}

/** Days between the end of an inspection period and its feedback. */
const feedbackDelayDays = { min: 25, max: 45 };
/** Days between the feedback and the signed plan. */
const planDelayDays = { min: 10, max: 25 };

function generateInspection(
  organisation: DemoOrganisation,
  options: DemoOptions,
  todayDay: number,
  unitIndex: number,
): DemoInspection {
  const random = createSeededRandom(deriveSeed(options.seed, streamKeys.inspection, unitIndex));
  const slot = organisation.slots[unitIndex];
  const profile = organisation.profiles[unitIndex];
  const round = slot && organisation.rounds[slot.roundIndex];
  if (!slot || !profile || !round) throw new RangeError(`no unit ${unitIndex} in the demo organisation`);

  const periodStartDay = toDayNumber(round.startedOn) + random.int(0, 5);
  const periodEndDay = toDayNumber(round.endedOn) - random.int(0, 5);
  const feedbackDay = periodEndDay + random.int(feedbackDelayDays.min, feedbackDelayDays.max);
  const issuedDay = Math.min(
    feedbackDay + random.int(planDelayDays.min, planDelayDays.max),
    Math.max(feedbackDay, todayDay),
  );
  const inspector = organisation.groups[slot.groupIndex] ?? '市委巡察组';

  const { plan, problems } = buildDemoPlan(random, {
    profile,
    inspector,
    periodStartDay,
    periodEndDay,
    feedbackDay,
    issuedDay,
    problemCount: options.problemsPerUnit,
    measuresPerProblem: options.measuresPerProblem,
  });
  const { progress, timelines } = buildDemoProgress(random, problems, {
    unitName: profile.unit.name,
    feedbackDay,
    issuedDay,
    todayDay,
    isLatestRound: slot.roundIndex === organisation.rounds.length - 1,
  });
  const { institutions, meetings, outcomes } = buildDemoResults(random, problems, timelines, {
    feedbackDay,
    todayDay,
  });

  return {
    roundIndex: slot.roundIndex,
    unitIndex,
    groupIndex: slot.groupIndex,
    periodStart: plan.inspection.start ?? '',
    periodEnd: plan.inspection.end ?? '',
    feedbackDate: plan.inspection.feedback_date ?? '',
    plan,
    progress,
    institutions,
    meetings,
    outcomes,
    lookback: buildDemoLookback(problems, progress, { feedbackDay, todayDay, unitName: profile.unit.name }),
  };
}

/**
 * The organisation up front and the inspections as a lazy sequence, one per unit, so a loader
 * can write a 1,000-unit run without holding every plan in memory.
 */
export function generateDemoInspections(options: DemoOptions): DemoDatasetStream {
  const todayDay = validateOptions(options);
  const organisation = buildDemoOrganisation(options.seed, options.units, todayDay);
  return {
    office: organisation.office,
    rounds: organisation.rounds,
    groups: organisation.groups,
    units: organisation.profiles.map((profile) => profile.unit),
    inspectionCount: options.units,
    inspections: {
      *[Symbol.iterator]() {
        for (let unitIndex = 0; unitIndex < options.units; unitIndex++) {
          yield generateInspection(organisation, options, todayDay, unitIndex);
        }
      },
    },
  };
}

/** Generates the whole demo data set in memory; deterministic for the same options. */
export function generateDemoDataset(options: DemoOptions): DemoDataset {
  const {
    inspections,
    inspectionCount: _inspectionCount,
    ...organisation
  } = generateDemoInspections(options);
  return { ...organisation, inspections: [...inspections] };
}
