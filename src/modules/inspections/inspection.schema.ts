/**
 * The inspection-setup API's input at the edge: rounds, units and inspections. Field names are
 * the API's (camelCase); dates are calendar days `YYYY-MM-DD`.
 */
import { z } from 'zod';
import { isCalendarDate } from '../deadlines/calendar-date.rules.ts';

const id = z.coerce.number().int().positive();
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期须为 YYYY-MM-DD')
  .refine(isCalendarDate, '不是有效的日期');
const name = (what: string) => z.string().trim().min(1, `${what}不能为空`).max(200, `${what}不超过200字`);

export const IdParamsSchema = z.object({ id });

export const CreateRoundSchema = z.object({
  name: name('轮次名称'),
  year: z.number().int().min(1949, '年份有误').max(2200, '年份有误'),
  startedOn: isoDate.nullable().default(null),
  endedOn: isoDate.nullable().default(null),
});
export type CreateRoundInput = z.output<typeof CreateRoundSchema>;

export const CreateUnitSchema = z.object({ name: name('单位名称') });
export type CreateUnitInput = z.output<typeof CreateUnitSchema>;

export const InspectionQuerySchema = z.object({
  roundId: id.optional(),
  unitId: id.optional(),
});
export type InspectionQueryInput = z.output<typeof InspectionQuerySchema>;

export const CreateInspectionSchema = z.object({
  roundId: z.number().int().positive(),
  unitId: z.number().int().positive(),
  /** The inspection group by name (e.g. 县委第四巡察组); created in the office when new. */
  groupName: name('巡察组名称').nullable().default(null),
  periodStart: isoDate.nullable().default(null),
  periodEnd: isoDate.nullable().default(null),
  /** The feedback day; the plan, report and concentrated-period due dates derive from it. */
  feedbackOn: isoDate.nullable().default(null),
});
export type CreateInspectionInput = z.output<typeof CreateInspectionSchema>;

export const UpdateInspectionSchema = z.object({
  /** The version the client read; a stale one answers 409 and changes nothing. */
  version: z.number().int().min(1),
  groupName: name('巡察组名称').nullable().optional(),
  periodStart: isoDate.nullable().optional(),
  periodEnd: isoDate.nullable().optional(),
  /** A new feedback day re-derives the due dates that are not given explicitly. */
  feedbackOn: isoDate.nullable().optional(),
  planDueOn: isoDate.nullable().optional(),
  reportDueOn: isoDate.nullable().optional(),
  concentratedUntil: isoDate.nullable().optional(),
});
export type UpdateInspectionInput = z.output<typeof UpdateInspectionSchema>;
