/**
 * Who is making a request, as every service and repository sees it: the signed-in user, their
 * role, their office (the tenant) and the units they may see. Resolved from the session on each
 * request, so a change of role or scope takes effect at once.
 */
import type { Role } from '../../storage/schema.ts';
import { AppError } from '../common/app-error.ts';

export type { Role };

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  /** The office (tenant) the user works in; null only for a system-wide admin. */
  officeId: number | null;
  /** The units the user may see: every unit of the office, or exactly these. */
  unitIds: readonly number[] | 'all';
}

/** Signed in, or fails with `unauthenticated` (401). Takes anything carrying the resolved actor. */
export function requireActor(request: { actor?: Actor | null }): Actor {
  if (!request.actor) throw new AppError('unauthenticated', '请先登录', 'no valid session');
  return request.actor;
}
