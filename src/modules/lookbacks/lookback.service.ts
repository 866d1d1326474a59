/**
 * Look-backs (回头看): the inspection office schedules one for an inspection (planned by default
 * the policy's months after feedback) with every item closed at that moment on its checklist;
 * the office or the unit's rectification office records per item whether the rectification holds
 * or has rebounded (反弹). A rebound reopens the item through the ledger's own `reopen_rebound`
 * transition in the same transaction, so the finding and the reopened item never disagree; the
 * office completes the look-back when every item is checked (or explicitly, listing the rest).
 */
import type { Database, DatabaseTransaction } from '../../storage/database.ts';
import type { Role } from '../../storage/schema.ts';
import { lockTenant } from '../../storage/tenant-lock.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { nowIso, today as todayOf, type Clock } from '../common/clock.ts';
import { listProblemIdsInDocumentOrder } from '../ledger/ledger.repository.ts';
import { ledgerScopeOf, type LedgerScope } from '../ledger/ledger-scope.ts';
import { applyTransition } from '../ledger/workflow.service.ts';
import { findOfficePolicies } from '../supervision/office-policy.repository.ts';
import type { Actor } from '../users/actor.ts';
import {
  findChecks,
  findInspectionLookbacks,
  findProblemTree,
  findRateCheckRows,
  findScopedInspection,
  findScopedLookback,
  hasOpenLookback,
  insertLookback,
  updateCheck,
  updateLookbackState,
} from './lookback.repository.ts';
import { presentLookback, presentLookbackDetail } from './lookback.presenter.ts';
import {
  closedAncestors,
  decideCheck,
  decideCompletion,
  defaultLookbackDate,
  stateAfterCheck,
  tallyChecks,
  tallyChecksBy,
  type CheckRefusal,
} from './lookback.rules.ts';
import type { CompleteLookbackInput, RecordCheckInput, ScheduleLookbackInput } from './lookback.schema.ts';

/** Who schedules and completes look-backs: the inspection office. */
export const lookbackSchedulers: readonly Role[] = ['office'];
/** Who records checks: the inspection office and the unit's rectification office (整改办). */
export const lookbackCheckers: readonly Role[] = ['office', 'unit_office'];

const checkRefusalMessages: Record<CheckRefusal, string> = {
  lookback_completed: '该回头看已完成，不能再记录检查结果',
  already_rebounded: '该问题已认定反弹并重新整改，不能更改检查结果',
  item_not_closed: '该问题当前不是已销号状态，不能记录回头看结果',
  note_required: '认定反弹须填写情况说明',
};

function forbidden(message: string, actor: Actor): AppError {
  return new AppError('forbidden', message, `user ${actor.userId} (${actor.role}) may not do this`);
}

const staleVersion = (what: string) =>
  new AppError('conflict', `该${what}已被他人修改，请刷新后重试`, `${what} version is stale`);

export function createLookbackService(dependencies: { db: Database; clock: Clock }) {
  const { db, clock } = dependencies;

  async function readInspection(scope: LedgerScope, inspectionId: number) {
    const inspection = await findScopedInspection(db, scope, inspectionId);
    if (!inspection) throw notFound('巡察', 'inspection', inspectionId);
    return inspection;
  }

  async function readLookback(scope: LedgerScope, lookbackId: number) {
    const lookback = await findScopedLookback(db, scope, lookbackId);
    if (!lookback) throw notFound('回头看', 'lookback', lookbackId);
    return lookback;
  }

  async function detail(scope: LedgerScope, lookbackId: number) {
    const lookback = await readLookback(scope, lookbackId);
    const checks = await findChecks(db, scope.officeId, [lookback.id]);
    return presentLookbackDetail(lookback, checks, todayOf(clock));
  }

  /** Re-reads the look-back inside the transaction, refusing a stale version. */
  async function lockLookback(transaction: DatabaseTransaction, scope: LedgerScope, lookbackId: number) {
    await lockTenant(transaction, scope.officeId);
    const lookback = await findScopedLookback(transaction, scope, lookbackId);
    if (!lookback) throw notFound('回头看', 'lookback', lookbackId);
    return lookback;
  }

  return {
    /** The inspection's look-backs with their progress, and the day a new one would default to. */
    async listForInspection(actor: Actor, inspectionId: number) {
      const scope = ledgerScopeOf(actor);
      const inspection = await readInspection(scope, inspectionId);
      const lookbacks = await findInspectionLookbacks(db, scope.officeId, inspection.id);
      const checks = await findChecks(
        db,
        scope.officeId,
        lookbacks.map((lookback) => lookback.id),
      );
      const policy = (await findOfficePolicies(db, [scope.officeId])).get(scope.officeId)!.policy;
      const day = todayOf(clock);
      return {
        inspectionId: inspection.id,
        unitName: inspection.unit_name,
        feedbackOn: inspection.feedback_on,
        defaultPlannedOn: defaultLookbackDate(inspection.feedback_on, policy.lookbackMonths, day),
        lookbackMonths: policy.lookbackMonths,
        canSchedule:
          lookbackSchedulers.includes(actor.role) &&
          lookbacks.every((lookback) => lookback.state === 'completed'),
        lookbacks: lookbacks.map((lookback) =>
          presentLookback(
            lookback,
            checks.filter((check) => check.lookbackId === lookback.id),
            day,
          ),
        ),
      };
    },

    /** One look-back with its checklist (document order) and rebound rate per aspect. */
    async getLookback(actor: Actor, lookbackId: number) {
      return detail(ledgerScopeOf(actor), lookbackId);
    },

    /** Schedules a look-back of every item closed now; one open look-back per inspection. */
    async schedule(actor: Actor, inspectionId: number, input: ScheduleLookbackInput) {
      const scope = ledgerScopeOf(actor);
      const inspection = await readInspection(scope, inspectionId);
      if (!lookbackSchedulers.includes(actor.role)) throw forbidden('只有巡察办可以安排回头看', actor);
      const policy = (await findOfficePolicies(db, [scope.officeId])).get(scope.officeId)!.policy;
      const plannedOn =
        input.plannedOn ?? defaultLookbackDate(inspection.feedback_on, policy.lookbackMonths, todayOf(clock));
      const at = nowIso(clock);
      const lookbackId = await db.transaction().execute(async (transaction) => {
        await lockTenant(transaction, scope.officeId);
        if (await hasOpenLookback(transaction, scope.officeId, inspection.id)) {
          throw new AppError(
            'conflict',
            '该次巡察已有未完成的回头看，请先完成后再安排',
            `inspection ${inspection.id} has an open look-back`,
          );
        }
        const tree = await findProblemTree(transaction, scope.officeId, inspection.id);
        const closedIds = (await listProblemIdsInDocumentOrder(transaction, inspection.id)).filter(
          (id) => tree.get(id)?.state === 'closed',
        );
        if (closedIds.length === 0) {
          throw new AppError(
            'conflict',
            '该次巡察尚无已销号的问题，暂不需要回头看',
            `inspection ${inspection.id} has no closed items`,
          );
        }
        return insertLookback(transaction, {
          officeId: scope.officeId,
          inspectionId: inspection.id,
          plannedOn,
          scheduledBy: actor.userId,
          at,
          problemIds: closedIds,
        });
      });
      return detail(scope, lookbackId);
    },

    /**
     * Records one item's finding. A rebound reopens the item (and any closed parent above it, as
     * the ledger closes a parent only over closed sub-items) with the note as the reason.
     */
    async recordCheck(actor: Actor, lookbackId: number, problemId: number, input: RecordCheckInput) {
      const scope = ledgerScopeOf(actor);
      const lookback = await readLookback(scope, lookbackId);
      const listed = await findChecks(db, scope.officeId, [lookback.id]);
      if (!listed.some((check) => check.problemId === problemId)) {
        throw notFound('回头看检查项', 'lookback check', `${lookbackId}/${problemId}`);
      }
      if (!lookbackCheckers.includes(actor.role)) throw forbidden('您的角色无权记录回头看结果', actor);
      const note = input.note?.trim() ? input.note.trim() : null;
      const at = nowIso(clock);
      await db.transaction().execute(async (transaction) => {
        const current = await lockLookback(transaction, scope, lookbackId);
        const checks = await findChecks(transaction, scope.officeId, [current.id]);
        const check = checks.find((candidate) => candidate.problemId === problemId)!;
        if (check.version !== input.version) throw staleVersion('检查项');
        const decision = decideCheck({
          lookbackState: current.state,
          currentResult: check.result,
          nextResult: input.result,
          problemState: check.problemState,
          note,
        });
        if (!decision.ok) {
          throw new AppError(
            'transition_refused',
            checkRefusalMessages[decision.refusal],
            `check of problem ${problemId} in look-back ${lookbackId} refused: ${decision.refusal}`,
            { refusal: decision.refusal },
          );
        }
        await updateCheck(transaction, {
          officeId: scope.officeId,
          lookbackId,
          problemId,
          result: input.result,
          note,
          checkedBy: actor.userId,
          at,
          expectedVersion: check.version,
        });
        if (input.result === 'rebound') {
          const workflowActor = { ...scope, userId: actor.userId, role: actor.role };
          const tree = await findProblemTree(transaction, scope.officeId, current.inspection_id);
          const ancestors = closedAncestors(problemId, tree);
          await applyTransition(
            transaction,
            workflowActor,
            {
              problemId,
              action: 'reopen_rebound',
              reason: `回头看发现反弹：${note}`,
              statement: null,
              expectedVersion: check.problemVersion,
            },
            at,
          );
          const label = check.number ? `子问题${check.number}` : '子问题';
          for (const ancestorId of ancestors) {
            await applyTransition(
              transaction,
              workflowActor,
              {
                problemId: ancestorId,
                action: 'reopen_rebound',
                reason: `回头看发现${label}反弹：${note}`,
                statement: null,
                expectedVersion: tree.get(ancestorId)!.version,
              },
              at,
            );
            const ancestorCheck = checks.find((candidate) => candidate.problemId === ancestorId);
            if (ancestorCheck && ancestorCheck.result !== 'rebound') {
              await updateCheck(transaction, {
                officeId: scope.officeId,
                lookbackId,
                problemId: ancestorId,
                result: 'rebound',
                note: `${label}反弹：${note}`,
                checkedBy: actor.userId,
                at,
                expectedVersion: ancestorCheck.version,
                cause: 'sub_item_rebound',
              });
            }
          }
        }
        const nextState = stateAfterCheck(current.state);
        if (nextState !== current.state) {
          const moved = await updateLookbackState(transaction, {
            officeId: scope.officeId,
            lookbackId,
            state: nextState,
            expectedVersion: current.version,
            actorUserId: actor.userId,
            at,
          });
          if (moved == null) throw staleVersion('回头看');
        }
      });
      return detail(scope, lookbackId);
    },

    /** Completes the look-back; unchecked items only when accepted explicitly (and listed). */
    async complete(actor: Actor, lookbackId: number, input: CompleteLookbackInput) {
      const scope = ledgerScopeOf(actor);
      await readLookback(scope, lookbackId);
      if (!lookbackSchedulers.includes(actor.role)) throw forbidden('只有巡察办可以完成回头看', actor);
      const at = nowIso(clock);
      const unchecked = await db.transaction().execute(async (transaction) => {
        const current = await lockLookback(transaction, scope, lookbackId);
        if (current.version !== input.version) throw staleVersion('回头看');
        const checks = await findChecks(transaction, scope.officeId, [current.id]);
        const open = checks.filter((check) => check.result == null);
        const decision = decideCompletion({
          state: current.state,
          uncheckedCount: open.length,
          acceptUnchecked: input.acceptUnchecked,
        });
        if (!decision.ok) {
          const names = open
            .slice(0, 10)
            .map((check) => (check.number ? `问题${check.number}` : check.title))
            .join('、');
          throw new AppError(
            'transition_refused',
            decision.refusal === 'lookback_completed'
              ? '该回头看已完成'
              : `尚有${open.length}项未检查（${names}${open.length > 10 ? '等' : ''}），确认一并完成请选择“未检查项一并完成”`,
            `look-back ${lookbackId} completion refused: ${decision.refusal}`,
            { refusal: decision.refusal, uncheckedProblemIds: open.map((check) => check.problemId) },
          );
        }
        const saved = await updateLookbackState(transaction, {
          officeId: scope.officeId,
          lookbackId,
          state: 'completed',
          expectedVersion: current.version,
          actorUserId: actor.userId,
          at,
          summary: input.summary?.trim() ? input.summary.trim() : null,
          uncheckedProblemIds: open.map((check) => check.problemId),
        });
        if (saved == null) throw staleVersion('回头看');
        return open.map((check) => check.problemId);
      });
      return { ...(await detail(scope, lookbackId)), uncheckedProblemIds: unchecked };
    },

    /** Rebound rates (rebounds ÷ checked) per unit, per aspect title and in total, for a round or all. */
    async reboundRates(actor: Actor, options: { roundId?: number }) {
      const scope = ledgerScopeOf(actor);
      const rows = await findRateCheckRows(db, scope, options);
      const units = tallyChecksBy(rows.map((row) => ({ key: row.unitId, result: row.result }))).map(
        ({ key, ...tally }) => ({
          unitId: key,
          unitName: rows.find((row) => row.unitId === key)!.unitName,
          ...tally,
        }),
      );
      const aspects = tallyChecksBy(rows.map((row) => ({ key: row.aspectTitle, result: row.result }))).map(
        ({ key, ...tally }) => ({ aspectTitle: key, ...tally }),
      );
      return {
        roundId: options.roundId ?? null,
        units,
        aspects,
        totals: tallyChecks(rows.map((row) => row.result)),
      };
    },
  };
}
