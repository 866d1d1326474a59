/**
 * The import wizard's input at the edge: which inspection an upload is for, and the edited
 * document (validated whole against the FORMAT.md schema, so a 400 names the field path).
 */
import { z } from 'zod';
import { ParsedDocumentSchema } from '../../parse/parsed-document.schema.ts';

const id = z.coerce.number().int().positive();

export const UploadQuerySchema = z.object({ inspectionId: id });
export type UploadQueryInput = z.output<typeof UploadQuerySchema>;

export const DraftIdParamsSchema = z.object({ id });

export const UpdateDraftSchema = z.object({
  /** The version the client read; a stale one answers 409 and changes nothing. */
  version: z.number().int().min(1),
  document: ParsedDocumentSchema,
});
export type UpdateDraftInput = z.output<typeof UpdateDraftSchema>;

export const CommitDraftSchema = z.object({
  /** When given, the commit is refused (409) if the draft changed since the client read it. */
  version: z.number().int().min(1).optional(),
});
export type CommitDraftInput = z.output<typeof CommitDraftSchema>;
