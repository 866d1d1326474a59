/**
 * The problem API's service: reads one problem in the user's scope and edits it — fields,
 * deadline, owners, measures, manifestations — with optimistic locking. Each edit checks scope
 * (404), role (403), closed state and version (409), then writes the change and its event with
 * before/after in one transaction, so a refused edit leaves nothing behind.
 */
import type { Database, DatabaseTransaction } from '../../storage/database.ts';
import type { DeadlineKind } from '../../storage/schema.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { nowIso, today, type Clock } from '../common/clock.ts';
import {
  interpretDeadlineText,
  resolveDeadline,
  type DeadlinePolicy,
  type DeadlineSpec,
} from '../deadlines/deadline.rules.ts';
import { resolveCalendar, type CalendarSource } from '../deadlines/calendar-source.ts';
import type { WorkingCalendar } from '../deadlines/working-calendar.rules.ts';
import { appendEvent } from '../events/event.repository.ts';
import { ledgerScopeOf } from '../ledger/ledger-scope.ts';
import type { Actor } from '../users/actor.ts';
import {
  assertMayEdit,
  assertNotClosed,
  assertVersion,
  measureProgressRoles,
  staleVersion,
} from './problem-edit.rules.ts';
import {
  presentManifestation,
  presentMeasure,
  presentProblemDetail,
  presentUnitDepartment,
  presentUnitPerson,
  type ProblemDetailView,
} from './problem.presenter.ts';
import {
  appendManifestation,
  appendMeasure,
  deleteProblemPartIfVersion,
  findAssignmentRows,
  findDeadline,
  findManifestation,
  findMeasure,
  findProblemDetailRows,
  findProblemInScope,
  findProblemPartInScope,
  findProblemVersions,
  findUnitDepartments,
  findUnitInScope,
  findUnitPeople,
  insertDeadline,
  replaceProblemAssignments,
  touchProblem,
  updateDeadline,
  updateManifestationIfVersion,
  updateMeasureIfVersion,
  updateProblemIfVersion,
  type NewAssignment,
  type ProblemInScope,
  type ProblemPartTable,
} from './problem.repository.ts';
import type {
  BulkAssignmentsInput,
  BulkDeadlineInput,
  CreateManifestationInput,
  CreateMeasureInput,
  SetAssignmentsInput,
  SetDeadlineInput,
  UpdateManifestationInput,
  UpdateMeasureInput,
  UpdateProblemInput,
} from './problem.schema.ts';

export interface ProblemServiceDependencies {
  db: Database;
  clock: Clock;
  calendar: CalendarSource;
  deadlinePolicy: DeadlinePolicy;
}

/** What a bulk edit answers: how many problems changed, and each one's new version. */
export interface BulkResult {
  count: number;
  items: Array<{ id: number; version: number }>;
}

function idsOf(
  rows: ReadonlyArray<{ role: string; person_id: number | null; department_id: number | null }>,
  role: string,
  column: 'person_id' | 'department_id',
): number[] {
  return rows.flatMap((row) => (row.role === role && row[column] != null ? [row[column]] : []));
}

function invalid(where: string, message: string, english: string): AppError {
  return new AppError('invalid_input', `请求参数有误：${where}：${message}`, english, { where });
}

const partNames: Record<ProblemPartTable, { chinese: string; english: string; event: string }> = {
  measures: { chinese: '整改措施', english: 'measure', event: 'measure' },
  problem_manifestations: { chinese: '具体表现', english: 'manifestation', event: 'manifestation' },
};

export function createProblemService(dependencies: ProblemServiceDependencies) {
  const { db, clock, deadlinePolicy } = dependencies;

  /** The problem in the actor's scope, or 404 — never 403, so existence does not leak. */
  async function loadProblem(transaction: DatabaseTransaction | Database, actor: Actor, problemId: number) {
    const problem = await findProblemInScope(transaction, ledgerScopeOf(actor), problemId);
    if (!problem) throw notFound('问题', 'problem', problemId);
    return problem;
  }

  /** Scope, then role, then closed, then version: the order the user can act on. */
  async function loadEditableProblem(
    transaction: DatabaseTransaction,
    actor: Actor,
    problemId: number,
    expectedVersion: number | null,
  ): Promise<ProblemInScope> {
    const problem = await loadProblem(transaction, actor, problemId);
    assertMayEdit(actor.role);
    assertNotClosed(problem.id, problem.state);
    if (expectedVersion != null) {
      assertVersion(
        { chinese: '问题', english: 'problem', id: problem.id },
        problem.version,
        expectedVersion,
      );
    }
    return problem;
  }

  async function bumpProblem(
    transaction: DatabaseTransaction,
    problem: ProblemInScope,
    changes: Parameters<typeof updateProblemIfVersion>[3],
    at: string,
  ): Promise<void> {
    const isUpdated = await updateProblemIfVersion(transaction, problem.id, problem.version, changes, at);
    if (!isUpdated)
      throw staleVersion({ chinese: '问题', english: 'problem', id: problem.id }, null, problem.version);
  }

  async function recordProblemEvent(
    transaction: DatabaseTransaction,
    actor: Actor,
    problem: ProblemInScope,
    action: string,
    at: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    await appendEvent(transaction, {
      officeId: problem.officeId,
      at,
      actorUserId: actor.userId,
      entityType: 'problem',
      entityId: problem.id,
      action,
      data,
    });
  }

  async function readDetail(
    executor: DatabaseTransaction | Database,
    actor: Actor,
    problemId: number,
  ): Promise<ProblemDetailView> {
    const rows = await findProblemDetailRows(executor, problemId);
    return presentProblemDetail(rows, { today: today(clock), role: actor.role });
  }

  async function deadlineSnapshot(executor: DatabaseTransaction, deadlineId: number | null) {
    const deadline = deadlineId == null ? undefined : await findDeadline(executor, deadlineId);
    if (!deadline) return null;
    return {
      kind: deadline.kind,
      text: deadline.text,
      dueOn: deadline.due_on,
      checkinIntervalDays: deadline.checkin_interval_days,
    };
  }

  /** Turns the deadline the user gave into a kind, a due day and whether it is long-term. */
  function interpretDeadline(
    input: { dueOn?: string; text?: string },
    feedbackOn: string | null,
    calendar: WorkingCalendar,
  ) {
    const text = input.text ?? null;
    const interpreted =
      text == null ? null : interpretDeadlineText(text, feedbackOn ? Number(feedbackOn.slice(0, 4)) : null);
    const spec: DeadlineSpec | null =
      input.dueOn !== undefined ? { kind: 'date', dueOn: input.dueOn } : (interpreted?.spec ?? null);
    if (!spec) {
      throw invalid(
        'body.text',
        `无法识别的整改时限“${text}”，请填写日期、“N个月内”、立行立改或长期坚持`,
        `deadline text not understood: ${text}`,
      );
    }
    // A year the official calendar does not cover yet: 立行立改 is kept pending (the day is
    // counted when the year is imported), but "N个工作日" typed here is refused naming the year,
    // since the user can give a date at once.
    const { dueOn, pending } = resolveDeadline(
      spec,
      { feedbackOn, planApprovedOn: null },
      deadlinePolicy,
      calendar,
    );
    if (pending && spec.kind === 'within') {
      throw invalid(
        'body.text',
        `${pending.awaitsYear}年的节假日日历尚未导入，无法按工作日推算“${text}”；请系统管理员导入该年日历，或直接填写日期`,
        `no working calendar for ${pending.awaitsYear} to resolve: ${text}`,
      );
    }
    const kind: DeadlineKind = spec.kind;
    return {
      kind,
      text,
      dueOn,
      pending,
      months: spec.kind === 'within' && spec.unit === 'months' ? spec.amount : null,
      isLongTerm: spec.kind === 'long_term' || interpreted?.isLongTerm === true,
    };
  }

  async function loadPart(
    transaction: DatabaseTransaction,
    table: ProblemPartTable,
    actor: Actor,
    partId: number,
  ) {
    const part = await findProblemPartInScope(transaction, table, ledgerScopeOf(actor), partId);
    if (!part) throw notFound(partNames[table].chinese, partNames[table].english, partId);
    return part;
  }

  async function recordPartEvent(
    transaction: DatabaseTransaction,
    actor: Actor,
    part: { problem_id: number; office_id: number },
    action: string,
    at: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    await touchProblem(transaction, part.problem_id, at);
    await appendEvent(transaction, {
      officeId: part.office_id,
      at,
      actorUserId: actor.userId,
      entityType: 'problem',
      entityId: part.problem_id,
      action,
      data,
    });
  }

  const measureSnapshot = (row: { text: string; is_done: 0 | 1; done_on: string | null }) => ({
    text: row.text,
    isDone: row.is_done === 1,
    doneOn: row.done_on,
  });

  async function deletePart(actor: Actor, table: ProblemPartTable, partId: number, expectedVersion: number) {
    const at = nowIso(clock);
    const names = partNames[table];
    await db.transaction().execute(async (transaction) => {
      const part = await loadPart(transaction, table, actor, partId);
      assertMayEdit(actor.role);
      assertNotClosed(part.problem_id, part.problem_state);
      assertVersion(
        { chinese: names.chinese, english: names.english, id: part.id },
        part.version,
        expectedVersion,
      );
      const isDeleted = await deleteProblemPartIfVersion(transaction, table, part.id, expectedVersion);
      if (!isDeleted)
        throw staleVersion(
          { chinese: names.chinese, english: names.english, id: part.id },
          null,
          expectedVersion,
        );
      await recordPartEvent(transaction, actor, part, `${names.event}_deleted`, at, {
        [`${names.event}Id`]: part.id,
        before: { text: part.text },
        after: null,
      });
    });
    return { id: partId, isDeleted: true };
  }

  /** Writes a deadline on a problem already checked for editing, with its event. */
  async function applyDeadline(
    transaction: DatabaseTransaction,
    actor: Actor,
    problem: ProblemInScope,
    input: { dueOn?: string; text?: string },
    at: string,
  ): Promise<void> {
    const deadline = interpretDeadline(
      input,
      problem.feedbackOn,
      await resolveCalendar(dependencies.calendar, transaction),
    );
    const before = await deadlineSnapshot(transaction, problem.deadlineId);
    const isLongTerm = problem.isLongTerm || deadline.isLongTerm;
    const checkinIntervalDays = isLongTerm
      ? (before?.checkinIntervalDays ?? deadlinePolicy.longTermCheckinDays)
      : null;
    let deadlineId: number | undefined;
    if (problem.deadlineId != null) {
      await updateDeadline(transaction, problem.deadlineId, {
        kind: deadline.kind,
        text: deadline.text,
        dueOn: deadline.dueOn,
        months: deadline.months,
        checkinIntervalDays,
        pending: deadline.pending,
      });
    } else {
      deadlineId = await insertDeadline(transaction, {
        officeId: problem.officeId,
        kind: deadline.kind,
        text: deadline.text,
        dueOn: deadline.dueOn,
        months: deadline.months,
        checkinIntervalDays,
        pending: deadline.pending,
      });
    }
    await bumpProblem(transaction, problem, { isLongTerm, deadlineId }, at);
    const after = {
      kind: deadline.kind,
      text: deadline.text,
      dueOn: deadline.dueOn,
      checkinIntervalDays,
    };
    await recordProblemEvent(transaction, actor, problem, 'deadline_set', at, {
      before: { ...before, isLongTerm: problem.isLongTerm },
      after: { ...after, isLongTerm },
    });
  }

  /**
   * Writes a problem's owners, with its event. `replace` swaps each given role's owners for the
   * given ones, `add` keeps them and adds; roles not given stay as they are. Every owner must
   * belong to the problem's unit.
   */
  async function applyAssignments(
    transaction: DatabaseTransaction,
    actor: Actor,
    problem: ProblemInScope,
    input: {
      leaderIds?: readonly number[];
      departmentIds?: readonly number[];
      personIds?: readonly number[];
    },
    mode: 'replace' | 'add',
    at: string,
  ): Promise<void> {
    const people = new Set(
      (await findUnitPeople(transaction, problem.officeId, problem.unitId)).map((row) => row.id),
    );
    const departments = new Set(
      (await findUnitDepartments(transaction, problem.officeId, problem.unitId)).map((row) => row.id),
    );
    const check = (field: string, ids: readonly number[] | undefined, known: Set<number>, label: string) => {
      (ids ?? []).forEach((id, index) => {
        if (!known.has(id)) {
          throw invalid(
            `body.${field}[${index}]`,
            `${label}（${id}）不属于本单位`,
            `${field}[${index}] = ${id} is not in unit ${problem.unitId}`,
          );
        }
      });
    };
    check('leaderIds', input.leaderIds, people, '责任领导');
    check('departmentIds', input.departmentIds, departments, '责任部门');
    check('personIds', input.personIds, people, '责任人');
    const current = (await findAssignmentRows(transaction, problem.id)).filter(
      (row) => row.measure_id == null,
    );
    const before = {
      leaderIds: idsOf(current, 'leader', 'person_id'),
      departmentIds: idsOf(current, 'department', 'department_id'),
      personIds: idsOf(current, 'person', 'person_id'),
    };
    const merge = (existing: number[], given: readonly number[] | undefined) =>
      given === undefined ? existing : [...new Set(mode === 'add' ? [...existing, ...given] : given)];
    const after = {
      leaderIds: merge(before.leaderIds, input.leaderIds),
      departmentIds: merge(before.departmentIds, input.departmentIds),
      personIds: merge(before.personIds, input.personIds),
    };
    const assignments: NewAssignment[] = [
      ...after.leaderIds.map((personId) => ({ role: 'leader' as const, personId })),
      ...after.departmentIds.map((departmentId) => ({ role: 'department' as const, departmentId })),
      ...after.personIds.map((personId) => ({ role: 'person' as const, personId })),
    ];
    await replaceProblemAssignments(transaction, problem.officeId, problem.id, assignments);
    await bumpProblem(transaction, problem, {}, at);
    await recordProblemEvent(transaction, actor, problem, 'assignments_set', at, { before, after });
  }

  /**
   * Loads and checks each item of a bulk edit in order, then applies the change; the first
   * refusal names its item (`body.items[3]`) and, thrown inside the transaction, undoes the rest.
   */
  async function forEachItem(
    transaction: DatabaseTransaction,
    actor: Actor,
    items: ReadonlyArray<{ id: number; version: number }>,
    apply: (problem: ProblemInScope) => Promise<void>,
  ): Promise<void> {
    for (const [index, item] of items.entries()) {
      try {
        const problem = await loadEditableProblem(transaction, actor, item.id, item.version);
        await apply(problem);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const where = `body.items[${index}]`;
        throw new AppError(
          error.code,
          `第${index + 1}项（问题 ${item.id}）：${error.userMessage}；本次批量修改未生效`,
          `${where} (problem ${item.id}): ${error.logMessage}`,
          { ...error.details, where, field: error.details.where },
        );
      }
    }
  }

  async function bulkResult(
    transaction: DatabaseTransaction,
    items: ReadonlyArray<{ id: number }>,
  ): Promise<BulkResult> {
    const ids = items.map((item) => item.id);
    const rows = await findProblemVersions(transaction, ids);
    const versionOf = new Map(rows.map((row) => [row.id, row.version]));
    return { count: ids.length, items: ids.map((id) => ({ id, version: versionOf.get(id)! })) };
  }

  return {
    /** One problem in full, with what the actor may do on it. */
    async getProblem(actor: Actor, problemId: number): Promise<ProblemDetailView> {
      await loadProblem(db, actor, problemId);
      return readDetail(db, actor, problemId);
    },

    /** Edits number, title, goal and the long-term flag with its check-in interval. */
    async updateProblem(
      actor: Actor,
      problemId: number,
      input: UpdateProblemInput,
    ): Promise<ProblemDetailView> {
      const at = nowIso(clock);
      return db.transaction().execute(async (transaction) => {
        const problem = await loadEditableProblem(transaction, actor, problemId, input.version);
        const isLongTerm = input.isLongTerm ?? problem.isLongTerm;
        if (input.checkinIntervalDays !== undefined && !isLongTerm) {
          throw invalid(
            'body.checkinIntervalDays',
            '只有长期坚持的问题才能设定督查间隔',
            `problem ${problem.id} is not long-term`,
          );
        }
        const deadlineBefore = await deadlineSnapshot(transaction, problem.deadlineId);
        const before = {
          number: problem.number,
          title: problem.title,
          goal: problem.goal,
          isLongTerm: problem.isLongTerm,
          checkinIntervalDays: deadlineBefore?.checkinIntervalDays ?? null,
        };
        // The check-in interval lives on the deadline; a long-term item gets the policy's default.
        const checkinIntervalDays = isLongTerm
          ? (input.checkinIntervalDays ?? before.checkinIntervalDays ?? deadlinePolicy.longTermCheckinDays)
          : null;
        let deadlineId: number | undefined;
        if (checkinIntervalDays !== before.checkinIntervalDays) {
          if (problem.deadlineId != null) {
            await updateDeadline(transaction, problem.deadlineId, { checkinIntervalDays });
          } else {
            deadlineId = await insertDeadline(transaction, {
              officeId: problem.officeId,
              kind: 'unspecified',
              text: null,
              dueOn: null,
              months: null,
              checkinIntervalDays,
            });
          }
        }
        const after = {
          number: input.number !== undefined ? input.number || null : problem.number,
          title: input.title ?? problem.title,
          goal: input.goal !== undefined ? input.goal || null : problem.goal,
          isLongTerm,
          checkinIntervalDays,
        };
        await bumpProblem(
          transaction,
          problem,
          { number: after.number, title: after.title, goal: after.goal, isLongTerm, deadlineId },
          at,
        );
        await recordProblemEvent(transaction, actor, problem, 'problem_updated', at, { before, after });
        return readDetail(transaction, actor, problem.id);
      });
    },

    /** Sets the deadline from a day or from text, resolved against the inspection's feedback day. */
    async setDeadline(actor: Actor, problemId: number, input: SetDeadlineInput): Promise<ProblemDetailView> {
      const at = nowIso(clock);
      return db.transaction().execute(async (transaction) => {
        const problem = await loadEditableProblem(transaction, actor, problemId, input.version);
        await applyDeadline(transaction, actor, problem, input, at);
        return readDetail(transaction, actor, problem.id);
      });
    },

    /** Replaces the leaders, departments and people responsible; all must belong to the unit. */
    async setAssignments(
      actor: Actor,
      problemId: number,
      input: SetAssignmentsInput,
    ): Promise<ProblemDetailView> {
      const at = nowIso(clock);
      return db.transaction().execute(async (transaction) => {
        const problem = await loadEditableProblem(transaction, actor, problemId, input.version);
        await applyAssignments(transaction, actor, problem, input, 'replace', at);
        return readDetail(transaction, actor, problem.id);
      });
    },

    /**
     * Sets one deadline on many problems in one transaction: any problem out of scope, closed
     * or changed since it was read fails the whole request, naming the item (`body.items[3]`).
     * The role is checked per item after its scope (loadEditableProblem), so an id outside the
     * scope answers 404 for every role.
     */
    async bulkSetDeadline(actor: Actor, input: BulkDeadlineInput): Promise<BulkResult> {
      const at = nowIso(clock);
      return db.transaction().execute(async (transaction) => {
        await forEachItem(transaction, actor, input.items, (problem) =>
          applyDeadline(transaction, actor, problem, input, at),
        );
        return bulkResult(transaction, input.items);
      });
    },

    /** Replaces or adds owners on many problems in one transaction, all or nothing. */
    async bulkSetAssignments(actor: Actor, input: BulkAssignmentsInput): Promise<BulkResult> {
      const at = nowIso(clock);
      return db.transaction().execute(async (transaction) => {
        await forEachItem(transaction, actor, input.items, (problem) =>
          applyAssignments(transaction, actor, problem, input, input.mode, at),
        );
        return bulkResult(transaction, input.items);
      });
    },

    async addMeasure(actor: Actor, problemId: number, input: CreateMeasureInput) {
      const at = nowIso(clock);
      if (input.doneOn && input.doneOn > today(clock)) {
        throw invalid('body.doneOn', '完成日期不能晚于今天', `doneOn ${input.doneOn} is in the future`);
      }
      return db.transaction().execute(async (transaction) => {
        const problem = await loadEditableProblem(transaction, actor, problemId, null);
        const measureId = await appendMeasure(transaction, {
          officeId: problem.officeId,
          problemId: problem.id,
          text: input.text,
          doneOn: input.doneOn,
        });
        const measure = await findMeasure(transaction, measureId);
        await recordPartEvent(
          transaction,
          actor,
          { problem_id: problem.id, office_id: problem.officeId },
          'measure_added',
          at,
          {
            measureId,
            before: null,
            after: measureSnapshot(measure),
          },
        );
        return presentMeasure(measure, today(clock));
      });
    },

    /** Edits a measure; a department owner may only mark it done or not done. */
    async updateMeasure(actor: Actor, measureId: number, input: UpdateMeasureInput) {
      const at = nowIso(clock);
      const day = today(clock);
      return db.transaction().execute(async (transaction) => {
        const part = await loadPart(transaction, 'measures', actor, measureId);
        assertMayEdit(actor.role, input.text !== undefined ? undefined : measureProgressRoles);
        assertNotClosed(part.problem_id, part.problem_state);
        const what = { chinese: '整改措施', english: 'measure', id: part.id };
        assertVersion(what, part.version, input.version);
        const current = await findMeasure(transaction, part.id);
        let doneOn: string | null | undefined = input.doneOn;
        if (input.isDone === false) {
          if (input.doneOn) {
            throw invalid('body.doneOn', '未完成的措施不能填写完成日期', 'doneOn given with isDone false');
          }
          doneOn = null;
        } else if (input.isDone === true) {
          doneOn = input.doneOn ?? current.done_on ?? day;
        }
        if (doneOn && doneOn > day) {
          throw invalid('body.doneOn', '完成日期不能晚于今天', `doneOn ${doneOn} is in the future`);
        }
        const isUpdated = await updateMeasureIfVersion(transaction, part.id, input.version, {
          text: input.text,
          doneOn,
        });
        if (!isUpdated) throw staleVersion(what, null, input.version);
        const updated = await findMeasure(transaction, part.id);
        await recordPartEvent(transaction, actor, part, 'measure_updated', at, {
          measureId: part.id,
          before: measureSnapshot(current),
          after: measureSnapshot(updated),
        });
        const owners = (await findAssignmentRows(transaction, part.problem_id)).filter(
          (row) => row.measure_id === part.id,
        );
        return presentMeasure(updated, day, owners);
      });
    },

    async deleteMeasure(actor: Actor, measureId: number, expectedVersion: number) {
      return deletePart(actor, 'measures', measureId, expectedVersion);
    },

    async addManifestation(actor: Actor, problemId: number, input: CreateManifestationInput) {
      const at = nowIso(clock);
      return db.transaction().execute(async (transaction) => {
        const problem = await loadEditableProblem(transaction, actor, problemId, null);
        const manifestationId = await appendManifestation(transaction, {
          officeId: problem.officeId,
          problemId: problem.id,
          text: input.text,
        });
        await recordPartEvent(
          transaction,
          actor,
          { problem_id: problem.id, office_id: problem.officeId },
          'manifestation_added',
          at,
          { manifestationId, before: null, after: { text: input.text } },
        );
        return presentManifestation(await findManifestation(transaction, manifestationId));
      });
    },

    async updateManifestation(actor: Actor, manifestationId: number, input: UpdateManifestationInput) {
      const at = nowIso(clock);
      return db.transaction().execute(async (transaction) => {
        const part = await loadPart(transaction, 'problem_manifestations', actor, manifestationId);
        assertMayEdit(actor.role);
        assertNotClosed(part.problem_id, part.problem_state);
        const what = { chinese: '具体表现', english: 'manifestation', id: part.id };
        assertVersion(what, part.version, input.version);
        const isUpdated = await updateManifestationIfVersion(transaction, part.id, input.version, input.text);
        if (!isUpdated) throw staleVersion(what, null, input.version);
        await recordPartEvent(transaction, actor, part, 'manifestation_updated', at, {
          manifestationId: part.id,
          before: { text: part.text },
          after: { text: input.text },
        });
        return presentManifestation(await findManifestation(transaction, part.id));
      });
    },

    async deleteManifestation(actor: Actor, manifestationId: number, expectedVersion: number) {
      return deletePart(actor, 'problem_manifestations', manifestationId, expectedVersion);
    },

    /** The people of a unit in scope, for the owner pickers. */
    async listUnitPeople(actor: Actor, unitId: number) {
      const scope = ledgerScopeOf(actor);
      const unit = await findUnitInScope(db, scope, unitId);
      if (!unit) throw notFound('单位', 'unit', unitId);
      return (await findUnitPeople(db, scope.officeId, unit.id)).map(presentUnitPerson);
    },

    /** The departments of a unit in scope, for the owner pickers. */
    async listUnitDepartments(actor: Actor, unitId: number) {
      const scope = ledgerScopeOf(actor);
      const unit = await findUnitInScope(db, scope, unitId);
      if (!unit) throw notFound('单位', 'unit', unitId);
      return (await findUnitDepartments(db, scope.officeId, unit.id)).map(presentUnitDepartment);
    },
  };
}

export type ProblemService = ReturnType<typeof createProblemService>;
