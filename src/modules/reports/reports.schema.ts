/** The reports API's input at the edge: document kind, report day, upload options. */
import { z } from 'zod';
import { DOCUMENT_KINDS } from './report.service.ts';

const id = z.coerce.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期须为 YYYY-MM-DD');

export const InspectionIdParamsSchema = z.object({ id });
export const DocumentParamsSchema = z.object({ id, kind: z.enum(DOCUMENT_KINDS) });
export const PublicationIdParamsSchema = z.object({ id });
export const AggregateNoticeQuerySchema = z.object({ roundId: id.optional() });
export const AsOfQuerySchema = z.object({ date: isoDate.optional() });
export const PublishSchema = z.object({ date: isoDate.optional() });
export const XlsxImportQuerySchema = z.object({
  /** Import the valid rows and skip the rest — only when the user chooses it explicitly. */
  validRowsOnly: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .default(false),
});
