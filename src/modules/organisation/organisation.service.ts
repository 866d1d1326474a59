/**
 * Managing a unit's departments (责任部门) and people (责任领导 / 责任人): by an admin of the
 * unit's office (or a system-wide admin) or the inspection office. Names are unique within the
 * unit, changes carry the version the user saw, a department or person still named on a
 * problem cannot be deleted, and every change appends an event.
 */
import type { Database, DatabaseTransaction, Executor } from '../../storage/database.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { nowIso, type Clock } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import type { Actor } from '../users/actor.ts';
import { assertRole } from '../users/scope.rules.ts';
import {
  deleteDepartment,
  deletePerson,
  findUnit,
  isNameTaken,
  listDepartments,
  listPeople,
  updateDepartment,
  updatePerson,
  type DepartmentRow,
  type PersonRow,
} from './organisation.repository.ts';
import type {
  CreatePersonInput,
  DepartmentView,
  PersonView,
  UpdatePersonInput,
} from './organisation.schema.ts';

function presentDepartment(row: DepartmentRow): DepartmentView {
  return {
    id: row.id,
    unitId: row.unit_id,
    name: row.name,
    version: row.version,
    problemCount: row.problem_count,
  };
}

function presentPerson(row: PersonRow): PersonView {
  return {
    id: row.id,
    unitId: row.unit_id,
    name: row.name,
    title: row.title,
    departmentId: row.department_id,
    departmentName: row.department_name,
    isLeader: row.is_leader === 1,
    version: row.version,
    problemCount: row.problem_count,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${(error as { code?: string }).code ?? ''}` : '';
  return /UNIQUE constraint|duplicate key|23505/.test(text);
}

const kinds = {
  departments: { label: '部门', english: 'department' },
  people: { label: '人员', english: 'person' },
} as const;

function duplicateName(kind: keyof typeof kinds, name: string): AppError {
  return new AppError(
    'conflict',
    `本单位已有名为“${name}”的${kinds[kind].label}，请换一个名称`,
    `${kinds[kind].english} name ${name} already used in the unit`,
    { where: 'body.name' },
  );
}

function stale(kind: keyof typeof kinds, id: number): AppError {
  return new AppError(
    'conflict',
    `该${kinds[kind].label}刚被他人修改，请刷新后重试`,
    `${kinds[kind].english} ${id} version is stale`,
    { where: 'body.version' },
  );
}

export function createOrganisationService(dependencies: { db: Database; clock: Clock }) {
  const { db, clock } = dependencies;

  /** The unit, if the actor may manage it: 403 for other roles, 404 for another office's unit. */
  async function manageableUnit(executor: Executor, actor: Actor, unitId: number) {
    assertRole(actor, 'admin', 'office');
    const unit = await findUnit(executor, unitId);
    if (!unit || (actor.officeId !== null && unit.office_id !== actor.officeId)) {
      throw notFound('单位', 'unit', unitId);
    }
    return unit;
  }

  async function departmentOf(executor: Executor, unitId: number, departmentId: number) {
    const [row] = await listDepartments(executor, unitId, departmentId);
    if (!row) throw notFound('部门', 'department', departmentId);
    return row;
  }

  async function personOf(executor: Executor, unitId: number, personId: number) {
    const [row] = await listPeople(executor, unitId, personId);
    if (!row) throw notFound('人员', 'person', personId);
    return row;
  }

  async function assertDepartmentInUnit(
    executor: Executor,
    unitId: number,
    departmentId: number | null | undefined,
  ) {
    if (departmentId == null) return;
    const [row] = await listDepartments(executor, unitId, departmentId);
    if (!row) {
      throw new AppError(
        'invalid_input',
        '所属部门不属于本单位，请重新选择',
        `department ${departmentId} not in unit`,
        {
          where: 'body.departmentId',
        },
      );
    }
  }

  /** Runs a change in a transaction, turning a unique-name race into the same 409. */
  async function change<T>(
    kind: keyof typeof kinds,
    name: string | undefined,
    work: (t: DatabaseTransaction) => Promise<T>,
  ) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (name !== undefined && isUniqueViolation(error)) throw duplicateName(kind, name);
      throw error;
    }
  }

  const event = (
    actor: Actor,
    officeId: number,
    entityType: string,
    entityId: number,
    action: string,
    data: Record<string, unknown>,
  ) => ({ officeId, at: nowIso(clock), actorUserId: actor.userId, entityType, entityId, action, data });

  return {
    async listDepartments(actor: Actor, unitId: number): Promise<DepartmentView[]> {
      await manageableUnit(db, actor, unitId);
      return (await listDepartments(db, unitId)).map(presentDepartment);
    },

    async listPeople(actor: Actor, unitId: number): Promise<PersonView[]> {
      await manageableUnit(db, actor, unitId);
      return (await listPeople(db, unitId)).map(presentPerson);
    },

    async createDepartment(actor: Actor, unitId: number, input: { name: string }): Promise<DepartmentView> {
      return change('departments', input.name, async (transaction) => {
        const unit = await manageableUnit(transaction, actor, unitId);
        if (await isNameTaken(transaction, 'departments', unitId, input.name))
          throw duplicateName('departments', input.name);
        const { id } = await transaction
          .insertInto('departments')
          .values({ office_id: unit.office_id, unit_id: unitId, name: input.name })
          .returning('id')
          .executeTakeFirstOrThrow();
        await appendEvent(
          transaction,
          event(actor, unit.office_id, 'department', id, 'create', { unitId, name: input.name }),
        );
        return presentDepartment(await departmentOf(transaction, unitId, id));
      });
    },

    async updateDepartment(
      actor: Actor,
      unitId: number,
      departmentId: number,
      input: { name: string; version: number },
    ): Promise<DepartmentView> {
      return change('departments', input.name, async (transaction) => {
        const unit = await manageableUnit(transaction, actor, unitId);
        const before = await departmentOf(transaction, unitId, departmentId);
        if (await isNameTaken(transaction, 'departments', unitId, input.name, departmentId)) {
          throw duplicateName('departments', input.name);
        }
        if (!(await updateDepartment(transaction, departmentId, input.version, input.name))) {
          throw stale('departments', departmentId);
        }
        await appendEvent(
          transaction,
          event(actor, unit.office_id, 'department', departmentId, 'update', {
            before: { name: before.name },
            after: { name: input.name },
          }),
        );
        return presentDepartment(await departmentOf(transaction, unitId, departmentId));
      });
    },

    async deleteDepartment(actor: Actor, unitId: number, departmentId: number): Promise<void> {
      await change('departments', undefined, async (transaction) => {
        const unit = await manageableUnit(transaction, actor, unitId);
        const row = await departmentOf(transaction, unitId, departmentId);
        if (row.problem_count > 0) {
          throw new AppError(
            'conflict',
            `部门“${row.name}”仍被 ${row.problem_count} 个问题使用，不能删除；请先在台账中改派`,
            `department ${departmentId} is used by ${row.problem_count} problems`,
            { problemCount: row.problem_count },
          );
        }
        await deleteDepartment(transaction, departmentId);
        await appendEvent(
          transaction,
          event(actor, unit.office_id, 'department', departmentId, 'delete', { unitId, name: row.name }),
        );
      });
    },

    async createPerson(actor: Actor, unitId: number, input: CreatePersonInput): Promise<PersonView> {
      return change('people', input.name, async (transaction) => {
        const unit = await manageableUnit(transaction, actor, unitId);
        await assertDepartmentInUnit(transaction, unitId, input.departmentId);
        if (await isNameTaken(transaction, 'people', unitId, input.name))
          throw duplicateName('people', input.name);
        const { id } = await transaction
          .insertInto('people')
          .values({
            office_id: unit.office_id,
            unit_id: unitId,
            name: input.name,
            title: input.title,
            department_id: input.departmentId,
            is_leader: input.isLeader ? 1 : 0,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await appendEvent(
          transaction,
          event(actor, unit.office_id, 'person', id, 'create', { unitId, ...input }),
        );
        return presentPerson(await personOf(transaction, unitId, id));
      });
    },

    async updatePerson(
      actor: Actor,
      unitId: number,
      personId: number,
      input: UpdatePersonInput,
    ): Promise<PersonView> {
      return change('people', input.name, async (transaction) => {
        const unit = await manageableUnit(transaction, actor, unitId);
        const before = await personOf(transaction, unitId, personId);
        await assertDepartmentInUnit(transaction, unitId, input.departmentId);
        if (
          input.name !== undefined &&
          (await isNameTaken(transaction, 'people', unitId, input.name, personId))
        ) {
          throw duplicateName('people', input.name);
        }
        const { version, ...changes } = input;
        if (!(await updatePerson(transaction, personId, version, changes))) throw stale('people', personId);
        const after = await personOf(transaction, unitId, personId);
        await appendEvent(
          transaction,
          event(actor, unit.office_id, 'person', personId, 'update', {
            before: {
              name: before.name,
              title: before.title,
              departmentId: before.department_id,
              isLeader: before.is_leader === 1,
            },
            after: {
              name: after.name,
              title: after.title,
              departmentId: after.department_id,
              isLeader: after.is_leader === 1,
            },
          }),
        );
        return presentPerson(after);
      });
    },

    async deletePerson(actor: Actor, unitId: number, personId: number): Promise<void> {
      await change('people', undefined, async (transaction) => {
        const unit = await manageableUnit(transaction, actor, unitId);
        const row = await personOf(transaction, unitId, personId);
        if (row.problem_count > 0) {
          throw new AppError(
            'conflict',
            `“${row.name}”仍被 ${row.problem_count} 个问题使用，不能删除；请先在台账中改派`,
            `person ${personId} is used by ${row.problem_count} problems`,
            { problemCount: row.problem_count },
          );
        }
        await deletePerson(transaction, personId);
        await appendEvent(
          transaction,
          event(actor, unit.office_id, 'person', personId, 'delete', { unitId, name: row.name }),
        );
      });
    },
  };
}

export type OrganisationService = ReturnType<typeof createOrganisationService>;
