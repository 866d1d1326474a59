/** The JSON of the import wizard's API: explicit mappings, so a new column never leaks. */
import type { ImportResult } from './document-import.service.ts';
import type { ImportDraft } from './import-draft.service.ts';

export function presentImportDraft(draft: ImportDraft) {
  return {
    draftId: draft.id,
    inspectionId: draft.inspectionId,
    fileName: draft.fileName,
    sha256: draft.sha256,
    status: draft.status,
    createdAt: draft.createdAt,
    version: draft.version,
    document: draft.document,
    /** What the parser was unsure of, for the wizard to point out beside the tree. */
    warnings: draft.document.warnings ?? [],
    /** The plain text the parser saw, shown beside the tree. */
    sourceText: draft.sourceText,
  };
}

export function presentImportCommit(
  result: ImportResult & { draftId: number; inspectionId: number; version: number },
) {
  return {
    draftId: result.draftId,
    inspectionId: result.inspectionId,
    status: 'committed' as const,
    version: result.version,
    sourceDocumentId: result.sourceDocumentId,
    counts: {
      aspects: result.aspects,
      problems: result.problems,
      measures: result.measures,
      manifestations: result.manifestations,
      departmentsCreated: result.departmentsCreated,
      peopleCreated: result.peopleCreated,
    },
  };
}
