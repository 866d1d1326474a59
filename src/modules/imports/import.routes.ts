/**
 * Import wizard routes: upload a document for an inspection (multipart), preview and edit the
 * parsed draft, commit it into the ledger or discard it. Thin: validate, call one service
 * function, present the result.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../storage/database.ts';
import { MAX_DOCUMENT_BYTES } from '../../parse/parse-document.ts';
import type { Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { readUpload } from '../common/read-upload.ts';
import { describeRoute } from '../common/route-schema.ts';
import { defaultDeadlinePolicy } from '../deadlines/deadline.rules.ts';
import { createCalendarService } from '../deadlines/calendar.service.ts';
import { requireActor } from '../users/actor.ts';
import { createImportDraftService } from './import-draft.service.ts';
import { presentImportCommit, presentImportDraft } from './import.presenter.ts';
import {
  CommitDraftSchema,
  DraftIdParamsSchema,
  UpdateDraftSchema,
  UploadQuerySchema,
} from './import.schema.ts';

const tags = ['导入'];

export function registerImportRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock },
): void {
  const calendars = createCalendarService(dependencies);
  const drafts = createImportDraftService({
    ...dependencies,
    // The calendar in force: bundled years and the admin's imports, re-read after an import.
    calendar: (executor) => calendars.getCalendar(executor),
    deadlinePolicy: defaultDeadlinePolicy,
  });

  // Encapsulated, so the multipart parser registered here cannot clash with another module's
  // registration of the same plugin; it is only added when none is in place already.
  void app.register(async (scope) => {
    if (!scope.hasContentTypeParser('multipart/form-data')) await scope.register(multipart);

    scope.post(
      '/api/imports',
      {
        schema: describeRoute({
          summary: '上传文件（.docx/.txt/.html/.pdf/.json）并解析为导入草稿，尚不写入台账',
          tags,
          querystring: UploadQuerySchema,
        }),
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const { inspectionId } = parseInput(UploadQuerySchema, request.query, 'query');
        const draft = await drafts.createDraft(
          actor,
          inspectionId,
          await readUpload(request, MAX_DOCUMENT_BYTES),
        );
        return reply.status(201).send(presentImportDraft(draft));
      },
    );
  });

  app.get(
    '/api/imports/:id',
    {
      schema: describeRoute({ summary: '导入草稿：解析结果、提示与原文', tags, params: DraftIdParamsSchema }),
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = parseInput(DraftIdParamsSchema, request.params, 'params');
      return presentImportDraft(await drafts.getDraft(actor, id));
    },
  );

  app.put(
    '/api/imports/:id',
    {
      schema: describeRoute({
        summary: '保存修改后的导入草稿（需提供版本号）',
        tags,
        params: DraftIdParamsSchema,
        body: UpdateDraftSchema,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = parseInput(DraftIdParamsSchema, request.params, 'params');
      const input = parseInput(UpdateDraftSchema, request.body);
      return presentImportDraft(await drafts.updateDraft(actor, id, input));
    },
  );

  app.post(
    '/api/imports/:id/commit',
    {
      schema: describeRoute({
        summary: '提交导入：写入整改台账（一个事务）',
        tags,
        params: DraftIdParamsSchema,
        body: CommitDraftSchema,
      }),
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = parseInput(DraftIdParamsSchema, request.params, 'params');
      const input = parseInput(CommitDraftSchema, request.body);
      return presentImportCommit(await drafts.commitDraft(actor, id, input));
    },
  );

  app.delete(
    '/api/imports/:id',
    { schema: describeRoute({ summary: '放弃导入草稿', tags, params: DraftIdParamsSchema }) },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = parseInput(DraftIdParamsSchema, request.params, 'params');
      await drafts.discardDraft(actor, id);
      return reply.status(204).send();
    },
  );
}
