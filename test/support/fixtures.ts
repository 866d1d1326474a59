/**
 * Factories for tests: an office and an inspection ready to import into, built through the
 * product's own services.
 */
import type { Database } from '../../src/storage/database.ts';
import type { Role } from '../../src/storage/schema.ts';
import { createFixedClock, type Clock } from '../../src/modules/common/clock.ts';
import { findOrCreateOffice } from '../../src/modules/inspections/inspection.repository.ts';
import {
  createInspectionService,
  type SetUpInspectionInput,
} from '../../src/modules/inspections/inspection.service.ts';

export const testClock = (): ReturnType<typeof createFixedClock> =>
  createFixedClock('2024-10-08T02:00:00.000Z');

export async function buildOffice(db: Database, name = '某县委巡察工作领导小组办公室'): Promise<number> {
  return findOrCreateOffice(db, name, '某县', '2024-01-01T00:00:00.000Z');
}

export async function buildInspection(
  db: Database,
  clock: Clock,
  overrides: Partial<SetUpInspectionInput> & { officeId: number },
): Promise<number> {
  return createInspectionService({ db, clock }).setUpInspection({
    round: { name: '2024年第一轮巡察', year: 2024 },
    unitName: '某县融媒体中心党组',
    groupName: '县委第一巡察组',
    periodStart: '2024-03-01',
    periodEnd: '2024-04-30',
    feedbackOn: '2024-06-15',
    actorUserId: null,
    ...overrides,
  });
}

/** Inserts a user row directly (password login is not what these tests are about). */
export async function buildUser(
  db: Database,
  overrides: { officeId: number | null; role: Role; username?: string },
): Promise<number> {
  const username = overrides.username ?? `user-${overrides.role}-${Math.random().toString(36).slice(2, 8)}`;
  const row = await db
    .insertInto('users')
    .values({
      office_id: overrides.officeId,
      username,
      display_name: username,
      password_hash: 'not-a-login',
      role: overrides.role,
      created_at: '2024-01-01T00:00:00.000Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
