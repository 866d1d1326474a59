/**
 * The registers API's input at the edge: institutions (制度), meetings and outcomes. Money is
 * given in yuan with at most two decimals and stored in fen, so sums never drift.
 */
import { z } from 'zod';
import { isCalendarDate } from '../deadlines/calendar-date.rules.ts';

const id = z.coerce.number().int().positive();
const version = z.number().int().min(1);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期须为 YYYY-MM-DD')
  .refine(isCalendarDate, '不是有效的日期');
const problemIds = z.array(z.number().int().positive()).max(500).default([]);

export const RegisterIdParamsSchema = z.object({ id });
export const RegisterVersionQuerySchema = z.object({ version: z.coerce.number().int().min(1) });

export const InstitutionSchema = z.object({
  name: z.string().trim().min(1, '制度名称不能为空').max(200, '制度名称不超过200字'),
  /** 新制定 or 修订完善. */
  change: z.enum(['new', 'revised']),
  adoptedOn: isoDate.nullable().default(null),
  problemIds,
});
export type InstitutionInput = z.output<typeof InstitutionSchema>;
export const UpdateInstitutionSchema = InstitutionSchema.extend({ version });
export type UpdateInstitutionInput = z.output<typeof UpdateInstitutionSchema>;

export const MeetingSchema = z.object({
  kind: z.enum(['party_group', 'democratic_life', 'leading_group', 'mobilisation', 'other']),
  heldOn: isoDate,
  topic: z.string().trim().min(1, '会议议题不能为空').max(500, '会议议题不超过500字'),
  problemIds,
});
export type MeetingInput = z.output<typeof MeetingSchema>;
export const UpdateMeetingSchema = MeetingSchema.extend({ version });
export type UpdateMeetingInput = z.output<typeof UpdateMeetingSchema>;

/** Largest amount accepted, in yuan (well inside a 64-bit fen count). */
const MAX_YUAN = 1_000_000_000_000;

const outcomeFields = z.object({
  kind: z.enum([
    'funds_returned',
    'funds_recovered',
    'funds_saved',
    'people_reminded',
    'people_admonished',
    'people_accountable',
    'people_disciplined',
  ]),
  /** For funds_*: yuan, at most two decimals. */
  amountYuan: z
    .number()
    .min(0, '金额不能为负')
    .max(MAX_YUAN, '金额过大')
    .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, '金额最多两位小数')
    .optional(),
  /** For people_*: how many people. */
  peopleCount: z.number().int().min(0, '人数不能为负').max(1_000_000).optional(),
  note: z.string().trim().max(1000, '备注不超过1000字').nullable().default(null),
  recordedOn: isoDate,
  problemId: z.number().int().positive().nullable().default(null),
});

type OutcomeFields = z.output<typeof outcomeFields>;

/** A money outcome carries an amount and no head count; a people outcome the reverse. */
function checkOutcomeMeasure(input: OutcomeFields, context: z.RefinementCtx): void {
  const isFunds = input.kind.startsWith('funds_');
  if (isFunds && input.amountYuan === undefined)
    context.addIssue({ code: 'custom', path: ['amountYuan'], message: '资金类成果须填写金额（元）' });
  if (isFunds && input.peopleCount !== undefined)
    context.addIssue({ code: 'custom', path: ['peopleCount'], message: '资金类成果不填人数' });
  if (!isFunds && input.peopleCount === undefined)
    context.addIssue({ code: 'custom', path: ['peopleCount'], message: '人员类成果须填写人数' });
  if (!isFunds && input.amountYuan !== undefined)
    context.addIssue({ code: 'custom', path: ['amountYuan'], message: '人员类成果不填金额' });
}

export const OutcomeSchema = outcomeFields.superRefine(checkOutcomeMeasure);
export type OutcomeInput = z.output<typeof OutcomeSchema>;
export const UpdateOutcomeSchema = outcomeFields.extend({ version }).superRefine(checkOutcomeMeasure);
export type UpdateOutcomeInput = z.output<typeof UpdateOutcomeSchema>;
