/** Comments and flags on a problem: inserted and listed, oldest first, with their authors. */
import type { Executor } from '../../storage/database.ts';
import type { CommentKind } from '../../storage/schema.ts';

export async function insertComment(
  db: Executor,
  comment: {
    officeId: number;
    problemId: number;
    authorUserId: number;
    kind: CommentKind;
    body: string;
    createdAt: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('comments')
    .values({
      office_id: comment.officeId,
      problem_id: comment.problemId,
      author_user_id: comment.authorUserId,
      kind: comment.kind,
      body: comment.body,
      created_at: comment.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function selectComments(db: Executor) {
  return db
    .selectFrom('comments')
    .innerJoin('users', 'users.id', 'comments.author_user_id')
    .select([
      'comments.id',
      'comments.problem_id',
      'comments.kind',
      'comments.body',
      'comments.created_at',
      'users.id as author_id',
      'users.display_name as author_name',
      'users.role as author_role',
    ]);
}

export async function findProblemComments(db: Executor, problemId: number) {
  return selectComments(db).where('comments.problem_id', '=', problemId).orderBy('comments.id').execute();
}

export async function findComment(db: Executor, commentId: number) {
  return selectComments(db).where('comments.id', '=', commentId).executeTakeFirstOrThrow();
}

export type CommentRow = Awaited<ReturnType<typeof findComment>>;
