/**
 * Keeps the full-text postings (search_terms) current. Like problem_search, freshness is checked
 * rather than trusted: a problem's postings are rebuilt when its version or update time differs
 * from the one they were built from or an event about it came after the office's mark, and
 * comments newer than the mark are indexed. A
 * new comment is also indexed in its own transaction (indexComment), so it is found at once.
 */
import type { Executor } from '../../storage/database.ts';
import type { SearchField } from '../../storage/schema.ts';
import { readOfficeFreshness } from '../ledger/ledger-cache.ts';
import { fieldCodes, fieldWeights } from './search-text.rules.ts';

/** Problems rebuilt per transaction, and postings per insert statement (5 parameters each). */
const REFRESH_BATCH = 500;
const INSERT_ROWS = 2000;

interface Posting {
  office_id: number;
  term: number;
  problem_id: number;
  field: SearchField;
  weight: number;
}

function postingsOf(officeId: number, problemId: number, field: SearchField, parts: readonly string[]) {
  return fieldCodes(parts).map((term): Posting => ({
    office_id: officeId,
    term,
    problem_id: problemId,
    field,
    weight: fieldWeights[field],
  }));
}

async function insertPostings(db: Executor, postings: readonly Posting[]): Promise<void> {
  for (let start = 0; start < postings.length; start += INSERT_ROWS) {
    await db
      .insertInto('search_terms')
      .values(postings.slice(start, start + INSERT_ROWS))
      // A comment's bigram may already be posted for the problem by an earlier comment.
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }
}

/** Indexes one comment's text, in the caller's transaction. */
export async function indexComment(
  db: Executor,
  comment: { officeId: number; problemId: number; body: string },
): Promise<void> {
  await insertPostings(db, postingsOf(comment.officeId, comment.problemId, 'comment', [comment.body]));
}

interface IndexMarks {
  throughEventId: number;
  throughCommentId: number;
}

async function readMarks(db: Executor, officeId: number): Promise<IndexMarks> {
  const row = await db
    .selectFrom('search_index_marks')
    .select(['through_event_id', 'through_comment_id'])
    .where('office_id', '=', officeId)
    .executeTakeFirst();
  return { throughEventId: row?.through_event_id ?? 0, throughCommentId: row?.through_comment_id ?? 0 };
}

async function writeMarks(db: Executor, officeId: number, marks: IndexMarks): Promise<void> {
  const values = { through_event_id: marks.throughEventId, through_comment_id: marks.throughCommentId };
  await db
    .insertInto('search_index_marks')
    .values({ office_id: officeId, ...values })
    .onConflict((conflict) => conflict.column('office_id').doUpdateSet(values))
    .execute();
}

/**
 * The office's problems whose postings cannot be trusted: never indexed, a different version or
 * update time, named by a problem event after the mark (a part edited within the same
 * millisecond keeps both version and update time), or with a comment newer than the mark.
 */
export function unindexedProblems(db: Executor, officeId: number, marks: IndexMarks) {
  return db
    .selectFrom('problems')
    .leftJoin('search_documents', 'search_documents.problem_id', 'problems.id')
    .select('problems.id')
    .where('problems.office_id', '=', officeId)
    .where((eb) =>
      eb.or([
        eb('search_documents.problem_id', 'is', null),
        eb('search_documents.source_version', '<>', eb.ref('problems.version')),
        eb('search_documents.source_updated_at', '<>', eb.ref('problems.updated_at')),
        eb(
          'problems.id',
          'in',
          eb
            .selectFrom('events')
            .select('events.entity_id')
            .where('events.office_id', '=', officeId)
            .where('events.id', '>', marks.throughEventId)
            .where('events.entity_type', '=', 'problem'),
        ),
        eb(
          'problems.id',
          'in',
          eb
            .selectFrom('comments')
            .select('comments.problem_id')
            .where('comments.office_id', '=', officeId)
            .where('comments.id', '>', marks.throughCommentId),
        ),
      ]),
    );
}

/** The marks and the ids of the problems the index does not cover yet, in one consistent view. */
export async function readIndexGap(db: Executor, officeId: number) {
  const marks = await readMarks(db, officeId);
  return { marks, query: unindexedProblems(db, officeId, marks) };
}

function groupTexts(rows: ReadonlyArray<{ problem_id: number; text: string }>) {
  const byProblem = new Map<number, string[]>();
  for (const row of rows) {
    const list = byProblem.get(row.problem_id);
    if (list) list.push(row.text);
    else byProblem.set(row.problem_id, [row.text]);
  }
  return byProblem;
}

/** Rebuilds the title, manifestation and measure postings of some problems in one transaction. */
async function rebuildProblems(db: Executor, officeId: number, ids: readonly number[]): Promise<void> {
  await db.transaction().execute(async (transaction) => {
    // Read inside the transaction, so the stamp written is the one the postings were built from.
    const [problems, measures, manifestations] = await Promise.all([
      transaction
        .selectFrom('problems')
        .select(['id', 'version', 'updated_at', 'title'])
        .where('office_id', '=', officeId)
        .where('id', 'in', [...ids])
        .execute(),
      transaction
        .selectFrom('measures')
        .select(['problem_id', 'text'])
        .where('problem_id', 'in', [...ids])
        .execute(),
      transaction
        .selectFrom('problem_manifestations')
        .select(['problem_id', 'text'])
        .where('problem_id', 'in', [...ids])
        .execute(),
    ]);
    const measuresOf = groupTexts(measures);
    const manifestationsOf = groupTexts(manifestations);
    const postings = problems.flatMap((problem) => [
      ...postingsOf(officeId, problem.id, 'title', [problem.title]),
      ...postingsOf(officeId, problem.id, 'manifestation', manifestationsOf.get(problem.id) ?? []),
      ...postingsOf(officeId, problem.id, 'measure', measuresOf.get(problem.id) ?? []),
    ]);
    await transaction
      .deleteFrom('search_terms')
      .where('problem_id', 'in', [...ids])
      .where('field', '<>', 'comment')
      .execute();
    await insertPostings(transaction, postings);
    if (problems.length === 0) return;
    await transaction
      .insertInto('search_documents')
      .values(
        problems.map((problem) => ({
          problem_id: problem.id,
          office_id: officeId,
          source_version: problem.version,
          source_updated_at: problem.updated_at,
        })),
      )
      // Two builders may rebuild the same stale problem at once; the later stamp wins.
      .onConflict((conflict) =>
        conflict.column('problem_id').doUpdateSet((eb) => ({
          source_version: eb.ref('excluded.source_version'),
          source_updated_at: eb.ref('excluded.source_updated_at'),
        })),
      )
      .execute();
  });
}

export interface BuildOptions {
  /** Problems per transaction (short write transactions, so SQLite writers are not held up). */
  chunkSize?: number;
  /** Called between chunks: the background build yields to requests here. */
  pause?: () => Promise<void>;
  onProgress?: (progress: BuildProgress) => void;
  /** Stop after this many chunks (tests leave an index half built this way). */
  maxChunks?: number;
}

export interface BuildProgress {
  done: number;
  total: number;
}

/** Brings an office's postings up to date; returns how many problems and comments were (re)indexed. */
export async function refreshSearchIndex(
  db: Executor,
  officeId: number,
  options: BuildOptions = {},
): Promise<{ problems: number; comments: number; isComplete: boolean }> {
  const chunkSize = options.chunkSize ?? REFRESH_BATCH;
  // The newest event is read first: whatever commits after it is seen by the next refresh.
  const newestEventId = await readOfficeFreshness(db, officeId);
  const marks = await readMarks(db, officeId);
  const stale = await unindexedProblems(db, officeId, marks).orderBy('problems.id').execute();
  const ids = stale.map((row) => row.id);
  let chunks = 0;
  for (let start = 0; start < ids.length; start += chunkSize) {
    if (options.maxChunks !== undefined && chunks >= options.maxChunks) {
      return { problems: start, comments: 0, isComplete: false };
    }
    await rebuildProblems(db, officeId, ids.slice(start, start + chunkSize));
    chunks += 1;
    options.onProgress?.({ done: Math.min(ids.length, start + chunkSize), total: ids.length });
    await options.pause?.();
  }
  // Comments last, with the mark: until it moves, problems with newer comments count as unindexed.
  const comments = await refreshNewComments(db, officeId, marks.throughCommentId);
  await writeMarks(db, officeId, { throughEventId: newestEventId, throughCommentId: comments.newest });
  return { problems: ids.length, comments: comments.count, isComplete: true };
}

/** Indexes the office's comments newer than the mark (those not written through indexComment). */
async function refreshNewComments(db: Executor, officeId: number, afterCommentId: number) {
  const comments = await db
    .selectFrom('comments')
    .select(['id', 'problem_id', 'body'])
    .where('office_id', '=', officeId)
    .where('id', '>', afterCommentId)
    .orderBy('id')
    .execute();
  await insertPostings(
    db,
    comments.flatMap((comment) => postingsOf(officeId, comment.problem_id, 'comment', [comment.body])),
  );
  return { count: comments.length, newest: comments[comments.length - 1]?.id ?? afterCommentId };
}
