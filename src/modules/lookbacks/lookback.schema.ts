/** Input schemas of the look-back (回头看) API. */
import { z } from 'zod';
import { isCalendarDate } from '../deadlines/calendar-date.rules.ts';

const calendarDate = z.string().refine(isCalendarDate, '须为 YYYY-MM-DD 格式的日期');
const version = z.number().int().min(1);

export const InspectionIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });
export const LookbackIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });
export const CheckParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
  problemId: z.coerce.number().int().positive(),
});

export const ScheduleLookbackSchema = z.object({
  /** Omitted: feedback day + the office policy's look-back months. */
  plannedOn: calendarDate.optional(),
});
export type ScheduleLookbackInput = z.infer<typeof ScheduleLookbackSchema>;

export const RecordCheckSchema = z.object({
  result: z.enum(['holds', 'rebound']),
  /** Required for a rebound: it becomes the reason the item is reopened. */
  note: z.string().trim().max(2000).nullable().optional(),
  /** The check's version as read (1 while unchecked). */
  version,
});
export type RecordCheckInput = z.infer<typeof RecordCheckSchema>;

export const CompleteLookbackSchema = z.object({
  summary: z.string().trim().max(10_000).nullable().optional(),
  /** Complete although some items are unchecked; they are listed in the completion. */
  acceptUnchecked: z.boolean().default(false),
  version,
});
export type CompleteLookbackInput = z.infer<typeof CompleteLookbackSchema>;

export const ReboundRatesQuerySchema = z.object({ roundId: z.coerce.number().int().positive().optional() });
