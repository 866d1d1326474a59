/**
 * 举一反三: groups of similar problems across the units in scope, so the office sees which units
 * share a problem and how each fixed it (state and a summary of its measures per member).
 */
import type { Database } from '../../storage/database.ts';
import type { LedgerState } from '../../storage/schema.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import { findComparableProblems, findPartsByProblem } from './similar-problems.repository.ts';
import {
  coreTitle,
  defaultSimilarProblemsParameters,
  groupSimilarProblems,
  type SimilarProblemsParameters,
} from './similar-problems.rules.ts';

/** Measures shown per member in the summary, and their length. */
const SUMMARY_MEASURES = 3;
const SUMMARY_CHARS = 80;

export interface SimilarProblemMember {
  problemId: number;
  problemNumber: string | null;
  problemTitle: string;
  state: LedgerState;
  inspectionId: number;
  unitId: number;
  unitName: string;
  roundId: number;
  roundName: string;
  /** Similarity to the group's first member (1 for itself). */
  similarity: number;
  measures: { total: number; done: number; texts: string[] };
}

export interface SimilarProblemGroupView {
  /** Stable within a data set: the first member's problem id. */
  id: number;
  /** The first member's title without its framing, as the group's name. */
  label: string;
  unitCount: number;
  members: SimilarProblemMember[];
}

const shorten = (text: string) => (text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS)}…` : text);

export function createSimilarProblemsService(dependencies: { db: Database }) {
  const { db } = dependencies;
  return {
    async findGroups(
      scope: LedgerScope,
      filter: { roundId?: number; threshold?: number },
    ): Promise<{ threshold: number; problemsCompared: number; groups: SimilarProblemGroupView[] }> {
      const parameters: SimilarProblemsParameters = {
        ...defaultSimilarProblemsParameters,
        ...(filter.threshold !== undefined && { threshold: filter.threshold }),
      };
      const problems = await findComparableProblems(db, scope, filter);
      const ids = new Set(problems.map((problem) => problem.id));
      const [manifestations, measures] = await Promise.all([
        findPartsByProblem(db, scope.officeId, 'problem_manifestations', ids),
        findPartsByProblem(db, scope.officeId, 'measures', ids),
      ]);
      const groups = groupSimilarProblems(
        problems.map((problem) => ({
          key: problem.id,
          unitId: problem.unit_id,
          title: problem.title,
          manifestations: (manifestations.get(problem.id) ?? []).map((part) => part.text),
        })),
        parameters,
      );
      const problemOf = new Map(problems.map((problem) => [problem.id, problem]));
      return {
        threshold: parameters.threshold,
        problemsCompared: problems.length,
        groups: groups.map((group) => {
          const members = group.members.map((member): SimilarProblemMember => {
            const problem = problemOf.get(member.key)!;
            const problemMeasures = measures.get(problem.id) ?? [];
            return {
              problemId: problem.id,
              problemNumber: problem.number,
              problemTitle: problem.title,
              state: problem.state,
              inspectionId: problem.inspection_id,
              unitId: problem.unit_id,
              unitName: problem.unit_name,
              roundId: problem.round_id,
              roundName: problem.round_name,
              similarity: member.similarity,
              measures: {
                total: problemMeasures.length,
                done: problemMeasures.filter((measure) => measure.isDone).length,
                texts: problemMeasures.slice(0, SUMMARY_MEASURES).map((measure) => shorten(measure.text)),
              },
            };
          });
          return {
            id: members[0]!.problemId,
            label: coreTitle(members[0]!.problemTitle),
            unitCount: group.unitCount,
            members,
          };
        }),
      };
    },
  };
}
