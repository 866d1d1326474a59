/**
 * The months an office's inspection due dates follow (plan, report, concentrated period): the
 * office's saved policy (督办设置), or the defaults while it has none.
 */
import type { Executor } from '../../storage/database.ts';
import { findOfficePolicies } from '../supervision/office-policy.repository.ts';
import type { InspectionPolicy } from './inspection.rules.ts';

export async function findInspectionPolicy(executor: Executor, officeId: number): Promise<InspectionPolicy> {
  const { planDueMonths, reportDueMonths, concentratedMonths } = (
    await findOfficePolicies(executor, [officeId])
  ).get(officeId)!.policy;
  return { planDueMonths, reportDueMonths, concentratedMonths };
}
