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
