/** The comment API's input at the edge. */
import { z } from 'zod';

/** Longest comment body, in characters. */
export const COMMENT_MAX_CHARS = 2000;

export const CreateCommentSchema = z.object({
  /** `flag`: a mark that the problem needs attention (纪检监察 and the inspection office). */
  kind: z.enum(['comment', 'flag']).default('comment'),
  body: z.string().trim().min(1, '内容不能为空').max(COMMENT_MAX_CHARS, `内容不超过${COMMENT_MAX_CHARS}字`),
});
export type CreateCommentInput = z.output<typeof CreateCommentSchema>;
