import { describe, expect, it } from 'vitest';
import { toDayNumber } from './demo-calendar.ts';
import type { DemoDataset, DemoInspection, DemoOptions } from './demo-dataset.ts';
import { defaultDemoOptions, generateDemoDataset, generateDemoInspections } from './demo-generator.ts';
import { ParsedDocumentSchema, type ParsedProblem } from '../../parse/parsed-document.schema.ts';

const today = '2025-06-15';
const demoOptions: DemoOptions = { ...defaultDemoOptions, today };
const mediumOptions: DemoOptions = {
  units: 40,
  problemsPerUnit: 30,
  measuresPerProblem: 4,
  seed: 99,
  today: '2024-03-01',
};

/** Problems in ledger order: document order, children right after their parent. */
function flattenProblems(inspection: DemoInspection): ParsedProblem[] {
  const rows: ParsedProblem[] = [];
  const visit = (problem: ParsedProblem): void => {
    rows.push(problem);
    problem.children.forEach(visit);
  };
  for (const aspect of inspection.plan.aspects) aspect.problems.forEach(visit);
  return rows;
}

/** Every string anywhere in a value, for checks on generated text. */
function collectStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, into));
  else if (value && typeof value === 'object')
    Object.values(value).forEach((item) => collectStrings(item, into));
  return into;
}

const demo = generateDemoDataset(demoOptions);
const medium = generateDemoDataset(mediumOptions);
const datasets: [string, DemoDataset, DemoOptions][] = [
  ['the first-start demo', demo, demoOptions],
  ['a 40-unit run', medium, mediumOptions],
];

describe('generateDemoDataset', () => {
  it('gives deep-equal output for the same options', () => {
    expect(generateDemoDataset(demoOptions)).toEqual(demo);
  });

  it('gives different output for a different seed', () => {
    const other = generateDemoDataset({ ...demoOptions, seed: 2 });
    expect(other.units.map((unit) => unit.name)).not.toEqual(demo.units.map((unit) => unit.name));
    expect(other.inspections).not.toEqual(demo.inspections);
  });

  it('streams the same inspections it returns, and can stream them again', () => {
    const stream = generateDemoInspections(demoOptions);
    expect(stream.inspectionCount).toBe(demoOptions.units);
    expect([...stream.inspections]).toEqual(demo.inspections);
    expect([...stream.inspections]).toEqual(demo.inspections);
    expect(stream.units).toEqual(demo.units);
  });

  it.each([
    ['units', { units: -1 }],
    ['problemsPerUnit', { problemsPerUnit: 1.5 }],
    ['today', { today: '2025-02-30' }],
  ])('refuses a bad %s', (_, override) => {
    expect(() => generateDemoDataset({ ...demoOptions, ...override })).toThrow(RangeError);
  });

  it.each([
    { units: 0, problemsPerUnit: 12, measuresPerProblem: 3 },
    { units: 1, problemsPerUnit: 1, measuresPerProblem: 1 },
    { units: 2, problemsPerUnit: 0, measuresPerProblem: 0 },
  ])('handles small sizes: %o', (size) => {
    const dataset = generateDemoDataset({ ...size, seed: 5, today });
    expect(dataset.inspections).toHaveLength(size.units);
    for (const inspection of dataset.inspections) {
      expect(ParsedDocumentSchema.safeParse(inspection.plan).success).toBe(true);
      expect(flattenProblems(inspection)).toHaveLength(size.problemsPerUnit);
    }
  });
});

describe.each(datasets)('%s', (_, dataset, options) => {
  const todayDay = toDayNumber(options.today);

  it('has one inspection per unit, in unit order, pointing at existing rounds and groups', () => {
    expect(dataset.units).toHaveLength(options.units);
    expect(dataset.inspections.map((inspection) => inspection.unitIndex)).toEqual(
      dataset.units.map((_, index) => index),
    );
    expect(new Set(dataset.units.map((unit) => unit.name)).size).toBe(options.units);
    for (const inspection of dataset.inspections) {
      expect(dataset.rounds[inspection.roundIndex]).toBeDefined();
      expect(dataset.groups[inspection.groupIndex]).toBe(inspection.plan.inspection.inspector);
    }
  });

  it('writes plans that validate against the parsed-document schema', () => {
    for (const inspection of dataset.inspections) {
      const result = ParsedDocumentSchema.safeParse(inspection.plan);
      expect(result.error?.issues ?? []).toEqual([]);
      expect(inspection.plan.kind).toBe('plan');
      expect(inspection.plan.unit).toBe(dataset.units[inspection.unitIndex]?.name);
    }
  });

  it('has problemsPerUnit ledger rows (top level plus children), each with measuresPerProblem measures', () => {
    for (const inspection of dataset.inspections) {
      const rows = flattenProblems(inspection);
      expect(rows).toHaveLength(options.problemsPerUnit);
      expect(inspection.progress).toHaveLength(options.problemsPerUnit);
      for (const row of rows) expect(row.measures).toHaveLength(options.measuresPerProblem);
      const topLevel = inspection.plan.aspects.reduce((sum, aspect) => sum + aspect.problems.length, 0);
      expect(inspection.plan.declared).toEqual({
        aspects: inspection.plan.aspects.length,
        problems: topLevel,
      });
    }
  });

  it('leaves no template token unfilled', () => {
    const leftovers = collectStrings(dataset).filter((text) => /\{\w+\}/.test(text));
    expect(leftovers).toEqual([]);
  });

  it('keeps every date in order: period, feedback, start, application, closing, today', () => {
    for (const inspection of dataset.inspections) {
      const feedback = inspection.feedbackDate;
      expect(inspection.periodStart < inspection.periodEnd).toBe(true);
      expect(inspection.periodEnd < feedback).toBe(true);
      expect(feedback <= options.today).toBe(true);
      for (const item of inspection.progress) {
        const ordered = [feedback, item.startedOn, item.appliedOn, item.closedOn, options.today].filter(
          (date): date is string => date !== null,
        );
        expect([...ordered].sort()).toEqual(ordered);
        for (const evidence of item.evidence) {
          expect(item.startedOn !== null && evidence.effectiveOn >= item.startedOn).toBe(true);
          expect(item.appliedOn !== null && evidence.effectiveOn <= item.appliedOn).toBe(true);
          if (item.closedOn) expect(evidence.effectiveOn <= item.closedOn).toBe(true);
        }
      }
    }
  });

  it('gives each state exactly the dates, statement and evidence it implies', () => {
    for (const inspection of dataset.inspections) {
      for (const item of inspection.progress) {
        const hasStarted = item.state !== 'draft';
        const hasApplied = item.state === 'pending_review' || item.state === 'closed';
        expect(item.startedOn !== null).toBe(hasStarted);
        expect(item.appliedOn !== null).toBe(hasApplied);
        expect(item.closedOn !== null).toBe(item.state === 'closed');
        expect(item.statement !== null).toBe(hasApplied);
        expect(item.evidence.length > 0).toBe(hasApplied);
        if (item.deadlineOn === null) expect(item.isLongTerm).toBe(true);
      }
    }
  });

  it('never closes a problem while one of its sub-items is open', () => {
    for (const inspection of dataset.inspections) {
      let index = 0;
      const check = (problem: ParsedProblem): void => {
        const own = inspection.progress[index++];
        const childStates = problem.children.map((child) => {
          const childState = inspection.progress[index]?.state;
          check(child);
          return childState;
        });
        if (own?.state === 'closed') expect(childStates.every((state) => state === 'closed')).toBe(true);
      };
      inspection.plan.aspects.forEach((aspect) => aspect.problems.forEach(check));
    }
  });

  it('names only people, leaders and departments of the unit', () => {
    for (const inspection of dataset.inspections) {
      const unit = dataset.units[inspection.unitIndex];
      const people = new Set(unit?.people.map((person) => person.name));
      const leaders = new Set(unit?.people.filter((person) => person.isLeader).map((person) => person.name));
      const departments = new Set(unit?.departments);
      expect(people.size).toBe(unit?.people.length);
      for (const item of inspection.progress) {
        expect(item.personNames.length).toBeGreaterThan(0);
        for (const name of item.personNames) expect(people.has(name)).toBe(true);
      }
      for (const row of flattenProblems(inspection)) {
        for (const name of row.leaders) expect(leaders.has(name)).toBe(true);
        for (const department of row.departments) expect(departments.has(department)).toBe(true);
      }
    }
  });

  it('links institutions, meetings and outcomes to existing problems, dated within the rectification', () => {
    for (const inspection of dataset.inspections) {
      const count = inspection.progress.length;
      const inRange = (index: number): boolean => Number.isInteger(index) && index >= 0 && index < count;
      const withinRectification = (date: string): boolean =>
        date >= inspection.feedbackDate && date <= options.today;
      for (const institution of inspection.institutions) {
        expect(institution.problemIndexes.length).toBeGreaterThan(0);
        expect(institution.problemIndexes.every(inRange)).toBe(true);
        expect(withinRectification(institution.adoptedOn)).toBe(true);
      }
      for (const meeting of inspection.meetings) {
        expect(meeting.problemIndexes.every(inRange)).toBe(true);
        expect(withinRectification(meeting.heldOn)).toBe(true);
      }
      for (const outcome of inspection.outcomes) {
        if (outcome.problemIndex !== null) expect(inRange(outcome.problemIndex)).toBe(true);
        expect(withinRectification(outcome.recordedOn)).toBe(true);
        const isFunds = outcome.kind.startsWith('funds_');
        expect(
          isFunds ? Number.isInteger(outcome.amountFen) && (outcome.amountFen ?? 0) > 0 : outcome.amountFen,
        ).toBe(isFunds ? true : null);
        expect(isFunds ? outcome.peopleCount : (outcome.peopleCount ?? 0) > 0).toBe(isFunds ? null : true);
      }
    }
  });

  it('places the latest round two to four months before today and older rounds a year or more earlier', () => {
    const latest = dataset.rounds.length - 1;
    for (const inspection of dataset.inspections) {
      const daysAgo = todayDay - toDayNumber(inspection.feedbackDate);
      if (inspection.roundIndex === latest) {
        expect(daysAgo).toBeGreaterThanOrEqual(60);
        expect(daysAgo).toBeLessThanOrEqual(125);
      } else {
        expect(daysAgo).toBeGreaterThan(365);
      }
    }
  });
});

describe('the first-start demo', () => {
  const items = demo.inspections.flatMap((inspection) => inspection.progress);

  it('shows every ledger state, overdue items, long-term items and evidence', () => {
    const states = new Set(items.map((item) => item.state));
    expect([...states].sort()).toEqual(['closed', 'draft', 'in_progress', 'pending_review']);
    const overdue = items.filter(
      (item) => item.deadlineOn !== null && item.deadlineOn < today && item.state !== 'closed',
    );
    expect(overdue.length).toBeGreaterThan(0);
    expect(items.some((item) => item.isLongTerm)).toBe(true);
    expect(items.some((item) => item.deadlineOn !== null && item.deadlineOn > today)).toBe(true);
    expect(demo.rounds.length).toBeGreaterThanOrEqual(2);
  });

  it('mixes concrete and slogan-like measures, and every kind of deadline', () => {
    const rows = demo.inspections.flatMap(flattenProblems);
    const measures = rows.flatMap((row) => row.measures);
    expect(measures.some((text) => /^(进一步|切实|持续|加强)/.test(text))).toBe(true);
    expect(measures.some((text) => /\d{4}年\d{1,2}月\d{1,2}日前/.test(text))).toBe(true);
    expect(measures.some((text) => /《[^》]+》/.test(text))).toBe(true);
    const deadlines = rows.map((row) => row.deadline);
    expect(deadlines.some((deadline) => deadline?.immediate)).toBe(true);
    expect(deadlines.some((deadline) => deadline?.long_term)).toBe(true);
    expect(deadlines.some((deadline) => deadline?.months !== null)).toBe(true);
    expect(deadlines.some((deadline) => /日前$/.test(deadline?.text ?? ''))).toBe(true);
    expect(rows.some((row) => row.children.length > 0)).toBe(true);
  });

  it('records institutions, meetings of each main kind and outcomes', () => {
    const meetingKinds = new Set(
      demo.inspections.flatMap((inspection) => inspection.meetings.map((meeting) => meeting.kind)),
    );
    for (const kind of ['party_group', 'democratic_life', 'mobilisation', 'leading_group'] as const) {
      expect(meetingKinds.has(kind)).toBe(true);
    }
    expect(demo.inspections.every((inspection) => inspection.institutions.length > 0)).toBe(true);
    expect(
      demo.inspections.some((inspection) =>
        inspection.outcomes.some((outcome) => outcome.amountFen !== null),
      ),
    ).toBe(true);
  });
});

describe('a benchmark-sized run', () => {
  it('generates 1,000 units × 30 problems × 4 measures', () => {
    const stream = generateDemoInspections({
      units: 1000,
      problemsPerUnit: 30,
      measuresPerProblem: 4,
      seed: 1,
      today,
    });
    let problems = 0;
    let measures = 0;
    for (const inspection of stream.inspections) {
      for (const row of flattenProblems(inspection)) {
        problems += 1;
        measures += row.measures.length;
      }
    }
    expect(stream.units).toHaveLength(1000);
    expect(new Set(stream.units.map((unit) => unit.name)).size).toBe(1000);
    expect(problems).toBe(30_000);
    expect(measures).toBe(120_000);
  });
});
