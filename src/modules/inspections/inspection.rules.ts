/**
 * Due dates an inspection derives from its feedback day, by the office's policy (defaults from
 * practice: plan in 1 month, report in 2, concentrated period 3).
 */
import { addMonths } from '../deadlines/calendar-date.rules.ts';

export interface InspectionPolicy {
  planDueMonths: number;
  reportDueMonths: number;
  concentratedMonths: number;
}

export const defaultInspectionPolicy: InspectionPolicy = {
  planDueMonths: 1,
  reportDueMonths: 2,
  concentratedMonths: 3,
};

export interface InspectionDueDates {
  planDueOn: string | null;
  reportDueOn: string | null;
  concentratedUntil: string | null;
}

export function deriveInspectionDueDates(
  feedbackOn: string | null,
  policy: InspectionPolicy,
): InspectionDueDates {
  if (!feedbackOn) return { planDueOn: null, reportDueOn: null, concentratedUntil: null };
  return {
    planDueOn: addMonths(feedbackOn, policy.planDueMonths),
    reportDueOn: addMonths(feedbackOn, policy.reportDueMonths),
    concentratedUntil: addMonths(feedbackOn, policy.concentratedMonths),
  };
}
