/**
 * Demo accounts, one per role, created with the demo data on first start so every part of the
 * product can be tried at once. The password is public (README): demo data only.
 */
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../common/clock.ts';
import type { Role } from '../users/actor.ts';
import { findFirstUnit } from '../users/user.repository.ts';
import { createUserService } from '../users/user.service.ts';

/** The documented password of every demo account. */
export const DEMO_PASSWORD = 'rectify-demo-2026';

interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  /** Whether the account is scoped to the first unit. */
  isFirstUnitScoped: boolean;
}

/** Kept in step with the README's "演示账号 Demo accounts" table. */
export const demoAccounts: readonly DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', isFirstUnitScoped: false },
  { username: 'xunchaban', displayName: '巡察办 王主任', role: 'office', isFirstUnitScoped: false },
  { username: 'zhenggaiban', displayName: '整改办 李干事', role: 'unit_office', isFirstUnitScoped: true },
  { username: 'bumen', displayName: '责任部门 张科长', role: 'department', isFirstUnitScoped: true },
  { username: 'lingdao', displayName: '责任领导 赵书记', role: 'leader', isFirstUnitScoped: true },
  { username: 'jijian', displayName: '纪检监察 陈组长', role: 'observer', isFirstUnitScoped: false },
];

/** Creates the demo accounts in the demo office; returns their usernames. */
export async function createDemoUsers(
  dependencies: { db: Database; clock: Clock },
  officeId: number,
): Promise<string[]> {
  const users = createUserService(dependencies);
  const firstUnit = await findFirstUnit(dependencies.db, officeId);
  const created: string[] = [];
  for (const account of demoAccounts) {
    if (account.isFirstUnitScoped && !firstUnit) continue;
    await users.createUser('system', {
      username: account.username,
      displayName: account.displayName,
      role: account.role,
      officeId: account.role === 'admin' ? null : officeId,
      unitIds: account.isFirstUnitScoped && firstUnit ? [firstUnit.id] : [],
      password: DEMO_PASSWORD,
    });
    created.push(account.username);
  }
  return created;
}
