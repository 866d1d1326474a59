/**
 * The reads rectification quality needs, scoped like the ledger (office, and units for unit
 * roles): the texts that may be copied (measures, closing statements, evidence descriptions),
 * evidence files by hash, and the dates timing checks compare. Read-only; one query per kind.
 */
import type { ExpressionBuilder } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import type { LedgerState, Tables } from '../../storage/schema.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';
import type { DocumentDates } from './document-dates.rules.ts';

export type TextKind = 'measure' | 'statement' | 'evidence_description';

/** Where a text or file sits: its problem, the unit and the round of the inspection. */
export interface ItemPlace {
  problemId: number;
  problemNumber: string | null;
  problemTitle: string;
  parentId: number | null;
  inspectionId: number;
  unitId: number;
  unitName: string;
  roundId: number;
  roundName: string;
  roundYear: number;
  feedbackOn: string | null;
}

export interface TextOccurrence extends ItemPlace {
  kind: TextKind;
  /** The measure, transition or evidence id the text belongs to. */
  sourceId: number;
  text: string;
}

export interface EvidenceFileRow extends ItemPlace {
  evidenceId: number;
  sha256: string;
  fileName: string;
  description: string | null;
  effectiveOn: string | null;
  uploadedAt: string;
}

export interface QualityFilter {
  inspectionId?: number;
  roundId?: number;
  /** Only this problem (used for one problem's measures). */
  problemId?: number;
}

function placedProblems(db: Executor, scope: LedgerScope, filter: QualityFilter) {
  let query = db
    .selectFrom('problems')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .innerJoin('units', 'units.id', 'inspections.unit_id')
    .innerJoin('inspection_rounds', 'inspection_rounds.id', 'inspections.round_id')
    .where('problems.office_id', '=', scope.officeId)
    .where((eb) => inScope(eb as unknown as ExpressionBuilder<Tables, 'inspections'>, scope));
  if (filter.inspectionId !== undefined) query = query.where('inspections.id', '=', filter.inspectionId);
  if (filter.roundId !== undefined) query = query.where('inspections.round_id', '=', filter.roundId);
  if (filter.problemId !== undefined) query = query.where('problems.id', '=', filter.problemId);
  return query;
}

const placeColumns = [
  'problems.id as problem_id',
  'problems.number as problem_number',
  'problems.title as problem_title',
  'problems.parent_id',
  'inspections.id as inspection_id',
  'inspections.unit_id',
  'units.name as unit_name',
  'inspections.round_id',
  'inspection_rounds.name as round_name',
  'inspection_rounds.year as round_year',
  'inspections.feedback_on',
] as const;

interface PlaceRow {
  problem_id: number;
  problem_number: string | null;
  problem_title: string;
  parent_id: number | null;
  inspection_id: number;
  unit_id: number;
  unit_name: string;
  round_id: number;
  round_name: string;
  round_year: number;
  feedback_on: string | null;
}

function toPlace(row: PlaceRow): ItemPlace {
  return {
    problemId: row.problem_id,
    problemNumber: row.problem_number,
    problemTitle: row.problem_title,
    parentId: row.parent_id,
    inspectionId: row.inspection_id,
    unitId: row.unit_id,
    unitName: row.unit_name,
    roundId: row.round_id,
    roundName: row.round_name,
    roundYear: Number(row.round_year),
    feedbackOn: row.feedback_on,
  };
}

/** The texts of one kind in scope, in a stable order (problem, then source id). */
export async function findTextOccurrences(
  db: Executor,
  scope: LedgerScope,
  kind: TextKind,
  filter: QualityFilter = {},
): Promise<TextOccurrence[]> {
  const base = placedProblems(db, scope, filter);
  let rows: Array<PlaceRow & { source_id: number; text: string | null }>;
  if (kind === 'measure') {
    rows = await base
      .innerJoin('measures', 'measures.problem_id', 'problems.id')
      .select([...placeColumns, 'measures.id as source_id', 'measures.text as text'])
      .orderBy('measures.id')
      .execute();
  } else if (kind === 'statement') {
    rows = await base
      .innerJoin('state_transitions', 'state_transitions.problem_id', 'problems.id')
      .select([...placeColumns, 'state_transitions.id as source_id', 'state_transitions.statement as text'])
      .where('state_transitions.statement', 'is not', null)
      .orderBy('state_transitions.id')
      .execute();
  } else {
    rows = await base
      .innerJoin('evidence', 'evidence.problem_id', 'problems.id')
      .select([...placeColumns, 'evidence.id as source_id', 'evidence.description as text'])
      .where('evidence.description', 'is not', null)
      .orderBy('evidence.id')
      .execute();
  }
  return rows.map((row) => ({ ...toPlace(row), kind, sourceId: row.source_id, text: row.text ?? '' }));
}

export interface StatementRow extends TextOccurrence {
  /** When the transition carrying the statement happened. */
  at: string;
}

/** Closing statements (transitions with a statement) in scope, with when each was made. */
export async function findStatements(
  db: Executor,
  scope: LedgerScope,
  filter: QualityFilter = {},
): Promise<StatementRow[]> {
  const rows = await placedProblems(db, scope, filter)
    .innerJoin('state_transitions', 'state_transitions.problem_id', 'problems.id')
    .select([
      ...placeColumns,
      'state_transitions.id as source_id',
      'state_transitions.statement as text',
      'state_transitions.at',
    ])
    .where('state_transitions.statement', 'is not', null)
    .orderBy('state_transitions.id')
    .execute();
  return rows.map((row) => ({
    ...toPlace(row),
    kind: 'statement' as const,
    sourceId: row.source_id,
    text: row.text ?? '',
    at: String(row.at),
  }));
}

/** The dates found in each evidence document in scope at upload (only documents with text). */
export async function findEvidenceDates(
  db: Executor,
  scope: LedgerScope,
  filter: QualityFilter = {},
): Promise<Map<number, DocumentDates>> {
  const rows = await placedProblems(db, scope, filter)
    .innerJoin('evidence', 'evidence.problem_id', 'problems.id')
    .innerJoin('evidence_texts', 'evidence_texts.evidence_id', 'evidence.id')
    .select([
      'evidence.id as evidence_id',
      'evidence_texts.signed_on',
      'evidence_texts.signed_written',
      'evidence_texts.latest_on',
      'evidence_texts.latest_written',
    ])
    .where((eb) =>
      eb.or([eb('evidence_texts.signed_on', 'is not', null), eb('evidence_texts.latest_on', 'is not', null)]),
    )
    .execute();
  const mention = (day: string | null, written: string | null) =>
    day === null ? null : { day: String(day), written: written ?? String(day) };
  return new Map(
    rows.map((row) => [
      row.evidence_id,
      {
        signedOn: mention(row.signed_on, row.signed_written),
        latest: mention(row.latest_on, row.latest_written),
      },
    ]),
  );
}

/** Every evidence file in scope with its place, dates and hash. */
export async function findEvidenceFiles(
  db: Executor,
  scope: LedgerScope,
  filter: QualityFilter = {},
): Promise<EvidenceFileRow[]> {
  const rows = await placedProblems(db, scope, filter)
    .innerJoin('evidence', 'evidence.problem_id', 'problems.id')
    .select([
      ...placeColumns,
      'evidence.id as evidence_id',
      'evidence.sha256',
      'evidence.file_name',
      'evidence.description',
      'evidence.effective_on',
      'evidence.uploaded_at',
    ])
    .orderBy('evidence.id')
    .execute();
  return rows.map((row) => ({
    ...toPlace(row),
    evidenceId: row.evidence_id,
    sha256: row.sha256,
    fileName: row.file_name,
    description: row.description,
    effectiveOn: row.effective_on,
    uploadedAt: String(row.uploaded_at),
  }));
}

export interface ProblemTimingRow extends ItemPlace {
  state: LedgerState;
  closedAt: string | null;
  dueOn: string | null;
  reboundCount: number;
  /** When the item was last opened (draft → in progress, or reopened after a rebound). */
  openedAt: string | null;
}

/** Problems in scope with their state, closing instant, due date and the instant last opened. */
export async function findProblemTimings(
  db: Executor,
  scope: LedgerScope,
  filter: QualityFilter = {},
): Promise<ProblemTimingRow[]> {
  const rows = await placedProblems(db, scope, filter)
    .leftJoin('deadlines', 'deadlines.id', 'problems.deadline_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('state_transitions')
          .select(['state_transitions.problem_id', (inner) => inner.fn.max('state_transitions.at').as('at')])
          .where('state_transitions.office_id', '=', scope.officeId)
          .where('state_transitions.to_state', '=', 'in_progress')
          .where('state_transitions.from_state', 'in', ['draft', 'closed'])
          .groupBy('state_transitions.problem_id')
          .as('openings'),
      (join) => join.onRef('openings.problem_id', '=', 'problems.id'),
    )
    .select([
      ...placeColumns,
      'problems.state',
      'problems.closed_at',
      'problems.rebound_count',
      'deadlines.due_on',
      'openings.at as opened_at',
    ])
    .orderBy('problems.id')
    .execute();
  return rows.map((row) => ({
    ...toPlace(row),
    state: row.state,
    closedAt: row.closed_at == null ? null : String(row.closed_at),
    dueOn: row.due_on,
    reboundCount: Number(row.rebound_count),
    openedAt: row.opened_at == null ? null : String(row.opened_at),
  }));
}

export interface MeasureRow extends ItemPlace {
  measureId: number;
  position: number;
  text: string;
  problemState: LedgerState;
  /** Assignments (leader, department or person) on the problem or the measure. */
  assignmentCount: number;
  /** Evidence files on the problem (any measure). */
  evidenceCount: number;
}

/** Measures in scope with what concreteness needs of their problem: owners, evidence, state. */
export async function findMeasuresWithContext(
  db: Executor,
  scope: LedgerScope,
  filter: QualityFilter = {},
): Promise<MeasureRow[]> {
  // The counts come from two grouped queries merged here: joining them (or counting per row)
  // made SQLite re-read assignments and evidence for each of 120,000 measures.
  const [rows, assignmentCounts, evidenceCounts] = await Promise.all([
    placedProblems(db, scope, filter)
      .innerJoin('measures', 'measures.problem_id', 'problems.id')
      .select([
        ...placeColumns,
        'measures.id as measure_id',
        'measures.position',
        'measures.text',
        'problems.state as problem_state',
      ])
      .orderBy('problems.id')
      .orderBy('measures.position')
      .execute(),
    countPerProblem(db, scope, filter, 'assignments'),
    countPerProblem(db, scope, filter, 'evidence'),
  ]);
  return rows.map((row) => ({
    ...toPlace(row),
    measureId: row.measure_id,
    position: row.position,
    text: row.text,
    problemState: row.problem_state,
    assignmentCount: assignmentCounts.get(row.problem_id) ?? 0,
    evidenceCount: evidenceCounts.get(row.problem_id) ?? 0,
  }));
}

export interface MeasureTextRow {
  measureId: number;
  problemId: number;
  position: number;
  text: string;
}

/**
 * Every measure in scope without its place: the office-wide grade list already has each
 * problem's place, and 120,000 rows each repeating unit and round names cost more than the rest.
 */
export async function findMeasureTexts(db: Executor, scope: LedgerScope): Promise<MeasureTextRow[]> {
  const rows = await db
    .selectFrom('measures')
    .innerJoin('problems', 'problems.id', 'measures.problem_id')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .select(['measures.id', 'measures.problem_id', 'measures.position', 'measures.text'])
    .where('measures.office_id', '=', scope.officeId)
    .where((eb) => inScope(eb as unknown as ExpressionBuilder<Tables, 'inspections'>, scope))
    .orderBy('measures.id')
    .execute();
  return rows.map((row) => ({
    measureId: row.id,
    problemId: row.problem_id,
    position: row.position,
    text: row.text,
  }));
}

/** Assignments per problem in scope. */
export function findAssignmentCounts(db: Executor, scope: LedgerScope): Promise<Map<number, number>> {
  return countPerProblem(db, scope, {}, 'assignments');
}

async function countPerProblem(
  db: Executor,
  scope: LedgerScope,
  filter: QualityFilter,
  table: 'assignments' | 'evidence',
): Promise<Map<number, number>> {
  const base = placedProblems(db, scope, filter);
  const rows =
    table === 'assignments'
      ? await base
          .innerJoin('assignments', 'assignments.problem_id', 'problems.id')
          .select((eb) => ['problems.id as problem_id', eb.fn.countAll<number>().as('count')])
          .groupBy('problems.id')
          .execute()
      : await base
          .innerJoin('evidence', 'evidence.problem_id', 'problems.id')
          .select((eb) => ['problems.id as problem_id', eb.fn.countAll<number>().as('count')])
          .groupBy('problems.id')
          .execute();
  return new Map(rows.map((row) => [row.problem_id, Number(row.count)]));
}

/** Department names per unit in scope, so a measure naming one counts as naming who acts. */
export async function findDepartmentNamesByUnit(
  db: Executor,
  scope: LedgerScope,
): Promise<Map<number, string[]>> {
  let query = db
    .selectFrom('departments')
    .select(['unit_id', 'name'])
    .where('office_id', '=', scope.officeId);
  if (scope.unitIds !== 'all') {
    query =
      scope.unitIds.length === 0
        ? query.where('id', '<', 0)
        : query.where('unit_id', 'in', [...scope.unitIds]);
  }
  const names = new Map<number, string[]>();
  for (const row of await query.execute()) {
    const list = names.get(row.unit_id) ?? [];
    list.push(row.name);
    names.set(row.unit_id, list);
  }
  return names;
}

/** Whether an inspection exists inside the scope (out of scope answers as absent). */
export async function isInspectionInScope(
  db: Executor,
  scope: LedgerScope,
  inspectionId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('inspections')
    .select('inspections.id')
    .where('inspections.id', '=', inspectionId)
    .where((eb) => inScope(eb, scope))
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a round belongs to the scope's office. */
export async function isRoundInOffice(db: Executor, officeId: number, roundId: number): Promise<boolean> {
  const row = await db
    .selectFrom('inspection_rounds')
    .select('id')
    .where('id', '=', roundId)
    .where('office_id', '=', officeId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The inspections in scope (optionally of one round), for grading each. */
export async function findInspectionsInScope(db: Executor, scope: LedgerScope, filter: QualityFilter = {}) {
  let query = db
    .selectFrom('inspections')
    .innerJoin('units', 'units.id', 'inspections.unit_id')
    .innerJoin('inspection_rounds', 'inspection_rounds.id', 'inspections.round_id')
    .select([
      'inspections.id as inspectionId',
      'inspections.unit_id as unitId',
      'units.name as unitName',
      'inspections.round_id as roundId',
      'inspection_rounds.name as roundName',
    ])
    .where((eb) => inScope(eb as unknown as ExpressionBuilder<Tables, 'inspections'>, scope));
  if (filter.inspectionId !== undefined) query = query.where('inspections.id', '=', filter.inspectionId);
  if (filter.roundId !== undefined) query = query.where('inspections.round_id', '=', filter.roundId);
  return query.orderBy('inspections.id').execute();
}

/** Whether a problem exists inside the scope. */
export async function isProblemInScope(
  db: Executor,
  scope: LedgerScope,
  problemId: number,
): Promise<boolean> {
  const row = await placedProblems(db, scope, { problemId }).select('problems.id').executeTakeFirst();
  return row !== undefined;
}

export interface FeedbackCountRow {
  problemId: number;
  inspectionId: number;
  total: number;
  /** Not yet replied to (received or assigned). */
  unanswered: number;
}

/** Public feedback (群众意见, public_feedback of migration 0001) per problem in scope. */
export async function findPublicFeedbackCounts(
  db: Executor,
  scope: LedgerScope,
  filter: QualityFilter = {},
): Promise<FeedbackCountRow[]> {
  const rows = await placedProblems(db, scope, filter)
    .innerJoin('public_feedback', 'public_feedback.problem_id', 'problems.id')
    .select((eb) => [
      'problems.id as problem_id',
      'inspections.id as inspection_id',
      eb.fn.countAll<number>().as('total'),
      eb.fn
        .sum<number>(
          eb.case().when('public_feedback.status', 'in', ['received', 'assigned']).then(1).else(0).end(),
        )
        .as('unanswered'),
    ])
    .groupBy(['problems.id', 'inspections.id'])
    .execute();
  return rows.map((row) => ({
    problemId: row.problem_id,
    inspectionId: row.inspection_id,
    total: Number(row.total),
    unanswered: Number(row.unanswered ?? 0),
  }));
}

/**
 * The office's newest event id that can change a quality figure: every event except setting
 * the weights, which only recombines the same indicators (so saving weights keeps the cache).
 */
export async function readQualityFreshness(db: Executor, officeId: number): Promise<number> {
  // Newest first along the (office_id, id) index: stops at the first other event.
  const row = await db
    .selectFrom('events')
    .select('id')
    .where('office_id', '=', officeId)
    .where('action', '<>', 'quality_weights_set')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

export interface LookbackCheckRow {
  inspectionId: number;
  problemId: number;
  result: 'holds' | 'rebound';
}

/** Checked items of the look-backs of inspections in scope (unchecked ones do not count yet). */
export async function findLookbackChecks(
  db: Executor,
  scope: LedgerScope,
  filter: QualityFilter = {},
): Promise<LookbackCheckRow[]> {
  const rows = await placedProblems(db, scope, filter)
    .innerJoin('lookback_checks', 'lookback_checks.problem_id', 'problems.id')
    .innerJoin('lookbacks', 'lookbacks.id', 'lookback_checks.lookback_id')
    // The look-back belongs to the inspection the item is placed in.
    .whereRef('lookbacks.inspection_id', '=', 'inspections.id')
    .where('lookback_checks.result', 'is not', null)
    .select(['inspections.id as inspection_id', 'problems.id as problem_id', 'lookback_checks.result'])
    .orderBy('lookback_checks.id')
    .execute();
  return rows.map((row) => ({
    inspectionId: row.inspection_id,
    problemId: row.problem_id,
    result: row.result === 'rebound' ? 'rebound' : 'holds',
  }));
}
