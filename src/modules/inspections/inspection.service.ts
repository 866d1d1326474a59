/**
 * Sets up and reads inspections: rounds, units, and a round × unit inspection with its group,
 * period and feedback day, deriving the due dates from policy. The CLI and the demo name things
 * as the documents do (`findOrSetUpInspection`); the API works on ids within the caller's scope,
 * where only the inspection office creates or changes anything.
 */
import type { Database, DatabaseTransaction, Executor } from '../../storage/database.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { nowIso, today, type Clock } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import { ledgerScopeOf } from '../ledger/ledger-scope.ts';
import type { Actor } from '../users/actor.ts';
import { assertRole } from '../users/scope.rules.ts';
import {
  findInspectionDetail,
  findInspections,
  findRoundInScope,
  findRounds,
  findUnitInScope,
  findUnits,
} from './inspection-query.repository.ts';
import {
  findInspection,
  findInspectionOfUnitInRound,
  findOrCreateGroup,
  findOrCreateRound,
  findOrCreateUnit,
  hasRoundNamed,
  hasUnitNamed,
  insertInspection,
  updateInspectionAtVersion,
  type InspectionChanges,
} from './inspection.repository.ts';
import { findInspectionPolicy } from './inspection-policy.repository.ts';
import { deriveInspectionDueDates, type InspectionPolicy } from './inspection.rules.ts';
import type {
  CreateInspectionInput,
  CreateRoundInput,
  CreateUnitInput,
  InspectionQueryInput,
  UpdateInspectionInput,
} from './inspection.schema.ts';

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

interface InspectionPlacement {
  officeId: number;
  roundId: number;
  unitId: number;
  groupId: number | null;
  periodStart: string | null;
  periodEnd: string | null;
  feedbackOn: string | null;
  actorUserId: number | null;
}

function periodOrderError(field: string): AppError {
  return new AppError(
    'invalid_input',
    `请求参数有误：${field}：巡察结束日期不能早于开始日期`,
    `period end before period start at ${field}`,
    { where: field },
  );
}

/** The office an office-role actor works in; everyone else is refused (403). */
function requireOfficeStaff(actor: Actor): number {
  const scope = ledgerScopeOf(actor);
  assertRole(actor, 'office');
  return scope.officeId;
}

export function createInspectionService(dependencies: {
  db: Database;
  clock: Clock;
  /** Fixed months for every office; by default each office's own policy (督办设置). */
  policy?: InspectionPolicy;
}) {
  const { db, clock } = dependencies;

  /** The months the office's due dates follow: its saved policy, or the defaults without one. */
  async function policyOf(executor: Executor, officeId: number): Promise<InspectionPolicy> {
    if (dependencies.policy) return dependencies.policy;
    return findInspectionPolicy(executor, officeId);
  }

  /** Inserts the inspection with its derived due dates and records the event; one per round × unit. */
  async function insertPlacedInspection(
    transaction: DatabaseTransaction,
    placement: InspectionPlacement,
    names: { roundName: string; unitName: string },
  ): Promise<number> {
    const createdAt = nowIso(clock);
    const { officeId, roundId, unitId, groupId } = placement;
    if (await findInspectionOfUnitInRound(transaction, roundId, unitId)) {
      throw new AppError(
        'conflict',
        `${names.unitName}在${names.roundName}中已有巡察记录`,
        `unit ${unitId} already inspected in round ${roundId}`,
      );
    }
    const dueDates = deriveInspectionDueDates(placement.feedbackOn, await policyOf(transaction, officeId));
    const inspectionId = await insertInspection(transaction, {
      officeId,
      roundId,
      unitId,
      groupId,
      periodStart: placement.periodStart,
      periodEnd: placement.periodEnd,
      feedbackOn: placement.feedbackOn,
      ...dueDates,
      createdAt,
    });
    await appendEvent(transaction, {
      officeId,
      at: createdAt,
      actorUserId: placement.actorUserId,
      entityType: 'inspection',
      entityId: inspectionId,
      action: 'created',
      data: { roundId, unitId, groupId, feedbackOn: placement.feedbackOn },
    });
    return inspectionId;
  }

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

    /** Creates the inspection of a unit in a round by names, creating what is new. */
    async setUpInspection(input: SetUpInspectionInput): Promise<number> {
      return db.transaction().execute(async (transaction) => {
        const roundId = await findOrCreateRound(transaction, input.officeId, input.round);
        const unitId = await findOrCreateUnit(transaction, input.officeId, input.unitName);
        const groupId = input.groupName
          ? await findOrCreateGroup(transaction, input.officeId, input.groupName)
          : null;
        return insertPlacedInspection(
          transaction,
          { ...input, roundId, unitId, groupId },
          { roundName: input.round.name, unitName: input.unitName },
        );
      });
    },

    /** The rounds the actor may see, each with the number of inspections in scope. */
    async listRounds(actor: Actor) {
      return findRounds(db, ledgerScopeOf(actor));
    },

    /** Creates a round of the actor's office (inspection office only). */
    async createRound(actor: Actor, input: CreateRoundInput) {
      const officeId = requireOfficeStaff(actor);
      if (input.startedOn && input.endedOn && input.endedOn < input.startedOn) {
        throw new AppError(
          'invalid_input',
          '请求参数有误：body.endedOn：结束日期不能早于开始日期',
          'round ends before it starts',
          { where: 'body.endedOn' },
        );
      }
      const roundId = await db.transaction().execute(async (transaction) => {
        if (await hasRoundNamed(transaction, officeId, input.name)) {
          throw new AppError('conflict', `已有名为“${input.name}”的巡察轮次`, `round name taken`, {
            where: 'body.name',
          });
        }
        const id = await findOrCreateRound(transaction, officeId, input);
        await appendEvent(transaction, {
          officeId,
          at: nowIso(clock),
          actorUserId: actor.userId,
          entityType: 'inspection_round',
          entityId: id,
          action: 'created',
          data: { ...input },
        });
        return id;
      });
      const round = (await findRounds(db, ledgerScopeOf(actor))).find((row) => row.id === roundId);
      if (!round) throw notFound('巡察轮次', 'round', roundId);
      return round;
    },

    /** The units the actor may see, with problem counts by state. */
    async listUnits(actor: Actor) {
      return findUnits(db, ledgerScopeOf(actor), today(clock));
    },

    /** Creates a unit of the actor's office (inspection office only). */
    async createUnit(actor: Actor, input: CreateUnitInput) {
      const officeId = requireOfficeStaff(actor);
      const unitId = await db.transaction().execute(async (transaction) => {
        if (await hasUnitNamed(transaction, officeId, input.name)) {
          throw new AppError('conflict', `已有名为“${input.name}”的被巡察单位`, `unit name taken`, {
            where: 'body.name',
          });
        }
        const id = await findOrCreateUnit(transaction, officeId, input.name);
        await appendEvent(transaction, {
          officeId,
          at: nowIso(clock),
          actorUserId: actor.userId,
          entityType: 'unit',
          entityId: id,
          action: 'created',
          data: { name: input.name },
        });
        return id;
      });
      const unit = (await findUnits(db, ledgerScopeOf(actor), today(clock))).find((row) => row.id === unitId);
      if (!unit) throw notFound('被巡察单位', 'unit', unitId);
      return unit;
    },

    /** The inspections in scope with their counts; a round or unit outside the scope is 404. */
    async listInspections(actor: Actor, filter: InspectionQueryInput) {
      const scope = ledgerScopeOf(actor);
      if (filter.roundId !== undefined && !(await findRoundInScope(db, scope, filter.roundId))) {
        throw notFound('巡察轮次', 'round', filter.roundId);
      }
      if (filter.unitId !== undefined && !(await findUnitInScope(db, scope, filter.unitId))) {
        throw notFound('被巡察单位', 'unit', filter.unitId);
      }
      return findInspections(db, scope, filter, today(clock));
    },

    /** One inspection in scope with its aspects, counts and due dates. */
    async getInspection(actor: Actor, inspectionId: number) {
      const detail = await findInspectionDetail(db, ledgerScopeOf(actor), inspectionId, today(clock));
      if (!detail) throw notFound('巡察', 'inspection', inspectionId);
      return detail;
    },

    /** Creates an inspection of a unit in a round (inspection office only); due dates derived. */
    async createInspection(actor: Actor, input: CreateInspectionInput) {
      const officeId = requireOfficeStaff(actor);
      const scope = ledgerScopeOf(actor);
      if (input.periodStart && input.periodEnd && input.periodEnd < input.periodStart) {
        throw periodOrderError('body.periodEnd');
      }
      const inspectionId = await db.transaction().execute(async (transaction) => {
        const round = await findRoundInScope(transaction, scope, input.roundId);
        if (!round) throw notFound('巡察轮次', 'round', input.roundId);
        const unit = await findUnitInScope(transaction, scope, input.unitId);
        if (!unit) throw notFound('被巡察单位', 'unit', input.unitId);
        const groupId = input.groupName
          ? await findOrCreateGroup(transaction, officeId, input.groupName)
          : null;
        return insertPlacedInspection(
          transaction,
          { ...input, officeId, groupId, actorUserId: actor.userId },
          { roundName: round.name, unitName: unit.name },
        );
      });
      return service.getInspection(actor, inspectionId);
    },

    /**
     * Changes an inspection's group, period, feedback day or due dates (inspection office only),
     * if it still has the version the caller read. A new feedback day re-derives the due dates
     * the caller does not set explicitly.
     */
    async updateInspection(actor: Actor, inspectionId: number, input: UpdateInspectionInput) {
      const scope = ledgerScopeOf(actor);
      const officeId = scope.officeId;
      await db.transaction().execute(async (transaction) => {
        const before = await findInspection(transaction, officeId, inspectionId);
        // Scope before role: an inspection the actor cannot see answers 404, never 403.
        if (!before || (scope.unitIds !== 'all' && !scope.unitIds.includes(before.unit_id))) {
          throw notFound('巡察', 'inspection', inspectionId);
        }
        assertRole(actor, 'office');
        if (before.version !== input.version) throw staleInspection(inspectionId);
        const changes: InspectionChanges = {};
        if (input.groupName !== undefined) {
          changes.group_id = input.groupName
            ? await findOrCreateGroup(transaction, officeId, input.groupName)
            : null;
        }
        if (input.periodStart !== undefined) changes.period_start = input.periodStart;
        if (input.periodEnd !== undefined) changes.period_end = input.periodEnd;
        if (input.feedbackOn !== undefined && input.feedbackOn !== before.feedback_on) {
          const derived = deriveInspectionDueDates(input.feedbackOn, await policyOf(transaction, officeId));
          changes.feedback_on = input.feedbackOn;
          changes.plan_due_on = derived.planDueOn;
          changes.report_due_on = derived.reportDueOn;
          changes.concentrated_until = derived.concentratedUntil;
        }
        if (input.planDueOn !== undefined) changes.plan_due_on = input.planDueOn;
        if (input.reportDueOn !== undefined) changes.report_due_on = input.reportDueOn;
        if (input.concentratedUntil !== undefined) changes.concentrated_until = input.concentratedUntil;
        const periodStart = changes.period_start !== undefined ? changes.period_start : before.period_start;
        const periodEnd = changes.period_end !== undefined ? changes.period_end : before.period_end;
        if (periodStart && periodEnd && periodEnd < periodStart) {
          throw periodOrderError(input.periodEnd !== undefined ? 'body.periodEnd' : 'body.periodStart');
        }
        if (!(await updateInspectionAtVersion(transaction, officeId, inspectionId, input.version, changes))) {
          throw staleInspection(inspectionId);
        }
        const changed = Object.fromEntries(
          Object.entries(changes).map(([column, value]) => [
            column,
            { before: before[column as keyof InspectionChanges], after: value },
          ]),
        );
        await appendEvent(transaction, {
          officeId,
          at: nowIso(clock),
          actorUserId: actor.userId,
          entityType: 'inspection',
          entityId: inspectionId,
          action: 'updated',
          data: { version: input.version + 1, changes: changed },
        });
      });
      return service.getInspection(actor, inspectionId);
    },
  };
  return service;
}

function staleInspection(inspectionId: number): AppError {
  return new AppError(
    'conflict',
    '该巡察信息已被他人修改，请刷新后重试',
    `inspection ${inspectionId} version is stale`,
  );
}
