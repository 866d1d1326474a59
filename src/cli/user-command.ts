/**
 * `rectify user add|list|unlock`: account administration from the command line, for the first
 * admin of a new installation and for operators; it acts as the system, through the same user
 * service as the API.
 */
import { parseArgs } from 'node:util';
import { AppError } from '../modules/common/app-error.ts';
import type { Role } from '../modules/users/actor.ts';
import { generatePassword } from '../modules/users/password.rules.ts';
import { allRoles, roleNames } from '../modules/users/scope.rules.ts';
import { CreateUserSchema } from '../modules/users/user.schema.ts';
import { findOfficeIdByName, findSoleOfficeId, findUnitIdByName } from '../modules/users/user.repository.ts';
import { createUserService } from '../modules/users/user.service.ts';
import type { Database } from '../storage/database.ts';
import type { CliCommand } from './command.ts';
import { reportCliError, withCliContext } from './cli-context.ts';

const usage = `rectify user add --username U --name 姓名 --role ROLE [--office 巡察办名称] [--unit 单位名称 ...] [--password P]
rectify user list
rectify user unlock U

管理账号。Manage accounts.
  add      新建账号 create an account; ROLE: ${allRoles.map((role) => `${role}（${roleNames[role]}）`).join(', ')}
           --office 省略时使用唯一的巡察办 (defaults to the only office); admin 可不属于任何巡察办
           --unit   可重复，整改办/责任部门/责任领导须至少一个 (repeatable; required for unit roles)
           密码 password: --password, 或环境变量 RECTIFY_NEW_PASSWORD, 否则随机生成并只显示一次
  list     列出账号 list accounts
  unlock   解除登录失败锁定 lift a login lockout`;

function invalidArgument(message: string, english: string): AppError {
  return new AppError('invalid_input', message, english);
}

async function resolveOfficeId(
  db: Database,
  role: Role,
  officeName: string | undefined,
): Promise<number | null> {
  if (officeName !== undefined) {
    const officeId = await findOfficeIdByName(db, officeName);
    if (officeId === undefined)
      throw invalidArgument(`未找到巡察办“${officeName}”`, `office ${officeName} not found`);
    return officeId;
  }
  if (role === 'admin') return null;
  const soleOfficeId = await findSoleOfficeId(db);
  if (soleOfficeId === undefined) {
    throw invalidArgument('请用 --office 指定巡察办', 'more than one office (or none): --office is required');
  }
  return soleOfficeId;
}

async function addUser(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      office: { type: 'string' },
      unit: { type: 'string', multiple: true },
      password: { type: 'string' },
    },
    strict: true,
  });
  return withCliContext(async ({ database, clock }) => {
    const db = database.db;
    const role = values.role as Role;
    if (!allRoles.includes(role)) {
      throw invalidArgument(
        `--role 须为 ${allRoles.join('、')} 之一`,
        `unknown role ${values.role ?? '(none)'}`,
      );
    }
    const officeId = await resolveOfficeId(db, role, values.office);
    const unitIds: number[] = [];
    for (const unitName of values.unit ?? []) {
      const unitId = officeId === null ? undefined : await findUnitIdByName(db, officeId, unitName);
      if (unitId === undefined)
        throw invalidArgument(`未找到被巡察单位“${unitName}”`, `unit ${unitName} not found`);
      unitIds.push(unitId);
    }
    const given = values.password ?? process.env.RECTIFY_NEW_PASSWORD;
    const password = given || generatePassword();
    const parsed = CreateUserSchema.safeParse({
      username: values.username,
      displayName: values.name,
      role,
      officeId,
      unitIds,
      password,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? '');
      const option =
        { username: '--username', displayName: '--name', password: '--password' }[field] ?? field;
      throw invalidArgument(`${option}：${issue?.message ?? '格式有误'}`, `invalid ${option}`);
    }
    const user = await createUserService({ db, clock }).createUser('system', parsed.data);
    process.stdout.write(`已创建账号 created: ${user.username}（${user.displayName}，${user.roleName}）\n`);
    if (!given) process.stdout.write(`初始密码 initial password (shown once): ${password}\n`);
    return 0;
  });
}

async function listUsers(): Promise<number> {
  return withCliContext(async ({ database, clock }) => {
    const users = await createUserService({ db: database.db, clock }).listUsers('system');
    for (const user of users) {
      const scope = user.unitIds.length > 0 ? ` units=${user.unitIds.join(',')}` : '';
      const state = user.isActive ? '' : ' （已停用 inactive）';
      process.stdout.write(
        `${user.username}\t${user.displayName}\t${user.role}（${user.roleName}）\toffice=${user.officeId ?? '-'}${scope}${state}\n`,
      );
    }
    if (users.length === 0) process.stdout.write('尚无账号 no accounts\n');
    return 0;
  });
}

async function unlockUser(args: string[]): Promise<number> {
  const username = args[0];
  if (!username) throw invalidArgument('请指定用户名：rectify user unlock 用户名', 'username missing');
  return withCliContext(async ({ database, clock }) => {
    const cleared = await createUserService({ db: database.db, clock }).unlockUser('system', username);
    process.stdout.write(`已解除锁定 unlocked: ${username}（清除 ${cleared} 次失败记录）\n`);
    return 0;
  });
}

export const userCommand: CliCommand = {
  name: 'user',
  summary: '账号管理 (add, list, unlock accounts)',
  usage,
  async run(args) {
    const [action, ...rest] = args;
    try {
      if (action === 'add') return await addUser(rest);
      if (action === 'list') return await listUsers();
      if (action === 'unlock') return await unlockUser(rest);
      process.stderr.write(`${usage}\n`);
      return 2;
    } catch (error) {
      return reportCliError(`user ${action}`, error);
    }
  },
};
