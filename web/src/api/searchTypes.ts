// The JSON of GET /api/search and GET /api/similar-problems.
import type { LedgerState } from './types.ts';

export type SearchField = 'title' | 'manifestation' | 'measure' | 'comment';

export interface SearchHit {
  problemId: number;
  problemNumber: string | null;
  problemTitle: string;
  state: LedgerState;
  inspectionId: number;
  unitId: number;
  unitName: string;
  roundId: number;
  roundName: string;
  updatedAt: string;
  rank: number;
  field: SearchField;
  fieldLabel: string;
  snippet: { text: string; highlights: Array<[number, number]> };
}

export interface SearchResultPage {
  query: string;
  page: number;
  pageSize: number;
  total: number;
  hits: SearchHit[];
  /** Set while the office's index is being built; the results are complete all the same. */
  indexing: { done: number; total: number } | null;
}

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
  similarity: number;
  measures: { total: number; done: number; texts: string[] };
}

export interface SimilarProblemGroup {
  id: number;
  label: string;
  unitCount: number;
  members: SimilarProblemMember[];
}

export interface SimilarProblemsResult {
  threshold: number;
  problemsCompared: number;
  groups: SimilarProblemGroup[];
}
