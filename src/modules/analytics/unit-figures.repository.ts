/**
 * The inspection office's figures per inspection (one unit in one round), computed from the
 * ledgers and registers (never typed): problems fed back, closed, 基本完成, open, states,
 * overdue, long-term, rebounds, measures, institutions, money and people outcomes, meetings and
 * supervision notices — for one round and/or unit or all, within the actor's scope. Totals per
 * round, per unit and overall are added up in figure-totals.ts.
 */
import { sql } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import { FIGURE_DEFINITIONS, FIGURE_KEYS, OUTCOME_FIGURES, type ProblemFigureKey } from './figure-keys.ts';
import {
  findAttributedNotices,
  findSelectedInspections,
  IS_CONCRETE,
  isNoticeAnswered,
  problemCondition,
  problemsWithFactsOf,
  type FigureSelection,
} from './figure-selection.repository.ts';

/** The figures themselves (every FigureKey, plus the completion rate derived from them). */
export interface Figures {
  problems: number;
  closed: number;
  basicallyClosed: number;
  open: number;
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
  noticesIssued: number;
  noticesAnswered: number;
}

export interface UnitFigures extends Figures {
  inspectionId: number;
  unitId: number;
  unitName: string;
  roundId: number;
  roundName: string;
  roundYear: number;
  feedbackOn: string | null;
}

/** The counted problem figures (not rebounds, which are summed), as figure-keys.ts defines them. */
const PROBLEM_COUNTS = FIGURE_KEYS.filter(
  (key): key is ProblemFigureKey =>
    FIGURE_DEFINITIONS[key].source === 'problems' && FIGURE_DEFINITIONS[key].aggregate === 'count',
);

/** Figures per inspection in scope, optionally for one round and/or one unit. */
export async function findUnitFigures(
  db: Executor,
  scope: LedgerScope,
  options: FigureSelection & { today: string },
): Promise<UnitFigures[]> {
  const rows = await findSelectedInspections(db, scope, options);
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.inspection_id);

  const [problemFigures, institutionFigures, outcomeFigures, meetingFigures, notices] = await Promise.all([
    // One pass over the problems and their measures: the measures of parents count too, the
    // problem figures only for concrete items.
    problemsWithFactsOf(db, ids, { allMeasures: true })
      .select([
        'p.inspection_id',
        ...PROBLEM_COUNTS.map((key) =>
          sql<number>`coalesce(sum(case when ${IS_CONCRETE} and ${problemCondition(key, options.today)} then 1 else 0 end), 0)`.as(
            key,
          ),
        ),
        sql<number>`coalesce(sum(case when ${IS_CONCRETE} then p.rebound_count else 0 end), 0)`.as(
          'rebounds',
        ),
        sql<number>`coalesce(sum(ms.measures), 0)`.as('measures'),
      ])
      .groupBy('p.inspection_id')
      .execute(),
    db
      .selectFrom('institutions')
      .select([
        'inspection_id',
        sql<number>`coalesce(sum(case when change = 'new' then 1 else 0 end), 0)`.as('institutionsNew'),
        sql<number>`coalesce(sum(case when change = 'revised' then 1 else 0 end), 0)`.as(
          'institutionsRevised',
        ),
      ])
      .where('inspection_id', 'in', ids)
      .groupBy('inspection_id')
      .execute(),
    db
      .selectFrom('outcomes')
      .select([
        'inspection_id',
        ...Object.entries(OUTCOME_FIGURES).map(([key, { kind, column }]) =>
          sql<number>`coalesce(sum(case when kind = ${kind} then ${sql.ref(column)} else 0 end), 0)`.as(key),
        ),
      ])
      .where('inspection_id', 'in', ids)
      .groupBy('inspection_id')
      .execute(),
    db
      .selectFrom('meetings')
      .select(['inspection_id', (eb) => eb.fn.countAll<number>().as('meetings')])
      .where('inspection_id', 'in', ids)
      .groupBy('inspection_id')
      .execute(),
    findAttributedNotices(db, scope, rows),
  ]);

  const byInspection = <T extends { inspection_id: number | null }>(list: readonly T[]) =>
    new Map(list.map((row) => [row.inspection_id, row] as const));
  const problemsOf = byInspection(problemFigures);
  const institutionsOf = byInspection(institutionFigures);
  const outcomesOf = byInspection(
    outcomeFigures as Array<{ inspection_id: number } & Record<string, unknown>>,
  );
  const meetingsOf = byInspection(meetingFigures);
  const noticesOf = new Map<number, { issued: number; answered: number }>();
  for (const notice of notices) {
    const counts = noticesOf.get(notice.inspectionId) ?? { issued: 0, answered: 0 };
    counts.issued += 1;
    if (isNoticeAnswered(notice.state)) counts.answered += 1;
    noticesOf.set(notice.inspectionId, counts);
  }
  const yuan = (fen: unknown) => Math.round(Number(fen ?? 0)) / 100;

  return rows.map((row) => {
    const problem = problemsOf.get(row.inspection_id);
    const outcome = outcomesOf.get(row.inspection_id);
    const institution = institutionsOf.get(row.inspection_id);
    const problems = Number(problem?.problems ?? 0);
    const closed = Number(problem?.closed ?? 0);
    return {
      inspectionId: row.inspection_id,
      unitId: row.unit_id,
      unitName: row.unit_name,
      roundId: row.round_id,
      roundName: row.round_name,
      roundYear: row.round_year,
      feedbackOn: row.feedback_on,
      problems,
      closed,
      basicallyClosed: Number(problem?.basicallyClosed ?? 0),
      open: Number(problem?.open ?? 0),
      inProgress: Number(problem?.inProgress ?? 0),
      pendingReview: Number(problem?.pendingReview ?? 0),
      draft: Number(problem?.draft ?? 0),
      overdue: Number(problem?.overdue ?? 0),
      longTerm: Number(problem?.longTerm ?? 0),
      rebounds: Number(problem?.rebounds ?? 0),
      completionRate: problems === 0 ? 0 : closed / problems,
      measures: Number(problem?.measures ?? 0),
      institutionsNew: Number(institution?.institutionsNew ?? 0),
      institutionsRevised: Number(institution?.institutionsRevised ?? 0),
      fundsReturnedYuan: yuan(outcome?.fundsReturnedYuan),
      fundsRecoveredYuan: yuan(outcome?.fundsRecoveredYuan),
      fundsSavedYuan: yuan(outcome?.fundsSavedYuan),
      peopleReminded: Number(outcome?.peopleReminded ?? 0),
      peopleAdmonished: Number(outcome?.peopleAdmonished ?? 0),
      peopleAccountable: Number(outcome?.peopleAccountable ?? 0),
      peopleDisciplined: Number(outcome?.peopleDisciplined ?? 0),
      meetings: Number(meetingsOf.get(row.inspection_id)?.meetings ?? 0),
      noticesIssued: noticesOf.get(row.inspection_id)?.issued ?? 0,
      noticesAnswered: noticesOf.get(row.inspection_id)?.answered ?? 0,
    };
  });
}
