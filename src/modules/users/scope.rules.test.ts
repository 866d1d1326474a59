/** Who sees which unit, table-tested over every role. */
import { describe, expect, it } from 'vitest';
import type { Actor, Role } from './actor.ts';
import {
  buildActor,
  canSeeOffice,
  canSeeUnit,
  checkScopeAssignment,
  hasLedgerAccess,
  resolveUnitScope,
} from './scope.rules.ts';

const OFFICE = 1;
const OTHER_OFFICE = 2;

function actorOf(role: Role, unitIds: readonly number[] | 'all', officeId: number | null = OFFICE): Actor {
  return { userId: 9, username: 'u', displayName: '测试', role, officeId, unitIds };
}

describe('scope rules', () => {
  it.each<[string, Actor, number, number, boolean]>([
    ['office sees any unit of its office', actorOf('office', 'all'), OFFICE, 10, true],
    ['office does not see another office', actorOf('office', 'all'), OTHER_OFFICE, 10, false],
    ['observer sees any unit of its office', actorOf('observer', 'all'), OFFICE, 11, true],
    ['observer does not see another office', actorOf('observer', 'all'), OTHER_OFFICE, 11, false],
    ['unit office sees its unit', actorOf('unit_office', [10]), OFFICE, 10, true],
    ['unit office does not see another unit', actorOf('unit_office', [10]), OFFICE, 11, false],
    ['department sees its units', actorOf('department', [10, 11]), OFFICE, 11, true],
    [
      'department: same unit id in another office is not its unit',
      actorOf('department', [10]),
      OTHER_OFFICE,
      10,
      false,
    ],
    ['leader sees its unit', actorOf('leader', [12]), OFFICE, 12, true],
    ['leader without units sees nothing', actorOf('leader', []), OFFICE, 12, false],
    ['admin sees no ledger', actorOf('admin', 'all', null), OFFICE, 10, false],
    ['admin bound to an office still sees no ledger', actorOf('admin', 'all'), OFFICE, 10, false],
  ])('%s', (_name, actor, officeId, unitId, expected) => {
    expect(canSeeUnit(actor, officeId, unitId)).toBe(expected);
  });

  it.each<[Role, readonly number[], readonly number[] | 'all']>([
    ['admin', [1], []],
    ['office', [1], 'all'],
    ['observer', [], 'all'],
    ['unit_office', [3, 1], [1, 3]],
    ['department', [2], [2]],
    ['leader', [], []],
  ])('a %s assigned %j sees %j', (role, assigned, expected) => {
    expect(resolveUnitScope(role, assigned)).toEqual(expected);
  });

  it.each<[Role, number | null, number[], string | null]>([
    ['admin', null, [], null],
    ['admin', OFFICE, [], null],
    ['admin', null, [1], 'unitIds'],
    ['office', OFFICE, [], null],
    ['office', null, [], 'officeId'],
    ['office', OFFICE, [1], 'unitIds'],
    ['observer', OFFICE, [], null],
    ['unit_office', OFFICE, [1], null],
    ['unit_office', OFFICE, [], 'unitIds'],
    ['department', null, [1], 'officeId'],
    ['leader', OFFICE, [1, 2], null],
  ])('assigning %s to office %s with units %j → problem in %s', (role, officeId, unitIds, field) => {
    expect(checkScopeAssignment(role, officeId, unitIds)?.field ?? null).toBe(field);
  });

  it('office-level records are visible to every ledger role of the office only', () => {
    expect(canSeeOffice(actorOf('leader', [1]), OFFICE)).toBe(true);
    expect(canSeeOffice(actorOf('leader', [1]), OTHER_OFFICE)).toBe(false);
    expect(canSeeOffice(actorOf('admin', [], null), OFFICE)).toBe(false);
    expect(hasLedgerAccess(actorOf('observer', 'all'))).toBe(true);
  });

  it('builds the actor from a user row and its assigned units', () => {
    const user = { id: 4, username: 'li', display_name: '李四', role: 'office' as const, office_id: OFFICE };
    expect(buildActor(user, [5])).toEqual({
      userId: 4,
      username: 'li',
      displayName: '李四',
      role: 'office',
      officeId: OFFICE,
      unitIds: 'all',
    });
  });
});
