/**
 * Test factories for accounts: an office with two units and users of any role, created through
 * the user service with a cheap scrypt cost so fixtures stay fast (verification reads the cost
 * from the stored hash, so logins work unchanged).
 */
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../common/clock.ts';
import { findOrCreateOffice, findOrCreateUnit } from '../inspections/inspection.repository.ts';
import type { Role } from './actor.ts';
import type { ScryptParameters } from './password.rules.ts';
import { createUserService } from './user.service.ts';
import type { UserView } from './user.schema.ts';

/** A scrypt cost for tests only. */
export const fastHashParameters: ScryptParameters = { N: 2 ** 10, r: 8, p: 1 };

/** A password that passes the policy. */
export const testPassword = 'correct horse battery';

export interface TestOrganisation {
  officeId: number;
  unitIds: [number, number];
  otherOfficeId: number;
  otherUnitId: number;
}

export async function buildOrganisation(db: Database): Promise<TestOrganisation> {
  const at = '2026-01-01T00:00:00.000Z';
  const officeId = await findOrCreateOffice(db, '某县委巡察工作领导小组办公室', '某县', at);
  const otherOfficeId = await findOrCreateOffice(db, '另一县委巡察工作领导小组办公室', '另一县', at);
  return {
    officeId,
    unitIds: [
      await findOrCreateUnit(db, officeId, '某县融媒体中心党组'),
      await findOrCreateUnit(db, officeId, '某县财政局党组'),
    ],
    otherOfficeId,
    otherUnitId: await findOrCreateUnit(db, otherOfficeId, '另一县教育局党组'),
  };
}

export async function buildUser(
  db: Database,
  clock: Clock,
  overrides: {
    username: string;
    role: Role;
    officeId?: number | null;
    unitIds?: number[];
    password?: string;
    displayName?: string;
  },
): Promise<UserView> {
  return createUserService({ db, clock, hashParameters: fastHashParameters }).createUser('system', {
    username: overrides.username,
    displayName: overrides.displayName ?? `测试${overrides.username}`,
    role: overrides.role,
    officeId: overrides.officeId ?? null,
    unitIds: overrides.unitIds ?? [],
    password: overrides.password ?? testPassword,
  });
}

/**
 * The organisation with the two accounts most HTTP tests sign in as: `root.admin`, a
 * system-wide admin, and `office.zhao`, an office user of the first office.
 */
export async function buildOrganisationWithAccounts(db: Database, clock: Clock): Promise<TestOrganisation> {
  const organisation = await buildOrganisation(db);
  await buildUser(db, clock, { username: 'root.admin', role: 'admin' });
  await buildUser(db, clock, { username: 'office.zhao', role: 'office', officeId: organisation.officeId });
  return organisation;
}
