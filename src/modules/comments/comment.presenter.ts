/** The comment API's JSON. */
import { roleNames } from '../users/scope.rules.ts';
import type { CommentRow } from './comment.repository.ts';

export function presentComment(row: CommentRow) {
  return {
    id: row.id,
    problemId: row.problem_id,
    kind: row.kind,
    body: row.body,
    author: {
      id: row.author_id,
      displayName: row.author_name,
      role: row.author_role,
      roleName: roleNames[row.author_role],
    },
    createdAt: row.created_at,
  };
}

export type CommentView = ReturnType<typeof presentComment>;
