/**
 * The concreteness rules over every measure of the five gold files: the most and least concrete
 * ten, with reasons, kept in a committed table (`__fixtures__/measure-concreteness.corpus.txt`),
 * so any change to the rules or the phrase list shows up in review as a diff of that table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCorpusAvailable, listGoldFiles } from '../../../test/support/corpus.ts';
import { assessMeasureConcreteness } from './measure-concreteness.rules.ts';

interface GoldProblem {
  number: string | null;
  title: string;
  measures: string[];
  departments: string[];
  leaders: string[];
  children: GoldProblem[];
}

interface ScoredMeasure {
  file: string;
  problem: string;
  position: number;
  text: string;
  score: number;
  summary: string;
}

function collect(file: string, problems: readonly GoldProblem[], into: ScoredMeasure[]): void {
  for (const problem of problems) {
    problem.measures.forEach((text, index) => {
      const assessment = assessMeasureConcreteness(text, {
        hasAssignee: problem.departments.length + problem.leaders.length > 0,
        departmentNames: problem.departments,
      });
      into.push({
        file,
        problem: problem.number ?? '—',
        position: index + 1,
        text,
        score: assessment.score,
        summary: assessment.reasons.join('、') || '要素齐全',
      });
    });
    collect(file, problem.children, into);
  }
}

const cell = (text: string, limit = 60) =>
  (text.length > limit ? `${text.slice(0, limit)}…` : text).replace(/\|/g, '\\|');

function table(rows: readonly ScoredMeasure[]): string {
  return [
    '| score | file | problem | # | measure | reasons |',
    '| ---: | --- | --- | ---: | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.score} | ${row.file.slice(0, 3)} | ${row.problem} | ${row.position} | ${cell(row.text)} | ${row.summary} |`,
    ),
  ].join('\n');
}

const hasCorpus = isCorpusAvailable();

describe.skipIf(!hasCorpus)('measure concreteness on the corpus', () => {
  it('keeps the table of the most and least concrete measures', async () => {
    const scored: ScoredMeasure[] = [];
    for (const [name, file] of listGoldFiles()) {
      const document = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        aspects: Array<{ problems: GoldProblem[] }>;
      };
      collect(
        name,
        document.aspects.flatMap((aspect) => aspect.problems),
        scored,
      );
    }
    expect(scored.length).toBeGreaterThan(50);
    const ordered = [...scored].sort(
      (left, right) =>
        right.score - left.score ||
        left.file.localeCompare(right.file) ||
        left.problem.localeCompare(right.problem) ||
        left.position - right.position,
    );
    const mean = scored.reduce((total, row) => total + row.score, 0) / scored.length;
    const byLevel = (low: number, high: number) =>
      scored.filter((row) => row.score >= low && row.score < high).length;
    const report = [
      '# Measure concreteness on the corpus',
      '',
      `${scored.length} measures in ${listGoldFiles().length} gold files; mean score ${mean.toFixed(1)}; ` +
        `具体 (≥70) ${byLevel(70, 101)}, 一般 (40–69) ${byLevel(40, 70)}, 空泛 (<40) ${byLevel(0, 40)}.`,
      '',
      '## The ten most concrete',
      '',
      table(ordered.slice(0, 10)),
      '',
      '## The ten least concrete',
      '',
      table(ordered.slice(-10).reverse()),
      '',
    ].join('\n');
    await expect(report).toMatchFileSnapshot(
      path.join(import.meta.dirname, '__fixtures__', 'measure-concreteness.corpus.txt'),
    );
  });
});
