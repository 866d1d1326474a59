/**
 * public_feedback rows and the per-address submission log. Staff reads are scoped: the office's
 * own rows, and for unit roles the rows on their units' notices or assigned to their units.
 * Public reads go by reference number and never select the sender's name or contact.
 */
import { PostgresAdapter, sql, type ExpressionBuilder } from 'kysely';
import type { DatabaseTransaction, Executor } from '../../storage/database.ts';
import type { FeedbackStatus, Tables } from '../../storage/schema.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';

export interface NewFeedback {
  officeId: number;
  reference: string;
  publicReportId: number;
  problemId: number | null;
  content: string;
  senderName: string | null;
  senderContact: string | null;
  receivedAt: string;
  attachment: {
    fileName: string;
    mediaType: string;
    sizeBytes: number;
    sha256: string;
    storageKey: string;
  } | null;
}

export async function insertFeedback(db: Executor, feedback: NewFeedback): Promise<number> {
  const row = await db
    .insertInto('public_feedback')
    .values({
      office_id: feedback.officeId,
      reference: feedback.reference,
      public_report_id: feedback.publicReportId,
      problem_id: feedback.problemId,
      content: feedback.content,
      sender_name: feedback.senderName,
      sender_contact: feedback.senderContact,
      received_at: feedback.receivedAt,
      attachment_file_name: feedback.attachment?.fileName ?? null,
      attachment_media_type: feedback.attachment?.mediaType ?? null,
      attachment_size_bytes: feedback.attachment?.sizeBytes ?? null,
      attachment_sha256: feedback.attachment?.sha256 ?? null,
      attachment_storage_key: feedback.attachment?.storageKey ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function referenceExists(db: Executor, reference: string): Promise<boolean> {
  const row = await db
    .selectFrom('public_feedback')
    .select('id')
    .where('reference', '=', reference)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * What the lookup page may show of one item to whoever holds its reference: the visitor's own
 * words and the status; no name, no contact; the reply only if published.
 */
export async function findPublicFeedbackByReference(db: Executor, reference: string) {
  return db
    .selectFrom('public_feedback')
    .innerJoin('public_reports', 'public_reports.id', 'public_feedback.public_report_id')
    .select([
      'public_feedback.reference',
      'public_feedback.public_report_id',
      'public_feedback.problem_id',
      'public_feedback.content',
      'public_feedback.status',
      'public_feedback.received_at',
      'public_feedback.reply',
      'public_feedback.replied_at',
      'public_feedback.is_reply_published',
      'public_reports.title as report_title',
    ])
    .where('public_feedback.reference', '=', reference)
    .executeTakeFirst();
}

/** Published replies on any version of one inspection's notice, optionally for one problem. */
export async function findPublishedReplies(
  db: Executor,
  inspectionId: number,
  problemId?: number,
): Promise<
  Array<{ problem_id: number | null; received_at: string; reply: string; replied_at: string | null }>
> {
  let query = db
    .selectFrom('public_feedback')
    .innerJoin('public_reports', 'public_reports.id', 'public_feedback.public_report_id')
    .select([
      'public_feedback.problem_id',
      'public_feedback.received_at',
      'public_feedback.reply',
      'public_feedback.replied_at',
    ])
    .where('public_reports.inspection_id', '=', inspectionId)
    .where('public_feedback.is_reply_published', '=', 1)
    .where('public_feedback.reply', 'is not', null)
    .orderBy('public_feedback.replied_at', 'desc')
    .orderBy('public_feedback.id', 'desc');
  if (problemId !== undefined) query = query.where('public_feedback.problem_id', '=', problemId);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, reply: row.reply ?? '' }));
}

// ---------------------------------------------------------------------------------------------
// Submission log (rate limit)

/** Serialises public submissions, so a burst cannot pass the rate limit between count and insert. */
export async function lockSubmissions(transaction: DatabaseTransaction): Promise<void> {
  // SQLite has one writer already; PostgreSQL takes a transaction-scoped advisory lock.
  if (!(transaction.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_advisory_xact_lock(${7_031_010}, ${0})`.execute(transaction);
}

export async function countSubmissionsSince(
  db: Executor,
  addressKey: string,
  since: string,
): Promise<number> {
  const row = await db
    .selectFrom('public_submissions')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('address_key', '=', addressKey)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function recordSubmission(db: Executor, addressKey: string, at: string): Promise<void> {
  await db.insertInto('public_submissions').values({ address_key: addressKey, at }).execute();
}

/** Drops submissions too old to count, so the log stays small. */
export async function pruneSubmissionsBefore(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('public_submissions').where('at', '<=', before).execute();
}

// ---------------------------------------------------------------------------------------------
// Staff reads and writes

type FeedbackTables = Tables & { assigned_units: Tables['units'] };

function staffScope(
  eb: ExpressionBuilder<FeedbackTables, 'public_feedback' | 'inspections'>,
  scope: LedgerScope,
) {
  const office = eb('public_feedback.office_id', '=', scope.officeId);
  if (scope.unitIds === 'all') return office;
  if (scope.unitIds.length === 0) return eb('public_feedback.id', '<', 0);
  const units = [...scope.unitIds];
  return eb.and([
    office,
    eb.or([eb('inspections.unit_id', 'in', units), eb('public_feedback.assigned_unit_id', 'in', units)]),
  ]);
}

function staffQuery(db: Executor) {
  return db
    .selectFrom('public_feedback')
    .innerJoin('public_reports', 'public_reports.id', 'public_feedback.public_report_id')
    .innerJoin('inspections', 'inspections.id', 'public_reports.inspection_id')
    .innerJoin('units', 'units.id', 'inspections.unit_id')
    .leftJoin('units as assigned_units', 'assigned_units.id', 'public_feedback.assigned_unit_id')
    .leftJoin('problems', 'problems.id', 'public_feedback.problem_id');
}

const staffColumns = [
  'public_feedback.id',
  'public_feedback.office_id',
  'public_feedback.reference',
  'public_feedback.public_report_id',
  'public_reports.title as report_title',
  'public_reports.version as report_version',
  'inspections.id as inspection_id',
  'inspections.unit_id',
  'units.name as unit_name',
  'public_feedback.problem_id',
  'problems.number as problem_number',
  'problems.title as problem_title',
  'public_feedback.assigned_unit_id',
  'assigned_units.name as assigned_unit_name',
  'public_feedback.content',
  'public_feedback.sender_name',
  'public_feedback.sender_contact',
  'public_feedback.status',
  'public_feedback.received_at',
  'public_feedback.assigned_at',
  'public_feedback.reply',
  'public_feedback.replied_at',
  'public_feedback.is_reply_published',
  'public_feedback.closed_at',
  'public_feedback.triage_note',
  'public_feedback.attachment_file_name',
  'public_feedback.attachment_media_type',
  'public_feedback.attachment_size_bytes',
  'public_feedback.attachment_storage_key',
  'public_feedback.version',
] as const;

export async function findFeedbackInScope(db: Executor, scope: LedgerScope, id: number) {
  return staffQuery(db)
    .select(staffColumns)
    .where('public_feedback.id', '=', id)
    .where((eb) => staffScope(eb, scope))
    .executeTakeFirst();
}

export type StaffFeedbackRow = NonNullable<Awaited<ReturnType<typeof findFeedbackInScope>>>;

export interface FeedbackListFilter {
  status?: FeedbackStatus;
  inspectionId?: number;
  page: number;
  pageSize: number;
}

export async function listFeedbackInScope(
  db: Executor,
  scope: LedgerScope,
  filter: FeedbackListFilter,
): Promise<{ rows: StaffFeedbackRow[]; total: number }> {
  let base = staffQuery(db).where((eb) => staffScope(eb, scope));
  if (filter.status) base = base.where('public_feedback.status', '=', filter.status);
  if (filter.inspectionId) base = base.where('inspections.id', '=', filter.inspectionId);
  const countRow = await base
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .select(staffColumns)
    .orderBy('public_feedback.id', 'desc')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { rows, total: Number(countRow.n) };
}

export interface FeedbackChange {
  status?: FeedbackStatus;
  assignedUnitId?: number | null;
  problemId?: number | null;
  assignedAt?: string;
  triageNote?: string | null;
  reply?: string;
  repliedAt?: string;
  isReplyPublished?: 0 | 1;
  closedAt?: string;
}

/** Applies a change if the row still has the version the caller read; false when it moved on. */
export async function updateFeedback(
  db: Executor,
  id: number,
  expectedVersion: number,
  change: FeedbackChange,
): Promise<boolean> {
  const result = await db
    .updateTable('public_feedback')
    .set({
      ...(change.status !== undefined && { status: change.status }),
      ...(change.assignedUnitId !== undefined && { assigned_unit_id: change.assignedUnitId }),
      ...(change.problemId !== undefined && { problem_id: change.problemId }),
      ...(change.assignedAt !== undefined && { assigned_at: change.assignedAt }),
      ...(change.triageNote !== undefined && { triage_note: change.triageNote }),
      ...(change.reply !== undefined && { reply: change.reply }),
      ...(change.repliedAt !== undefined && { replied_at: change.repliedAt }),
      ...(change.isReplyPublished !== undefined && { is_reply_published: change.isReplyPublished }),
      ...(change.closedAt !== undefined && { closed_at: change.closedAt }),
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Feedback figures of one inspection's notices as they stood at an instant. */
export interface FeedbackCounts {
  received: number;
  replied: number;
  closed: number;
}

export async function countFeedbackAt(
  db: Executor,
  inspectionId: number,
  cutoff: string,
): Promise<FeedbackCounts> {
  const rows = await db
    .selectFrom('public_feedback')
    .innerJoin('public_reports', 'public_reports.id', 'public_feedback.public_report_id')
    .select(['public_feedback.received_at', 'public_feedback.replied_at', 'public_feedback.closed_at'])
    .where('public_reports.inspection_id', '=', inspectionId)
    .where('public_feedback.received_at', '<=', cutoff)
    .execute();
  const by = (instant: string | null) => instant !== null && instant <= cutoff;
  return {
    received: rows.length,
    replied: rows.filter((row) => by(row.replied_at)).length,
    closed: rows.filter((row) => by(row.closed_at)).length,
  };
}

/** A problem of one of the unit's inspections in the office, or undefined. */
export async function findUnitProblem(db: Executor, officeId: number, unitId: number, problemId: number) {
  return db
    .selectFrom('problems')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .select('problems.id')
    .where('problems.id', '=', problemId)
    .where('inspections.unit_id', '=', unitId)
    .where('inspections.office_id', '=', officeId)
    .executeTakeFirst();
}
