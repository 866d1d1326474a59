/**
 * The organisation admin API at the edge: a unit's departments (责任部门) and people
 * (责任领导 / 责任人) — params, bodies and the JSON they are presented as.
 */
import { z } from 'zod';

const id = z.coerce.number().int().positive();

const NameSchema = z
  .string({ error: '名称必须是文本' })
  .trim()
  .min(1, '请输入名称')
  .max(100, '名称不能超过100个字符');

const TitleSchema = z
  .string({ error: '职务必须是文本' })
  .trim()
  .max(100, '职务不能超过100个字符')
  .transform((value) => (value === '' ? null : value))
  .nullable();

const VersionSchema = z.number({ error: '缺少版本号，请刷新后重试' }).int().min(1);

export const UnitParamsSchema = z.object({ id });
export const UnitEntityParamsSchema = z.object({ id, entityId: id });

export const CreateDepartmentSchema = z.object({ name: NameSchema });
export const UpdateDepartmentSchema = z.object({ name: NameSchema, version: VersionSchema });

export const CreatePersonSchema = z.object({
  name: NameSchema,
  title: TitleSchema.default(null),
  departmentId: z.number().int().positive().nullable().default(null),
  isLeader: z.boolean().default(false),
});

export const UpdatePersonSchema = z.object({
  name: NameSchema.optional(),
  title: TitleSchema.optional(),
  departmentId: z.number().int().positive().nullable().optional(),
  isLeader: z.boolean().optional(),
  version: VersionSchema,
});

export type CreatePersonInput = z.output<typeof CreatePersonSchema>;
export type UpdatePersonInput = z.output<typeof UpdatePersonSchema>;

export interface DepartmentView {
  id: number;
  unitId: number;
  name: string;
  version: number;
  /** How many problems name it (delete is refused while any do). */
  problemCount: number;
}

export interface PersonView {
  id: number;
  unitId: number;
  name: string;
  title: string | null;
  departmentId: number | null;
  departmentName: string | null;
  isLeader: boolean;
  version: number;
  problemCount: number;
}
