/**
 * Evidence (佐证材料): upload into the content-addressed store, list, download, remove. An upload
 * is streamed to a staging file while hashing, checked by content, and only then moved under
 * its sha256 and recorded with its event in one transaction — a refused upload leaves neither a
 * row nor a file. Files rest on the record of closing, so a closed item's files and any file a
 * transition's snapshot names can never be removed.
 */
import type { Readable } from 'node:stream';
import type { Database } from '../../storage/database.ts';
import type { Role } from '../../storage/schema.ts';
import { FileTooLargeError, type FileStore, type StagedFile } from '../../storage/file-store.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { nowIso, type Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { insertEvidence } from '../ledger/ledger.repository.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import { EvidenceFieldsSchema } from './evidence.schema.ts';
import {
  deleteEvidence,
  findEvidenceInScope,
  findProblemInScope,
  isMeasureOfProblem,
  listProblemEvidence,
} from './evidence.repository.ts';
import { presentEvidence, type EvidenceView } from './evidence.presenter.ts';
import { insertEvidenceText, readEvidenceText } from './evidence-text.ts';
import { sanitiseFileName } from './file-name.rules.ts';
import { findDeclarationMismatch, mediaTypeRules, sniffEvidenceKind } from './media-type.rules.ts';

export interface EvidenceActor extends LedgerScope {
  userId: number;
  role: Role;
}

/** One part of an upload form, in the order the client sent them. */
export type UploadPart =
  | { kind: 'file'; fileName: string; declaredType: string | null; stream: Readable }
  | { kind: 'field'; name: string; value: string };

export interface EvidenceContent {
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  stream: Readable;
}

/** Default upload limit in bytes (50 MB). */
export const DEFAULT_EVIDENCE_MAX_BYTES = 50 * 1024 * 1024;

/** Roles that add and remove evidence; the others only read it. */
const EVIDENCE_WRITERS: readonly Role[] = ['unit_office', 'department'];

const ACCEPTED_KINDS_TEXT = 'PDF、PNG/JPEG/GIF/WebP 图片、Word/Excel/PowerPoint、OFD、文本（UTF-8/GBK）、MP4';

/** A byte count the way people say it: "50 MB", "512 KB", or bytes. */
export function formatByteLimit(bytes: number): string {
  const mebibyte = 1024 * 1024;
  if (bytes >= mebibyte && bytes % mebibyte === 0) return `${bytes / mebibyte} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} 字节`;
}

function invalidInput(where: string, message: string): AppError {
  return new AppError('invalid_input', `请求参数有误：${where}：${message}`, `invalid ${where}: ${message}`, {
    where,
  });
}

function assertWriter(actor: EvidenceActor): void {
  if (!EVIDENCE_WRITERS.includes(actor.role)) {
    throw new AppError(
      'forbidden',
      '只有整改办和责任部门可以上传或删除佐证材料',
      `role ${actor.role} may not change evidence`,
    );
  }
}

function closedProblem(problemId: number): AppError {
  return new AppError(
    'conflict',
    '该问题已销号，不能再上传佐证材料',
    `problem ${problemId} is closed: upload refused`,
  );
}

export function createEvidenceService(dependencies: {
  db: Database;
  clock: Clock;
  fileStore: FileStore;
  /** Upload limit in bytes. */
  maxBytes: number;
}) {
  const { db, clock, fileStore, maxBytes } = dependencies;

  /** Reads the form: stages the one file, collects the text fields. */
  async function readUpload(parts: AsyncIterable<UploadPart>) {
    let staged: { file: StagedFile; fileName: string; declaredType: string | null } | null = null;
    const fields: Record<string, string> = {};
    try {
      for await (const part of parts) {
        if (part.kind === 'field') {
          fields[part.name] = part.value;
          continue;
        }
        const fileName = sanitiseFileName(part.fileName);
        if (staged) {
          part.stream.resume();
          throw invalidInput('body.file', '一次只能上传一个文件');
        }
        try {
          const file = await fileStore.stageStream(part.stream, { maxBytes });
          staged = { file, fileName, declaredType: part.declaredType };
        } catch (error) {
          if (error instanceof FileTooLargeError) throw tooLarge(fileName);
          throw error;
        }
      }
    } catch (error) {
      staged?.file.discard();
      throw error;
    }
    return { staged, fields };
  }

  function tooLarge(fileName: string): AppError {
    return new AppError(
      'payload_too_large',
      `文件「${fileName}」超过大小上限 ${formatByteLimit(maxBytes)}`,
      `upload exceeds ${maxBytes} bytes`,
      { where: 'body.file' },
    );
  }

  return {
    /** The upload limit, for the multipart reader's own guard. */
    maxBytes,

    /** Maps an upload limit hit by the form reader to the same 413 the store gives. */
    tooLarge,

    /** Adds one evidence file to a problem in scope; nothing is kept when anything is refused. */
    async uploadEvidence(
      actor: EvidenceActor,
      problemId: number,
      parts: AsyncIterable<UploadPart>,
    ): Promise<EvidenceView> {
      const problem = await findProblemInScope(db, actor, problemId);
      if (!problem) throw notFound('问题', 'problem', problemId);
      assertWriter(actor);
      if (problem.state === 'closed') throw closedProblem(problemId);

      const { staged, fields } = await readUpload(parts);
      try {
        if (!staged) throw invalidInput('body.file', '请选择要上传的文件');
        const { file, fileName, declaredType } = staged;
        if (file.sizeBytes === 0) throw invalidInput('body.file', `文件「${fileName}」是空文件`);
        const input = parseInput(EvidenceFieldsSchema, fields, 'body');
        const kind = sniffEvidenceKind(file);
        if (!kind) {
          throw new AppError(
            'unsupported_media_type',
            `文件「${fileName}」不是允许的佐证材料格式（可上传：${ACCEPTED_KINDS_TEXT}）`,
            `upload ${JSON.stringify(fileName)} has no accepted content type`,
            { where: 'body.file' },
          );
        }
        const rule = mediaTypeRules[kind];
        const mismatch = findDeclarationMismatch(kind, fileName, declaredType);
        if (mismatch) {
          const said = mismatch === 'extension' ? '扩展名' : `声明的类型（${declaredType}）`;
          throw new AppError(
            'unsupported_media_type',
            `文件「${fileName}」的${said}与文件内容（${rule.mediaType}）不符`,
            `upload ${JSON.stringify(fileName)}: ${mismatch} disagrees with sniffed ${rule.mediaType}`,
            { where: 'body.file' },
          );
        }
        if (input.measureId != null && !(await isMeasureOfProblem(db, input.measureId, problem.id))) {
          throw invalidInput('body.measureId', '该整改措施不属于此问题');
        }
        // Read before the transaction: parsing a large PDF must not hold the write lock.
        const text = await readEvidenceText(kind, file.readRange(0, file.sizeBytes), fileName);
        const at = nowIso(clock);
        const evidenceId = await db.transaction().execute(async (transaction) => {
          // The state is read again inside the transaction: the item may have closed meanwhile.
          const current = await findProblemInScope(transaction, actor, problem.id);
          if (!current) throw notFound('问题', 'problem', problemId);
          if (current.state === 'closed') throw closedProblem(problemId);
          // The file takes its real name only now, so every refusal above left nothing behind.
          const stored = file.commit();
          const id = await insertEvidence(transaction, {
            officeId: problem.officeId,
            problemId: problem.id,
            measureId: input.measureId,
            fileName,
            mediaType: rule.mediaType,
            sizeBytes: stored.sizeBytes,
            sha256: stored.sha256,
            storageKey: stored.storageKey,
            description: input.description,
            effectiveOn: input.effectiveOn,
            uploadedBy: actor.userId,
            uploadedAt: at,
          });
          if (text !== null) {
            await insertEvidenceText(transaction, { evidenceId: id, officeId: problem.officeId, text, at });
          }
          return id;
        });
        const row = await findEvidenceInScope(db, actor, evidenceId);
        if (!row) throw new Error(`evidence ${evidenceId} vanished after insert`);
        return presentEvidence(row);
      } finally {
        staged?.file.discard();
      }
    },

    /** A problem's evidence, oldest first. */
    async listEvidence(actor: EvidenceActor, problemId: number): Promise<EvidenceView[]> {
      const problem = await findProblemInScope(db, actor, problemId);
      if (!problem) throw notFound('问题', 'problem', problemId);
      return (await listProblemEvidence(db, problem.id)).map(presentEvidence);
    },

    /** The stored bytes of one evidence file in scope, as a stream. */
    async openEvidenceContent(actor: EvidenceActor, evidenceId: number): Promise<EvidenceContent> {
      const row = await findEvidenceInScope(db, actor, evidenceId);
      if (!row) throw notFound('佐证材料', 'evidence', evidenceId);
      const { stream, sizeBytes } = fileStore.openRead(row.storage_key);
      return { fileName: row.file_name, mediaType: row.media_type, sizeBytes, stream };
    },

    /** Removes an evidence row (the stored file stays: other rows may share its content). */
    async deleteEvidence(actor: EvidenceActor, evidenceId: number, expectedVersion: number): Promise<void> {
      const at = nowIso(clock);
      await db.transaction().execute(async (transaction) => {
        const row = await findEvidenceInScope(transaction, actor, evidenceId);
        if (!row) throw notFound('佐证材料', 'evidence', evidenceId);
        assertWriter(actor);
        const stale = new AppError(
          'conflict',
          '该佐证材料已被他人修改或删除，请刷新后重试',
          `evidence ${evidenceId} is not at version ${expectedVersion}`,
        );
        if (row.version !== expectedVersion) throw stale;
        if (row.problem_state === 'closed') {
          throw new AppError(
            'conflict',
            '该问题已销号，其佐证材料不能删除',
            `evidence ${evidenceId} belongs to closed problem ${row.problem_id}`,
          );
        }
        if (row.is_in_snapshot) {
          throw new AppError(
            'conflict',
            '该佐证材料已作为申请销号的依据，不能删除',
            `evidence ${evidenceId} is part of a transition snapshot`,
          );
        }
        if (!(await deleteEvidence(transaction, row, { actorUserId: actor.userId, at }))) throw stale;
      });
    },
  };
}

export type EvidenceService = ReturnType<typeof createEvidenceService>;
