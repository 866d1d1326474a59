/**
 * The import wizard: upload → parse → preview and edit → commit. An upload is parsed and kept
 * as a draft beside the text the parser saw; nothing reaches the ledger until the commit, which
 * imports the (edited) document and marks the draft committed in one transaction. A file that
 * cannot be read is refused with the parser's message naming it, and nothing is stored.
 */
import { createHash } from 'node:crypto';
import type { Executor } from '../../storage/database.ts';
import { DocumentParseError, parseDocumentFile, MAX_DOCUMENT_BYTES } from '../../parse/parse-document.ts';
import type { ParsedDocument } from '../../parse/parsed-document.schema.ts';
import { AppError, notFound, type AppErrorCode } from '../common/app-error.ts';
import { nowIso } from '../common/clock.ts';
import { ledgerScopeOf } from '../ledger/ledger-scope.ts';
import type { Actor } from '../users/actor.ts';
import { assertRole } from '../users/scope.rules.ts';
import { indexAfterImport } from '../search/search-index-builder.ts';
import {
  createDocumentImportService,
  validateParsedDocument,
  type DocumentImportDependencies,
} from './document-import.service.ts';
import { readDocumentText } from './document-source-text.ts';
import {
  findImportDraft,
  findInspectionInScope,
  hasProblemTree,
  insertImportDraft,
  updateOpenImportDraft,
  type ImportDraftRow,
} from './import-draft.repository.ts';
import type { CommitDraftInput, UpdateDraftInput } from './import.schema.ts';

export interface UploadedFile {
  fileName: string;
  bytes: Uint8Array;
}

const errorCodeByParseError: Record<DocumentParseError['code'], AppErrorCode> = {
  unsupported_format: 'unsupported_media_type',
  corrupt_file: 'invalid_document',
  empty: 'invalid_document',
  too_large: 'payload_too_large',
};

function fromParseError(error: DocumentParseError): AppError {
  return new AppError(errorCodeByParseError[error.code], error.message, error.logMessage, {
    where: error.fileName,
  });
}

function isJsonFile(fileName: string): boolean {
  return /\.json$/i.test(fileName);
}

/** A FORMAT.md JSON file: its text, validated; errors name the file and the field. */
function readJsonDocument(file: UploadedFile): { document: ParsedDocument; sourceText: string } {
  let text: string;
  let value: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes).replace(/^\uFEFF/, '');
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'invalid_document',
      `文件“${file.fileName}”不是有效的 UTF-8 JSON 文件：${reason}`,
      `${file.fileName} is not valid UTF-8 JSON: ${reason}`,
      { where: file.fileName },
    );
  }
  try {
    return { document: validateParsedDocument(value), sourceText: text };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new AppError(
      error.code,
      `文件“${file.fileName}”：${error.userMessage}`,
      `${file.fileName}: ${error.logMessage}`,
      error.details,
    );
  }
}

/** Parses an uploaded document of any supported format, with the text the parser saw. */
async function readUploadedDocument(
  file: UploadedFile,
): Promise<{ document: ParsedDocument; sourceText: string }> {
  if (file.bytes.length > MAX_DOCUMENT_BYTES) {
    throw new AppError(
      'payload_too_large',
      `文件“${file.fileName}”过大，超过 ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB 的上限。`,
      `${file.fileName} is too large (${file.bytes.length} bytes)`,
      { where: file.fileName },
    );
  }
  if (isJsonFile(file.fileName)) return readJsonDocument(file);
  try {
    const document = validateParsedDocument(await parseDocumentFile(file.bytes, file.fileName));
    return { document, sourceText: await readDocumentText(file.bytes, file.fileName) };
  } catch (error) {
    if (error instanceof DocumentParseError) throw fromParseError(error);
    throw error;
  }
}

function staleDraft(draftId: number): AppError {
  return new AppError(
    'conflict',
    '该导入草稿已被他人修改，请刷新后重试',
    `import draft ${draftId} version is stale`,
  );
}

function closedDraft(draft: ImportDraftRow): AppError {
  const state = draft.status === 'committed' ? '已提交导入' : '已放弃';
  return new AppError(
    'conflict',
    `该导入草稿${state}，不能再修改`,
    `import draft ${draft.id} is ${draft.status}`,
  );
}

/** The draft as the wizard sees it: the stored row with its document parsed. */
export interface ImportDraft extends ImportDraftRow {
  document: ParsedDocument;
}

function withDocument(row: ImportDraftRow): ImportDraft {
  return { ...row, document: JSON.parse(row.parsedJson) as ParsedDocument };
}

export function createImportDraftService(dependencies: DocumentImportDependencies) {
  const { db, clock } = dependencies;
  const importer = createDocumentImportService(dependencies);

  /**
   * Only the office and the unit office write drafts; other roles may read them. Checked after
   * the draft or inspection is found in scope, so an id outside it answers 404, never 403.
   */
  function requireImporter(actor: Actor) {
    assertRole(actor, 'office', 'unit_office');
  }

  async function getDraft(database: Executor, actor: Actor, id: number) {
    const draft = await findImportDraft(database, ledgerScopeOf(actor), id);
    if (!draft) throw notFound('导入草稿', 'import draft', id);
    return draft;
  }

  return {
    /** Parses an upload for an inspection in scope and keeps it as a draft; nothing else is written. */
    async createDraft(actor: Actor, inspectionId: number, file: UploadedFile): Promise<ImportDraft> {
      const scope = ledgerScopeOf(actor);
      const inspection = await findInspectionInScope(db, scope, inspectionId);
      if (!inspection) throw notFound('巡察', 'inspection', inspectionId);
      requireImporter(actor);
      if (await hasProblemTree(db, inspection.id)) {
        throw new AppError(
          'conflict',
          '该巡察的整改问题已经导入过，不能重复导入；如需重新导入，请先清空该巡察的台账。',
          `inspection ${inspection.id} already has a problem tree`,
        );
      }
      const { document, sourceText } = await readUploadedDocument(file);
      const draftId = await insertImportDraft(db, {
        officeId: scope.officeId,
        inspectionId: inspection.id,
        createdBy: actor.userId,
        createdAt: nowIso(clock),
        fileName: file.fileName,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        sourceText,
        parsedJson: JSON.stringify(document),
      });
      return withDocument(await getDraft(db, actor, draftId));
    },

    /** A draft in scope with its document and source text. */
    async getDraft(actor: Actor, draftId: number): Promise<ImportDraft> {
      return withDocument(await getDraft(db, actor, draftId));
    },

    /** Replaces the draft's document with the wizard's edited one, at the version read. */
    async updateDraft(actor: Actor, draftId: number, input: UpdateDraftInput): Promise<ImportDraft> {
      const draft = await getDraft(db, actor, draftId);
      requireImporter(actor);
      if (draft.status !== 'draft') throw closedDraft(draft);
      if (draft.version !== input.version) throw staleDraft(draftId);
      const parsedJson = JSON.stringify(input.document);
      if (!(await updateOpenImportDraft(db, draftId, input.version, { parsedJson })))
        throw staleDraft(draftId);
      return withDocument(await getDraft(db, actor, draftId));
    },

    /**
     * Imports the draft's document into its inspection and marks the draft committed, in one
     * transaction: either both happen or neither does.
     */
    async commitDraft(actor: Actor, draftId: number, input: CommitDraftInput) {
      const committed = await db.transaction().execute(async (transaction) => {
        const draft = await getDraft(transaction, actor, draftId);
        requireImporter(actor);
        if (draft.status !== 'draft') throw closedDraft(draft);
        const expectedVersion = input.version ?? draft.version;
        if (draft.version !== expectedVersion) throw staleDraft(draftId);
        // Claiming the draft first makes a concurrent second commit fail on the version.
        if (!(await updateOpenImportDraft(transaction, draftId, expectedVersion, { status: 'committed' }))) {
          throw staleDraft(draftId);
        }
        const result = await importer.importDocumentWithin(transaction, {
          officeId: draft.officeId,
          inspectionId: draft.inspectionId,
          document: JSON.parse(draft.parsedJson),
          fileName: draft.fileName,
          sourceSha256: draft.sha256,
          actorUserId: actor.userId,
        });
        return {
          officeId: draft.officeId,
          committed: { draftId, inspectionId: draft.inspectionId, version: expectedVersion + 1, ...result },
        };
      });
      indexAfterImport(db, committed.officeId, committed.committed.problems);
      return committed.committed;
    },

    /** Discards a draft; discarding one already discarded changes nothing. */
    async discardDraft(actor: Actor, draftId: number): Promise<void> {
      const draft = await getDraft(db, actor, draftId);
      requireImporter(actor);
      if (draft.status === 'discarded') return;
      if (draft.status !== 'draft') throw closedDraft(draft);
      if (!(await updateOpenImportDraft(db, draftId, draft.version, { status: 'discarded' }))) {
        throw staleDraft(draftId);
      }
    },
  };
}
