/** Input schemas of the supervision API: the office policy, supervision notices, traffic lights. */
import { z } from 'zod';
import { isCalendarDate } from '../deadlines/calendar-date.rules.ts';
import { notificationKinds } from './notification-kinds.rules.ts';

/** A choice of notification kinds, each at most once. */
export const NotificationKindsSchema = z
  .array(z.enum(notificationKinds))
  .max(notificationKinds.length)
  .refine((values) => new Set(values).size === values.length, '类别不能重复');

const months = z.number().int().min(1).max(60);
const days = z.number().int().min(0).max(365);

export const SupervisionPolicySchema = z.object({
  planDueMonths: months,
  reportDueMonths: months,
  concentratedMonths: months,
  lookbackMonths: months,
  immediateWorkingDays: z.number().int().min(1).max(100),
  longTermCheckinDays: z.number().int().min(1).max(366),
  dueSoonDays: z
    .array(days.min(1))
    .max(5)
    .refine((values) => new Set(values).size === values.length, '天数不能重复'),
  escalationDays: z
    .array(days)
    .min(1)
    .max(5)
    .refine((values) => new Set(values).size === values.length, '天数不能重复'),
  staleReviewWorkingDays: z.number().int().min(1).max(100),
  /** The rule kinds the office supervises by (absent: all). */
  kinds: NotificationKindsSchema.default([...notificationKinds]),
});

export const UpdatePolicySchema = SupervisionPolicySchema.extend({
  /** The version GET answered (0 while the office still uses the defaults). */
  version: z.number().int().min(0),
});
export type UpdatePolicyInput = z.infer<typeof UpdatePolicySchema>;

const calendarDate = z.string().refine(isCalendarDate, '须为 YYYY-MM-DD 格式的日期');

export const IssueNoticeSchema = z
  .object({
    problemId: z.number().int().positive().optional(),
    unitId: z.number().int().positive().optional(),
    title: z.string().trim().min(1).max(200),
    content: z.string().trim().min(1).max(10_000),
    replyBy: calendarDate,
  })
  .refine((value) => value.problemId !== undefined || value.unitId !== undefined, {
    message: '须指定问题（problemId）或单位（unitId）',
    path: ['problemId'],
  });
export type IssueNoticeInput = z.infer<typeof IssueNoticeSchema>;

export const ReplyNoticeSchema = z.object({
  text: z.string().trim().min(1).max(10_000),
  evidenceIds: z.array(z.number().int().positive()).max(50).default([]),
  version: z.number().int().min(1),
});
export type ReplyNoticeInput = z.infer<typeof ReplyNoticeSchema>;

export const CloseNoticeSchema = z.object({ version: z.number().int().min(1) });

export const NoticeIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export const NoticeListQuerySchema = z.object({
  state: z.enum(['issued', 'replied', 'closed']).optional(),
  inspectionId: z.coerce.number().int().positive().optional(),
  problemId: z.coerce.number().int().positive().optional(),
  unitId: z.coerce.number().int().positive().optional(),
});

export const TrafficLightQuerySchema = z.object({ inspectionId: z.coerce.number().int().positive() });
