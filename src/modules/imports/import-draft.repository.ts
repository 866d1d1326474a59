/**
 * Import drafts: a parsed document waiting in the import wizard, stored with the text the
 * parser saw. Reads are scoped like the ledger (office, and the units of a unit role) through
 * the draft's inspection, so a draft outside the scope is simply not found.
 */
import type { ExpressionBuilder } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import type { ImportDraftStatus, Tables } from '../../storage/schema.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';

export interface NewImportDraft {
  officeId: number;
  inspectionId: number;
  createdBy: number;
  createdAt: string;
  fileName: string;
  sha256: string;
  sourceText: string;
  parsedJson: string;
}

export interface ImportDraftRow {
  id: number;
  officeId: number;
  inspectionId: number;
  unitId: number;
  createdBy: number | null;
  createdAt: string;
  fileName: string;
  sha256: string;
  sourceText: string;
  parsedJson: string;
  status: ImportDraftStatus;
  version: number;
}

/** The inspection (id and unit) if it is in scope. */
export async function findInspectionInScope(db: Executor, scope: LedgerScope, inspectionId: number) {
  return db
    .selectFrom('inspections')
    .select(['inspections.id', 'inspections.unit_id'])
    .where('inspections.id', '=', inspectionId)
    .where((eb) => inScope(eb, scope))
    .executeTakeFirst();
}

/** Whether the inspection already has a problem tree (a document was imported into it). */
export async function hasProblemTree(db: Executor, inspectionId: number): Promise<boolean> {
  const row = await db
    .selectFrom('aspects')
    .select('id')
    .where('inspection_id', '=', inspectionId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertImportDraft(db: Executor, draft: NewImportDraft): Promise<number> {
  const row = await db
    .insertInto('import_drafts')
    .values({
      office_id: draft.officeId,
      inspection_id: draft.inspectionId,
      created_by: draft.createdBy,
      created_at: draft.createdAt,
      file_name: draft.fileName,
      sha256: draft.sha256,
      source_text: draft.sourceText,
      parsed_json: draft.parsedJson,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A draft in scope, or undefined when absent or outside the scope. */
export async function findImportDraft(
  db: Executor,
  scope: LedgerScope,
  draftId: number,
): Promise<ImportDraftRow | undefined> {
  const row = await db
    .selectFrom('import_drafts')
    .innerJoin('inspections', 'inspections.id', 'import_drafts.inspection_id')
    .where('import_drafts.id', '=', draftId)
    .where('import_drafts.office_id', '=', scope.officeId)
    .where((eb) => inScope(eb as unknown as ExpressionBuilder<Tables, 'inspections'>, scope))
    .select([
      'import_drafts.id',
      'import_drafts.office_id',
      'import_drafts.inspection_id',
      'inspections.unit_id',
      'import_drafts.created_by',
      'import_drafts.created_at',
      'import_drafts.file_name',
      'import_drafts.sha256',
      'import_drafts.source_text',
      'import_drafts.parsed_json',
      'import_drafts.status',
      'import_drafts.version',
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    officeId: row.office_id,
    inspectionId: row.inspection_id,
    unitId: row.unit_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    fileName: row.file_name,
    sha256: row.sha256,
    sourceText: row.source_text,
    parsedJson: row.parsed_json,
    status: row.status,
    version: row.version,
  };
}

/**
 * Changes a draft that is still a draft at the version the caller read, bumping the version;
 * false when it moved on, so a stale or repeated request changes nothing.
 */
export async function updateOpenImportDraft(
  db: Executor,
  draftId: number,
  expectedVersion: number,
  changes: { parsedJson?: string; status?: ImportDraftStatus },
): Promise<boolean> {
  const result = await db
    .updateTable('import_drafts')
    .set({
      ...(changes.parsedJson !== undefined && { parsed_json: changes.parsedJson }),
      ...(changes.status !== undefined && { status: changes.status }),
      version: expectedVersion + 1,
    })
    .where('id', '=', draftId)
    .where('status', '=', 'draft')
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
