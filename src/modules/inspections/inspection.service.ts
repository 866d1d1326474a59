/**
 * Sets up inspections: a round × unit with its group, period and feedback day, creating the
 * round, group and unit by name when they are new, and deriving the due dates from policy.
 */
import type { Database } from '../../storage/database.ts';
import { AppError } from '../common/app-error.ts';
import { nowIso, type Clock } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import {
  findOrCreateGroup,
  findOrCreateRound,
  findOrCreateUnit,
  insertInspection,
} from './inspection.repository.ts';
import {
  defaultInspectionPolicy,
  deriveInspectionDueDates,
  type InspectionPolicy,
} from './inspection.rules.ts';

export interface SetUpInspectionInput {
  officeId: number;
  round: { name: string; year: number; startedOn?: string | null; endedOn?: string | null };
  unitName: string;
  groupName: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  feedbackOn: string | null;
  actorUserId: number | null;
}

export function createInspectionService(dependencies: {
  db: Database;
  clock: Clock;
  policy?: InspectionPolicy;
}) {
  const { db, clock } = dependencies;
  const policy = dependencies.policy ?? defaultInspectionPolicy;
  const service = {
    /** The inspection of the unit in the round, set up first when there is none yet. */
    async findOrSetUpInspection(
      input: SetUpInspectionInput,
    ): Promise<{ inspectionId: number; isNew: boolean }> {
      const existing = await db
        .selectFrom('inspections')
        .innerJoin('inspection_rounds', 'inspection_rounds.id', 'inspections.round_id')
        .innerJoin('units', 'units.id', 'inspections.unit_id')
        .select('inspections.id')
        .where('inspections.office_id', '=', input.officeId)
        .where('inspection_rounds.name', '=', input.round.name)
        .where('units.name', '=', input.unitName)
        .executeTakeFirst();
      if (existing) return { inspectionId: existing.id, isNew: false };
      return { inspectionId: await service.setUpInspection(input), isNew: true };
    },

    /** Creates the inspection of a unit in a round; a unit is inspected once per round. */
    async setUpInspection(input: SetUpInspectionInput): Promise<number> {
      const createdAt = nowIso(clock);
      return db.transaction().execute(async (transaction) => {
        const roundId = await findOrCreateRound(transaction, input.officeId, input.round);
        const unitId = await findOrCreateUnit(transaction, input.officeId, input.unitName);
        const groupId = input.groupName
          ? await findOrCreateGroup(transaction, input.officeId, input.groupName)
          : null;
        const duplicate = await transaction
          .selectFrom('inspections')
          .select('id')
          .where('round_id', '=', roundId)
          .where('unit_id', '=', unitId)
          .executeTakeFirst();
        if (duplicate) {
          throw new AppError(
            'conflict',
            `${input.unitName}在${input.round.name}中已有巡察记录`,
            `unit ${unitId} already inspected in round ${roundId}`,
          );
        }
        const dueDates = deriveInspectionDueDates(input.feedbackOn, policy);
        const inspectionId = await insertInspection(transaction, {
          officeId: input.officeId,
          roundId,
          unitId,
          groupId,
          periodStart: input.periodStart,
          periodEnd: input.periodEnd,
          feedbackOn: input.feedbackOn,
          ...dueDates,
          createdAt,
        });
        await appendEvent(transaction, {
          officeId: input.officeId,
          at: createdAt,
          actorUserId: input.actorUserId,
          entityType: 'inspection',
          entityId: inspectionId,
          action: 'created',
          data: { roundId, unitId, groupId, feedbackOn: input.feedbackOn },
        });
        return inspectionId;
      });
    },
  };
  return service;
}
