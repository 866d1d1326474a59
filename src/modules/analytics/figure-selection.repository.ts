/**
 * What a figure is computed over: the inspections (one unit in one round) in the actor's scope,
 * narrowed to a round and/or a unit; the SQL conditions that decide which concrete problems a
 * problem figure counts; and which supervision notices belong to those inspections. The counts
 * (unit-figures.repository.ts) and the drill-down lists (figure-items.repository.ts) both use
 * these, so a number and the list behind it cannot disagree.
 */
import { sql, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import type { SupervisionNoticeState, Tables } from '../../storage/schema.ts';
import { shanghaiDate } from '../deadlines/calendar-date.rules.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';
import type { ProblemFigureKey } from './figure-keys.ts';
import { attributeNotice } from './figure.rules.ts';

export interface FigureSelection {
  roundId?: number | undefined;
  unitId?: number | undefined;
}

export interface SelectedInspection {
  inspection_id: number;
  unit_id: number;
  unit_name: string;
  round_id: number;
  round_name: string;
  round_year: number;
  feedback_on: string | null;
}

/** The inspections in scope matching the selection, newest round first, then by unit. */
export async function findSelectedInspections(
  db: Executor,
  scope: LedgerScope,
  selection: FigureSelection,
): Promise<SelectedInspection[]> {
  let query = db
    .selectFrom('inspections')
    .innerJoin('units', 'units.id', 'inspections.unit_id')
    .innerJoin('inspection_rounds', 'inspection_rounds.id', 'inspections.round_id')
    .select([
      'inspections.id as inspection_id',
      'inspections.unit_id',
      'units.name as unit_name',
      'inspections.round_id',
      'inspection_rounds.name as round_name',
      'inspection_rounds.year as round_year',
      'inspections.feedback_on',
    ])
    .where((eb) => inScope(eb as unknown as ExpressionBuilder<Tables, 'inspections'>, scope));
  if (selection.roundId !== undefined) query = query.where('inspections.round_id', '=', selection.roundId);
  if (selection.unitId !== undefined) query = query.where('inspections.unit_id', '=', selection.unitId);
  return query
    .orderBy('inspection_rounds.year', 'desc')
    .orderBy('inspections.round_id', 'desc')
    .orderBy('inspections.id')
    .execute();
}

/**
 * The problems of the given inspections as `p` — parents included, marked by `parents.parent_id`
 * being not null — with their deadline `d` and a summary of their measures `ms` (how many, done,
 * not done outside a 长期坚持 deadline). `allMeasures: false` sums measures only for the items
 * 基本完成 can apply to (open long-term or pending review), enough for a drill-down.
 */
export function problemsWithFactsOf(
  db: Executor,
  inspectionIds: readonly number[],
  options: { allMeasures: boolean },
) {
  const ids = [...inspectionIds];
  const parents = db
    .selectFrom('problems')
    .select('problems.parent_id')
    .distinct()
    .where('problems.parent_id', 'is not', null)
    .where('problems.inspection_id', 'in', ids)
    .as('parents');
  let measureSummary = db
    .selectFrom('measures as m')
    .innerJoin('problems as mp', 'mp.id', 'm.problem_id')
    .leftJoin('deadlines as md', 'md.id', 'm.deadline_id')
    .select([
      'm.problem_id',
      (eb) => eb.fn.countAll<number>().as('measures'),
      sql<number>`sum(m.is_done)`.as('done'),
      sql<number>`sum(case when m.is_done = 0 and (md.kind is null or md.kind <> 'long_term') then 1 else 0 end)`.as(
        'open_short',
      ),
    ])
    .where('mp.inspection_id', 'in', ids);
  if (!options.allMeasures) {
    measureSummary = measureSummary
      .where('mp.state', 'in', ['in_progress', 'pending_review'])
      .where((eb) => eb.or([eb('mp.is_long_term', '=', 1), eb('mp.state', '=', 'pending_review')]));
  }
  return db
    .selectFrom('problems as p')
    .leftJoin('deadlines as d', 'd.id', 'p.deadline_id')
    .leftJoin(parents, 'parents.parent_id', 'p.id')
    .leftJoin(measureSummary.groupBy('m.problem_id').as('ms'), 'ms.problem_id', 'p.id')
    .where('p.inspection_id', 'in', ids);
}

/** Whether a row of problemsWithFactsOf is concrete (an item without sub-items). */
export const IS_CONCRETE = sql<SqlBool>`parents.parent_id is null`;

/**
 * Concrete problems (items without sub-items; a parent only groups its children, as in the
 * report documents) of the given inspections, with `p`, `d` and `ms` as above.
 */
export function concreteProblemsOf(db: Executor, inspectionIds: readonly number[]) {
  return problemsWithFactsOf(db, inspectionIds, { allMeasures: false }).where(IS_CONCRETE);
}

/** The condition a concrete problem (`p`, `d`, `ms` as above) meets to count for the figure. */
export function problemCondition(key: ProblemFigureKey, today: string): RawBuilder<SqlBool> {
  switch (key) {
    case 'problems':
      return sql<SqlBool>`1 = 1`;
    case 'closed':
      return sql<SqlBool>`p.state = 'closed'`;
    case 'open':
      return sql<SqlBool>`p.state <> 'closed'`;
    case 'inProgress':
      return sql<SqlBool>`p.state = 'in_progress'`;
    case 'pendingReview':
      return sql<SqlBool>`p.state = 'pending_review'`;
    case 'draft':
      return sql<SqlBool>`p.state = 'draft'`;
    case 'overdue':
      return sql<SqlBool>`(p.state <> 'closed' and d.due_on < ${today})`;
    case 'longTerm':
      return sql<SqlBool>`p.is_long_term = 1`;
    case 'rebounds':
      return sql<SqlBool>`p.rebound_count > 0`;
    case 'basicallyClosed':
      // Mirrors isBasicallyClosed in figure.rules.ts.
      return sql<SqlBool>`(p.state in ('in_progress', 'pending_review')
        and (p.is_long_term = 1 or p.state = 'pending_review')
        and coalesce(ms.done, 0) > 0 and coalesce(ms.open_short, 0) = 0)`;
  }
}

export interface AttributedNotice {
  id: number;
  inspectionId: number;
  state: SupervisionNoticeState;
}

/** The supervision notices in scope that belong to the given inspections (see attributeNotice). */
export async function findAttributedNotices(
  db: Executor,
  scope: LedgerScope,
  inspections: readonly SelectedInspection[],
): Promise<AttributedNotice[]> {
  if (inspections.length === 0) return [];
  const selected = new Set(inspections.map((inspection) => inspection.inspection_id));
  const unitIds = [...new Set(inspections.map((inspection) => inspection.unit_id))];
  const notices = await db
    .selectFrom('supervision_notices as n')
    .leftJoin('problems', 'problems.id', 'n.problem_id')
    .select(['n.id', 'n.unit_id', 'n.state', 'n.issued_at', 'problems.inspection_id'])
    .where('n.office_id', '=', scope.officeId)
    .where('n.unit_id', 'in', unitIds)
    .execute();
  if (notices.length === 0) return [];
  // A unit-level notice may belong to a round outside the selection: weigh every inspection.
  const unitInspections = await db
    .selectFrom('inspections')
    .select(['id', 'unit_id', 'feedback_on'])
    .where('office_id', '=', scope.officeId)
    .where('unit_id', 'in', [...new Set(notices.map((notice) => notice.unit_id))])
    .execute();
  const inspectionsOfUnit = new Map<number, Array<{ id: number; feedbackOn: string | null }>>();
  for (const row of unitInspections) {
    const list = inspectionsOfUnit.get(row.unit_id) ?? [];
    list.push({ id: row.id, feedbackOn: row.feedback_on });
    inspectionsOfUnit.set(row.unit_id, list);
  }
  const attributed: AttributedNotice[] = [];
  for (const notice of notices) {
    const inspectionId = attributeNotice(
      {
        problemInspectionId: notice.inspection_id ?? null,
        issuedOn: shanghaiDate(new Date(notice.issued_at)),
      },
      inspectionsOfUnit.get(notice.unit_id) ?? [],
    );
    if (inspectionId !== null && selected.has(inspectionId))
      attributed.push({ id: notice.id, inspectionId, state: notice.state });
  }
  return attributed;
}

/** Whether a notice counts as answered (回复): replied, or replied and then closed. */
export function isNoticeAnswered(state: SupervisionNoticeState): boolean {
  return state === 'replied' || state === 'closed';
}
