/** Users in the database: lookups, inserts and version-checked updates. */
import type { Executor } from '../../storage/database.ts';
import type { Flag, Role } from '../../storage/schema.ts';
import type { UserRecord } from './user.schema.ts';

const userColumns = [
  'id',
  'username',
  'display_name',
  'role',
  'office_id',
  'is_active',
  'created_at',
  'version',
  'department',
] as const;

export interface UserWithPasswordHash extends UserRecord {
  password_hash: string;
}

export async function findUserByUsername(
  db: Executor,
  username: string,
): Promise<UserWithPasswordHash | undefined> {
  return db
    .selectFrom('users')
    .select([...userColumns, 'password_hash'])
    .where('username', '=', username)
    .executeTakeFirst();
}

export async function findUserById(db: Executor, userId: number): Promise<UserWithPasswordHash | undefined> {
  return db
    .selectFrom('users')
    .select([...userColumns, 'password_hash'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** Users of one office, or of every office when `officeId` is null; by username. */
export async function listUsers(db: Executor, officeId: number | null): Promise<UserRecord[]> {
  let query = db.selectFrom('users').select(userColumns).orderBy('username');
  if (officeId !== null) query = query.where('office_id', '=', officeId);
  return query.execute();
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  officeId: number | null;
  passwordHash: string;
  createdAt: string;
  /** Only directory accounts have one. */
  department?: string | null;
}

export async function insertUser(db: Executor, user: NewUser): Promise<UserRecord> {
  return db
    .insertInto('users')
    .values({
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      office_id: user.officeId,
      password_hash: user.passwordHash,
      created_at: user.createdAt,
      department: user.department ?? null,
    })
    .returning(userColumns)
    .executeTakeFirstOrThrow();
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  officeId?: number | null;
  isActive?: Flag;
  passwordHash?: string;
  department?: string | null;
}

/**
 * Applies changes if the row still has `expectedVersion`, bumping it; returns the updated user,
 * or undefined when the row is gone or was changed by someone else meanwhile.
 */
export async function updateUser(
  db: Executor,
  userId: number,
  expectedVersion: number,
  changes: UserChanges,
): Promise<UserRecord | undefined> {
  return db
    .updateTable('users')
    .set((eb) => ({
      ...(changes.displayName !== undefined && { display_name: changes.displayName }),
      ...(changes.role !== undefined && { role: changes.role }),
      ...(changes.officeId !== undefined && { office_id: changes.officeId }),
      ...(changes.isActive !== undefined && { is_active: changes.isActive }),
      ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
      ...(changes.department !== undefined && { department: changes.department }),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', userId)
    .where('version', '=', expectedVersion)
    .returning(userColumns)
    .executeTakeFirst();
}

export async function findOfficeIdByName(db: Executor, name: string): Promise<number | undefined> {
  const row = await db.selectFrom('offices').select('id').where('name', '=', name).executeTakeFirst();
  return row?.id;
}

export async function findUnitIdByName(
  db: Executor,
  officeId: number,
  name: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('units')
    .select('id')
    .where('office_id', '=', officeId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.id;
}

/** The only office when exactly one exists (so the CLI can omit `--office`), else undefined. */
export async function findSoleOfficeId(db: Executor): Promise<number | undefined> {
  const rows = await db.selectFrom('offices').select('id').limit(2).execute();
  return rows.length === 1 ? rows[0]!.id : undefined;
}

/** The office's first unit (lowest id) with its name, for demo accounts. */
export async function findFirstUnit(
  db: Executor,
  officeId: number,
): Promise<{ id: number; name: string } | undefined> {
  return db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('office_id', '=', officeId)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}
