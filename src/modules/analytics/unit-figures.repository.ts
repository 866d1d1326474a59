/**
 * The inspection office's figures per unit, computed from the ledgers (never typed): problems,
 * closed, completion rate, overdue, pending review, long-term, rebounds, institutions, money
 * and people outcomes, meetings — for one round or all rounds, within the actor's scope.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import type { Tables } from '../../storage/schema.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';

export interface UnitFigures {
  inspectionId: number;
  unitId: number;
  unitName: string;
  roundId: number;
  roundName: string;
  feedbackOn: string | null;
  problems: number;
  closed: number;
  inProgress: number;
  pendingReview: number;
  draft: number;
  overdue: number;
  longTerm: number;
  rebounds: number;
  /** closed / problems, 0…1 (0 when there are no problems). */
  completionRate: number;
  measures: number;
  institutionsNew: number;
  institutionsRevised: number;
  fundsReturnedYuan: number;
  fundsRecoveredYuan: number;
  fundsSavedYuan: number;
  peopleReminded: number;
  peopleAdmonished: number;
  peopleAccountable: number;
  peopleDisciplined: number;
  meetings: number;
}

export type FigureTotals = Omit<
  UnitFigures,
  'inspectionId' | 'unitId' | 'unitName' | 'roundId' | 'roundName' | 'feedbackOn'
> & {
  units: number;
};

const count = (condition: ReturnType<typeof sql>) =>
  sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`;

/** Figures per inspection (one unit in one round) in scope, optionally for one round. */
export async function findUnitFigures(
  db: Executor,
  scope: LedgerScope,
  options: { roundId?: number; today: string },
): Promise<UnitFigures[]> {
  let inspections = db
    .selectFrom('inspections')
    .innerJoin('units', 'units.id', 'inspections.unit_id')
    .innerJoin('inspection_rounds', 'inspection_rounds.id', 'inspections.round_id')
    .select([
      'inspections.id as inspection_id',
      'inspections.unit_id',
      'units.name as unit_name',
      'inspections.round_id',
      'inspection_rounds.name as round_name',
      'inspections.feedback_on',
    ])
    .where((eb) => inScope(eb as unknown as ExpressionBuilder<Tables, 'inspections'>, scope));
  if (options.roundId !== undefined)
    inspections = inspections.where('inspections.round_id', '=', options.roundId);
  const rows = await inspections
    .orderBy('inspection_rounds.year', 'desc')
    .orderBy('inspections.id')
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.inspection_id);

  const problemFigures = await db
    .selectFrom('problems')
    .leftJoin('deadlines', 'deadlines.id', 'problems.deadline_id')
    .select([
      'problems.inspection_id',
      (eb) => eb.fn.countAll<number>().as('problems'),
      count(sql`problems.state = 'closed'`).as('closed'),
      count(sql`problems.state = 'in_progress'`).as('in_progress'),
      count(sql`problems.state = 'pending_review'`).as('pending_review'),
      count(sql`problems.state = 'draft'`).as('draft'),
      count(sql`problems.state <> 'closed' and deadlines.due_on < ${options.today}`).as('overdue'),
      count(sql`problems.is_long_term = 1`).as('long_term'),
      sql<number>`coalesce(sum(problems.rebound_count), 0)`.as('rebounds'),
    ])
    .where('problems.inspection_id', 'in', ids)
    .groupBy('problems.inspection_id')
    .execute();
  const measureFigures = await db
    .selectFrom('measures')
    .innerJoin('problems', 'problems.id', 'measures.problem_id')
    .select(['problems.inspection_id', (eb) => eb.fn.countAll<number>().as('measures')])
    .where('problems.inspection_id', 'in', ids)
    .groupBy('problems.inspection_id')
    .execute();
  const institutionFigures = await db
    .selectFrom('institutions')
    .select([
      'inspection_id',
      count(sql`change = 'new'`).as('institutions_new'),
      count(sql`change = 'revised'`).as('institutions_revised'),
    ])
    .where('inspection_id', 'in', ids)
    .groupBy('inspection_id')
    .execute();
  const sumOf = (kind: string, column: 'amount_fen' | 'people_count') =>
    sql<number>`coalesce(sum(case when kind = ${kind} then ${sql.ref(column)} else 0 end), 0)`;
  const outcomeFigures = await db
    .selectFrom('outcomes')
    .select([
      'inspection_id',
      sumOf('funds_returned', 'amount_fen').as('funds_returned'),
      sumOf('funds_recovered', 'amount_fen').as('funds_recovered'),
      sumOf('funds_saved', 'amount_fen').as('funds_saved'),
      sumOf('people_reminded', 'people_count').as('people_reminded'),
      sumOf('people_admonished', 'people_count').as('people_admonished'),
      sumOf('people_accountable', 'people_count').as('people_accountable'),
      sumOf('people_disciplined', 'people_count').as('people_disciplined'),
    ])
    .where('inspection_id', 'in', ids)
    .groupBy('inspection_id')
    .execute();
  const meetingFigures = await db
    .selectFrom('meetings')
    .select(['inspection_id', (eb) => eb.fn.countAll<number>().as('meetings')])
    .where('inspection_id', 'in', ids)
    .groupBy('inspection_id')
    .execute();

  const byInspection = <T extends { inspection_id: number | null }>(list: T[]) =>
    new Map(list.map((row) => [row.inspection_id, row] as const));
  const problemsOf = byInspection(problemFigures);
  const measuresOf = byInspection(measureFigures);
  const institutionsOf = byInspection(institutionFigures);
  const outcomesOf = byInspection(outcomeFigures);
  const meetingsOf = byInspection(meetingFigures);
  const yuan = (fen: number | undefined) => Math.round(Number(fen ?? 0)) / 100;

  return rows.map((row) => {
    const problem = problemsOf.get(row.inspection_id);
    const outcome = outcomesOf.get(row.inspection_id);
    const problems = Number(problem?.problems ?? 0);
    const closed = Number(problem?.closed ?? 0);
    return {
      inspectionId: row.inspection_id,
      unitId: row.unit_id,
      unitName: row.unit_name,
      roundId: row.round_id,
      roundName: row.round_name,
      feedbackOn: row.feedback_on,
      problems,
      closed,
      inProgress: Number(problem?.in_progress ?? 0),
      pendingReview: Number(problem?.pending_review ?? 0),
      draft: Number(problem?.draft ?? 0),
      overdue: Number(problem?.overdue ?? 0),
      longTerm: Number(problem?.long_term ?? 0),
      rebounds: Number(problem?.rebounds ?? 0),
      completionRate: problems === 0 ? 0 : closed / problems,
      measures: Number(measuresOf.get(row.inspection_id)?.measures ?? 0),
      institutionsNew: Number(institutionsOf.get(row.inspection_id)?.institutions_new ?? 0),
      institutionsRevised: Number(institutionsOf.get(row.inspection_id)?.institutions_revised ?? 0),
      fundsReturnedYuan: yuan(outcome?.funds_returned),
      fundsRecoveredYuan: yuan(outcome?.funds_recovered),
      fundsSavedYuan: yuan(outcome?.funds_saved),
      peopleReminded: Number(outcome?.people_reminded ?? 0),
      peopleAdmonished: Number(outcome?.people_admonished ?? 0),
      peopleAccountable: Number(outcome?.people_accountable ?? 0),
      peopleDisciplined: Number(outcome?.people_disciplined ?? 0),
      meetings: Number(meetingsOf.get(row.inspection_id)?.meetings ?? 0),
    };
  });
}

/** Sums the per-unit figures; the completion rate is recomputed from the sums, not averaged. */
export function totalFigures(units: readonly UnitFigures[]): FigureTotals {
  const sum = (pick: (figures: UnitFigures) => number) =>
    units.reduce((total, figures) => total + pick(figures), 0);
  const problems = sum((figures) => figures.problems);
  const closed = sum((figures) => figures.closed);
  return {
    units: new Set(units.map((figures) => figures.unitId)).size,
    problems,
    closed,
    inProgress: sum((figures) => figures.inProgress),
    pendingReview: sum((figures) => figures.pendingReview),
    draft: sum((figures) => figures.draft),
    overdue: sum((figures) => figures.overdue),
    longTerm: sum((figures) => figures.longTerm),
    rebounds: sum((figures) => figures.rebounds),
    completionRate: problems === 0 ? 0 : closed / problems,
    measures: sum((figures) => figures.measures),
    institutionsNew: sum((figures) => figures.institutionsNew),
    institutionsRevised: sum((figures) => figures.institutionsRevised),
    fundsReturnedYuan: Math.round(sum((figures) => figures.fundsReturnedYuan) * 100) / 100,
    fundsRecoveredYuan: Math.round(sum((figures) => figures.fundsRecoveredYuan) * 100) / 100,
    fundsSavedYuan: Math.round(sum((figures) => figures.fundsSavedYuan) * 100) / 100,
    peopleReminded: sum((figures) => figures.peopleReminded),
    peopleAdmonished: sum((figures) => figures.peopleAdmonished),
    peopleAccountable: sum((figures) => figures.peopleAccountable),
    peopleDisciplined: sum((figures) => figures.peopleDisciplined),
    meetings: sum((figures) => figures.meetings),
  };
}
