/**
 * Public feedback: a visitor's submission on a published notice or one of its problems (rate
 * limited per address, attachment type checked by content), the lookup by reference number, and
 * staff triage — list, assign to a unit and item, reply, publish the reply, close — each change
 * with its event in one transaction and an optimistic version. Scope before role: out-of-scope
 * ids answer 404.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database, DatabaseTransaction } from '../../storage/database.ts';
import type { FileStore } from '../../storage/file-store.ts';
import type { FeedbackStatus } from '../../storage/schema.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { nowIso, today, type Clock } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import {
  sniffEvidenceKind,
  findDeclarationMismatch,
  mediaTypeRules,
  type EvidenceKind,
} from '../evidence/media-type.rules.ts';
import { sanitiseFileName } from '../evidence/file-name.rules.ts';
import { ledgerScopeOf, type LedgerScope } from '../ledger/ledger-scope.ts';
import { findOfficeUnit } from '../organisation/organisation.repository.ts';
import { findPublishedNotice } from '../reports/publication.repository.ts';
import type { PublicationSnapshot } from '../reports/publication.service.ts';
import { allProblems } from '../reports/report-model.ts';
import type { Actor } from '../users/actor.ts';
import {
  countSubmissionsSince,
  findUnitProblem,
  lockSubmissions,
  findFeedbackInScope,
  findPublicFeedbackByReference,
  insertFeedback,
  listFeedbackInScope,
  pruneSubmissionsBefore,
  recordSubmission,
  referenceExists,
  updateFeedback,
  type FeedbackChange,
  type FeedbackListFilter,
  type StaffFeedbackRow,
} from './feedback.repository.ts';
import {
  defaultSubmissionRatePolicy,
  feedbackLimits,
  formatReference,
  isSubmissionLimited,
  nextFeedbackStatus,
  normaliseReference,
  submissionWindowStart,
  type FeedbackAction,
  type SubmissionRatePolicy,
} from './feedback.rules.ts';

/** Attachment kinds a visitor may send: documents and pictures, nothing executable or archived. */
const ATTACHMENT_KINDS: ReadonlySet<EvidenceKind> = new Set(['pdf', 'png', 'jpeg', 'gif', 'webp', 'docx']);

export interface PublicAttachment {
  fileName: string;
  declaredType: string | null;
  bytes: Buffer;
}

export interface PublicSubmission {
  publicationId: number;
  problemId: number | null;
  content: string;
  senderName: string | null;
  senderContact: string | null;
  attachment: PublicAttachment | null;
  /** The client's address; only its hash is stored. */
  address: string;
}

export interface PublicLookup {
  reference: string;
  status: FeedbackStatus;
  receivedAt: string;
  publicationId: number;
  reportTitle: string;
  problemId: number | null;
  content: string;
  /** Only a published reply; null otherwise. */
  reply: string | null;
  repliedAt: string | null;
}

/** The staff view of one item (contact included: staff may answer the sender). */
export function presentFeedback(row: StaffFeedbackRow) {
  return {
    id: row.id,
    reference: row.reference,
    publicationId: row.public_report_id,
    reportTitle: row.report_title,
    reportVersion: row.report_version,
    inspectionId: row.inspection_id,
    unitId: row.unit_id,
    unitName: row.unit_name,
    problemId: row.problem_id,
    problemNumber: row.problem_number,
    problemTitle: row.problem_title,
    assignedUnitId: row.assigned_unit_id,
    assignedUnitName: row.assigned_unit_name,
    content: row.content,
    senderName: row.sender_name,
    senderContact: row.sender_contact,
    status: row.status,
    receivedAt: row.received_at,
    assignedAt: row.assigned_at,
    reply: row.reply,
    repliedAt: row.replied_at,
    isReplyPublished: row.is_reply_published === 1,
    closedAt: row.closed_at,
    triageNote: row.triage_note,
    attachment: row.attachment_file_name
      ? {
          fileName: row.attachment_file_name,
          mediaType: row.attachment_media_type,
          sizeBytes: row.attachment_size_bytes,
        }
      : null,
    version: row.version,
  };
}

export type FeedbackView = ReturnType<typeof presentFeedback>;

/** The stored form of a client address: hashed, so the log of submissions holds no addresses. */
export function addressKeyOf(address: string): string {
  return createHash('sha256').update(`rectify-public-submission:${address}`).digest('hex');
}

function rateLimited(policy: SubmissionRatePolicy): AppError {
  const minutes = Math.round(policy.windowMs / 60_000);
  return new AppError(
    'rate_limited',
    `提交过于频繁：同一网络地址${minutes}分钟内最多提交${policy.maxPerAddress}条意见，请稍后再试`,
    'public feedback rate limited',
  );
}

const EVENT_ACTIONS: Record<Exclude<FeedbackAction, 'publish'>, string> = {
  assign: 'feedback_assigned',
  reply: 'feedback_replied',
  close: 'feedback_closed',
};

const STAFF_ROLES = ['office', 'unit_office'] as const;

function assertStaff(actor: Actor): void {
  if (!(STAFF_ROLES as readonly string[]).includes(actor.role)) {
    throw new AppError(
      'forbidden',
      '只有巡察办和整改办可以办理公众意见',
      `role ${actor.role} may not triage feedback`,
    );
  }
}

function conflict(id: number): AppError {
  return new AppError('conflict', '该公众意见已被他人修改，请刷新后重试', `feedback ${id} version moved on`);
}

export function createFeedbackService(dependencies: {
  db: Database;
  clock: Clock;
  fileStore: FileStore;
  ratePolicy?: SubmissionRatePolicy;
}) {
  const { db, clock, fileStore } = dependencies;
  const ratePolicy = dependencies.ratePolicy ?? defaultSubmissionRatePolicy;

  async function uniqueReference(transaction: DatabaseTransaction): Promise<string> {
    const year = Number(today(clock).slice(0, 4));
    for (;;) {
      const reference = formatReference(year, randomBytes(5));
      if (!(await referenceExists(transaction, reference))) return reference;
    }
  }

  function checkAttachment(attachment: PublicAttachment) {
    const fileName = sanitiseFileName(attachment.fileName);
    if (attachment.bytes.length > feedbackLimits.attachmentMaxBytes) {
      throw new AppError(
        'payload_too_large',
        '附件过大，不能超过 5 MB',
        `attachment ${attachment.bytes.length} bytes`,
        {
          where: 'body.attachment',
        },
      );
    }
    const kind = sniffEvidenceKind({
      sizeBytes: attachment.bytes.length,
      readRange: (start, length) => attachment.bytes.subarray(start, start + length),
    });
    if (!kind || !ATTACHMENT_KINDS.has(kind)) {
      throw new AppError(
        'unsupported_media_type',
        '附件类型不支持：只接受 PDF、Word（.docx）和图片（PNG、JPEG、GIF、WebP）',
        `attachment kind ${kind ?? 'unknown'}`,
        { where: 'body.attachment' },
      );
    }
    if (findDeclarationMismatch(kind, fileName, attachment.declaredType)) {
      throw new AppError(
        'unsupported_media_type',
        `附件“${fileName}”的内容与其扩展名或类型不符`,
        `attachment ${kind} declared otherwise`,
        { where: 'body.attachment' },
      );
    }
    return { fileName, mediaType: mediaTypeRules[kind].mediaType };
  }

  async function findInScopeOrThrow(
    actor: Actor,
    id: number,
  ): Promise<{ scope: LedgerScope; row: StaffFeedbackRow }> {
    const scope = ledgerScopeOf(actor);
    const row = await findFeedbackInScope(db, scope, id);
    if (!row) throw notFound('公众意见', 'feedback', id);
    return { scope, row };
  }

  /** One triage step: scope, role, status rule, version, update and event in one transaction. */
  async function triage(
    actor: Actor,
    id: number,
    version: number,
    action: FeedbackAction,
    change: (row: StaffFeedbackRow, at: string) => Promise<FeedbackChange> | FeedbackChange,
    eventData: Record<string, unknown>,
  ): Promise<FeedbackView> {
    const { scope, row } = await findInScopeOrThrow(actor, id);
    assertStaff(actor);
    if (row.version !== version) throw conflict(id);
    const hasReply = row.reply !== null && row.reply !== '';
    const status = nextFeedbackStatus(row.status, action, hasReply || action === 'reply');
    if (!status) {
      throw new AppError(
        'conflict',
        row.status === 'closed' ? '该意见已办结，不能再修改' : '请先填写答复再公开',
        `feedback ${id}: ${action} not allowed in ${row.status}`,
      );
    }
    const at = nowIso(clock);
    const changes = await change(row, at);
    await db.transaction().execute(async (transaction) => {
      const updated = await updateFeedback(transaction, id, version, { ...changes, status });
      if (!updated) throw conflict(id);
      await appendEvent(transaction, {
        officeId: scope.officeId,
        at,
        actorUserId: actor.userId,
        entityType: 'public_feedback',
        entityId: id,
        action:
          action === 'publish'
            ? changes.isReplyPublished
              ? 'feedback_reply_published'
              : 'feedback_reply_withdrawn'
            : EVENT_ACTIONS[action],
        data: { reference: row.reference, status, ...eventData },
      });
    });
    return presentFeedback((await findFeedbackInScope(db, scope, id))!);
  }

  return {
    /** Refuses an address over its limit before any of its request is read. */
    async assertNotRateLimited(address: string): Promise<void> {
      const since = submissionWindowStart(clock.now(), ratePolicy);
      if (isSubmissionLimited(await countSubmissionsSince(db, addressKeyOf(address), since), ratePolicy)) {
        throw rateLimited(ratePolicy);
      }
    },

    /** Records a visitor's feedback; returns its reference number. */
    async submit(submission: PublicSubmission): Promise<{ id: number; reference: string }> {
      const notice = await findPublishedNotice(db, submission.publicationId);
      if (!notice) throw notFound('公开通报', 'publication', submission.publicationId);
      if (submission.problemId !== null) {
        const snapshot = JSON.parse(notice.snapshot_json) as PublicationSnapshot;
        if (!allProblems(snapshot.model.aspects).some((problem) => problem.id === submission.problemId)) {
          throw notFound('通报中的问题', 'published problem', submission.problemId);
        }
      }
      const checked = submission.attachment ? checkAttachment(submission.attachment) : null;
      const stored = submission.attachment ? fileStore.put(submission.attachment.bytes) : null;
      const addressKey = addressKeyOf(submission.address);
      const at = nowIso(clock);
      return db.transaction().execute(async (transaction) => {
        await lockSubmissions(transaction);
        const since = submissionWindowStart(clock.now(), ratePolicy);
        if (isSubmissionLimited(await countSubmissionsSince(transaction, addressKey, since), ratePolicy)) {
          throw rateLimited(ratePolicy);
        }
        await recordSubmission(transaction, addressKey, at);
        await pruneSubmissionsBefore(transaction, since);
        const reference = await uniqueReference(transaction);
        const id = await insertFeedback(transaction, {
          officeId: notice.office_id,
          reference,
          publicReportId: notice.id,
          problemId: submission.problemId,
          content: submission.content,
          senderName: submission.senderName,
          senderContact: submission.senderContact,
          receivedAt: at,
          attachment:
            checked && stored
              ? {
                  ...checked,
                  sizeBytes: stored.sizeBytes,
                  sha256: stored.sha256,
                  storageKey: stored.storageKey,
                }
              : null,
        });
        // The event names the item, never the sender: the log is kept for good and hash-chained.
        await appendEvent(transaction, {
          officeId: notice.office_id,
          at,
          actorUserId: null,
          entityType: 'public_feedback',
          entityId: id,
          action: 'feedback_received',
          data: {
            reference,
            publicationId: notice.id,
            inspectionId: notice.inspection_id,
            problemId: submission.problemId,
            hasAttachment: stored !== null,
          },
        });
        return { id, reference };
      });
    },

    /** What a visitor sees for a reference number; null for an unknown or malformed one. */
    async lookup(typedReference: string): Promise<PublicLookup | null> {
      const reference = normaliseReference(typedReference);
      if (!reference) return null;
      const row = await findPublicFeedbackByReference(db, reference);
      if (!row) return null;
      const isPublished = row.is_reply_published === 1 && row.reply !== null;
      return {
        reference: row.reference,
        status: row.status,
        receivedAt: row.received_at,
        publicationId: row.public_report_id!,
        reportTitle: row.report_title,
        problemId: row.problem_id,
        content: row.content,
        reply: isPublished ? row.reply : null,
        repliedAt: isPublished ? row.replied_at : null,
      };
    },

    async list(actor: Actor, filter: FeedbackListFilter) {
      const scope = ledgerScopeOf(actor);
      assertStaff(actor);
      const { rows, total } = await listFeedbackInScope(db, scope, filter);
      return { items: rows.map(presentFeedback), total, page: filter.page, pageSize: filter.pageSize };
    },

    async get(actor: Actor, id: number): Promise<FeedbackView> {
      const { row } = await findInScopeOrThrow(actor, id);
      assertStaff(actor);
      return presentFeedback(row);
    },

    /** The attachment's stored bytes, for staff only. */
    async getAttachment(actor: Actor, id: number) {
      const { row } = await findInScopeOrThrow(actor, id);
      assertStaff(actor);
      if (!row.attachment_storage_key) throw notFound('公众意见附件', 'feedback attachment', id);
      return {
        fileName: row.attachment_file_name ?? '附件',
        mediaType: row.attachment_media_type ?? 'application/octet-stream',
        ...fileStore.openRead(row.attachment_storage_key),
      };
    },

    /** Assigns the item to a unit of the office (the notice's by default) and one of its problems. */
    async assign(
      actor: Actor,
      id: number,
      input: { version: number; unitId?: number; problemId?: number | null; note?: string | null },
    ): Promise<FeedbackView> {
      return triage(
        actor,
        id,
        input.version,
        'assign',
        async (row, at) => {
          const unitId = input.unitId ?? row.assigned_unit_id ?? row.unit_id;
          const unit = await findOfficeUnit(db, row.office_id, unitId);
          const scope = ledgerScopeOf(actor);
          if (!unit || (scope.unitIds !== 'all' && !scope.unitIds.includes(unitId))) {
            throw notFound('单位', 'unit', unitId);
          }
          const problemId = input.problemId === undefined ? row.problem_id : input.problemId;
          if (problemId !== null) {
            const problem = await findUnitProblem(db, row.office_id, unitId, problemId);
            if (!problem) {
              throw new AppError(
                'invalid_input',
                `请求参数有误：body.problemId：问题（${problemId}）不属于所选单位`,
                `problem ${problemId} not of unit ${unitId}`,
                {
                  where: 'body.problemId',
                },
              );
            }
          }
          return {
            assignedUnitId: unitId,
            problemId,
            assignedAt: at,
            ...(input.note !== undefined && { triageNote: input.note }),
          };
        },
        { unitId: input.unitId ?? null, problemId: input.problemId ?? null },
      );
    },

    /** Writes (or rewrites) the reply; `publish` shows it on the public pages at once. */
    async reply(
      actor: Actor,
      id: number,
      input: { version: number; reply: string; publish?: boolean },
    ): Promise<FeedbackView> {
      return triage(
        actor,
        id,
        input.version,
        'reply',
        (_row, at) => ({
          reply: input.reply,
          repliedAt: at,
          ...(input.publish !== undefined && { isReplyPublished: input.publish ? 1 : 0 }),
        }),
        { isPublished: input.publish ?? null },
      );
    },

    /** Publishes or withdraws the reply on the public pages. */
    async setReplyPublished(
      actor: Actor,
      id: number,
      input: { version: number; isPublished: boolean },
    ): Promise<FeedbackView> {
      return triage(
        actor,
        id,
        input.version,
        'publish',
        () => ({ isReplyPublished: input.isPublished ? 1 : 0 }),
        {
          isPublished: input.isPublished,
        },
      );
    },

    async close(actor: Actor, id: number, input: { version: number }): Promise<FeedbackView> {
      return triage(actor, id, input.version, 'close', (_row, at) => ({ closedAt: at }), {});
    },
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
