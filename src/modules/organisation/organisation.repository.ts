/**
 * Departments (责任部门) and people (责任领导 / 责任人) of a unit, as entities: resolved by name
 * within the unit and created on first mention.
 */
import type { Executor } from '../../storage/database.ts';

export interface Resolved {
  id: number;
  isNew: boolean;
}

export async function resolveDepartment(
  db: Executor,
  officeId: number,
  unitId: number,
  name: string,
): Promise<Resolved> {
  const existing = await db
    .selectFrom('departments')
    .select('id')
    .where('unit_id', '=', unitId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (existing) return { id: existing.id, isNew: false };
  const row = await db
    .insertInto('departments')
    .values({ office_id: officeId, unit_id: unitId, name })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, isNew: true };
}

export interface PersonDetails {
  title?: string | null;
  departmentId?: number | null;
  isLeader?: boolean;
}

export async function resolvePerson(
  db: Executor,
  officeId: number,
  unitId: number,
  name: string,
  details: PersonDetails = {},
): Promise<Resolved> {
  const existing = await db
    .selectFrom('people')
    .select(['id', 'is_leader'])
    .where('unit_id', '=', unitId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (existing) {
    if (details.isLeader && existing.is_leader === 0) {
      await db.updateTable('people').set({ is_leader: 1 }).where('id', '=', existing.id).execute();
    }
    return { id: existing.id, isNew: false };
  }
  const row = await db
    .insertInto('people')
    .values({
      office_id: officeId,
      unit_id: unitId,
      name,
      title: details.title ?? null,
      department_id: details.departmentId ?? null,
      is_leader: details.isLeader ? 1 : 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, isNew: true };
}

/**
 * A per-transaction cache in front of the resolvers, so an import naming the same department
 * on 30 problems looks it up once.
 */
export function createOrganisationResolver(db: Executor, officeId: number, unitId: number) {
  const departments = new Map<string, number>();
  const people = new Map<string, number>();
  const created = { departments: 0, people: 0 };
  return {
    created,
    async department(name: string): Promise<number> {
      const cached = departments.get(name);
      if (cached !== undefined) return cached;
      const { id, isNew } = await resolveDepartment(db, officeId, unitId, name);
      if (isNew) created.departments += 1;
      departments.set(name, id);
      return id;
    },
    async person(name: string, details: PersonDetails = {}): Promise<number> {
      const cached = people.get(name);
      if (cached !== undefined) return cached;
      const { id, isNew } = await resolvePerson(db, officeId, unitId, name, details);
      if (isNew) created.people += 1;
      people.set(name, id);
      return id;
    },
  };
}

// ---- The admin page: listing and changing a unit's departments and people. ----

export interface DepartmentRow {
  id: number;
  office_id: number;
  unit_id: number;
  name: string;
  version: number;
  problem_count: number;
}

export interface PersonRow {
  id: number;
  office_id: number;
  unit_id: number;
  name: string;
  title: string | null;
  department_id: number | null;
  department_name: string | null;
  is_leader: number;
  version: number;
  problem_count: number;
}

export async function findUnit(db: Executor, unitId: number) {
  return db
    .selectFrom('units')
    .select(['id', 'office_id', 'name'])
    .where('id', '=', unitId)
    .executeTakeFirst();
}

/** A unit of the office, or undefined. */
export async function findOfficeUnit(db: Executor, officeId: number, unitId: number) {
  return db
    .selectFrom('units')
    .select('id')
    .where('id', '=', unitId)
    .where('office_id', '=', officeId)
    .executeTakeFirst();
}

/** The departments of a unit by name, each with how many problems name it. */
export async function listDepartments(
  db: Executor,
  unitId: number,
  departmentId?: number,
): Promise<DepartmentRow[]> {
  let query = db
    .selectFrom('departments')
    .select([
      'departments.id',
      'departments.office_id',
      'departments.unit_id',
      'departments.name',
      'departments.version',
      (eb) =>
        eb
          .selectFrom('assignments')
          .select((inner) => inner.fn.count<number>('assignments.problem_id').distinct().as('n'))
          .whereRef('assignments.department_id', '=', 'departments.id')
          .as('problem_count'),
    ])
    .where('departments.unit_id', '=', unitId);
  if (departmentId !== undefined) query = query.where('departments.id', '=', departmentId);
  const rows = await query.orderBy('departments.name').orderBy('departments.id').execute();
  return rows.map((row) => ({ ...row, problem_count: Number(row.problem_count ?? 0) }));
}

/** The people of a unit by name, each with their department and how many problems name them. */
export async function listPeople(db: Executor, unitId: number, personId?: number): Promise<PersonRow[]> {
  let query = db
    .selectFrom('people')
    .leftJoin('departments', 'departments.id', 'people.department_id')
    .select([
      'people.id',
      'people.office_id',
      'people.unit_id',
      'people.name',
      'people.title',
      'people.department_id',
      'departments.name as department_name',
      'people.is_leader',
      'people.version',
      (eb) =>
        eb
          .selectFrom('assignments')
          .select((inner) => inner.fn.count<number>('assignments.problem_id').distinct().as('n'))
          .whereRef('assignments.person_id', '=', 'people.id')
          .as('problem_count'),
    ])
    .where('people.unit_id', '=', unitId);
  if (personId !== undefined) query = query.where('people.id', '=', personId);
  const rows = await query.orderBy('people.name').orderBy('people.id').execute();
  return rows.map((row) => ({ ...row, problem_count: Number(row.problem_count ?? 0) }));
}

/** Whether another department (or person) of the unit already has this name. */
export async function isNameTaken(
  db: Executor,
  table: 'departments' | 'people',
  unitId: number,
  name: string,
  exceptId?: number,
): Promise<boolean> {
  let query = db.selectFrom(table).select('id').where('unit_id', '=', unitId).where('name', '=', name);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Renames a department if its version still matches; false when stale. */
export async function updateDepartment(
  db: Executor,
  departmentId: number,
  expectedVersion: number,
  name: string,
): Promise<boolean> {
  const result = await db
    .updateTable('departments')
    .set((eb) => ({ name, version: eb('version', '+', 1) }))
    .where('id', '=', departmentId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface PersonChanges {
  name?: string;
  title?: string | null;
  departmentId?: number | null;
  isLeader?: boolean;
}

/** Changes a person if their version still matches; false when stale. */
export async function updatePerson(
  db: Executor,
  personId: number,
  expectedVersion: number,
  changes: PersonChanges,
): Promise<boolean> {
  const result = await db
    .updateTable('people')
    .set((eb) => ({
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.title !== undefined && { title: changes.title }),
      ...(changes.departmentId !== undefined && { department_id: changes.departmentId }),
      ...(changes.isLeader !== undefined && { is_leader: changes.isLeader ? (1 as const) : (0 as const) }),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', personId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteDepartment(db: Executor, departmentId: number): Promise<void> {
  await db.deleteFrom('departments').where('id', '=', departmentId).execute();
}

export async function deletePerson(db: Executor, personId: number): Promise<void> {
  await db.deleteFrom('people').where('id', '=', personId).execute();
}
