/**
 * The parsed-document format (../shared/corpus/FORMAT.md) as a zod schema: the contract between
 * the parser, the import into the ledger, and anyone feeding rectify JSON by hand.
 */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期须为 YYYY-MM-DD');

export const DeadlineSchema = z.object({
  text: z.string(),
  immediate: z.boolean(),
  long_term: z.boolean(),
  months: z.number().int().nonnegative().nullable(),
});

export type ParsedDeadline = z.infer<typeof DeadlineSchema>;

export interface ParsedProblem {
  number: string | null;
  title: string;
  manifestations: string[];
  status: 'completed' | 'in_progress' | null;
  measures: string[];
  goal: string | null;
  leaders: string[];
  departments: string[];
  deadline: ParsedDeadline | null;
  children: ParsedProblem[];
}

export const ProblemSchema: z.ZodType<ParsedProblem> = z.lazy(() =>
  z.object({
    number: z.string().nullable(),
    title: z.string().min(1, '问题标题不能为空'),
    manifestations: z.array(z.string()),
    status: z.enum(['completed', 'in_progress']).nullable(),
    measures: z.array(z.string()),
    goal: z.string().nullable(),
    leaders: z.array(z.string()),
    departments: z.array(z.string()),
    deadline: DeadlineSchema.nullable(),
    children: z.array(ProblemSchema),
  }),
);

export const AspectSchema = z.object({
  number: z.string().nullable(),
  title: z.string().min(1, '方面标题不能为空'),
  problems: z.array(ProblemSchema),
});

export type ParsedAspect = z.infer<typeof AspectSchema>;

export const DocumentKindSchema = z.enum(['plan', 'progress_report', 'feedback', 'other']);

export const ParsedDocumentSchema = z.object({
  kind: DocumentKindSchema,
  title: z.string().nullable(),
  unit: z.string().nullable(),
  inspection: z.object({
    inspector: z.string().nullable(),
    start: isoDate.nullable(),
    end: isoDate.nullable(),
    feedback_date: isoDate.nullable(),
  }),
  issued_date: isoDate.nullable(),
  declared: z.object({
    aspects: z.number().int().nonnegative().nullable(),
    problems: z.number().int().nonnegative().nullable(),
  }),
  contact: z.object({
    phones: z.array(z.string()),
    emails: z.array(z.string()),
    address: z.string().nullable(),
    postcode: z.string().nullable(),
  }),
  aspects: z.array(AspectSchema),
  warnings: z.array(z.string()).optional(),
});

export type ParsedDocument = z.infer<typeof ParsedDocumentSchema>;
