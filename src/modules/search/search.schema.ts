/** The search and similar-problems APIs' input at the edge. */
import { z } from 'zod';

/** Longest query, in characters: a search is for a word or a phrase, not a paragraph. */
export const SEARCH_QUERY_MAX_CHARS = 50;

export const SearchQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .min(1, '请输入检索词')
    .max(SEARCH_QUERY_MAX_CHARS, `检索词不超过${SEARCH_QUERY_MAX_CHARS}字`)
    .refine((text) => !text.includes('\u0000'), '检索词含有不允许的空字符'),
  page: z.coerce.number().int().min(1, '页码从1开始').max(1000, '页码不超过1000').default(1),
  pageSize: z.coerce.number().int().min(1).max(50, '每页不超过50条').default(20),
});
export type SearchQueryInput = z.output<typeof SearchQuerySchema>;

export const SimilarProblemsQuerySchema = z.object({
  roundId: z.coerce.number().int().positive().optional(),
  /** Similarity at or above which two problems are joined, 0.2–0.95. */
  threshold: z.coerce.number().min(0.2, '相似度阈值不低于0.2').max(0.95, '相似度阈值不高于0.95').optional(),
});
export type SimilarProblemsQueryInput = z.output<typeof SimilarProblemsQuerySchema>;
