/** The scope condition on a real database: each role's query returns exactly the units it may see. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import type { Actor, Role } from './actor.ts';
import { actorScopeCondition, scopeToActor } from './scope.repository.ts';
import { buildOrganisation, type TestOrganisation } from './user.test-support.ts';

describe.each(backends)('scope condition on %s', (backend) => {
  let database: TestDatabase;
  let organisation: TestOrganisation;
  beforeEach(async () => {
    database = await createTestDatabase(backend);
    organisation = await buildOrganisation(database.db);
  });
  afterEach(async () => database.dispose());

  const actorOf = (role: Role, unitIds: readonly number[] | 'all', officeId: number | null): Actor => ({
    userId: 1,
    username: 'u',
    displayName: '测试',
    role,
    officeId,
    unitIds,
  });

  it('returns exactly the in-scope units for each role', async () => {
    const [first, second] = organisation.unitIds;
    const cases: Array<[Actor, number[]]> = [
      [actorOf('office', 'all', organisation.officeId), [first, second]],
      [actorOf('observer', 'all', organisation.otherOfficeId), [organisation.otherUnitId]],
      [actorOf('unit_office', [second], organisation.officeId), [second]],
      [actorOf('leader', [first, organisation.otherUnitId], organisation.officeId), [first]],
      [actorOf('department', [], organisation.officeId), []],
      [actorOf('admin', 'all', null), []],
    ];
    for (const [actor, expected] of cases) {
      const query = database.db.selectFrom('units').select('units.id').orderBy('units.id');
      const rows = await scopeToActor(query, actor, {
        officeColumn: 'units.office_id',
        unitColumn: 'units.id',
      }).execute();
      expect(
        rows.map((row) => row.id),
        `${actor.role} ${JSON.stringify(actor.unitIds)}`,
      ).toEqual(expected);
    }
  });

  it('makes an out-of-scope update match nothing', async () => {
    const actor = actorOf('unit_office', [organisation.unitIds[0]], organisation.officeId);
    const result = await database.db
      .updateTable('units')
      .set({ name: '改名' })
      .where('id', '=', organisation.unitIds[1])
      .where(actorScopeCondition(actor, { officeColumn: 'office_id', unitColumn: 'id' }))
      .executeTakeFirst();
    expect(Number(result.numUpdatedRows)).toBe(0);
  });
});
