/**
 * The ledger spreadsheet both ways: export an inspection's ledger as .xlsx, and import a sheet
 * into it — all rows validated first; nothing is written when any row is invalid unless the
 * caller explicitly chose `validRowsOnly`; rows matching an existing item (aspect + number +
 * title) update it instead of adding a duplicate. One transaction, one event.
 */
import type { Role } from '../../storage/schema.ts';
import type { Database } from '../../storage/database.ts';
import type { LedgerState } from '../../storage/schema.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { nowIso, type Clock } from '../common/clock.ts';
import { interpretDeadlineText, resolveDeadline, type DeadlinePolicy } from '../deadlines/deadline.rules.ts';
import { resolveCalendar, type CalendarSource } from '../deadlines/calendar-source.ts';
import { appendEvent } from '../events/event.repository.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import { createOrganisationResolver } from '../organisation/organisation.repository.ts';
import {
  insertAspect,
  insertDeadline,
  replaceProblemAssignments,
  type NewAssignment,
  type NewDeadline,
  type NewProblemRow,
} from '../problems/problem.repository.ts';
import { indexAfterImport } from '../search/search-index-builder.ts';
import { exportLedgerXlsx } from './export-ledger-xlsx.ts';
import {
  readLedgerXlsx,
  XlsxReadError,
  type LedgerSheetError,
  type LedgerSheetRow,
} from './import-ledger-xlsx.ts';
import {
  findLedgerKeys,
  insertAssignmentRows,
  insertDeadlines,
  insertProblems,
  insertStateTransitionRows,
  insertTextRows,
  updateImportedProblem,
  upsertTextsByPosition,
} from './ledger-xlsx.repository.ts';
import { findEvidenceNames, findReportInspection } from './report-model.repository.ts';
import { createReportService } from './report.service.ts';

export interface LedgerImportResult {
  created: number;
  updated: number;
  skippedRows: number;
  errors: LedgerSheetError[];
}

/** "工作表“整改台账”第5行“完成情况”列：…" */
export function describeSheetError(error: LedgerSheetError): string {
  return `工作表“${error.sheet}”第${error.row}行${error.column ? `“${error.column}”列` : ''}：${error.message}`;
}

export function createLedgerXlsxService(dependencies: {
  db: Database;
  clock: Clock;
  calendar: CalendarSource;
  deadlinePolicy: DeadlinePolicy;
}) {
  const { db, clock, deadlinePolicy } = dependencies;
  const reports = createReportService({ db, clock });

  return {
    /** The inspection's ledger as .xlsx bytes, read at the end of `asOf` (today by default). */
    async exportLedger(scope: LedgerScope, inspectionId: number, asOf?: string) {
      const model = await reports.getReportModel(scope, inspectionId, asOf);
      const bytes = await exportLedgerXlsx(model, await findEvidenceNames(db, inspectionId));
      return { bytes, fileName: `${model.unitName}-整改台账-${model.asOf}.xlsx` };
    },

    /** Imports a ledger sheet into the inspection. */
    async importLedger(input: {
      scope: LedgerScope;
      inspectionId: number;
      bytes: Uint8Array;
      validRowsOnly?: boolean;
      actorUserId: number | null;
      /** Checked after the scope, so an inspection outside it answers 404, not 403. */
      actorRole?: Role;
    }): Promise<LedgerImportResult> {
      const inspection = await findReportInspection(db, input.scope, input.inspectionId);
      if (!inspection) throw notFound('巡察', 'inspection', input.inspectionId);
      if (input.actorRole && input.actorRole !== 'office' && input.actorRole !== 'unit_office') {
        throw new AppError(
          'forbidden',
          '只有巡察办和整改办可以导入台账',
          `role ${input.actorRole} may not import a ledger sheet`,
        );
      }
      const calendar = await resolveCalendar(dependencies.calendar, db);
      let read: { rows: LedgerSheetRow[]; errors: LedgerSheetError[] };
      try {
        read = await readLedgerXlsx(input.bytes);
      } catch (error) {
        // The reader says why in Chinese (too large once inflated, which part is malformed and where).
        const reason = error instanceof XlsxReadError ? `：${error.message}` : '';
        throw new AppError(
          'invalid_document',
          `无法读取该 Excel 文件（需要 .xlsx 格式）${reason}`,
          `unreadable xlsx: ${String(error)}${error instanceof Error && error.cause ? ` (${String(error.cause)})` : ''}`,
        );
      }
      if (read.errors.length > 0 && !input.validRowsOnly) {
        const first = read.errors[0]!;
        throw new AppError(
          'invalid_document',
          `导入失败，未写入任何数据：${describeSheetError(first)}${read.errors.length > 1 ? `（另有${read.errors.length - 1}处错误）` : ''}`,
          `ledger sheet has ${read.errors.length} invalid rows; first at ${first.sheet}!${first.row} ${first.column}`,
          { where: `${first.sheet}!${first.row}:${first.column}`, errors: read.errors },
        );
      }
      const at = nowIso(clock);
      const year = Number((inspection.feedback_on ?? at).slice(0, 4));
      const counts = { created: 0, updated: 0 };
      await db.transaction().execute(async (transaction) => {
        const officeId = inspection.office_id;
        const organisation = createOrganisationResolver(transaction, officeId, inspection.unit_id);
        const keys = await findLedgerKeys(transaction, inspection.id);
        const aspectIds = new Map(keys.aspects.map((aspect) => [aspect.title, aspect.id]));
        let nextAspectPosition = keys.aspects.reduce((max, aspect) => Math.max(max, aspect.position + 1), 0);
        const problemKey = (
          aspectId: number,
          parentId: number | null,
          number: string | null,
          title: string,
        ) => `${aspectId}|${parentId ?? ''}|${number ?? ''}|${title}`;
        const problemIds = new Map(
          keys.problems.map((problem) => [
            problemKey(problem.aspect_id, problem.parent_id, problem.number, problem.title),
            problem.id,
          ]),
        );
        const topByNumber = new Map(
          keys.problems
            .filter((problem) => problem.parent_id == null && problem.number != null)
            .map((problem) => [`${problem.aspect_id}|${problem.number}`, problem.id]),
        );
        const positions = new Map<string, number>();
        for (const problem of keys.problems) {
          const slot = `${problem.aspect_id}|${problem.parent_id ?? ''}`;
          positions.set(slot, Math.max(positions.get(slot) ?? 0, problem.position + 1));
        }

        // New rows are written in batches: planned in sheet order, inserted a few hundred at a
        // time with multi-row statements. A row that needs a pending row's id (its parent, or
        // the same key repeated in the sheet) first flushes the batch.
        interface PendingRow {
          problem: NewProblemRow;
          deadline: NewDeadline | null;
          manifestations: string[];
          measures: string[];
          assignments: NewAssignment[];
        }
        let pending: PendingRow[] = [];
        const pendingKeys = new Set<string>();
        const pendingTop = new Set<string>();
        const flush = async () => {
          if (pending.length === 0) return;
          const batch = pending;
          pending = [];
          pendingKeys.clear();
          pendingTop.clear();
          const withDeadline = batch.filter((entry) => entry.deadline != null);
          const deadlineIds = await insertDeadlines(
            transaction,
            withDeadline.map((entry) => entry.deadline!),
          );
          withDeadline.forEach((entry, index) => (entry.problem.deadlineId = deadlineIds[index]!));
          const ids = await insertProblems(
            transaction,
            batch.map((entry) => entry.problem),
          );
          const manifestations: Parameters<typeof insertTextRows>[2][number][] = [];
          const measures: Parameters<typeof insertTextRows>[2][number][] = [];
          const assignments: { problemId: number; assignment: NewAssignment }[] = [];
          const transitions: Parameters<typeof insertStateTransitionRows>[1][number][] = [];
          batch.forEach((entry, index) => {
            const problemId = ids[index]!;
            const { problem } = entry;
            problemIds.set(
              problemKey(problem.aspectId, problem.parentId, problem.number, problem.title),
              problemId,
            );
            if (problem.parentId == null && problem.number != null)
              topByNumber.set(`${problem.aspectId}|${problem.number}`, problemId);
            entry.manifestations.forEach((text, position) =>
              manifestations.push({ office_id: officeId, problem_id: problemId, position, text }),
            );
            entry.measures.forEach((text, position) =>
              measures.push({ office_id: officeId, problem_id: problemId, position, text }),
            );
            for (const assignment of entry.assignments) assignments.push({ problemId, assignment });
            if (problem.state !== 'draft')
              transitions.push({
                office_id: officeId,
                problem_id: problemId,
                from_state: 'draft',
                to_state: problem.state,
                actor_user_id: input.actorUserId,
                at,
                reason: `导入：Excel 台账记载“${problem.state}”`,
                statement: null,
              });
          });
          await insertTextRows(transaction, 'problem_manifestations', manifestations);
          await insertTextRows(transaction, 'measures', measures);
          await insertAssignmentRows(transaction, officeId, assignments);
          await insertStateTransitionRows(transaction, transitions);
        };

        for (const row of read.rows) {
          let aspectId = aspectIds.get(row.aspect);
          if (aspectId === undefined) {
            aspectId = await insertAspect(transaction, {
              officeId,
              inspectionId: inspection.id,
              position: nextAspectPosition++,
              number: null,
              title: row.aspect,
            });
            aspectIds.set(row.aspect, aspectId);
          }
          if (row.parentNumber && pendingTop.has(`${aspectId}|${row.parentNumber}`)) await flush();
          const parentId = row.parentNumber
            ? (topByNumber.get(`${aspectId}|${row.parentNumber}`) ?? null)
            : null;
          const number =
            row.parentNumber && parentId == null ? `${row.parentNumber}.${row.number}` : row.number;
          const key = problemKey(aspectId, parentId, number, row.title);
          if (pendingKeys.has(key)) await flush();
          const deadline = planDeadline(row, officeId);
          const existingId = problemIds.get(key);
          const assignments: NewAssignment[] = [];
          for (const leader of row.leaders)
            assignments.push({
              role: 'leader',
              personId: await organisation.person(leader, { isLeader: true }),
            });
          for (const department of row.departments)
            assignments.push({ role: 'department', departmentId: await organisation.department(department) });
          for (const person of row.people)
            assignments.push({ role: 'person', personId: await organisation.person(person, {}) });
          if (existingId !== undefined) {
            await updateImportedProblem(transaction, existingId, {
              deadlineId: deadline ? await insertDeadline(transaction, deadline) : null,
              isLongTerm: row.isLongTerm,
              updatedAt: at,
            });
            await upsertTextsByPosition(transaction, 'measures', officeId, existingId, row.measures);
            await upsertTextsByPosition(
              transaction,
              'problem_manifestations',
              officeId,
              existingId,
              row.manifestations,
            );
            await replaceProblemAssignments(transaction, officeId, existingId, assignments);
            counts.updated += 1;
            continue;
          }
          const slot = `${aspectId}|${parentId ?? ''}`;
          const position = positions.get(slot) ?? 0;
          positions.set(slot, position + 1);
          const state: LedgerState = row.state ?? 'draft';
          pending.push({
            problem: {
              officeId,
              inspectionId: inspection.id,
              aspectId,
              parentId,
              position,
              number,
              title: row.title,
              goal: null,
              state,
              isLongTerm: row.isLongTerm,
              deadlineId: null,
              closedAt: state === 'closed' ? at : null,
              createdAt: at,
            },
            deadline,
            manifestations: row.manifestations,
            measures: row.measures,
            assignments,
          });
          pendingKeys.add(key);
          if (parentId == null && number != null) pendingTop.add(`${aspectId}|${number}`);
          counts.created += 1;
          if (pending.length >= 500) await flush();
        }
        await flush();
        await appendEvent(transaction, {
          officeId,
          at,
          actorUserId: input.actorUserId,
          entityType: 'inspection',
          entityId: inspection.id,
          action: 'ledger_sheet_imported',
          data: { ...counts, skippedRows: read.errors.length },
        });

        function planDeadline(row: LedgerSheetRow, office: number): NewDeadline | null {
          if (row.dueOn) {
            const kind = row.deadlineText
              ? interpretDeadlineText(row.deadlineText, year).spec?.kind
              : undefined;
            return {
              officeId: office,
              kind: kind ?? 'date',
              text: row.deadlineText,
              dueOn: row.dueOn,
              months: null,
              checkinIntervalDays: null,
            };
          }
          if (!row.deadlineText) return null;
          const interpreted = interpretDeadlineText(row.deadlineText, year);
          const isLongTerm = interpreted.isLongTerm || row.isLongTerm;
          const spec =
            interpreted.spec ??
            (isLongTerm
              ? { kind: 'long_term' as const, checkinIntervalDays: deadlinePolicy.longTermCheckinDays }
              : null);
          // A working-day count into a year the calendar lacks is stored pending, not refused.
          const resolved = spec
            ? resolveDeadline(
                spec,
                { feedbackOn: inspection!.feedback_on, planApprovedOn: null },
                deadlinePolicy,
                calendar,
              )
            : { dueOn: null, pending: null };
          return {
            officeId: office,
            kind: spec?.kind ?? 'unspecified',
            text: row.deadlineText,
            dueOn: resolved.dueOn,
            months: spec?.kind === 'within' && spec.unit === 'months' ? spec.amount : null,
            checkinIntervalDays: isLongTerm ? deadlinePolicy.longTermCheckinDays : null,
            pending: resolved.pending,
          };
        }
      });
      indexAfterImport(db, input.scope.officeId, counts.created + counts.updated);
      return { ...counts, skippedRows: read.errors.length, errors: read.errors };
    },
  };
}
