/**
 * Reports routes: the generated documents (.docx in official layout), the ledger as .xlsx both
 * ways, and immutable publications of the public notice. Scoped like the ledger (404 outside);
 * writes for the office and the unit office only.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../common/clock.ts';
import { parseInput } from '../common/parse-input.ts';
import { readUpload } from '../common/read-upload.ts';
import { describeRoute } from '../common/route-schema.ts';
import { defaultDeadlinePolicy } from '../deadlines/deadline.rules.ts';
import { createCalendarService } from '../deadlines/calendar.service.ts';
import { attachmentDisposition } from '../evidence/file-name.rules.ts';
import { ledgerScopeOf } from '../ledger/ledger-scope.ts';
import { requireActor } from '../users/actor.ts';
import { createAggregateNoticeService } from './aggregate-notice.service.ts';
import { createLedgerXlsxService } from './ledger-xlsx.service.ts';
import { createPublicationService } from './publication.service.ts';
import { createReportService } from './report.service.ts';
import {
  AggregateNoticeQuerySchema,
  AsOfQuerySchema,
  DocumentParamsSchema,
  InspectionIdParamsSchema,
  PublicationIdParamsSchema,
  PublishSchema,
  XlsxImportQuerySchema,
} from './reports.schema.ts';

const tags = ['报告与导出'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Largest ledger sheet accepted for import, in bytes. */
const MAX_XLSX_BYTES = 20 * 1024 * 1024;

function sendFile(reply: FastifyReply, bytes: Buffer, fileName: string, mediaType: string) {
  return reply
    .header('content-type', mediaType)
    .header('content-disposition', attachmentDisposition(fileName))
    .header('cache-control', 'no-store')
    .send(bytes);
}

export function registerReportRoutes(
  app: FastifyInstance,
  dependencies: { db: Database; clock: Clock },
): void {
  const reports = createReportService(dependencies);
  const publications = createPublicationService(dependencies);
  const calendars = createCalendarService(dependencies);
  const aggregateNotices = createAggregateNoticeService(dependencies);
  const sheets = createLedgerXlsxService({
    ...dependencies,
    // The calendar in force: bundled years and the admin's imports, re-read after an import.
    calendar: (executor) => calendars.getCalendar(executor),
    deadlinePolicy: defaultDeadlinePolicy,
  });

  app.get(
    '/api/inspections/:id/documents/:kind',
    {
      schema: describeRoute({
        summary: '生成公文（整改方案、进展通报、整改报告、督办通知）.docx',
        tags,
        params: DocumentParamsSchema,
        querystring: AsOfQuerySchema,
      }),
    },
    async (request, reply) => {
      const scope = ledgerScopeOf(requireActor(request));
      const { id, kind } = parseInput(DocumentParamsSchema, request.params, 'params');
      const { date } = parseInput(AsOfQuerySchema, request.query, 'query');
      const document = await reports.generateDocument(scope, id, kind, date);
      return sendFile(reply, document.bytes, document.fileName, DOCX);
    },
  );

  app.get(
    '/api/reports/aggregate-notice',
    {
      schema: describeRoute({
        summary: '生成巡察整改情况通报（巡察办汇总，某轮次或全部轮次）.docx',
        tags,
        querystring: AggregateNoticeQuerySchema,
      }),
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const scope = ledgerScopeOf(actor);
      const { roundId } = parseInput(AggregateNoticeQuerySchema, request.query, 'query');
      const notice = await aggregateNotices.generate(scope, actor.role, roundId);
      return sendFile(reply, notice.bytes, notice.fileName, DOCX);
    },
  );

  app.get(
    '/api/inspections/:id/ledger.xlsx',
    {
      schema: describeRoute({
        summary: '导出整改台账 .xlsx',
        tags,
        params: InspectionIdParamsSchema,
        querystring: AsOfQuerySchema,
      }),
    },
    async (request, reply) => {
      const scope = ledgerScopeOf(requireActor(request));
      const { id } = parseInput(InspectionIdParamsSchema, request.params, 'params');
      const { date } = parseInput(AsOfQuerySchema, request.query, 'query');
      const sheet = await sheets.exportLedger(scope, id, date);
      return sendFile(reply, sheet.bytes, sheet.fileName, XLSX);
    },
  );

  app.post(
    '/api/inspections/:id/publications',
    {
      schema: describeRoute({
        summary: '公开发布整改进展情况通报（新版本，不可更改）',
        tags,
        params: InspectionIdParamsSchema,
        body: PublishSchema,
      }),
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const scope = ledgerScopeOf(actor);
      const { id } = parseInput(InspectionIdParamsSchema, request.params, 'params');
      const { date } = parseInput(PublishSchema, request.body);
      const publication = await publications.publishNotice(scope, id, {
        asOf: date,
        actorUserId: actor.userId,
        actorRole: actor.role,
      });
      return reply.status(201).send({ publication });
    },
  );

  app.get(
    '/api/publications/:id',
    {
      schema: describeRoute({
        summary: '已发布通报的存档 .docx（原样）',
        tags,
        params: PublicationIdParamsSchema,
      }),
    },
    async (request, reply) => {
      const scope = ledgerScopeOf(requireActor(request));
      const { id } = parseInput(PublicationIdParamsSchema, request.params, 'params');
      const published = await publications.getPublication(scope, id);
      void reply.header('x-content-sha256', published.contentSha256);
      return sendFile(reply, published.bytes, published.fileName, DOCX);
    },
  );

  // Encapsulated, so this multipart parser cannot clash with another module's registration.
  void app.register(async (scoped) => {
    if (!scoped.hasContentTypeParser('multipart/form-data')) await scoped.register(multipart);
    scoped.post(
      '/api/inspections/:id/ledger.xlsx',
      {
        schema: describeRoute({
          summary: '导入整改台账 .xlsx（全部行有效才写入，或明确选择只导入有效行）',
          tags,
          params: InspectionIdParamsSchema,
          querystring: XlsxImportQuerySchema,
        }),
      },
      async (request) => {
        const actor = requireActor(request);
        const scope = ledgerScopeOf(actor);
        const { id } = parseInput(InspectionIdParamsSchema, request.params, 'params');
        const { validRowsOnly } = parseInput(XlsxImportQuerySchema, request.query, 'query');
        const upload = await readUpload(request, MAX_XLSX_BYTES);
        return sheets.importLedger({
          scope,
          inspectionId: id,
          bytes: upload.bytes,
          validRowsOnly,
          actorUserId: actor.userId,
          actorRole: actor.role,
        });
      },
    );
  });
}
