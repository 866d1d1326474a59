/** A problem's history as the API shows it: every event, oldest first, inside the reader's scope. */
import type { Database } from '../../storage/database.ts';
import { notFound } from '../common/app-error.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import { presentTimeline, type TimelineEntry } from './timeline.presenter.ts';
import { findProblemEventRows, findProblemTransitions, isProblemInScope } from './timeline.repository.ts';

export function createTimelineService(dependencies: { db: Database }) {
  const { db } = dependencies;
  return {
    /** The timeline of a problem in scope; out of scope answers not found. */
    async getProblemTimeline(scope: LedgerScope, problemId: number): Promise<TimelineEntry[]> {
      if (!(await isProblemInScope(db, scope, problemId))) throw notFound('问题', 'problem', problemId);
      const [events, transitions] = await Promise.all([
        findProblemEventRows(db, scope.officeId, problemId),
        findProblemTransitions(db, problemId),
      ]);
      return presentTimeline(events, transitions);
    },
  };
}
