/** The ledger API's input at the edge: listing filters and workflow actions. */
import { z } from 'zod';

const id = z.coerce.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期须为 YYYY-MM-DD');
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const state = z.enum(['draft', 'in_progress', 'pending_review', 'closed']);

export const LedgerQuerySchema = z.object({
  inspectionId: id.optional(),
  unitId: id.optional(),
  aspectId: id.optional(),
  /** Comma-separated states. */
  state: z
    .string()
    .transform((value) => value.split(',').filter(Boolean))
    .pipe(z.array(state))
    .optional(),
  overdue: flag.optional(),
  longTerm: flag.optional(),
  /** Returned to me (被退回): in progress after a rejection with a reason. */
  returned: flag.optional(),
  departmentId: id.optional(),
  leaderId: id.optional(),
  personId: id.optional(),
  dueFrom: isoDate.optional(),
  dueTo: isoDate.optional(),
  q: z
    .string()
    .max(200, '搜索词不超过200字')
    .refine((text) => !text.includes('\u0000'), '搜索词含有不允许的空字符')
    .optional(),
  sort: z.enum(['document', 'due_on', 'updated_at', 'state']).default('document'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  /** Also return each row's measures (id, text, isDone, doneOn), for the ledger tree. */
  includeMeasures: flag.optional(),
});

export type LedgerQueryInput = z.output<typeof LedgerQuerySchema>;

export const ProblemIdParamsSchema = z.object({ id });

export const TransitionSchema = z.object({
  action: z.enum(['start', 'apply_close', 'withdraw', 'approve', 'reject', 'reopen_rebound']),
  reason: z.string().max(2000).nullable().default(null),
  statement: z.string().max(5000).nullable().default(null),
  version: z.number().int().min(1),
});
