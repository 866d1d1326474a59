/**
 * The part of a user's scope the ledger needs: their office (tenant) and the units they may
 * see. Every ledger query filters by it, so out-of-scope rows are simply absent (404, not 403).
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Tables } from '../../storage/schema.ts';
import { AppError } from '../common/app-error.ts';
import type { Actor } from '../users/actor.ts';

export interface LedgerScope {
  officeId: number;
  /** The units in scope, or 'all' for the office's own staff and observers. */
  unitIds: readonly number[] | 'all';
}

/** The condition that keeps a query joined to `inspections` inside the scope. */
export function inScope(
  eb: ExpressionBuilder<Tables, 'inspections'>,
  scope: LedgerScope,
): Expression<SqlBool> {
  const officeCondition = eb('inspections.office_id', '=', scope.officeId);
  if (scope.unitIds === 'all') return officeCondition;
  if (scope.unitIds.length === 0) return eb('inspections.id', '<', 0);
  return eb.and([officeCondition, eb('inspections.unit_id', 'in', [...scope.unitIds])]);
}

/** The ledger scope of a signed-in user; a system admin manages accounts and has no ledger. */
export function ledgerScopeOf(actor: Actor): LedgerScope {
  if (actor.officeId == null || actor.role === 'admin') {
    throw new AppError('forbidden', '系统管理员不能查看整改台账', `user ${actor.userId} has no ledger scope`);
  }
  return { officeId: actor.officeId, unitIds: actor.unitIds };
}
