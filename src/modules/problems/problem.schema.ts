/** The problem API's input at the edge: ids, edits of a problem and of its parts. */
import { z } from 'zod';
import { isCalendarDate } from '../deadlines/calendar-date.rules.ts';

const id = z.coerce.number().int().positive();
const version = z.number().int().min(1);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期须为 YYYY-MM-DD')
  .refine(isCalendarDate, '不是有效的日期');
const requiredText = (max: number, label: string) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}不超过${max}字`);

export const IdParamsSchema = z.object({ id });

/** DELETE carries the version the user saw in the query string. */
export const VersionQuerySchema = z.object({ version: z.coerce.number().int().min(1) });

export const UpdateProblemSchema = z.object({
  number: z.string().trim().max(20, '编号不超过20字').nullable().optional(),
  title: requiredText(500, '问题标题').optional(),
  goal: z.string().trim().max(2000, '成效目标不超过2000字').nullable().optional(),
  isLongTerm: z.boolean().optional(),
  /** Days between check-ins of a long-term (长期坚持) item. */
  checkinIntervalDays: z.number().int().min(1).max(366).optional(),
  version,
});
export type UpdateProblemInput = z.output<typeof UpdateProblemSchema>;

export const SetDeadlineSchema = z
  .object({
    /** A day (YYYY-MM-DD), or… */
    dueOn: isoDate.optional(),
    /** …the deadline as written: "3个月内", "立行立改", "长期坚持", "2021年6月30日前". */
    text: requiredText(200, '整改时限').optional(),
    version,
  })
  .refine((input) => input.dueOn !== undefined || input.text !== undefined, {
    message: '须填写整改时限（日期或文字）',
    path: ['text'],
  });
export type SetDeadlineInput = z.output<typeof SetDeadlineSchema>;

const idList = z.array(z.number().int().positive()).max(50);

export const SetAssignmentsSchema = z.object({
  /** 责任领导, by person id. */
  leaderIds: idList.default([]),
  /** 责任部门, by department id. */
  departmentIds: idList.default([]),
  /** 责任人, by person id. */
  personIds: idList.default([]),
  version,
});
export type SetAssignmentsInput = z.output<typeof SetAssignmentsSchema>;

/** The problems a bulk edit changes, each with the version the user saw. */
const bulkItems = z
  .array(z.object({ id: z.number().int().positive(), version }))
  .min(1, '请至少选择一个问题')
  .max(500, '一次最多修改500个问题')
  .superRefine((items, context) => {
    const seen = new Set<number>();
    items.forEach((item, index) => {
      if (seen.has(item.id)) {
        context.addIssue({ code: 'custom', message: `问题（${item.id}）重复`, path: [index] });
      }
      seen.add(item.id);
    });
  });

export const BulkDeadlineSchema = z
  .object({
    items: bulkItems,
    /** A day (YYYY-MM-DD), or… */
    dueOn: isoDate.optional(),
    /** …the deadline as written, resolved per problem against its inspection's feedback day. */
    text: requiredText(200, '整改时限').optional(),
  })
  .refine((input) => input.dueOn !== undefined || input.text !== undefined, {
    message: '须填写整改时限（日期或文字）',
    path: ['text'],
  });
export type BulkDeadlineInput = z.output<typeof BulkDeadlineSchema>;

export const BulkAssignmentsSchema = z
  .object({
    items: bulkItems,
    /** Roles left out stay as they are; given ones are replaced or added to, per `mode`. */
    leaderIds: idList.optional(),
    departmentIds: idList.optional(),
    personIds: idList.optional(),
    mode: z.enum(['replace', 'add']),
  })
  .refine(
    (input) =>
      input.leaderIds !== undefined || input.departmentIds !== undefined || input.personIds !== undefined,
    { message: '须指定责任领导、责任部门或责任人', path: ['leaderIds'] },
  );
export type BulkAssignmentsInput = z.output<typeof BulkAssignmentsSchema>;

export const CreateMeasureSchema = z.object({
  text: requiredText(2000, '整改措施'),
  /** The day it was done, when it is recorded as done already. */
  doneOn: isoDate.nullable().default(null),
});
export type CreateMeasureInput = z.output<typeof CreateMeasureSchema>;

export const UpdateMeasureSchema = z.object({
  text: requiredText(2000, '整改措施').optional(),
  isDone: z.boolean().optional(),
  /** The day it was done; defaults to today when `isDone` turns true. */
  doneOn: isoDate.nullable().optional(),
  version,
});
export type UpdateMeasureInput = z.output<typeof UpdateMeasureSchema>;

export const CreateManifestationSchema = z.object({ text: requiredText(2000, '具体表现') });
export type CreateManifestationInput = z.output<typeof CreateManifestationSchema>;

export const UpdateManifestationSchema = z.object({ text: requiredText(2000, '具体表现'), version });
export type UpdateManifestationInput = z.output<typeof UpdateManifestationSchema>;
