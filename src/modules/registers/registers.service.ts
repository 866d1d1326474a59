/**
 * The registers service: institutions (建章立制), meetings and outcomes of one inspection,
 * listed, created, replaced at a version and deleted. Scoped like problems (out of scope → 404);
 * the inspection office and the unit's rectification office write, everyone else in scope
 * reads. Linked problems must belong to the same inspection, so a result is never credited to
 * another unit's ledger. Every write appends an event with before/after in its transaction.
 */
import type { Database, DatabaseTransaction } from '../../storage/database.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { nowIso, type Clock } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import { ledgerScopeOf } from '../ledger/ledger-scope.ts';
import type { Actor } from '../users/actor.ts';
import { assertRole } from '../users/scope.rules.ts';
import { presentInstitution, presentMeeting, presentOutcome } from './registers.presenter.ts';
import {
  deleteRegisterRowIfVersion,
  findInspectionInScope,
  findInstitutions,
  findMeetings,
  findOutcomes,
  findProblemIdsOfInspection,
  findRegisterRowInScope,
  insertInstitution,
  insertMeeting,
  insertOutcome,
  updateInstitutionIfVersion,
  updateMeetingIfVersion,
  updateOutcomeIfVersion,
  type RegisterTable,
} from './registers.repository.ts';
import type {
  InstitutionInput,
  MeetingInput,
  OutcomeInput,
  UpdateInstitutionInput,
  UpdateMeetingInput,
  UpdateOutcomeInput,
} from './registers.schema.ts';

const names: Record<RegisterTable, { chinese: string; english: string }> = {
  institutions: { chinese: '制度', english: 'institution' },
  meetings: { chinese: '会议', english: 'meeting' },
  outcomes: { chinese: '整改成果', english: 'outcome' },
};

function staleVersion(table: RegisterTable, id: number, actual: number | null, expected: number): AppError {
  return new AppError(
    'conflict',
    `该${names[table].chinese}记录已被他人修改，请刷新后重试`,
    `${names[table].english} ${id} is at version ${actual ?? '(changed)'}, not ${expected}`,
  );
}

/** Yuan (at most two decimals, checked at the edge) to integer fen. */
function toFen(yuan: number | undefined): number | null {
  return yuan === undefined ? null : Math.round(yuan * 100);
}

export function createRegistersService(dependencies: { db: Database; clock: Clock }) {
  const { db, clock } = dependencies;

  async function loadInspection(
    executor: Database | DatabaseTransaction,
    actor: Actor,
    inspectionId: number,
  ) {
    const inspection = await findInspectionInScope(executor, ledgerScopeOf(actor), inspectionId);
    if (!inspection) throw notFound('巡察', 'inspection', inspectionId);
    return inspection;
  }

  /** Scope first (404), then role (403): existence never leaks to someone who cannot see it. */
  async function loadWritableInspection(
    transaction: DatabaseTransaction,
    actor: Actor,
    inspectionId: number,
  ) {
    const inspection = await loadInspection(transaction, actor, inspectionId);
    assertRole(actor, 'office', 'unit_office');
    return inspection;
  }

  async function loadWritableRow(
    transaction: DatabaseTransaction,
    actor: Actor,
    table: RegisterTable,
    id: number,
    expectedVersion: number,
  ) {
    const row = await findRegisterRowInScope(transaction, table, ledgerScopeOf(actor), id);
    if (!row) throw notFound(`${names[table].chinese}记录`, names[table].english, id);
    assertRole(actor, 'office', 'unit_office');
    if (row.version !== expectedVersion) throw staleVersion(table, id, row.version, expectedVersion);
    return row;
  }

  async function assertProblemsInInspection(
    transaction: DatabaseTransaction,
    inspectionId: number,
    problemIds: readonly number[],
    field: string,
  ): Promise<void> {
    const known = await findProblemIdsOfInspection(transaction, inspectionId, problemIds);
    problemIds.forEach((problemId, index) => {
      if (!known.has(problemId)) {
        const where = field === 'problemId' ? `body.${field}` : `body.${field}[${index}]`;
        throw new AppError(
          'invalid_input',
          `请求参数有误：${where}：问题（${problemId}）不属于本次巡察`,
          `${where} = ${problemId} is not a problem of inspection ${inspectionId}`,
          { where },
        );
      }
    });
  }

  async function record(
    transaction: DatabaseTransaction,
    actor: Actor,
    table: RegisterTable,
    officeId: number,
    id: number,
    action: 'created' | 'updated' | 'deleted',
    data: { before: unknown; after: unknown },
  ): Promise<void> {
    await appendEvent(transaction, {
      officeId,
      at: nowIso(clock),
      actorUserId: actor.userId,
      entityType: names[table].english,
      entityId: id,
      action: `${names[table].english}_${action}`,
      data,
    });
  }

  async function readInstitution(executor: Database | DatabaseTransaction, id: number) {
    return presentInstitution((await findInstitutions(executor, { id }))[0]!);
  }
  async function readMeeting(executor: Database | DatabaseTransaction, id: number) {
    return presentMeeting((await findMeetings(executor, { id }))[0]!);
  }
  async function readOutcome(executor: Database | DatabaseTransaction, id: number) {
    return presentOutcome((await findOutcomes(executor, { id }))[0]!);
  }
  const readers = { institutions: readInstitution, meetings: readMeeting, outcomes: readOutcome };

  return {
    async listInstitutions(actor: Actor, inspectionId: number) {
      const inspection = await loadInspection(db, actor, inspectionId);
      return (await findInstitutions(db, { inspectionId: inspection.id })).map(presentInstitution);
    },

    async createInstitution(actor: Actor, inspectionId: number, input: InstitutionInput) {
      return db.transaction().execute(async (transaction) => {
        const inspection = await loadWritableInspection(transaction, actor, inspectionId);
        await assertProblemsInInspection(transaction, inspection.id, input.problemIds, 'problemIds');
        const id = await insertInstitution(transaction, {
          officeId: inspection.office_id,
          unitId: inspection.unit_id,
          inspectionId: inspection.id,
          name: input.name,
          change: input.change,
          adoptedOn: input.adoptedOn,
          createdAt: nowIso(clock),
          problemIds: input.problemIds,
        });
        const after = await readInstitution(transaction, id);
        await record(transaction, actor, 'institutions', inspection.office_id, id, 'created', {
          before: null,
          after,
        });
        return after;
      });
    },

    async updateInstitution(actor: Actor, id: number, input: UpdateInstitutionInput) {
      return db.transaction().execute(async (transaction) => {
        const row = await loadWritableRow(transaction, actor, 'institutions', id, input.version);
        await assertProblemsInInspection(transaction, row.inspection_id, input.problemIds, 'problemIds');
        const before = await readInstitution(transaction, id);
        const isUpdated = await updateInstitutionIfVersion(transaction, id, input.version, {
          officeId: row.office_id,
          name: input.name,
          change: input.change,
          adoptedOn: input.adoptedOn,
          problemIds: input.problemIds,
        });
        if (!isUpdated) throw staleVersion('institutions', id, null, input.version);
        const after = await readInstitution(transaction, id);
        await record(transaction, actor, 'institutions', row.office_id, id, 'updated', { before, after });
        return after;
      });
    },

    async listMeetings(actor: Actor, inspectionId: number) {
      const inspection = await loadInspection(db, actor, inspectionId);
      return (await findMeetings(db, { inspectionId: inspection.id })).map(presentMeeting);
    },

    async createMeeting(actor: Actor, inspectionId: number, input: MeetingInput) {
      return db.transaction().execute(async (transaction) => {
        const inspection = await loadWritableInspection(transaction, actor, inspectionId);
        await assertProblemsInInspection(transaction, inspection.id, input.problemIds, 'problemIds');
        const id = await insertMeeting(transaction, {
          officeId: inspection.office_id,
          unitId: inspection.unit_id,
          inspectionId: inspection.id,
          kind: input.kind,
          heldOn: input.heldOn,
          topic: input.topic,
          problemIds: input.problemIds,
        });
        const after = await readMeeting(transaction, id);
        await record(transaction, actor, 'meetings', inspection.office_id, id, 'created', {
          before: null,
          after,
        });
        return after;
      });
    },

    async updateMeeting(actor: Actor, id: number, input: UpdateMeetingInput) {
      return db.transaction().execute(async (transaction) => {
        const row = await loadWritableRow(transaction, actor, 'meetings', id, input.version);
        await assertProblemsInInspection(transaction, row.inspection_id, input.problemIds, 'problemIds');
        const before = await readMeeting(transaction, id);
        const isUpdated = await updateMeetingIfVersion(transaction, id, input.version, {
          officeId: row.office_id,
          kind: input.kind,
          heldOn: input.heldOn,
          topic: input.topic,
          problemIds: input.problemIds,
        });
        if (!isUpdated) throw staleVersion('meetings', id, null, input.version);
        const after = await readMeeting(transaction, id);
        await record(transaction, actor, 'meetings', row.office_id, id, 'updated', { before, after });
        return after;
      });
    },

    async listOutcomes(actor: Actor, inspectionId: number) {
      const inspection = await loadInspection(db, actor, inspectionId);
      return (await findOutcomes(db, { inspectionId: inspection.id })).map(presentOutcome);
    },

    async createOutcome(actor: Actor, inspectionId: number, input: OutcomeInput) {
      return db.transaction().execute(async (transaction) => {
        const inspection = await loadWritableInspection(transaction, actor, inspectionId);
        if (input.problemId != null)
          await assertProblemsInInspection(transaction, inspection.id, [input.problemId], 'problemId');
        const id = await insertOutcome(transaction, {
          officeId: inspection.office_id,
          inspectionId: inspection.id,
          problemId: input.problemId,
          kind: input.kind,
          amountFen: toFen(input.amountYuan),
          peopleCount: input.peopleCount ?? null,
          note: input.note || null,
          recordedOn: input.recordedOn,
        });
        const after = await readOutcome(transaction, id);
        await record(transaction, actor, 'outcomes', inspection.office_id, id, 'created', {
          before: null,
          after,
        });
        return after;
      });
    },

    async updateOutcome(actor: Actor, id: number, input: UpdateOutcomeInput) {
      return db.transaction().execute(async (transaction) => {
        const row = await loadWritableRow(transaction, actor, 'outcomes', id, input.version);
        if (input.problemId != null)
          await assertProblemsInInspection(transaction, row.inspection_id, [input.problemId], 'problemId');
        const before = await readOutcome(transaction, id);
        const isUpdated = await updateOutcomeIfVersion(transaction, id, input.version, {
          problemId: input.problemId,
          kind: input.kind,
          amountFen: toFen(input.amountYuan),
          peopleCount: input.peopleCount ?? null,
          note: input.note || null,
          recordedOn: input.recordedOn,
        });
        if (!isUpdated) throw staleVersion('outcomes', id, null, input.version);
        const after = await readOutcome(transaction, id);
        await record(transaction, actor, 'outcomes', row.office_id, id, 'updated', { before, after });
        return after;
      });
    },

    /** Deletes an institution, meeting or outcome at the version the user saw. */
    async deleteRow(actor: Actor, table: RegisterTable, id: number, expectedVersion: number) {
      return db.transaction().execute(async (transaction) => {
        const row = await loadWritableRow(transaction, actor, table, id, expectedVersion);
        const before = await readers[table](transaction, id);
        const isDeleted = await deleteRegisterRowIfVersion(transaction, table, id, expectedVersion);
        if (!isDeleted) throw staleVersion(table, id, null, expectedVersion);
        await record(transaction, actor, table, row.office_id, id, 'deleted', { before, after: null });
        return { id, isDeleted: true };
      });
    },
  };
}
