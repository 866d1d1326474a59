/**
 * Adds per-inspection figures up: overall, per round (rows and a total) and per unit across
 * rounds. Counts and money are summed (money rounded to the fen); the completion rate is
 * recomputed from the sums, never averaged.
 */
import { FIGURE_DEFINITIONS, FIGURE_KEYS } from './figure-keys.ts';
import type { Figures, UnitFigures } from './unit-figures.repository.ts';

export type FigureTotals = Figures & { units: number; inspections: number };

export interface RoundFigures extends FigureTotals {
  roundId: number;
  roundName: string;
  roundYear: number;
}

export interface UnitAcrossRounds extends FigureTotals {
  unitId: number;
  unitName: string;
  /** The rounds this unit was inspected in, newest first. */
  roundNames: string[];
}

// Money is summed in fen (see below); every other figure is a plain count or sum.
const MONEY = FIGURE_KEYS.filter((key) => FIGURE_DEFINITIONS[key].unit === '元');
const SUMMED = FIGURE_KEYS.filter((key) => !MONEY.includes(key));

/** The sum of the given per-inspection figures. */
export function totalFigures(units: readonly UnitFigures[]): FigureTotals {
  const totals = {
    units: new Set(units.map((figures) => figures.unitId)).size,
    inspections: units.length,
  } as FigureTotals;
  for (const key of SUMMED) totals[key] = units.reduce((sum, figures) => sum + figures[key], 0);
  // Summing in fen keeps 0.1 + 0.2 from printing as 0.30000000000000004.
  for (const key of MONEY)
    totals[key] = units.reduce((sum, figures) => sum + Math.round(figures[key] * 100), 0) / 100;
  totals.completionRate = totals.problems === 0 ? 0 : totals.closed / totals.problems;
  return totals;
}

function groupBy<K>(units: readonly UnitFigures[], keyOf: (figures: UnitFigures) => K) {
  const groups = new Map<K, UnitFigures[]>();
  for (const figures of units) {
    const key = keyOf(figures);
    const list = groups.get(key);
    if (list) list.push(figures);
    else groups.set(key, [figures]);
  }
  return groups;
}

/** One row per round (in the order the rounds first appear: newest first). */
export function figuresByRound(units: readonly UnitFigures[]): RoundFigures[] {
  return [...groupBy(units, (figures) => figures.roundId).values()].map((list) => ({
    roundId: list[0]!.roundId,
    roundName: list[0]!.roundName,
    roundYear: list[0]!.roundYear,
    ...totalFigures(list),
  }));
}

/** One row per unit, its inspections of every selected round added up, ordered by unit name. */
export function figuresByUnit(units: readonly UnitFigures[]): UnitAcrossRounds[] {
  return [...groupBy(units, (figures) => figures.unitId).values()]
    .map((list) => ({
      unitId: list[0]!.unitId,
      unitName: list[0]!.unitName,
      roundNames: list.map((figures) => figures.roundName),
      ...totalFigures(list),
    }))
    .sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN') || a.unitId - b.unitId);
}
