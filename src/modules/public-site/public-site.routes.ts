/**
 * The public side, without login, under /public/: the notice list, a notice and its problems as
 * published, the .docx exactly as stored, the feedback form's POST (same-origin only, rate
 * limited per address before the body is read, limits on every field and the attachment) and
 * the lookup by reference number (rate limited per address in process). Pages are HTML (no script); errors render as HTML pages too.
 * Registered as its own plugin so its multipart limits and error pages apply here only.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../storage/database.ts';
import type { Clock } from '../common/clock.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { parseInput } from '../common/parse-input.ts';
import { attachmentDisposition } from '../evidence/file-name.rules.ts';
import { findPublishedReplies } from '../feedback/feedback.repository.ts';
import { feedbackLimits } from '../feedback/feedback.rules.ts';
import {
  LookupQuerySchema,
  NoticeParamsSchema,
  NoticeProblemParamsSchema,
  PublicFeedbackFormSchema,
} from '../feedback/feedback.schema.ts';
import type { FeedbackService, PublicAttachment } from '../feedback/feedback.service.ts';
import {
  findPublishedNotice,
  listNoticeVersions,
  listPublishedNotices,
} from '../reports/publication.repository.ts';
import type { PublicationSnapshot } from '../reports/publication.service.ts';
import { createLookupLimiter, defaultLookupRatePolicy, type LookupRatePolicy } from './lookup-limit.ts';
import {
  findPublishedProblem,
  PUBLIC_PREFIX,
  renderErrorPage,
  renderLookupPage,
  renderNoticeList,
  renderNoticePage,
  renderProblemPage,
  type NoticePageData,
  type NoticeSummary,
} from './public-pages.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const stylesheetBytes = fs.readFileSync(new URL('./public.css', import.meta.url));
const stylesheetHash = createHash('sha256').update(stylesheetBytes).digest('hex').slice(0, 12);
const STYLESHEET_PATH = `${PUBLIC_PREFIX}/assets/public.css`;
const STYLESHEET = `${STYLESHEET_PATH}?v=${stylesheetHash}`;
/** Text fields of the form, in bytes; the content limit in characters is checked after. */
const MAX_FIELD_BYTES = 16 * 1024;

export interface PublicSiteDependencies {
  db: Database;
  clock: Clock;
  feedback: FeedbackService;
  /** Lookups by reference number per address; the default unless a test sets its own. */
  lookupRatePolicy?: LookupRatePolicy;
  /** Why a write is cross-site (the server's same-origin check), or null when it is not. */
  crossSiteReason: (request: FastifyRequest) => string | null;
  /** Status and domain error of any error (the server's one mapping). */
  describeError: (error: FastifyError | AppError) => { status: number; appError: AppError };
}

/** A published notice version (from the list or a single read) as the public pages name it. */
function noticeSummary(
  row: Pick<
    Awaited<ReturnType<typeof listPublishedNotices>>[number],
    'id' | 'inspection_id' | 'version' | 'title' | 'published_at' | 'office_name' | 'round_name' | 'unit_name'
  >,
): NoticeSummary {
  return {
    id: row.id,
    inspectionId: row.inspection_id,
    version: row.version,
    title: row.title,
    publishedAt: row.published_at,
    officeName: row.office_name,
    roundName: row.round_name,
    unitName: row.unit_name,
  };
}

function sendPage(reply: FastifyReply, markup: string, status = 200) {
  return reply
    .status(status)
    .header('cache-control', 'no-cache')
    .type('text/html; charset=utf-8')
    .send(markup);
}

/** The form's fields and its one optional attachment, within the limits. */
async function readForm(
  request: FastifyRequest,
): Promise<{ fields: Record<string, string>; attachment: PublicAttachment | null }> {
  if (!request.isMultipart()) {
    throw new AppError(
      'unsupported_media_type',
      '请通过页面上的表单提交意见',
      'public feedback not multipart',
    );
  }
  const fields: Record<string, string> = {};
  let attachment: PublicAttachment | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        // A file input left empty still sends a part with no name and no bytes.
        if (part.filename && bytes.length > 0) {
          attachment = { fileName: part.filename, declaredType: part.mimetype || null, bytes };
        }
      } else {
        if (part.valueTruncated) {
          throw new AppError(
            'payload_too_large',
            `“${part.fieldname}”内容过长`,
            `field ${part.fieldname} too long`,
            {
              where: `body.${part.fieldname}`,
            },
          );
        }
        fields[part.fieldname] ??= String(part.value);
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('payload_too_large', '附件过大，不能超过 5 MB', 'public attachment too large', {
        where: 'body.attachment',
      });
    }
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new AppError('invalid_input', '一次只能提交一条意见和一个附件', `public form ${code}`);
    }
    throw error;
  }
  return { fields, attachment };
}

export async function registerPublicSite(
  app: FastifyInstance,
  dependencies: PublicSiteDependencies,
): Promise<void> {
  const { db, feedback } = dependencies;
  const lookupRatePolicy = dependencies.lookupRatePolicy ?? defaultLookupRatePolicy;
  const lookupLimiter = createLookupLimiter(dependencies.clock, lookupRatePolicy);

  async function noticePageData(id: number): Promise<NoticePageData> {
    const row = await findPublishedNotice(db, id);
    if (!row) throw notFound('公开通报', 'publication', id);
    const snapshot = JSON.parse(row.snapshot_json) as PublicationSnapshot;
    const [versions, replies] = await Promise.all([
      listNoticeVersions(db, row.inspection_id),
      findPublishedReplies(db, row.inspection_id),
    ]);
    return {
      notice: noticeSummary(row),
      model: snapshot.model,
      fileName: snapshot.fileName,
      versions: versions.map((version) => ({
        id: version.id,
        version: version.version,
        publishedAt: version.published_at,
      })),
      replies: replies.map((reply) => ({
        problemId: reply.problem_id,
        receivedAt: reply.received_at,
        reply: reply.reply,
        repliedAt: reply.replied_at,
      })),
    };
  }

  await app.register(async (site) => {
    await site.register(multipart, {
      limits: {
        fileSize: feedbackLimits.attachmentMaxBytes,
        files: 1,
        fields: 8,
        parts: 10,
        fieldSize: MAX_FIELD_BYTES,
      },
    });

    site.setErrorHandler((error: FastifyError | AppError, request, reply) => {
      const { status, appError } = dependencies.describeError(error);
      if (status >= 500) request.log.error({ err: error }, appError.logMessage);
      else request.log.info({ code: appError.code }, appError.logMessage);
      return sendPage(reply, renderErrorPage(status, appError.userMessage, STYLESHEET), status);
    });

    const hidden = { schema: { hide: true } };

    site.get(PUBLIC_PREFIX, hidden, (_request, reply) => reply.redirect(`${PUBLIC_PREFIX}/`, 301));

    site.get(`${PUBLIC_PREFIX}/`, hidden, async (_request, reply) => {
      const rows = await listPublishedNotices(db);
      return sendPage(reply, renderNoticeList(rows.map(noticeSummary), STYLESHEET));
    });

    site.get(STYLESHEET_PATH, hidden, (_request, reply) =>
      reply
        .header('cache-control', 'public, max-age=86400')
        .type('text/css; charset=utf-8')
        .send(stylesheetBytes),
    );

    site.get(`${PUBLIC_PREFIX}/notices/:id`, hidden, async (request, reply) => {
      const { id } = parseInput(NoticeParamsSchema, request.params, 'params');
      return sendPage(reply, renderNoticePage(await noticePageData(id), STYLESHEET));
    });

    site.get(`${PUBLIC_PREFIX}/notices/:id/download`, hidden, async (request, reply) => {
      const { id } = parseInput(NoticeParamsSchema, request.params, 'params');
      const row = await findPublishedNotice(db, id);
      if (!row) throw notFound('公开通报', 'publication', id);
      const snapshot = JSON.parse(row.snapshot_json) as PublicationSnapshot;
      const bytes = Buffer.from(snapshot.docxBase64, 'base64');
      if (createHash('sha256').update(bytes).digest('hex') !== row.content_sha256) {
        throw new AppError(
          'internal',
          '公开通报的存档内容与其校验值不一致',
          `publication ${id}: hash mismatch`,
        );
      }
      return reply
        .header('content-type', DOCX)
        .header('content-disposition', attachmentDisposition(snapshot.fileName))
        .header('x-content-sha256', row.content_sha256)
        .header('cache-control', 'public, max-age=3600')
        .send(bytes);
    });

    site.get(`${PUBLIC_PREFIX}/notices/:id/problems/:problemId`, hidden, async (request, reply) => {
      const { id, problemId } = parseInput(NoticeProblemParamsSchema, request.params, 'params');
      const data = await noticePageData(id);
      const problem = findPublishedProblem(data.model, problemId);
      if (!problem) throw notFound('通报中的问题', 'published problem', problemId);
      return sendPage(reply, renderProblemPage(data, problem, STYLESHEET));
    });

    site.post(`${PUBLIC_PREFIX}/notices/:id/feedback`, hidden, async (request, reply) => {
      const reason = dependencies.crossSiteReason(request);
      if (reason)
        throw new AppError(
          'forbidden',
          '拒绝跨站提交：请在本网站的页面上提交意见',
          `cross-site feedback: ${reason}`,
        );
      const { id } = parseInput(NoticeParamsSchema, request.params, 'params');
      // Refused before the body is read, so a flood costs one indexed count per request.
      await feedback.assertNotRateLimited(request.ip);
      const form = await readForm(request);
      const input = parseInput(PublicFeedbackFormSchema, form.fields);
      const { reference } = await feedback.submit({
        publicationId: id,
        problemId: input.problemId ?? null,
        content: input.content,
        senderName: input.name,
        senderContact: input.contact,
        attachment: form.attachment,
        address: request.ip,
      });
      return reply.redirect(`${PUBLIC_PREFIX}/feedback?ref=${encodeURIComponent(reference)}&new=1`, 303);
    });

    site.get(`${PUBLIC_PREFIX}/feedback`, hidden, async (request, reply) => {
      const { ref } = parseInput(LookupQuerySchema, request.query, 'query');
      const typed = (ref ?? '').trim();
      const isNew = (request.query as Record<string, unknown>).new === '1';
      // Checked before the reference is looked at, so a refusal says nothing about it.
      if (typed && !lookupLimiter.tryAcquire(request.ip)) {
        const minutes = Math.round(lookupRatePolicy.windowMs / 60_000);
        throw new AppError(
          'rate_limited',
          `查询过于频繁：同一网络地址${minutes}分钟内最多查询${lookupRatePolicy.maxPerAddress}次，请稍后再试`,
          'public feedback lookup rate limited',
        );
      }
      const result = typed ? await feedback.lookup(typed) : null;
      return sendPage(
        reply,
        renderLookupPage({ typed, isNew, result }, STYLESHEET),
        typed && !result ? 404 : 200,
      );
    });

    // Unknown addresses under /public/ are this site's 404, never the web app's page.
    site.get(`${PUBLIC_PREFIX}/*`, hidden, (_request, reply) =>
      sendPage(reply, renderErrorPage(404, '您访问的页面不存在。', STYLESHEET), 404),
    );
  });
}
