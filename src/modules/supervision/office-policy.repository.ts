/** Each office's supervision policy row; an office without one uses the defaults. */
import type { DatabaseTransaction, Executor } from '../../storage/database.ts';
import { parseMutedKinds } from './notification-kinds.rules.ts';
import { defaultSupervisionPolicy, type SupervisionPolicy } from './supervision.rules.ts';

export interface StoredPolicy {
  policy: SupervisionPolicy;
  /** 0 while the office uses the defaults. */
  version: number;
  updatedAt: string | null;
}

/** The policies of the given offices (all offices when omitted), defaults filled in, in one query. */
export async function findOfficePolicies(
  db: Executor,
  officeIds?: readonly number[],
): Promise<Map<number, StoredPolicy>> {
  let query = db.selectFrom('office_policies').selectAll();
  if (officeIds) {
    if (officeIds.length === 0) return new Map();
    query = query.where('office_id', 'in', [...officeIds]);
  }
  const rows = await query.execute();
  const policies = new Map<number, StoredPolicy>();
  for (const row of rows) {
    policies.set(row.office_id, {
      policy: {
        planDueMonths: row.plan_due_months,
        reportDueMonths: row.report_due_months,
        concentratedMonths: row.concentrated_months,
        lookbackMonths: row.lookback_months,
        immediateWorkingDays: row.immediate_working_days,
        longTermCheckinDays: row.long_term_checkin_days,
        dueSoonDays: JSON.parse(row.due_soon_days_json) as number[],
        escalationDays: JSON.parse(row.escalation_days_json) as number[],
        staleReviewWorkingDays: row.stale_review_working_days,
        mutedKinds: parseMutedKinds(row.muted_kinds_json),
      },
      version: row.version,
      updatedAt: row.updated_at,
    });
  }
  for (const officeId of officeIds ?? []) {
    if (!policies.has(officeId))
      policies.set(officeId, { policy: defaultSupervisionPolicy, version: 0, updatedAt: null });
  }
  return policies;
}

function toColumns(policy: SupervisionPolicy) {
  return {
    plan_due_months: policy.planDueMonths,
    report_due_months: policy.reportDueMonths,
    concentrated_months: policy.concentratedMonths,
    lookback_months: policy.lookbackMonths,
    immediate_working_days: policy.immediateWorkingDays,
    long_term_checkin_days: policy.longTermCheckinDays,
    stale_review_working_days: policy.staleReviewWorkingDays,
    due_soon_days_json: JSON.stringify(policy.dueSoonDays),
    escalation_days_json: JSON.stringify(policy.escalationDays),
    muted_kinds_json: JSON.stringify(policy.mutedKinds),
  };
}

/**
 * Saves the office's policy if its version is still `expectedVersion` (0: no row yet); returns the
 * new version, or null when someone else changed it first.
 */
export async function saveOfficePolicy(
  transaction: DatabaseTransaction,
  input: { officeId: number; policy: SupervisionPolicy; expectedVersion: number; userId: number; at: string },
): Promise<number | null> {
  const columns = { ...toColumns(input.policy), updated_by: input.userId, updated_at: input.at };
  if (input.expectedVersion === 0) {
    const inserted = await transaction
      .insertInto('office_policies')
      .values({ office_id: input.officeId, ...columns })
      .onConflict((conflict) => conflict.column('office_id').doNothing())
      .returning('version')
      .executeTakeFirst();
    return inserted?.version ?? null;
  }
  const updated = await transaction
    .updateTable('office_policies')
    .set({ ...columns, version: input.expectedVersion + 1 })
    .where('office_id', '=', input.officeId)
    .where('version', '=', input.expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return updated?.version ?? null;
}
