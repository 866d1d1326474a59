/** Input schemas of the notification channel settings: office robots and each user's own choices. */
import { z } from 'zod';
import { NotificationKindsSchema } from '../supervision/supervision.schema.ts';
import { notificationKinds } from '../supervision/notification-kinds.rules.ts';
import { checkRobotUrl } from './robot-address.rules.ts';

export const robotKinds = ['wecom', 'dingtalk', 'feishu', 'webhook'] as const;

const RobotUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .superRefine((value, context) => {
    const problem = checkRobotUrl(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

/** A signing secret; null or '' removes it. */
const SecretSchema = z
  .string()
  .trim()
  .max(500)
  .nullable()
  .transform((value) => (value ? value : null));

export const CreateRobotSchema = z.object({
  kind: z.enum(robotKinds),
  name: z.string().trim().min(1).max(100),
  url: RobotUrlSchema,
  secret: SecretSchema.optional(),
  enabled: z.boolean().default(true),
  /** The notification kinds the robot posts (absent: all). */
  kinds: NotificationKindsSchema.default([...notificationKinds]),
});
export type CreateRobotInput = z.infer<typeof CreateRobotSchema>;

/** Changes to a robot: absent fields stay; `url` and `secret` are only sent to replace them. */
export const UpdateRobotSchema = z.object({
  version: z.number().int().min(1),
  kind: z.enum(robotKinds).optional(),
  name: z.string().trim().min(1).max(100).optional(),
  url: RobotUrlSchema.optional(),
  secret: SecretSchema.optional(),
  enabled: z.boolean().optional(),
  kinds: NotificationKindsSchema.optional(),
});
export type UpdateRobotInput = z.infer<typeof UpdateRobotSchema>;

export const DeleteRobotSchema = z.object({ version: z.number().int().min(1) });

export const RobotIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export const UpdateNotificationSettingsSchema = z.object({
  /** The version GET answered (0 while the user has no saved settings). */
  version: z.number().int().min(0),
  email: z
    .string()
    .trim()
    .max(254)
    .nullable()
    .transform((value) => (value ? value : null))
    .refine((value) => value === null || z.string().email().safeParse(value).success, '邮箱地址格式不正确'),
  emailEnabled: z.boolean(),
  /** The notification kinds sent by e-mail (the in-app inbox always gets every kind). */
  kinds: NotificationKindsSchema,
});
export type UpdateNotificationSettingsInput = z.infer<typeof UpdateNotificationSettingsSchema>;
