/**
 * Facts about the inspection read from the opening paragraphs: the inspecting group (巡察组), the
 * inspected unit, the inspection period, the feedback date, and the totals the text declares
 * ("三大类16个问题", "3个方面12项具体问题").
 */
import { parseChineseNumeral } from '../text/chinese-numerals.ts';
import { findDateRanges, findDates, withYear, type FoundDate } from './dates.ts';

/** A stretch of text with its same-length key. */
export interface TextSpan {
  text: string;
  key: string;
}

interface Sentence {
  start: number;
  key: string;
}

function sentencesOf(key: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  for (let index = 0; index <= key.length; index++) {
    const code = index < key.length ? key.charCodeAt(index) : 0x0a;
    if (code === 0x3002 || code === 0x0a) {
      if (index > start) sentences.push({ start, key: key.slice(start, index) });
      start = index + 1;
    }
  }
  return sentences;
}

/** Characters that end the walk back from 巡察组 to the start of the group's name. */
const NAME_STOP = new Set(
  '对向由于和与及照据的了在将经被从是为至日年等把同即请让按以,;:、。()《》“”"\' \n'.split(''),
);

/** The inspecting group: "双牌县第四巡察组", "市委第七提级交叉巡察组"; prefers names with 第N. */
export function findInspector(span: TextSpan): string | null {
  const candidates: string[] = [];
  for (const cue of ['巡察组', '巡视组']) {
    for (
      let at = span.key.indexOf(cue);
      at !== -1 && candidates.length < 20;
      at = span.key.indexOf(cue, at + 1)
    ) {
      let start = at;
      while (start > 0 && at - start < 24 && !NAME_STOP.has(span.key[start - 1]!)) start--;
      if (at - start >= 2) candidates.push(span.text.slice(start, at + cue.length));
    }
  }
  if (candidates.length === 0) return null;
  // A group is named after the Party committee that sends it (县委, 市委, 双牌县…).
  const named = candidates.filter((name) => /[委县市区州省旗盟]|中央|第/.test(name.slice(0, -3)));
  return named.find((name) => /第/.test(name)) ?? named[0] ?? null;
}

const PRONOUN = /^(?:我|本|该|其|贵|你)/;
const UNIT_PATTERNS: RegExp[] = [
  /对([^\s,。;、:“”"《》]{2,40}?)(?:开展|进行|实施)了?/g,
  /向([^\s,。;、:“”"《》]{2,40}?)(?:党组|党委)?(?:集中)?反馈/g,
  /关于对?([^\s,。;、:“”"《》]{2,40}?)的?(?:巡察|巡视)(?:情况)?的?反馈意见/g,
  /被巡[察视]单位[:]?\s?([^\s,。;、:“”"《》]{2,40})/g,
];

/** The inspected unit as the opening paragraphs name it, or null. */
export function findUnit(span: TextSpan): string | null {
  for (const pattern of UNIT_PATTERNS) {
    for (const match of span.key.matchAll(pattern)) {
      const name = match[1] ?? '';
      const start = match.index + match[0].indexOf(name);
      const after = span.key.slice(match.index + match[0].length, match.index + match[0].length + 16);
      if (PRONOUN.test(name) || /巡[察视]组/.test(name)) continue;
      if (pattern === UNIT_PATTERNS[0] && !/巡[察视]/.test(after)) continue;
      return span.text.slice(start, start + name.length).replace(/^了/, '');
    }
  }
  return null;
}

export interface InspectionDates {
  start: string | null;
  end: string | null;
  feedbackDate: string | null;
}

const FEEDBACK_CUE = /反馈了?(?:巡[察视])?(?:意见|情况|会)|巡[察视]反馈会|反馈.{0,4}会议|反馈巡[察视]/;

/** Inspection period (the first date range in a sentence about the inspection) and feedback date. */
export function findInspectionDates(key: string): InspectionDates {
  let start: string | null = null;
  let end: string | null = null;
  let rangeStart: FoundDate | null = null;
  let rangeDates: FoundDate[] = [];
  let feedbackDate: string | null = null;
  let reference: FoundDate | null = null;
  for (const sentence of sentencesOf(key)) {
    const dates = findDates(sentence.key);
    if (dates.length === 0) continue;
    if (start === null && /巡[察视]/.test(sentence.key)) {
      const range = findDateRanges(sentence.key, dates)[0];
      if (range && range.start.year !== null) {
        start = withYear(range.start, null);
        end = withYear(range.end, range.start);
        rangeStart = range.start;
        rangeDates = [range.start, range.end];
        const endYear = end ? Number(end.slice(0, 4)) : range.start.year;
        reference = { ...range.end, year: endYear };
      }
    }
    if (feedbackDate === null) {
      const cue = FEEDBACK_CUE.exec(sentence.key);
      if (cue) {
        const candidates = dates.filter((date) => !rangeDates.includes(date));
        const before = candidates.filter((date) => date.index < cue.index);
        const chosen = before[before.length - 1] ?? candidates[0];
        if (chosen) {
          const previous = dates.filter((date) => date.index < chosen.index && date.year !== null).pop();
          feedbackDate = withYear(chosen, previous ?? reference ?? rangeStart);
        }
      }
    }
    const lastWithYear = dates.filter((date) => date.year !== null).pop();
    if (lastWithYear && reference === null) reference = lastWithYear;
    if (start !== null && feedbackDate !== null) break;
  }
  return { start, end, feedbackDate };
}

export interface DeclaredTotals {
  aspects: number | null;
  problems: number | null;
}

const COUNT = '(\\d{1,3}|[一二三四五六七八九十两]{1,4}|\\*{1,2})';
// "4个方面问题" counts aspects, not problems, so 方面 is not among the words before 问题.
const PROBLEM_COUNT = new RegExp(`${COUNT}\\s?(?:个|项|条|类|种|件)\\s?(?:具体|突出|主要)?\\s?问题`, 'g');
/** "反馈问题16个" — the count after the word. */
const PROBLEM_COUNT_AFTER = new RegExp(
  `(?:反馈|发现|指出)(?:的)?(?:具体)?问题\\s?(?:共)?\\s?${COUNT}\\s?(?:个|项|条)`,
  'g',
);
const ASPECT_COUNT = new RegExp(`${COUNT}\\s?(?:个方面|大方面|方面|大类|个类别|类|大项|个领域)[^,。;]{0,3}$`);
/** The aspect count written after the problem count: "发现问题9个，涉及3个方面". */
const ASPECT_COUNT_AFTER = new RegExp(
  `^\\s?[,、]?\\s?(?:涉及|分布在|分属|覆盖|共)?\\s?${COUNT}\\s?(?:个方面|大方面|大类|个领域)`,
);

/** Aspects declared just before ("3个方面12项问题") or just after ("问题9个，涉及3个方面") a count. */
function aspectsAround(key: string, start: number, end: number): number | null | undefined {
  const before = ASPECT_COUNT.exec(key.slice(Math.max(0, start - 14), start));
  if (before) return countValue(before[1] ?? '');
  const after = ASPECT_COUNT_AFTER.exec(key.slice(end, end + 16));
  return after ? countValue(after[1] ?? '') : undefined;
}

function countValue(text: string): number | null {
  return text.startsWith('*') ? null : parseChineseNumeral(text);
}

/** Totals the text states for the feedback ("三大类16个问题"); the best-supported statement wins. */
export function findDeclaredTotals(key: string): DeclaredTotals {
  let best: { score: number; aspects: number | null; problems: number | null } | null = null;
  for (const match of key.matchAll(PROBLEM_COUNT)) {
    const problems = countValue(match[1] ?? '');
    const aspects = aspectsAround(key, match.index, match.index + match[0].length);
    const sentenceStart = Math.max(key.lastIndexOf('。', match.index), match.index - 80);
    const context = key.slice(Math.max(0, sentenceStart), match.index);
    let score = 0;
    if (aspects !== undefined) score += 2;
    if (/巡[察视]|反馈/.test(context)) score += 1;
    if (problems === 1) score -= 3;
    if (!best || score > best.score) {
      best = { score, aspects: aspects ?? null, problems };
    }
  }
  for (const match of key.matchAll(PROBLEM_COUNT_AFTER)) {
    const problems = countValue(match[1] ?? '');
    const aspects = aspectsAround(key, match.index, match.index + match[0].length);
    if (!best || best.score < 1) best = { score: 1, aspects: aspects ?? best?.aspects ?? null, problems };
    break;
  }
  if (!best || best.score < 0) return { aspects: null, problems: null };
  return { aspects: best.aspects, problems: best.problems };
}
