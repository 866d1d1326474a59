/**
 * Comments on a problem: everyone who can see the problem may read and write them, including
 * the discipline observer (纪检监察), whose oversight is to comment and flag, not to edit.
 * Flags are for the supervising roles only, so a flag always means someone outside the unit
 * asked for attention. Comments are allowed on closed items too: a look-back starts there.
 */
import type { Database } from '../../storage/database.ts';
import type { Role } from '../../storage/schema.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { nowIso, type Clock } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import { ledgerScopeOf } from '../ledger/ledger-scope.ts';
import { indexComment } from '../search/search-index.repository.ts';
import { findProblemInScope } from '../problems/problem.repository.ts';
import type { Actor } from '../users/actor.ts';
import { roleNames } from '../users/scope.rules.ts';
import { findComment, findProblemComments, insertComment } from './comment.repository.ts';
import { presentComment, type CommentView } from './comment.presenter.ts';
import type { CreateCommentInput } from './comment.schema.ts';

/** Roles that may flag a problem. */
export const flaggingRoles: readonly Role[] = ['observer', 'office'];

export function createCommentService(dependencies: { db: Database; clock: Clock }) {
  const { db, clock } = dependencies;
  return {
    async listComments(actor: Actor, problemId: number): Promise<CommentView[]> {
      const problem = await findProblemInScope(db, ledgerScopeOf(actor), problemId);
      if (!problem) throw notFound('问题', 'problem', problemId);
      return (await findProblemComments(db, problem.id)).map(presentComment);
    },

    async addComment(actor: Actor, problemId: number, input: CreateCommentInput): Promise<CommentView> {
      const at = nowIso(clock);
      return db.transaction().execute(async (transaction) => {
        const problem = await findProblemInScope(transaction, ledgerScopeOf(actor), problemId);
        if (!problem) throw notFound('问题', 'problem', problemId);
        if (input.kind === 'flag' && !flaggingRoles.includes(actor.role)) {
          throw new AppError(
            'forbidden',
            `只有${flaggingRoles.map((role) => roleNames[role]).join('、')}可以标记问题`,
            `role ${actor.role} may not flag`,
          );
        }
        const commentId = await insertComment(transaction, {
          officeId: problem.officeId,
          problemId: problem.id,
          authorUserId: actor.userId,
          kind: input.kind,
          body: input.body,
          createdAt: at,
        });
        // Indexed in the same transaction, so full-text search finds the comment at once.
        await indexComment(transaction, {
          officeId: problem.officeId,
          problemId: problem.id,
          body: input.body,
        });
        await appendEvent(transaction, {
          officeId: problem.officeId,
          at,
          actorUserId: actor.userId,
          entityType: 'problem',
          entityId: problem.id,
          action: input.kind === 'flag' ? 'flag_added' : 'comment_added',
          data: { commentId, before: null, after: { kind: input.kind, body: input.body } },
        });
        return presentComment(await findComment(transaction, commentId));
      });
    },
  };
}
