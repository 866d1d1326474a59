/**
 * Facts about the document itself: its heading (title), its kind (plan, progress report,
 * feedback), and its date (落款, or the page's 发布/更新时间).
 */
import type { ParsedDocument } from '../parsed-document.schema.ts';
import type { SourceLine } from '../structure/outline.ts';
import { readMarker } from '../structure/numbering.ts';
import { findDates, toIsoDate } from './dates.ts';
import { isChromeLine, isContactLine } from './page-chrome.ts';

export type DocumentKind = ParsedDocument['kind'];

const DATE_ONLY =
  /^[(]?\s?(?:\d{4}|[〇○零一二三四五六七八九]{4})\s?年\s?(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s?月\s?(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s?日\s?[)]?$|^\d{4}[-./]\d{1,2}[-./]\d{1,2}$/;

/** A line that holds only a date (a 落款 date, or the date under a title). */
export function isDateOnlyLine(key: string): boolean {
  return key.length <= 24 && DATE_ONLY.test(key);
}

function dateOfLine(key: string): string | null {
  const date = findDates(key)[0];
  return date ? toIsoDate(date.year, date.month, date.day) : null;
}

const TITLE_WORD = /关于|报告|方案|通报|情况|意见|公告|公示|说明/;
const TERMINAL = /[。;!?]$/;

/** Lines of the opening that may hold the title (web pages put the site's name and menus first). */
const TITLE_SEARCH_LINES = 15;

function isTitleLike(key: string): boolean {
  return !(
    key.length > 60 ||
    TERMINAL.test(key) ||
    readMarker(key) ||
    isDateOnlyLine(key) ||
    isContactLine(key) ||
    isChromeLine(key) ||
    /^(?:根据|按照|为了|为|近日|现将)/.test(key)
  );
}

/**
 * The heading at the top of the document: among the runs of short unpunctuated lines before the
 * first paragraph, the last run that reads like a title (关于…的报告/方案/通报), joined; or null.
 */
export function findTitle(lines: SourceLine[]): { title: string | null; indices: number[] } {
  let chosen: number[] = [];
  let run: number[] = [];
  const closeRun = (): void => {
    const key = run.map((i) => lines[i]!.key).join('');
    if (run.length > 0 && run.length <= 5 && TITLE_WORD.test(key) && key.length >= 6) chosen = run;
    run = [];
  };
  for (let index = 0; index < lines.length && index < TITLE_SEARCH_LINES; index++) {
    const { key } = lines[index]!;
    if (isTitleLike(key)) {
      run.push(index);
      continue;
    }
    closeRun();
    // The first real paragraph ends the search; page furniture and dates do not.
    if (!isChromeLine(key) && !isDateOnlyLine(key)) break;
  }
  closeRun();
  if (chosen.length === 0) return { title: null, indices: [] };
  return { title: chosen.map((i) => lines[i]!.text).join(''), indices: chosen };
}

export interface Signature {
  /** The 落款 date as YYYY-MM-DD, or null. */
  date: string | null;
  /** The signing unit's line, if one stands just above the date. */
  unit: string | null;
  /** Line indices of the signature block (excluded from the structure). */
  indices: number[];
}

/** The signature block near the end: a date-only line, with the signing unit above it. */
export function findSignature(lines: SourceLine[]): Signature {
  let seen = 0;
  for (let index = lines.length - 1; index >= 0 && seen < 10; index--) {
    const { key } = lines[index]!;
    if (isChromeLine(key) || isContactLine(key)) continue;
    seen++;
    if (!isDateOnlyLine(key)) continue;
    const indices = [index];
    let unit: string | null = null;
    const above = lines[index - 1];
    if (
      above &&
      above.key.length <= 40 &&
      !TERMINAL.test(above.key) &&
      !readMarker(above.key) &&
      !isChromeLine(above.key)
    ) {
      unit = above.text;
      indices.unshift(index - 1);
    }
    return { date: dateOfLine(key), unit, indices };
  }
  return { date: null, unit: null, indices: [] };
}

const PUBLISHED = /(?:发布时间|更新时间|发布日期|成文日期|发文日期|日期|时间)\s?[:]?\s?/;

/** The page's publication date from its furniture (发布时间：2023-12-15), or null. */
export function findPublishedDate(lines: SourceLine[]): string | null {
  for (const { key } of lines) {
    if (!isChromeLine(key) && !/^(?:发布|更新|成文)/.test(key)) continue;
    const cue = PUBLISHED.exec(key);
    if (!cue) continue;
    const date = dateOfLine(key.slice(cue.index + cue[0].length));
    if (date) return date;
  }
  return null;
}

const PROGRESS_CUE =
  /(?:进展|落实|整改)情况的?(?:通报|报告|公告|公示)|通报如下|公布如下|予以公布|予以公示|向社会(?:公开|通报|公布)|汇报如下|报告如下|整改情况报告|整改进展/;
const PLAN_CUE = /制定(?:如下|以下|本)[^。]{0,12}方案|(?:整改|落实)(?:工作|落实)?方案$|方案如下/;
const FEEDBACK_CUE = /反馈(?:意见|如下)|现将.{0,20}反馈/;

/** The kind of document from its title and opening paragraph; null when they do not say. */
export function detectKindFromText(titleKey: string, openingKey: string): DocumentKind | null {
  if (/方案/.test(titleKey) && !/报告|通报/.test(titleKey)) return 'plan';
  if (/报告|通报|进展|公告|公示/.test(titleKey)) return 'progress_report';
  if (/反馈意见/.test(titleKey) && !/整改/.test(titleKey)) return 'feedback';
  if (PLAN_CUE.test(openingKey) && !PROGRESS_CUE.test(openingKey)) return 'plan';
  if (PROGRESS_CUE.test(openingKey)) return 'progress_report';
  if (PLAN_CUE.test(openingKey)) return 'plan';
  if (FEEDBACK_CUE.test(openingKey) && !/整改/.test(openingKey)) return 'feedback';
  return null;
}
