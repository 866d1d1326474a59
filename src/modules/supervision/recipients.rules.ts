/**
 * Who receives a supervision notification. People named in assignments (责任人) are not linked
 * to user accounts yet, so recipients are resolved from user roles and scopes instead:
 *
 * - `owner`: the unit's rectification office (`unit_office`) and department (`department`) users
 *   whose scope includes the unit;
 * - `unit_office`: the unit's `unit_office` users only;
 * - `leader`: the unit's `leader` users (the responsible leaders and the first responsible);
 * - `office`: every `office` user of the inspection office.
 *
 * Observers (纪检监察) and admins are never told; inactive users are never told.
 */
import type { RecipientRow } from './supervision.repository.ts';
import type { Audience } from './supervision.rules.ts';

export interface RecipientDirectory {
  /** The users an audience of a unit resolves to, each once, ascending. */
  resolve(unitId: number, audiences: readonly Audience[]): number[];
}

export function createRecipientDirectory(rows: readonly RecipientRow[]): RecipientDirectory {
  const officeUsers = rows.filter((row) => row.role === 'office').map((row) => row.userId);
  const byUnitAndRole = new Map<string, number[]>();
  for (const row of rows) {
    if (row.unitId == null || row.role === 'office') continue;
    const key = `${row.unitId}:${row.role}`;
    byUnitAndRole.set(key, [...(byUnitAndRole.get(key) ?? []), row.userId]);
  }
  const ofUnit = (unitId: number, role: string) => byUnitAndRole.get(`${unitId}:${role}`) ?? [];
  return {
    resolve(unitId, audiences) {
      const users = new Set<number>();
      for (const audience of audiences) {
        const found =
          audience === 'owner'
            ? [...ofUnit(unitId, 'unit_office'), ...ofUnit(unitId, 'department')]
            : audience === 'unit_office'
              ? ofUnit(unitId, 'unit_office')
              : audience === 'leader'
                ? ofUnit(unitId, 'leader')
                : officeUsers;
        for (const user of found) users.add(user);
      }
      return [...users].sort((a, b) => a - b);
    },
  };
}
