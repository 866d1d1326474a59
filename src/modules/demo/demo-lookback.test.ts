import { describe, expect, it } from 'vitest';
import { addMonths } from '../deadlines/calendar-date.rules.ts';
import type { DemoInspection, DemoOptions } from './demo-dataset.ts';
import { defaultDemoOptions, generateDemoDataset } from './demo-generator.ts';

const options: DemoOptions = { ...defaultDemoOptions, today: '2026-11-20' };
const dataset = generateDemoDataset(options);

/** Whether the flattened item at `index` is a top-level problem without sub-items. */
function isTopLevelLeaf(inspection: DemoInspection, index: number): boolean {
  const rows: Array<{ isTopLevel: boolean; hasChildren: boolean }> = [];
  for (const aspect of inspection.plan.aspects) {
    for (const problem of aspect.problems) {
      rows.push({ isTopLevel: true, hasChildren: problem.children.length > 0 });
      const visit = (child: (typeof problem.children)[number]): void => {
        rows.push({ isTopLevel: false, hasChildren: child.children.length > 0 });
        child.children.forEach(visit);
      };
      problem.children.forEach(visit);
    }
  }
  const row = rows[index];
  return row != null && row.isTopLevel && !row.hasChildren;
}

describe('the demo look-back', () => {
  const withLookback = dataset.inspections.filter((inspection) => inspection.lookback != null);

  it('comes with inspections old enough, and not with recent ones', () => {
    expect(withLookback.length).toBeGreaterThanOrEqual(1);
    for (const inspection of dataset.inspections) {
      const plannedOn = addMonths(inspection.feedbackDate, 6);
      if (inspection.lookback) expect(inspection.lookback.reclosedOn < options.today).toBe(true);
      else if (plannedOn >= options.today) expect(inspection.lookback).toBeNull();
    }
  });

  it('checks the items closed by its planned day, one top-level item rebounding and closed again', () => {
    for (const inspection of withLookback) {
      const lookback = inspection.lookback!;
      expect(lookback.plannedOn).toBe(addMonths(inspection.feedbackDate, 6));
      expect(lookback.checkedIndexes.length).toBeGreaterThanOrEqual(2);
      for (const index of lookback.checkedIndexes) {
        const item = inspection.progress[index]!;
        expect(item.state).toBe('closed');
        expect(item.closedOn! < lookback.plannedOn).toBe(true);
      }
      expect(lookback.checkedIndexes).toContain(lookback.reboundIndex);
      expect(isTopLevelLeaf(inspection, lookback.reboundIndex)).toBe(true);
      expect([lookback.plannedOn, lookback.completedOn, lookback.reappliedOn, lookback.reclosedOn]).toEqual(
        [lookback.plannedOn, lookback.completedOn, lookback.reappliedOn, lookback.reclosedOn].sort(),
      );
      expect(lookback.reboundNote.length).toBeGreaterThan(0);
    }
  });

  it('is deterministic', () => {
    expect(generateDemoDataset(options).inspections.map((inspection) => inspection.lookback)).toEqual(
      dataset.inspections.map((inspection) => inspection.lookback),
    );
  });
});
