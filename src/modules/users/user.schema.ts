/**
 * The users module at the edge: zod schemas for every request body (the TypeScript input types
 * are inferred from them) and the presenter that decides a user's JSON so no column (the password hash!) leaks.
 */
import { z } from 'zod';
import type { Role } from './actor.ts';
import { MAX_PASSWORD_LENGTH } from './password.rules.ts';
import { allRoles, roleNames } from './scope.rules.ts';

/** Usernames are case-insensitive: stored and compared in lower case. */
export const UsernameSchema = z
  .string({ error: '用户名必须是文本' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{2,31}$/, '用户名须为3至32位字母、数字、下划线、点或连字符，以字母或数字开头');

const PasswordSchema = z
  .string({ error: '密码必须是文本' })
  .min(1, '请输入密码')
  .max(MAX_PASSWORD_LENGTH, `密码不能超过${MAX_PASSWORD_LENGTH}个字符`);

const DisplayNameSchema = z
  .string({ error: '姓名必须是文本' })
  .trim()
  .min(1, '请输入姓名')
  .max(50, '姓名不能超过50个字符');

const RoleSchema = z.enum(allRoles as [Role, ...Role[]], {
  error: `角色须为以下之一：${allRoles.join('、')}`,
});

const IdSchema = z.number({ error: '编号必须是正整数' }).int('编号必须是正整数').positive('编号必须是正整数');

const UnitIdsSchema = z
  .array(IdSchema, { error: '被巡察单位须为编号列表' })
  .max(10_000, '被巡察单位过多')
  .refine((ids) => new Set(ids).size === ids.length, '被巡察单位不能重复');

export const LoginSchema = z.object({
  // Not the username pattern: an unknown or malformed name must fail exactly like a wrong password.
  username: z
    .string({ error: '请输入用户名' })
    .trim()
    .toLowerCase()
    .min(1, '请输入用户名')
    .max(64, '用户名过长'),
  password: PasswordSchema,
});
export type LoginInput = z.infer<typeof LoginSchema>;

export const ChangePasswordSchema = z.object({
  currentPassword: PasswordSchema,
  newPassword: PasswordSchema,
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordSchema>;

export const CreateUserSchema = z.object({
  username: UsernameSchema,
  displayName: DisplayNameSchema,
  role: RoleSchema,
  officeId: IdSchema.nullable().default(null),
  unitIds: UnitIdsSchema.default([]),
  password: PasswordSchema,
});
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z
  .object({
    version: z.number({ error: '请提供版本号 version' }).int().positive(),
    displayName: DisplayNameSchema.optional(),
    role: RoleSchema.optional(),
    officeId: IdSchema.nullable().optional(),
    unitIds: UnitIdsSchema.optional(),
    isActive: z.boolean({ error: '启用状态须为 true 或 false' }).optional(),
    password: PasswordSchema.optional(),
  })
  .strict();
export type UpdateUserInput = z.infer<typeof UpdateUserSchema>;

export const UserIdParamsSchema = z.object({
  id: z.coerce
    .number({ error: '用户编号必须是正整数' })
    .int('用户编号必须是正整数')
    .positive('用户编号必须是正整数'),
});

/** A user as the API shows it. */
export interface UserView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  roleName: string;
  officeId: number | null;
  /** The directory's department of a directory account (updated at each login); null otherwise. */
  department: string | null;
  /** Assigned units; office-wide roles see every unit of their office regardless. */
  unitIds: number[];
  isActive: boolean;
  createdAt: string;
  version: number;
}

/** A user in the admin's account list: also whether logins are locked and how many sessions live. */
export interface ListedUserView extends UserView {
  /** Too many recent failed logins for the username (the admin may lift it: unlock). */
  isLocked: boolean;
  /** Sessions neither expired nor idle too long (the admin may end them: revoke). */
  activeSessions: number;
}

export interface UserRecord {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  office_id: number | null;
  is_active: 0 | 1;
  created_at: string;
  version: number;
  department: string | null;
}

export function presentUser(user: UserRecord, unitIds: readonly number[]): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    roleName: roleNames[user.role],
    officeId: user.office_id,
    department: user.department,
    unitIds: [...unitIds],
    isActive: user.is_active === 1,
    createdAt: user.created_at,
    version: user.version,
  };
}
