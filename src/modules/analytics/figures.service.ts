/**
 * The office's figures as the API and the aggregate notice read them: per inspection, per round,
 * per unit across rounds and in total for a selection (a round and/or a unit, or all), and the
 * rows behind any one figure. A round of another office or a unit outside the scope is not
 * found (404), like every out-of-scope id.
 */
import type { Executor } from '../../storage/database.ts';
import { notFound } from '../common/app-error.ts';
import { today, type Clock } from '../common/clock.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import { FIGURE_DEFINITIONS, type FigureKey } from './figure-keys.ts';
import { findFigureItems, type FigureItemsPage } from './figure-items.repository.ts';
import type { FigureSelection } from './figure-selection.repository.ts';
import {
  figuresByRound,
  figuresByUnit,
  totalFigures,
  type FigureTotals,
  type RoundFigures,
  type UnitAcrossRounds,
} from './figure-totals.ts';
import { findUnitFigures, type UnitFigures } from './unit-figures.repository.ts';

export interface RoundRow {
  id: number;
  name: string;
  year: number;
}

export interface FiguresOverview {
  rounds: RoundRow[];
  roundId: number | null;
  unitId: number | null;
  /** The day overdue is judged on. */
  asOf: string;
  /** One row per inspection (a unit in a round). */
  units: UnitFigures[];
  /** One row per round, newest first. */
  byRound: RoundFigures[];
  /** One row per unit, its rounds added up. */
  byUnit: UnitAcrossRounds[];
  totals: FigureTotals;
}

export function createFiguresService(dependencies: { db: Executor; clock: Clock }) {
  const { db, clock } = dependencies;

  async function findRounds(scope: LedgerScope): Promise<RoundRow[]> {
    return db
      .selectFrom('inspection_rounds')
      .select(['id', 'name', 'year'])
      .where('office_id', '=', scope.officeId)
      .orderBy('year', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  /** Refuses a round of another office or a unit outside the scope, as not found. */
  async function checkSelection(scope: LedgerScope, selection: FigureSelection, rounds?: RoundRow[]) {
    if (selection.roundId !== undefined) {
      const known = rounds ?? (await findRounds(scope));
      if (!known.some((round) => round.id === selection.roundId))
        throw notFound('巡察轮次', 'round', selection.roundId);
    }
    if (selection.unitId !== undefined) {
      const unit = await db
        .selectFrom('units')
        .select('id')
        .where('id', '=', selection.unitId)
        .where('office_id', '=', scope.officeId)
        .executeTakeFirst();
      const isInScope = unit && (scope.unitIds === 'all' || scope.unitIds.includes(unit.id));
      if (!isInScope) throw notFound('被巡察单位', 'unit', selection.unitId);
    }
  }

  return {
    async getOverview(scope: LedgerScope, selection: FigureSelection): Promise<FiguresOverview> {
      const rounds = await findRounds(scope);
      await checkSelection(scope, selection, rounds);
      const asOf = today(clock);
      const units = await findUnitFigures(db, scope, { ...selection, today: asOf });
      return {
        rounds,
        roundId: selection.roundId ?? null,
        unitId: selection.unitId ?? null,
        asOf,
        units,
        byRound: figuresByRound(units),
        byUnit: figuresByUnit(units),
        totals: totalFigures(units),
      };
    },

    async getItems(
      scope: LedgerScope,
      input: FigureSelection & { key: FigureKey; page: number; pageSize: number },
    ): Promise<FigureItemsPage> {
      await checkSelection(scope, input);
      const found = await findFigureItems(db, scope, { ...input, today: today(clock) });
      const definition = FIGURE_DEFINITIONS[input.key];
      return {
        key: input.key,
        label: definition.label,
        source: definition.source,
        aggregate: definition.aggregate,
        page: input.page,
        pageSize: input.pageSize,
        ...found,
      };
    },
  };
}

export type FiguresService = ReturnType<typeof createFiguresService>;
export type { FigureKey };
