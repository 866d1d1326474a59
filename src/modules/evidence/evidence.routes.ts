/**
 * Evidence routes: upload (multipart, streamed), list, download and remove. Thin: validate,
 * call one service function, present. The multipart parser is registered inside this plugin's
 * own context, so its limits apply to evidence uploads only.
 */
import os from 'node:os';
import path from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../storage/database.ts';
import { createFileStore, type FileStore } from '../../storage/file-store.ts';
import { AppError } from '../common/app-error.ts';
import type { Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { describeRoute } from '../common/route-schema.ts';
import { ProblemIdParamsSchema } from '../ledger/ledger.schema.ts';
import { ledgerScopeOf } from '../ledger/ledger-scope.ts';
import { requireActor } from '../users/actor.ts';
import { DeleteEvidenceSchema, EvidenceIdParamsSchema, EvidenceUploadFormSchema } from './evidence.schema.ts';
import {
  createEvidenceService,
  DEFAULT_EVIDENCE_MAX_BYTES,
  type EvidenceActor,
  type UploadPart,
} from './evidence.service.ts';
import { attachmentDisposition } from './file-name.rules.ts';

/** Text fields are short; anything longer is refused rather than silently cut. */
const MAX_FIELD_BYTES = 16 * 1024;

function evidenceActorOf(request: FastifyRequest): EvidenceActor {
  const actor = requireActor(request);
  return { ...ledgerScopeOf(actor), userId: actor.userId, role: actor.role };
}

/** The request's multipart parts as the service reads them, with the parser's limits as AppErrors. */
async function* readParts(
  request: FastifyRequest,
  tooLarge: (fileName: string) => AppError,
): AsyncGenerator<UploadPart> {
  if (!request.isMultipart()) {
    throw new AppError(
      'unsupported_media_type',
      '请以 multipart/form-data 格式上传文件',
      `upload with content type ${request.headers['content-type'] ?? '(none)'}`,
    );
  }
  let fileName = '';
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        fileName = part.filename;
        yield {
          kind: 'file',
          fileName: part.filename,
          declaredType: part.mimetype || null,
          stream: part.file,
        };
      } else {
        if (part.valueTruncated) {
          throw new AppError(
            'invalid_input',
            `请求参数有误：body.${part.fieldname}：内容过长`,
            'field too long',
            {
              where: `body.${part.fieldname}`,
            },
          );
        }
        yield { kind: 'field', name: part.fieldname, value: String(part.value) };
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(fileName);
    if (code === 'FST_FILES_LIMIT') {
      throw new AppError('invalid_input', '请求参数有误：body.file：一次只能上传一个文件', 'too many files', {
        where: 'body.file',
      });
    }
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new AppError('invalid_input', '请求参数有误：body：表单字段过多', 'too many form fields', {
        where: 'body',
      });
    }
    throw error;
  }
}

/**
 * Registers the evidence routes. Without a file store (tests that never upload) files go to a
 * folder under the system temp directory; the application always passes the data folder's.
 */
export function registerEvidenceRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock; fileStore?: FileStore; maxBytes?: number },
): void {
  const maxBytes = dependencies.maxBytes ?? DEFAULT_EVIDENCE_MAX_BYTES;
  const evidence = createEvidenceService({
    db: dependencies.db,
    clock: dependencies.clock,
    fileStore:
      dependencies.fileStore ?? createFileStore(path.join(os.tmpdir(), 'rectify-evidence-unconfigured')),
    maxBytes,
  });

  void app.register(async (scope) => {
    await scope.register(multipart, {
      // One byte over the limit reaches the store, which refuses it with the limit in the message.
      limits: { fileSize: maxBytes + 1, files: 1, fields: 10, parts: 12, fieldSize: MAX_FIELD_BYTES },
      throwFileSizeLimit: false,
    });

    scope.post(
      '/api/problems/:id/evidence',
      {
        schema: {
          ...describeRoute({
            summary: '上传佐证材料（multipart：file、description、effectiveOn、measureId）',
            tags: ['佐证材料'],
            params: ProblemIdParamsSchema,
            body: EvidenceUploadFormSchema,
          }),
          consumes: ['multipart/form-data'],
        },
      },
      async (request, reply) => {
        const actor = evidenceActorOf(request);
        const { id } = parseInput(ProblemIdParamsSchema, request.params, 'params');
        const created = await evidence.uploadEvidence(actor, id, readParts(request, evidence.tooLarge));
        return reply.status(201).send(created);
      },
    );

    scope.get(
      '/api/problems/:id/evidence',
      {
        schema: describeRoute({
          summary: '问题的佐证材料列表',
          tags: ['佐证材料'],
          params: ProblemIdParamsSchema,
        }),
      },
      async (request) => {
        const actor = evidenceActorOf(request);
        const { id } = parseInput(ProblemIdParamsSchema, request.params, 'params');
        return { items: await evidence.listEvidence(actor, id) };
      },
    );

    scope.get(
      '/api/evidence/:id/content',
      {
        schema: describeRoute({
          summary: '下载佐证材料',
          tags: ['佐证材料'],
          params: EvidenceIdParamsSchema,
        }),
      },
      async (request, reply) => {
        const actor = evidenceActorOf(request);
        const { id } = parseInput(EvidenceIdParamsSchema, request.params, 'params');
        const content = await evidence.openEvidenceContent(actor, id);
        return reply
          .header('content-type', content.mediaType)
          .header('content-length', content.sizeBytes)
          .header('content-disposition', attachmentDisposition(content.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, no-store')
          .send(content.stream);
      },
    );

    scope.delete(
      '/api/evidence/:id',
      {
        schema: describeRoute({
          summary: '删除佐证材料（须带 version；已销号或已作为销号依据的不能删除）',
          tags: ['佐证材料'],
          params: EvidenceIdParamsSchema,
          querystring: DeleteEvidenceSchema,
        }),
      },
      async (request, reply) => {
        const actor = evidenceActorOf(request);
        const { id } = parseInput(EvidenceIdParamsSchema, request.params, 'params');
        const source = request.body && typeof request.body === 'object' ? request.body : request.query;
        const input = parseInput(DeleteEvidenceSchema, source, request.body ? 'body' : 'query');
        await evidence.deleteEvidence(actor, id, input.version);
        return reply.status(204).send();
      },
    );
  });
}
