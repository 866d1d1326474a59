/**
 * Reads the ledger: the filtered, sorted, paginated list of problems in a user's scope, with
 * each row's owners and counts, and one problem in full. Every query is scoped by office and
 * unit, so ids outside the scope are simply not found.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import type { LedgerState, Tables } from '../../storage/schema.ts';
import type { LedgerScope } from './ledger-scope.ts';
import { ensureSearchRowsFresh, searchTextContains } from './problem-search.repository.ts';

export interface LedgerFilter {
  inspectionId?: number;
  unitId?: number;
  aspectId?: number;
  states?: readonly LedgerState[];
  /** Overdue on `today`: the due day has passed and the item is not closed. */
  isOverdue?: boolean;
  isLongTerm?: boolean;
  departmentId?: number;
  leaderId?: number;
  personId?: number;
  dueFrom?: string;
  dueTo?: string;
  /** Words to find in the title, manifestations or measures (all must appear). */
  text?: string;
  /**
   * Returned to its owners (被退回): in progress, and the problem's latest transition is a
   * reviewer's rejection — not the applicant withdrawing (撤回), even with a reason.
   */
  isReturned?: boolean;
}

export type LedgerSort = 'document' | 'due_on' | 'updated_at' | 'state';

export interface LedgerQuery {
  filter: LedgerFilter;
  sort: LedgerSort;
  /** 1-based page number. */
  page: number;
  pageSize: number;
  today: string;
  /** Also read each row's measures (one extra query for the page). */
  includeMeasures?: boolean;
}

export interface LedgerMeasure {
  id: number;
  text: string;
  isDone: boolean;
  doneOn: string | null;
}

export interface LedgerRow {
  id: number;
  inspectionId: number;
  unitId: number;
  unitName: string;
  aspectId: number;
  aspectTitle: string;
  parentId: number | null;
  number: string | null;
  title: string;
  state: LedgerState;
  isLongTerm: boolean;
  isOverdue: boolean;
  dueOn: string | null;
  deadlineText: string | null;
  /** Set while the due day waits for this year's official calendar. */
  deadlineAwaitsCalendarYear: number | null;
  leaders: string[];
  departments: string[];
  people: string[];
  measureCount: number;
  evidenceCount: number;
  reboundCount: number;
  updatedAt: string;
  version: number;
  /** Present only when the query asked for measures. */
  measures?: LedgerMeasure[];
}

export interface LedgerPage {
  items: LedgerRow[];
  total: number;
  page: number;
  pageSize: number;
}

type LedgerExpressionBuilder = ExpressionBuilder<Tables, 'problems' | 'inspections' | 'deadlines'>;

function hasAssignment(eb: LedgerExpressionBuilder, role: 'leader' | 'department' | 'person', id: number) {
  return eb.exists(
    eb
      .selectFrom('assignments')
      .select('assignments.id')
      .whereRef('assignments.problem_id', '=', 'problems.id')
      .where('assignments.role', '=', role)
      .where(role === 'department' ? 'assignments.department_id' : 'assignments.person_id', '=', id),
  );
}

function isReturnedProblem(eb: LedgerExpressionBuilder) {
  return eb.and([
    eb('problems.state', '=', 'in_progress'),
    // A withdrawal by the applicant makes the same state change and may carry a reason too, so
    // the action is read from the event log, written in the same transaction as the transition:
    // a rejection with no withdrawal after it. Only rejections and withdrawals leave review
    // for in progress, so with the latest transition below it is the latest of the two.
    eb.exists(
      eb
        .selectFrom('events as rejection')
        .select('rejection.id')
        .where('rejection.entity_type', '=', 'problem')
        .whereRef('rejection.entity_id', '=', 'problems.id')
        .where('rejection.action', '=', 'reject')
        .where((inner) =>
          inner.not(
            inner.exists(
              inner
                .selectFrom('events as withdrawal')
                .select('withdrawal.id')
                .where('withdrawal.entity_type', '=', 'problem')
                .whereRef('withdrawal.entity_id', '=', 'problems.id')
                .where('withdrawal.action', '=', 'withdraw')
                .whereRef('withdrawal.id', '>', 'rejection.id'),
            ),
          ),
        ),
    ),
    eb.exists(
      eb
        .selectFrom('state_transitions as latest')
        .select('latest.id')
        .whereRef('latest.problem_id', '=', 'problems.id')
        .where('latest.from_state', '=', 'pending_review')
        .where('latest.to_state', '=', 'in_progress')
        .where(
          'latest.id',
          '=',
          eb
            .selectFrom('state_transitions as later')
            .select((inner) => inner.fn.max('later.id').as('id'))
            .whereRef('later.problem_id', '=', 'problems.id'),
        ),
    ),
  ]);
}

function buildBaseQuery(db: Executor, scope: LedgerScope, query: LedgerQuery) {
  const { filter, today } = query;
  // The tenant filter is on problems itself so its (office_id, state) index can drive the
  // query; only the joins the filters need are here, and the count runs on exactly this.
  let base = db
    .selectFrom('problems')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .leftJoin('deadlines', 'deadlines.id', 'problems.deadline_id')
    .where('problems.office_id', '=', scope.officeId);
  if (scope.unitIds !== 'all') {
    base =
      scope.unitIds.length === 0
        ? base.where('problems.id', '<', 0)
        : base.where('inspections.unit_id', 'in', [...scope.unitIds]);
  }
  if (filter.inspectionId !== undefined)
    base = base.where('problems.inspection_id', '=', filter.inspectionId);
  if (filter.unitId !== undefined) base = base.where('inspections.unit_id', '=', filter.unitId);
  if (filter.aspectId !== undefined) base = base.where('problems.aspect_id', '=', filter.aspectId);
  if (filter.states && filter.states.length > 0)
    base = base.where('problems.state', 'in', [...filter.states]);
  if (filter.isLongTerm !== undefined)
    base = base.where('problems.is_long_term', '=', filter.isLongTerm ? 1 : 0);
  if (filter.isOverdue === true) {
    base = base.where('problems.state', '<>', 'closed').where('deadlines.due_on', '<', today);
  } else if (filter.isOverdue === false) {
    base = base.where((eb) =>
      eb.or([
        eb('problems.state', '=', 'closed'),
        eb('deadlines.due_on', 'is', null),
        eb('deadlines.due_on', '>=', today),
      ]),
    );
  }
  if (filter.dueFrom) base = base.where('deadlines.due_on', '>=', filter.dueFrom);
  if (filter.dueTo) base = base.where('deadlines.due_on', '<=', filter.dueTo);
  if (filter.departmentId !== undefined) {
    const id = filter.departmentId;
    base = base.where((eb) => hasAssignment(eb as LedgerExpressionBuilder, 'department', id));
  }
  if (filter.leaderId !== undefined) {
    const id = filter.leaderId;
    base = base.where((eb) => hasAssignment(eb as LedgerExpressionBuilder, 'leader', id));
  }
  if (filter.personId !== undefined) {
    const id = filter.personId;
    base = base.where((eb) => hasAssignment(eb as LedgerExpressionBuilder, 'person', id));
  }
  if (filter.isReturned === true) {
    base = base.where((eb) => isReturnedProblem(eb as LedgerExpressionBuilder));
  } else if (filter.isReturned === false) {
    base = base.where((eb) => eb.not(isReturnedProblem(eb as LedgerExpressionBuilder)));
  }
  for (const term of searchTerms(filter.text)) base = base.where(searchTextContains(scope.officeId, term));
  return base;
}

/** The words of a search, at most 8 (all must appear). */
function searchTerms(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\s+/)
    .filter((term) => term.length > 0)
    .slice(0, 8);
}

/** One page of the ledger in scope. Sorting always ends on the id, so pages never overlap or skip. */
export async function findLedgerPage(
  db: Executor,
  scope: LedgerScope,
  query: LedgerQuery,
): Promise<LedgerPage> {
  if (searchTerms(query.filter.text).length > 0) await ensureSearchRowsFresh(db, scope.officeId);
  const base = buildBaseQuery(db, scope, query);
  const totalRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let listing = base
    .innerJoin('units', 'units.id', 'inspections.unit_id')
    .innerJoin('aspects', 'aspects.id', 'problems.aspect_id')
    .leftJoin('problems as parent', 'parent.id', 'problems.parent_id')
    .select([
      'problems.id',
      'problems.inspection_id',
      'inspections.unit_id',
      'units.name as unit_name',
      'problems.aspect_id',
      'aspects.title as aspect_title',
      'problems.parent_id',
      'problems.number',
      'problems.title',
      'problems.state',
      'problems.is_long_term',
      'problems.rebound_count',
      'problems.updated_at',
      'problems.version',
      'deadlines.due_on',
      'deadlines.text as deadline_text',
      'deadlines.awaits_calendar_year as deadline_awaits_calendar_year',
    ]);
  switch (query.sort) {
    case 'due_on':
      listing = listing.orderBy(sql`deadlines.due_on is null`).orderBy('deadlines.due_on');
      break;
    case 'updated_at':
      listing = listing.orderBy('problems.updated_at', 'desc');
      break;
    case 'state':
      listing = listing.orderBy('problems.state');
      break;
    case 'document':
      listing = listing
        .orderBy('problems.inspection_id')
        .orderBy('aspects.position')
        .orderBy(sql`coalesce(parent.position, problems.position)`)
        .orderBy(sql`problems.parent_id is not null`)
        .orderBy('problems.position');
      break;
  }
  const rows = await listing
    .orderBy('problems.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const ids = rows.map((row) => row.id);
  const [assignments, measureCounts, evidenceCounts, measures] =
    ids.length === 0
      ? [[], [], [], []]
      : await Promise.all([
          db
            .selectFrom('assignments')
            .leftJoin('people', 'people.id', 'assignments.person_id')
            .leftJoin('departments', 'departments.id', 'assignments.department_id')
            .select([
              'assignments.problem_id',
              'assignments.role',
              'people.name as person_name',
              'departments.name as department_name',
            ])
            .where('assignments.problem_id', 'in', ids)
            .where('assignments.measure_id', 'is', null)
            .orderBy('assignments.id')
            .execute(),
          db
            .selectFrom('measures')
            .select(['problem_id', (eb) => eb.fn.countAll<number>().as('n')])
            .where('problem_id', 'in', ids)
            .groupBy('problem_id')
            .execute(),
          db
            .selectFrom('evidence')
            .select(['problem_id', (eb) => eb.fn.countAll<number>().as('n')])
            .where('problem_id', 'in', ids)
            .groupBy('problem_id')
            .execute(),
          query.includeMeasures
            ? db
                .selectFrom('measures')
                .select(['id', 'problem_id', 'text', 'is_done', 'done_on'])
                .where('problem_id', 'in', ids)
                .orderBy('problem_id')
                .orderBy('position')
                .orderBy('id')
                .execute()
            : Promise.resolve([]),
        ]);
  const measuresByProblem = new Map<number, LedgerMeasure[]>();
  for (const measure of measures) {
    const list = measuresByProblem.get(measure.problem_id) ?? [];
    list.push({
      id: measure.id,
      text: measure.text,
      isDone: measure.is_done === 1,
      doneOn: measure.done_on,
    });
    measuresByProblem.set(measure.problem_id, list);
  }
  const countOf = (counts: ReadonlyArray<{ problem_id: number; n: number }>, id: number) =>
    Number(counts.find((count) => count.problem_id === id)?.n ?? 0);
  const namesOf = (id: number, role: string) =>
    assignments
      .filter((assignment) => assignment.problem_id === id && assignment.role === role)
      .map(
        (assignment) => (role === 'department' ? assignment.department_name : assignment.person_name) ?? '',
      );
  return {
    total: Number(totalRow.n),
    page: query.page,
    pageSize: query.pageSize,
    items: rows.map((row) => ({
      id: row.id,
      inspectionId: row.inspection_id,
      unitId: row.unit_id,
      unitName: row.unit_name,
      aspectId: row.aspect_id,
      aspectTitle: row.aspect_title,
      parentId: row.parent_id,
      number: row.number,
      title: row.title,
      state: row.state,
      isLongTerm: row.is_long_term === 1,
      isOverdue: row.state !== 'closed' && row.due_on != null && row.due_on < query.today,
      dueOn: row.due_on,
      deadlineText: row.deadline_text,
      deadlineAwaitsCalendarYear: row.deadline_awaits_calendar_year,
      leaders: namesOf(row.id, 'leader'),
      departments: namesOf(row.id, 'department'),
      people: namesOf(row.id, 'person'),
      measureCount: countOf(measureCounts, row.id),
      evidenceCount: countOf(evidenceCounts, row.id),
      reboundCount: row.rebound_count,
      updatedAt: row.updated_at,
      version: row.version,
      ...(query.includeMeasures && { measures: measuresByProblem.get(row.id) ?? [] }),
    })),
  };
}
