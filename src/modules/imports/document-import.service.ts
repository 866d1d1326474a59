/**
 * Imports a parsed document (FORMAT.md JSON) into an inspection's ledger: aspects, the problem
 * tree, manifestations, measures, deadlines, and the leaders and departments named in it,
 * resolved to entities. All in one transaction: a bad document changes nothing and gets an
 * error naming the field.
 */
import { createHash } from 'node:crypto';
import type { ZodError } from 'zod';
import type { Database, DatabaseTransaction } from '../../storage/database.ts';
import type { LedgerState } from '../../storage/schema.ts';
import {
  ParsedDocumentSchema,
  type ParsedDocument,
  type ParsedProblem,
} from '../../parse/parsed-document.schema.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { nowIso, type Clock } from '../common/clock.ts';
import {
  interpretDeadlineText,
  resolveDeadline,
  type DeadlinePolicy,
  type DeadlineSpec,
} from '../deadlines/deadline.rules.ts';
import { resolveCalendar, type CalendarSource } from '../deadlines/calendar-source.ts';
import { appendEvent } from '../events/event.repository.ts';
import { findInspectionPolicy } from '../inspections/inspection-policy.repository.ts';
import { deriveInspectionDueDates } from '../inspections/inspection.rules.ts';
import {
  findInspection,
  findOrCreateGroup,
  updateInspectionFromDocument,
} from '../inspections/inspection.repository.ts';
import { createOrganisationResolver } from '../organisation/organisation.repository.ts';
import {
  insertAspect,
  insertAssignments,
  insertDeadline,
  insertManifestations,
  insertMeasures,
  insertProblem,
  type NewAssignment,
} from '../problems/problem.repository.ts';

export interface DocumentImportDependencies {
  db: Database;
  clock: Clock;
  calendar: CalendarSource;
  deadlinePolicy: DeadlinePolicy;
}

export interface ImportDocumentInput {
  officeId: number;
  inspectionId: number;
  /** The parsed document; validated here, since it may come from a user's JSON file. */
  document: unknown;
  fileName: string | null;
  /** sha256 of the original file, when there is one; otherwise of the JSON. */
  sourceSha256?: string;
  actorUserId: number | null;
}

export interface ImportResult {
  sourceDocumentId: number;
  aspects: number;
  problems: number;
  measures: number;
  manifestations: number;
  departmentsCreated: number;
  peopleCreated: number;
}

/** Turns zod's issues into a field path such as `aspects[0].problems[2].title`. */
function describeFirstIssue(error: ZodError): { where: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { where: '(document)', message: 'invalid' };
  const where = issue.path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`,
    )
    .join('');
  return { where: where || '(document)', message: issue.message };
}

/** Validates FORMAT.md JSON, throwing an error that names the first bad field. */
export function validateParsedDocument(document: unknown): ParsedDocument {
  const result = ParsedDocumentSchema.safeParse(document);
  if (result.success) return result.data;
  const { where, message } = describeFirstIssue(result.error);
  throw new AppError(
    'invalid_document',
    `导入文件格式错误：字段 ${where}：${message}`,
    `invalid parsed document at ${where}: ${message}`,
    { where, issues: result.error.issues.length },
  );
}

function referenceYear(document: ParsedDocument, feedbackOn: string | null): number | null {
  const day =
    feedbackOn ?? document.inspection.feedback_date ?? document.inspection.end ?? document.issued_date;
  return day ? Number(day.slice(0, 4)) : null;
}

function initialState(document: ParsedDocument, problem: ParsedProblem): LedgerState {
  if (document.kind === 'plan' || document.kind === 'feedback') return 'draft';
  return problem.status === 'completed' ? 'closed' : 'in_progress';
}

export function createDocumentImportService(dependencies: DocumentImportDependencies) {
  const { db, clock, deadlinePolicy } = dependencies;

  async function writeTree(
    transaction: DatabaseTransaction,
    input: ImportDocumentInput,
    document: ParsedDocument,
    context: { unitId: number; feedbackOn: string | null; importedAt: string },
  ): Promise<Omit<ImportResult, 'sourceDocumentId'>> {
    const { officeId, inspectionId } = input;
    const calendar = await resolveCalendar(dependencies.calendar, transaction);
    const organisation = createOrganisationResolver(transaction, officeId, context.unitId);
    const year = referenceYear(document, context.feedbackOn);
    const counts = { aspects: 0, problems: 0, measures: 0, manifestations: 0 };

    const writeDeadline = async (
      problem: ParsedProblem,
    ): Promise<{ id: number | null; isLongTerm: boolean }> => {
      if (!problem.deadline) return { id: null, isLongTerm: false };
      const { text, immediate, long_term: isLongTermWritten, months } = problem.deadline;
      const interpreted = interpretDeadlineText(text, year);
      let spec: DeadlineSpec | null = interpreted.spec;
      if (!spec && months != null)
        spec = { kind: 'within', amount: months, unit: 'months', from: 'feedback' };
      if (!spec && immediate) spec = { kind: 'immediate' };
      const isLongTerm = isLongTermWritten || interpreted.isLongTerm;
      if (!spec && isLongTerm)
        spec = { kind: 'long_term', checkinIntervalDays: deadlinePolicy.longTermCheckinDays };
      // A working-day count into a year the calendar does not cover yet is stored pending: the
      // calendar service counts its day when that year is imported (recomputePendingDeadlines).
      const resolved = spec
        ? resolveDeadline(
            spec,
            { feedbackOn: context.feedbackOn, planApprovedOn: null },
            deadlinePolicy,
            calendar,
          )
        : { dueOn: null, pending: null };
      const id = await insertDeadline(transaction, {
        officeId,
        kind: spec?.kind ?? 'unspecified',
        text,
        dueOn: resolved.dueOn,
        months: spec?.kind === 'within' && spec.unit === 'months' ? spec.amount : null,
        checkinIntervalDays: isLongTerm ? deadlinePolicy.longTermCheckinDays : null,
        pending: resolved.pending,
      });
      return { id, isLongTerm };
    };

    const writeProblem = async (
      problem: ParsedProblem,
      aspectId: number,
      parentId: number | null,
      position: number,
    ): Promise<void> => {
      const deadline = await writeDeadline(problem);
      const state = initialState(document, problem);
      const problemId = await insertProblem(transaction, {
        officeId,
        inspectionId,
        aspectId,
        parentId,
        position,
        number: problem.number,
        title: problem.title,
        goal: problem.goal,
        state,
        isLongTerm: deadline.isLongTerm,
        deadlineId: deadline.id,
        closedAt: state === 'closed' ? context.importedAt : null,
        createdAt: context.importedAt,
      });
      counts.problems += 1;
      await insertManifestations(transaction, officeId, problemId, problem.manifestations);
      counts.manifestations += problem.manifestations.length;
      await insertMeasures(
        transaction,
        officeId,
        problemId,
        problem.measures.map((text) => ({ text })),
      );
      counts.measures += problem.measures.length;
      const assignments: NewAssignment[] = [];
      for (const leader of new Set(problem.leaders)) {
        assignments.push({ role: 'leader', personId: await organisation.person(leader, { isLeader: true }) });
      }
      for (const department of new Set(problem.departments)) {
        assignments.push({ role: 'department', departmentId: await organisation.department(department) });
      }
      await insertAssignments(transaction, officeId, problemId, assignments);
      if (state !== 'draft') {
        await transaction
          .insertInto('state_transitions')
          .values({
            office_id: officeId,
            problem_id: problemId,
            from_state: 'draft',
            to_state: state,
            actor_user_id: input.actorUserId,
            at: context.importedAt,
            reason: state === 'closed' ? '导入：文件记载已完成整改' : '导入：文件记载正在整改',
            statement: null,
          })
          .execute();
      }
      for (const [childPosition, child] of problem.children.entries()) {
        await writeProblem(child, aspectId, problemId, childPosition);
      }
    };

    for (const [position, aspect] of document.aspects.entries()) {
      const aspectId = await insertAspect(transaction, {
        officeId,
        inspectionId,
        position,
        number: aspect.number,
        title: aspect.title,
      });
      counts.aspects += 1;
      for (const [problemPosition, problem] of aspect.problems.entries()) {
        await writeProblem(problem, aspectId, null, problemPosition);
      }
    }
    return {
      ...counts,
      departmentsCreated: organisation.created.departments,
      peopleCreated: organisation.created.people,
    };
  }

  const service = {
    /** Imports a parsed document into an inspection that has no problems yet. */
    async importDocument(input: ImportDocumentInput): Promise<ImportResult> {
      return db.transaction().execute((transaction) => service.importDocumentWithin(transaction, input));
    },

    /**
     * The same import inside the caller's transaction, so a caller can record something with
     * it atomically (the import wizard marks its draft committed in the same transaction).
     */
    async importDocumentWithin(
      transaction: DatabaseTransaction,
      input: ImportDocumentInput,
    ): Promise<ImportResult> {
      const document = validateParsedDocument(input.document);
      const importedAt = nowIso(clock);
      const json = JSON.stringify(document);
      const sha256 = input.sourceSha256 ?? createHash('sha256').update(json).digest('hex');
      const inspection = await findInspection(transaction, input.officeId, input.inspectionId);
      if (!inspection) throw notFound('巡察', 'inspection', input.inspectionId);
      const existing = await transaction
        .selectFrom('aspects')
        .select('id')
        .where('inspection_id', '=', inspection.id)
        .limit(1)
        .executeTakeFirst();
      if (existing) {
        throw new AppError(
          'conflict',
          '该巡察的整改问题已经导入过，不能重复导入；如需重新导入，请先清空该巡察的台账。',
          `inspection ${inspection.id} already has a problem tree`,
        );
      }
      const feedbackOn = inspection.feedback_on ?? document.inspection.feedback_date;
      const dueDates = deriveInspectionDueDates(
        feedbackOn,
        await findInspectionPolicy(transaction, input.officeId),
      );
      await updateInspectionFromDocument(transaction, inspection.id, {
        ...(inspection.period_start == null && { period_start: document.inspection.start }),
        ...(inspection.period_end == null && { period_end: document.inspection.end }),
        ...(inspection.feedback_on == null && { feedback_on: feedbackOn }),
        ...(inspection.plan_due_on == null && { plan_due_on: dueDates.planDueOn }),
        ...(inspection.report_due_on == null && { report_due_on: dueDates.reportDueOn }),
        ...(inspection.concentrated_until == null && { concentrated_until: dueDates.concentratedUntil }),
        ...(inspection.declared_aspects == null && { declared_aspects: document.declared.aspects }),
        ...(inspection.declared_problems == null && { declared_problems: document.declared.problems }),
        ...(inspection.group_id == null &&
          document.inspection.inspector && {
            group_id: await findOrCreateGroup(transaction, input.officeId, document.inspection.inspector),
          }),
      });
      const source = await transaction
        .insertInto('source_documents')
        .values({
          office_id: input.officeId,
          inspection_id: inspection.id,
          kind: document.kind,
          title: document.title,
          file_name: input.fileName,
          sha256,
          issued_on: document.issued_date,
          parsed_json: json,
          imported_at: importedAt,
          imported_by: input.actorUserId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const counts = await writeTree(transaction, input, document, {
        unitId: inspection.unit_id,
        feedbackOn,
        importedAt,
      });
      await appendEvent(transaction, {
        officeId: input.officeId,
        at: importedAt,
        actorUserId: input.actorUserId,
        entityType: 'inspection',
        entityId: inspection.id,
        action: 'document_imported',
        data: {
          sourceDocumentId: source.id,
          fileName: input.fileName,
          sha256,
          kind: document.kind,
          ...counts,
        },
      });
      return { sourceDocumentId: source.id, ...counts };
    },
  };
  return service;
}
