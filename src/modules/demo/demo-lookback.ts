/**
 * The demo's look-back (回头看): an inspection whose feedback lies far enough back gets one
 * completed look-back, planned the default six months after feedback, of the items closed by
 * then; the last closed top-level item without sub-items is found to have rebounded (反弹), is
 * reopened, and has been rectified and closed again since (with its original statement and a
 * fresh piece of evidence, as closing a reopened item needs). Pure and drawing no random numbers,
 * so the rest of the demo stays exactly as it was.
 */
import type { DemoLookback, DemoProblemProgress } from './demo-dataset.ts';
import { addMonths, toDayNumber, toIsoDate } from './demo-calendar.ts';
import type { PlannedProblem } from './demo-plan.ts';

/** The policy default: the look-back comes six months after feedback. */
const LOOKBACK_MONTHS = 6;
/** Days from the planned day to completing the look-back, re-applying and re-closing. */
const completedAfterDays = 10;
const reappliedAfterDays = 40;
const reclosedAfterDays = 45;

export function buildDemoLookback(
  problems: readonly PlannedProblem[],
  progress: readonly DemoProblemProgress[],
  context: { feedbackDay: number; todayDay: number; unitName: string },
): DemoLookback | null {
  const plannedDay = addMonths(context.feedbackDay, LOOKBACK_MONTHS);
  if (plannedDay + reclosedAfterDays >= context.todayDay) return null;
  const checkedIndexes = progress.flatMap((item, index) =>
    item.state === 'closed' && item.closedOn != null && toDayNumber(item.closedOn) < plannedDay
      ? [index]
      : [],
  );
  const reboundIndex = checkedIndexes.findLast((index) => {
    const problem = problems[index];
    return problem != null && problem.parentIndex === null && !problem.hasChildren;
  });
  if (reboundIndex === undefined || checkedIndexes.length < 2) return null;
  const title = problems[reboundIndex]!.title;
  return {
    plannedOn: toIsoDate(plannedDay),
    completedOn: toIsoDate(plannedDay + completedAfterDays),
    reappliedOn: toIsoDate(plannedDay + reappliedAfterDays),
    reclosedOn: toIsoDate(plannedDay + reclosedAfterDays),
    checkedIndexes,
    reboundIndex,
    reboundNote: `抽查发现“${title}”相关问题再次出现，整改成果未巩固`,
    summary: `回头看共检查已销号问题${checkedIndexes.length}项，${checkedIndexes.length - 1}项整改成果巩固，1项出现反弹，已重新整改。`,
  };
}
