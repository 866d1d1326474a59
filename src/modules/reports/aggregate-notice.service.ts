/**
 * The inspection office's aggregate notice (关于X巡察整改情况的通报) over one round or every
 * round, from the office's figures within the actor's scope. The office and the discipline
 * observer (read-only) may generate it; the units' own roles may not, as it compares units.
 */
import type { Database } from '../../storage/database.ts';
import { AppError } from '../common/app-error.ts';
import type { Clock } from '../common/clock.ts';
import { createFiguresService, type FiguresOverview } from '../analytics/figures.service.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import type { Role } from '../users/actor.ts';
import { exportAggregateNoticeDocx, type AggregateNoticeInput } from './export-aggregate-notice-docx.ts';

export const AGGREGATE_NOTICE_ROLES: readonly Role[] = ['office', 'observer'];

export interface GeneratedAggregateNotice {
  fileName: string;
  bytes: Buffer;
  input: AggregateNoticeInput;
  overview: FiguresOverview;
}

export function createAggregateNoticeService(dependencies: { db: Database; clock: Clock }) {
  const { db } = dependencies;
  const figures = createFiguresService(dependencies);
  return {
    /** The notice for `roundId` (every round when omitted) as .docx bytes. */
    async generate(
      scope: LedgerScope,
      role: Role | 'system',
      roundId?: number,
    ): Promise<GeneratedAggregateNotice> {
      // Scope before role: a round of another office is not found for anyone.
      const overview = await figures.getOverview(scope, { roundId });
      if (role !== 'system' && !AGGREGATE_NOTICE_ROLES.includes(role)) {
        throw new AppError(
          'forbidden',
          '只有巡察办和纪检监察可以生成巡察整改情况通报',
          `role ${role} may not generate the aggregate notice`,
        );
      }
      const office = await db
        .selectFrom('offices')
        .select('name')
        .where('id', '=', scope.officeId)
        .executeTakeFirstOrThrow();
      const roundName =
        roundId === undefined ? null : (overview.rounds.find((round) => round.id === roundId)?.name ?? null);
      const units =
        roundId === undefined
          ? overview.byUnit
          : overview.units.map((unit) => ({ ...unit, units: 1, inspections: 1 }));
      const input: AggregateNoticeInput = {
        officeName: office.name,
        roundName,
        asOf: overview.asOf,
        totals: overview.totals,
        rounds: overview.byRound,
        units,
      };
      const bytes = await exportAggregateNoticeDocx(input);
      const fileName = `${roundName ?? '历轮巡察'}-整改情况通报-${overview.asOf}.docx`;
      return { fileName, bytes, input, overview };
    },
  };
}
