/**
 * Supervision notices (督办单): the inspection office issues one on an item or on a unit with a
 * required reply date; the unit (its office or a department) replies with text and evidence; the
 * office closes it. issued → replied → closed, overdue derived (reply date passed while issued),
 * optimistic versions, and every step an event on the item (or on the unit's inspection) so it
 * shows on the timeline. Issuing notifies the unit (its rectification office and departments), a
 * reply notifies the inspection office: firings like the engine's, in the same transaction, so
 * the channels deliver them too.
 */
import type { Database, DatabaseTransaction } from '../../storage/database.ts';
import type { SupervisionNoticeState } from '../../storage/schema.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { nowIso, today, type Clock } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import { ledgerScopeOf, type LedgerScope } from '../ledger/ledger-scope.ts';
import { findOfficeUnit } from '../organisation/organisation.repository.ts';
import type { Actor } from '../users/actor.ts';
import {
  findLatestInspectionOfUnit,
  findMatchingEvidenceIds,
  findNotice,
  findNoticeEvidenceIds,
  findNotices,
  findProblemTarget,
  type NoticeFilter,
  type NoticeRow,
} from './supervision-notice.repository.ts';
import type { IssueNoticeInput, ReplyNoticeInput } from './supervision.schema.ts';
import { loadRecipientDirectory, recordFirings } from './supervision-engine.ts';
import { composeMessage } from './supervision-messages.ts';
import type { Audience } from './supervision.rules.ts';

/** Records a notice step as a firing and notifies its audience, inside the step's transaction. */
async function notifyNoticeStep(
  transaction: DatabaseTransaction,
  input: {
    officeId: number;
    rule: 'notice_issued' | 'notice_replied';
    audiences: Audience[];
    notice: { id: number; unitId: number; problemId: number | null; title: string; replyBy: string };
    day: string;
    at: string;
  },
) {
  const { notice } = input;
  await recordFirings(transaction, {
    officeId: input.officeId,
    planned: [
      {
        subjectType: 'notice',
        subjectId: notice.id,
        unitId: notice.unitId,
        firing: { rule: input.rule, firedOn: input.day, audiences: input.audiences },
        message: composeMessage(input.rule, { label: notice.title, dueOn: notice.replyBy }),
        problemId: notice.problemId,
        inspectionId: null,
        noticeId: notice.id,
      },
    ],
    recipients: await loadRecipientDirectory(transaction, input.officeId),
    runOn: input.day,
    at: input.at,
  });
}

export function presentNotice(row: NoticeRow, evidenceIds: readonly number[], day: string) {
  return {
    id: row.id,
    unitId: row.unit_id,
    unitName: row.unit_name,
    problemId: row.problem_id,
    problemNumber: row.problem_number,
    inspectionId: row.problem_inspection_id,
    title: row.title,
    content: row.content,
    replyBy: row.reply_by,
    state: row.state,
    isOverdue: row.state === 'issued' && row.reply_by < day,
    issuedBy: row.issued_by,
    issuedAt: row.issued_at,
    replyText: row.reply_text,
    repliedBy: row.replied_by,
    repliedAt: row.replied_at,
    evidenceIds,
    closedBy: row.closed_by,
    closedAt: row.closed_at,
    version: row.version,
  };
}

function forbidden(message: string, actor: Actor): AppError {
  return new AppError('forbidden', message, `user ${actor.userId} (${actor.role}) may not do this`);
}

export function createSupervisionNoticeService(dependencies: { db: Database; clock: Clock }) {
  const { db, clock } = dependencies;

  async function read(scope: LedgerScope, id: number) {
    const row = await findNotice(db, scope, id);
    if (!row) throw notFound('督办单', 'supervision notice', id);
    const evidence = await findNoticeEvidenceIds(db, [row.id]);
    return presentNotice(row, evidence.get(row.id) ?? [], today(clock));
  }

  /** The event's subject: the item, or the unit's latest inspection (the unit when it has none). */
  async function eventSubject(transaction: DatabaseTransaction, officeId: number, row: NoticeRow) {
    if (row.problem_id != null) return { entityType: 'problem', entityId: row.problem_id };
    const inspectionId = await findLatestInspectionOfUnit(transaction, officeId, row.unit_id);
    return inspectionId != null
      ? { entityType: 'inspection', entityId: inspectionId }
      : { entityType: 'unit', entityId: row.unit_id };
  }

  /** Moves a notice on from `from` at `version`; 409 when it moved meanwhile or is in another state. */
  async function change(
    actor: Actor,
    id: number,
    input: { version: number; from: SupervisionNoticeState; to: SupervisionNoticeState },
    set: Record<string, unknown>,
    action: string,
    data: Record<string, unknown>,
    allowed: (row: NoticeRow) => void,
    evidenceIds: readonly number[] = [],
  ) {
    const scope = ledgerScopeOf(actor);
    const row = await findNotice(db, scope, id);
    if (!row) throw notFound('督办单', 'supervision notice', id);
    allowed(row);
    if (row.state !== input.from) {
      throw new AppError(
        'transition_refused',
        `督办单当前状态为「${stateLabels[row.state]}」，不能${action === 'notice_replied' ? '回复' : '办结'}`,
        `notice ${id} is ${row.state}, not ${input.from}`,
      );
    }
    if (evidenceIds.length > 0) {
      const matching = await findMatchingEvidenceIds(
        db,
        scope.officeId,
        { problemId: row.problem_id, unitId: row.unit_id },
        evidenceIds,
      );
      const index = evidenceIds.findIndex((evidenceId) => !matching.has(evidenceId));
      if (index >= 0) {
        throw new AppError(
          'invalid_input',
          `佐证材料（${evidenceIds[index]}）不属于该督办单所督办的问题或单位`,
          `evidence ${evidenceIds[index]} does not belong to notice ${id}`,
          { where: `body.evidenceIds[${index}]` },
        );
      }
    }
    const at = nowIso(clock);
    await db.transaction().execute(async (transaction) => {
      const updated = await transaction
        .updateTable('supervision_notices')
        .set({ ...set, state: input.to, version: input.version + 1 })
        .where('id', '=', id)
        .where('version', '=', input.version)
        .where('state', '=', input.from)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) {
        throw new AppError(
          'conflict',
          '督办单已被他人修改，请刷新后重试',
          `notice ${id} is not at version ${input.version}`,
          { where: 'body.version' },
        );
      }
      if (evidenceIds.length > 0) {
        await transaction
          .insertInto('supervision_notice_evidence')
          .values(
            [...new Set(evidenceIds)].map((evidenceId) => ({
              notice_id: id,
              evidence_id: evidenceId,
              office_id: scope.officeId,
            })),
          )
          .execute();
      }
      await appendEvent(transaction, {
        officeId: scope.officeId,
        at,
        actorUserId: actor.userId,
        ...(await eventSubject(transaction, scope.officeId, row)),
        action,
        data: { noticeId: id, title: row.title, ...data },
      });
      if (action === 'notice_replied') {
        await notifyNoticeStep(transaction, {
          officeId: scope.officeId,
          rule: 'notice_replied',
          audiences: ['office'],
          notice: {
            id,
            unitId: row.unit_id,
            problemId: row.problem_id,
            title: row.title,
            replyBy: row.reply_by,
          },
          day: today(clock),
          at,
        });
      }
    });
    return read(scope, id);
  }

  return {
    async list(actor: Actor, filter: NoticeFilter) {
      const scope = ledgerScopeOf(actor);
      const rows = await findNotices(db, scope, filter);
      const evidence = await findNoticeEvidenceIds(
        db,
        rows.map((row) => row.id),
      );
      const day = today(clock);
      return { items: rows.map((row) => presentNotice(row, evidence.get(row.id) ?? [], day)) };
    },

    async get(actor: Actor, id: number) {
      return read(ledgerScopeOf(actor), id);
    },

    async issue(actor: Actor, input: IssueNoticeInput) {
      const scope = ledgerScopeOf(actor);
      let unitId: number;
      let problemId: number | null = null;
      if (input.problemId !== undefined) {
        const problem = await findProblemTarget(db, scope, input.problemId);
        if (!problem) throw notFound('问题', 'problem', input.problemId);
        if (input.unitId !== undefined && input.unitId !== problem.unit_id) {
          throw new AppError(
            'invalid_input',
            '问题不属于所指定的单位',
            `problem ${problem.id} is not of unit ${input.unitId}`,
            { where: 'body.unitId' },
          );
        }
        unitId = problem.unit_id;
        problemId = problem.id;
      } else {
        const unit = await findOfficeUnit(db, scope.officeId, input.unitId!);
        const isUnitInScope = scope.unitIds === 'all' || scope.unitIds.includes(input.unitId!);
        if (!unit || !isUnitInScope) throw notFound('单位', 'unit', input.unitId!);
        unitId = unit.id;
      }
      // The role after the target is found in scope: an id outside it answers 404, never 403.
      if (actor.role !== 'office') throw forbidden('只有巡察办可以下发督办单', actor);
      const day = today(clock);
      if (input.replyBy < day) {
        throw new AppError(
          'invalid_input',
          `要求回复日期不能早于今天（${day}）`,
          `replyBy ${input.replyBy} is before ${day}`,
          { where: 'body.replyBy' },
        );
      }
      const at = nowIso(clock);
      const id = await db.transaction().execute(async (transaction) => {
        const inserted = await transaction
          .insertInto('supervision_notices')
          .values({
            office_id: scope.officeId,
            unit_id: unitId,
            problem_id: problemId,
            title: input.title,
            content: input.content,
            reply_by: input.replyBy,
            issued_by: actor.userId,
            issued_at: at,
            reply_text: null,
            replied_by: null,
            replied_at: null,
            closed_by: null,
            closed_at: null,
          })
          .returning(['id'])
          .executeTakeFirstOrThrow();
        const row = (await findNotice(transaction, scope, inserted.id))!;
        await appendEvent(transaction, {
          officeId: scope.officeId,
          at,
          actorUserId: actor.userId,
          ...(await eventSubject(transaction, scope.officeId, row)),
          action: 'notice_issued',
          data: { noticeId: inserted.id, title: input.title, replyBy: input.replyBy },
        });
        await notifyNoticeStep(transaction, {
          officeId: scope.officeId,
          rule: 'notice_issued',
          audiences: ['owner'],
          notice: { id: inserted.id, unitId, problemId, title: input.title, replyBy: input.replyBy },
          day,
          at,
        });
        return inserted.id;
      });
      return read(scope, id);
    },

    async reply(actor: Actor, id: number, input: ReplyNoticeInput) {
      const at = nowIso(clock);
      return change(
        actor,
        id,
        { version: input.version, from: 'issued', to: 'replied' },
        { reply_text: input.text, replied_by: actor.userId, replied_at: at },
        'notice_replied',
        { evidenceIds: input.evidenceIds },
        () => {
          if (actor.role !== 'unit_office' && actor.role !== 'department') {
            throw forbidden('只有被督办单位的整改办或责任部门可以回复督办单', actor);
          }
        },
        input.evidenceIds,
      );
    },

    async close(actor: Actor, id: number, input: { version: number }) {
      return change(
        actor,
        id,
        { version: input.version, from: 'replied', to: 'closed' },
        { closed_by: actor.userId, closed_at: nowIso(clock) },
        'notice_closed',
        {},
        () => {
          if (actor.role !== 'office') throw forbidden('只有巡察办可以办结督办单', actor);
        },
      );
    },
  };
}

const stateLabels: Record<SupervisionNoticeState, string> = {
  issued: '已下发',
  replied: '已回复',
  closed: '已办结',
};
