/**
 * A ledger table written out as text gives each row as labelled lines: "序号：3" then "问题：…",
 * "整改措施：…", "责任领导：…". The row number and the problem cell together are one numbered
 * problem heading, so they are rewritten as "问题3：…", which the outline reads as a heading.
 */
import type { SourceLine } from './outline.ts';

/** "序号：3", "序号 3", "编号:3" alone on a line. */
const ROW_NUMBER = /^(?:序号|编号)\s?:?\s?(\d{1,3})$/;
/** The problem cell of a row: "问题：…", "存在问题：…", "反馈问题：…", "问题描述：…". */
const PROBLEM_CELL = /^(?:反馈问题|存在问题|问题描述|问题)\s?:\s?/;

/** Lines with each "序号：N" + "问题：…" pair merged into one "问题N：…" line; linear. */
export function mergeRowNumbers(lines: SourceLine[]): SourceLine[] {
  const out: SourceLine[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const number = ROW_NUMBER.exec(line.key);
    const next = lines[index + 1];
    const cell = number && next ? PROBLEM_CELL.exec(next.key) : null;
    if (!number || !next || !cell) {
      out.push(line);
      continue;
    }
    const head = `问题${number[1]}:`;
    const rest = cell[0].length;
    out.push({ text: `问题${number[1]}：${next.text.slice(rest)}`, key: head + next.key.slice(rest) });
    index++;
  }
  return out;
}
