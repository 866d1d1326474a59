/** Public feedback input at the edge: the visitor's form and the staff triage API. */
import { z } from 'zod';
import { feedbackLimits } from './feedback.rules.ts';

const id = z.coerce.number().int().min(1).max(2_147_483_647);
const version = z.number().int().min(1);

/** An optional text field of an HTML form: empty means absent. */
const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}不超过${max}字`)
    .optional()
    .transform((value) => (value ? value : null));

/** The public form's text fields (the attachment is read separately). */
export const PublicFeedbackFormSchema = z.object({
  content: z
    .string({ error: '请填写意见内容' })
    .trim()
    .min(1, '请填写意见内容')
    .max(feedbackLimits.contentMaxChars, `意见内容不超过${feedbackLimits.contentMaxChars}字`),
  name: optionalText(feedbackLimits.nameMaxChars, '姓名'),
  contact: optionalText(feedbackLimits.contactMaxChars, '联系方式'),
  /** The problem of the notice the feedback is about; empty for the notice as a whole. */
  problemId: z.preprocess((value) => (value === '' ? undefined : value), id.optional()),
});

export const NoticeParamsSchema = z.object({ id });
export const NoticeProblemParamsSchema = z.object({ id, problemId: id });
export const LookupQuerySchema = z.object({ ref: z.string().max(40).optional() });

export const FeedbackIdParamsSchema = z.object({ id });

export const FeedbackListQuerySchema = z.object({
  status: z.enum(['received', 'assigned', 'replied', 'closed']).optional(),
  inspectionId: id.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const AssignFeedbackSchema = z.object({
  version,
  unitId: id.optional(),
  problemId: id.nullable().optional(),
  note: z.string().trim().max(feedbackLimits.noteMaxChars).nullable().optional(),
});

export const ReplyFeedbackSchema = z.object({
  version,
  reply: z
    .string()
    .trim()
    .min(1, '答复不能为空')
    .max(feedbackLimits.replyMaxChars, `答复不超过${feedbackLimits.replyMaxChars}字`),
  publish: z.boolean().optional(),
});

export const PublishFeedbackSchema = z.object({ version, isPublished: z.boolean() });
export const CloseFeedbackSchema = z.object({ version });
