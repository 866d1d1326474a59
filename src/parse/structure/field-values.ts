/**
 * Values of labelled fields: status words, deadlines (整改时限), and name lists (责任领导, 责任部门).
 */
import type { ParsedDeadline, ParsedProblem } from '../parsed-document.schema.ts';
import { parseChineseNumeral } from '../text/chinese-numerals.ts';

export type ProblemStatus = ParsedProblem['status'];

const COMPLETED =
  /^(?:已全部完成|已全面完成|已完成整改|已整改完成|已整改到位|全部完成|已完成|已整改|已办结|已销号|整改完成|完成整改|已落实|完成)/;
const IN_PROGRESS =
  /^(?:基本完成|正在整改|正在推进|正在落实|整改中|推进中|持续整改|持续推进|长期坚持|长期整改|逐步整改|未完成|部分完成|尚未完成|阶段性完成|正在进行)/;

/** End of a status phrase: punctuation or the end of the text. */
function endsPhrase(key: string, index: number): boolean {
  if (index >= key.length) return true;
  const code = key.charCodeAt(index);
  return (
    code === 0x3002 || code === 0x3b || code === 0x2c || code === 0x20 || code === 0x3001 || code === 0x2e
  );
}

/**
 * A status written as the first phrase of a text ("已完成。1、制定…"): the status and the length
 * of the phrase with its punctuation, or null when the text does not start with one.
 */
export function readLeadingStatus(
  key: string,
): { status: Exclude<ProblemStatus, null>; length: number } | null {
  for (const [pattern, status] of [
    [IN_PROGRESS, 'in_progress'],
    [COMPLETED, 'completed'],
  ] as const) {
    const match = pattern.exec(key);
    if (match && endsPhrase(key, match[0].length)) {
      let length = match[0].length;
      while (length < key.length && /[。;,. 、]/.test(key[length]!)) length++;
      return { status, length };
    }
  }
  return null;
}

const IMMEDIATE = /即知即改|立行立改|立知立改|立查立改|立即整改|马上就改|立改立行|即查即改|立即办理/;
const LONG_TERM = /长期|常态化|持续整改|持续推进|常抓不懈/;
const MONTHS = /(\d{1,3}|[一二三四五六七八九十两]{1,3})\s?个月/;

/** Parses 整改时限 text ("（即知即改并长期坚持）3个月内整改到位") into the ledger's deadline. */
export function parseDeadline(text: string, key: string): ParsedDeadline {
  const monthsMatch = MONTHS.exec(key);
  let months: number | null = null;
  if (monthsMatch) {
    // A redacted "*个月内" does not match at all and stays null.
    months = parseChineseNumeral(monthsMatch[1] ?? '');
  }
  return { text, immediate: IMMEDIATE.test(key), long_term: LONG_TERM.test(key), months };
}

/** Splits a list of names or departments on 、，,；; and spaces between names; drops 同志 and blanks. */
export function splitNames(text: string): string[] {
  return text
    .split(/[、,，;；/。]|\s+/)
    .map((part) => part.replace(/同志$/, '').trim())
    .filter((part) => part !== '' && part !== '无' && part !== '/');
}
