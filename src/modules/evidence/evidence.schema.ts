/** Evidence API input at the edge: the upload's form fields, ids, and the delete's version. */
import { z } from 'zod';

const id = z.coerce.number().int().positive();

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The text fields sent beside the file in the multipart form. */
export const EvidenceFieldsSchema = z.strictObject({
  description: z
    .string()
    .trim()
    .max(2000, '说明不超过2000字')
    .transform((value) => value || null)
    .nullable()
    .default(null),
  effectiveOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期须为 YYYY-MM-DD')
    .refine(isCalendarDate, '不是有效日期')
    .nullable()
    .default(null),
  measureId: id.nullable().default(null),
});

export type EvidenceFields = z.output<typeof EvidenceFieldsSchema>;

export const EvidenceIdParamsSchema = z.object({ id });

/** The version the user saw, from the query string or a JSON body. */
export const DeleteEvidenceSchema = z.object({ version: z.coerce.number().int().min(1) });

/** Documents the multipart form for OpenAPI (the route reads it as a stream, not as JSON). */
export const EvidenceUploadFormSchema = z.object({
  file: z.string().meta({ format: 'binary', description: '佐证材料文件（一个）' }),
  description: z.string().max(2000).optional(),
  effectiveOn: z.string().optional().meta({ description: '材料形成日期 YYYY-MM-DD' }),
  measureId: z.number().int().optional().meta({ description: '对应的整改措施' }),
});
