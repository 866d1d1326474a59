// Pure edits of an import draft's document (corpus/FORMAT.md JSON), for the import wizard: each
// returns a new document and leaves the one given untouched.
import type { ParsedDocument, ParsedProblem } from '../api/inspectionTypes.ts';

/** Where a problem sits: its aspect, then indexes down problems → children. */
export interface ProblemPath {
  aspect: number;
  indexes: number[];
}

export const pathKey = (path: ProblemPath) => [path.aspect, ...path.indexes].join('.');

function cloneDocument(document: ParsedDocument): ParsedDocument {
  return structuredClone(document);
}

function problemAt(document: ParsedDocument, path: ProblemPath): ParsedProblem {
  const aspect = document.aspects[path.aspect];
  if (!aspect) throw new RangeError(`no aspect ${path.aspect}`);
  let list = aspect.problems;
  let problem: ParsedProblem | undefined;
  for (const index of path.indexes) {
    problem = list[index];
    if (!problem) throw new RangeError(`no problem at ${pathKey(path)}`);
    list = problem.children;
  }
  if (!problem) throw new RangeError('empty problem path');
  return problem;
}

/** Applies a change to one problem of a copy of the document. */
export function editProblem(
  document: ParsedDocument,
  path: ProblemPath,
  change: (problem: ParsedProblem) => void,
): ParsedDocument {
  const next = cloneDocument(document);
  change(problemAt(next, path));
  return next;
}

export function setAspectTitle(document: ParsedDocument, aspect: number, title: string): ParsedDocument {
  const next = cloneDocument(document);
  const target = next.aspects[aspect];
  if (target) target.title = title;
  return next;
}

const trailingPunctuation = /[\s。；;，,、]+$/u;
const leadingPunctuation = /^[\s。；;，,、]+/u;

/** Splits measure `index` at character `at` into two measures (punctuation at the cut dropped). */
export function splitMeasure(document: ParsedDocument, path: ProblemPath, index: number, at: number) {
  return editProblem(document, path, (problem) => {
    const text = problem.measures[index] ?? '';
    const first = text.slice(0, at).replace(trailingPunctuation, '').trim();
    const second = text.slice(at).replace(leadingPunctuation, '').trim();
    if (!first || !second) return;
    problem.measures.splice(index, 1, first, second);
  });
}

/** Where splitting at the first `separator` would cut, or -1 when it does not occur inside. */
export function separatorCut(text: string, separator: string): number {
  if (!separator) return -1;
  const at = text.indexOf(separator);
  if (at <= 0 || at + separator.length >= text.length) return -1;
  return at + separator.length;
}

/** Joins measure `index` with the one after it. */
export function mergeMeasureWithNext(document: ParsedDocument, path: ProblemPath, index: number) {
  return editProblem(document, path, (problem) => {
    const first = problem.measures[index];
    const second = problem.measures[index + 1];
    if (first === undefined || second === undefined) return;
    problem.measures.splice(index, 2, `${first.replace(trailingPunctuation, '')}；${second}`);
  });
}

export function removeMeasure(document: ParsedDocument, path: ProblemPath, index: number) {
  return editProblem(document, path, (problem) => {
    problem.measures.splice(index, 1);
  });
}

/** Visits every problem, children included, with its path. */
export function forEachProblem(
  document: ParsedDocument,
  visit: (problem: ParsedProblem, path: ProblemPath) => void,
): void {
  const walk = (problems: ParsedProblem[], aspect: number, prefix: number[]) => {
    problems.forEach((problem, index) => {
      const indexes = [...prefix, index];
      visit(problem, { aspect, indexes });
      walk(problem.children, aspect, indexes);
    });
  };
  document.aspects.forEach((aspect, index) => walk(aspect.problems, index, []));
}

export interface DraftCounts {
  aspects: number;
  problems: number;
  measures: number;
  manifestations: number;
  withoutDeadline: number;
  withoutDepartments: number;
}

export function countDraft(document: ParsedDocument): DraftCounts {
  const counts: DraftCounts = {
    aspects: document.aspects.length,
    problems: 0,
    measures: 0,
    manifestations: 0,
    withoutDeadline: 0,
    withoutDepartments: 0,
  };
  forEachProblem(document, (problem) => {
    counts.problems += 1;
    counts.measures += problem.measures.length;
    counts.manifestations += problem.manifestations.length;
    if (!problem.deadline) counts.withoutDeadline += 1;
    if (problem.departments.length === 0) counts.withoutDepartments += 1;
  });
  return counts;
}

/** A deadline as FORMAT.md writes it, read from its text the way the parser reads one. */
export function deadlineFromText(text: string) {
  const months = /(\d+)\s*个月/.exec(text);
  return {
    text,
    immediate: /立行立改|即知即改|立即整改|立改立行/.test(text),
    long_term: /长期/.test(text),
    months: months ? Number(months[1]) : null,
  };
}

/**
 * Fills in defaults: the deadline for problems that have none, and the departments for problems
 * that name none (or for every problem when `departmentsForAll`).
 */
export function applyDefaults(
  document: ParsedDocument,
  defaults: { deadlineText?: string; departments?: string[]; departmentsForAll?: boolean },
): ParsedDocument {
  const next = cloneDocument(document);
  const deadlineText = defaults.deadlineText?.trim();
  const departments = (defaults.departments ?? []).map((name) => name.trim()).filter(Boolean);
  forEachProblem(next, (problem) => {
    if (deadlineText && !problem.deadline) problem.deadline = deadlineFromText(deadlineText);
    if (departments.length > 0 && (defaults.departmentsForAll || problem.departments.length === 0)) {
      problem.departments = [
        ...new Set([...(defaults.departmentsForAll ? problem.departments : []), ...departments]),
      ];
    }
  });
  return next;
}
