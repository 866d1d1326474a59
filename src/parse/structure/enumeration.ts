/**
 * Splits running text into the items of an inline enumeration: 一是…二是…, 1、…2、…, (1)…(2)…,
 * ①…②…, 第一，…第二，…. A marker counts only at the start or after punctuation, and only when it
 * continues the sequence (same number again is allowed: documents repeat 五是), so dates such as
 * 5月28.29日 or counts such as 2、3月份 inside a sentence do not split it.
 */
import { parseChineseNumeral } from '../text/chinese-numerals.ts';

type EnumerationFamily = 'shi' | 'arabic' | 'arabic_paren' | 'circled' | 'chinese_paren' | 'di';

interface InlineMarker {
  family: EnumerationFamily;
  value: number;
  index: number;
  end: number;
}

/** Continuation state carried from one paragraph of a field to the next. */
export interface EnumerationState {
  family: EnumerationFamily | null;
  next: number;
}

const SHI = /[一二三四五六七八九十]{1,3}是/y;
const ARABIC = /\d{1,2}(?:、|\.(?!\d))/y;
const ARABIC_PAREN = /\(\d{1,2}\)/y;
const CHINESE_PAREN = /\([一二三四五六七八九十]{1,3}\)/y;
const DI = /第[一二三四五六七八九十]{1,3}[,、:]/y;

/** Characters after which an inline marker may start. */
function isBoundary(code: number): boolean {
  return (
    code === 0x3002 || // 。
    code === 0x3b || // ;
    code === 0x2c || // ,
    code === 0x3a || // :
    code === 0x21 ||
    code === 0x3f ||
    code === 0x20 ||
    code === 0x3001 // 、
  );
}

/** Value of the numeral inside a matched marker ("12、", "三是", "(4)", "第二,"). */
function numeralValue(marker: string): number {
  let digits = '';
  for (const char of marker)
    if ((char >= '0' && char <= '9') || '一二三四五六七八九十'.includes(char)) digits += char;
  return parseChineseNumeral(digits) ?? 0;
}

function attempt(
  pattern: RegExp,
  family: EnumerationFamily,
  key: string,
  index: number,
): InlineMarker | null {
  pattern.lastIndex = index;
  const match = pattern.exec(key);
  if (!match) return null;
  return { family, value: numeralValue(match[0]), index, end: index + match[0].length };
}

function markerAt(key: string, index: number): InlineMarker | null {
  const code = key.charCodeAt(index);
  if (code >= 0x30 && code <= 0x39) return attempt(ARABIC, 'arabic', key, index);
  if (code === 0x28) {
    return (
      attempt(ARABIC_PAREN, 'arabic_paren', key, index) ?? attempt(CHINESE_PAREN, 'chinese_paren', key, index)
    );
  }
  if (code >= 0x2460 && code <= 0x2473) {
    return { family: 'circled', value: code - 0x2460 + 1, index, end: index + 1 };
  }
  if (code === 0x7b2c /* 第 */) return attempt(DI, 'di', key, index);
  // Only a Chinese numeral can start 一是…十是.
  if (!'一二三四五六七八九十'.includes(key[index] ?? '')) return null;
  return attempt(SHI, 'shi', key, index);
}

function candidateMarkers(key: string): InlineMarker[] {
  const markers: InlineMarker[] = [];
  for (let index = 0; index < key.length; index++) {
    if (index > 0 && !isBoundary(key.charCodeAt(index - 1))) continue;
    // Skip spaces after the boundary so "。 2、" still counts.
    let start = index;
    while (start < key.length && key.charCodeAt(start) === 0x20) start++;
    const marker = markerAt(key, start);
    if (marker) {
      markers.push(marker);
      index = marker.end - 1;
    }
  }
  return markers;
}

export interface EnumerationSplit {
  /** Text before the first accepted marker (may be empty). */
  preface: string;
  /** Item texts, markers removed. */
  items: string[];
}

/**
 * Splits one paragraph (text and its same-length key) into enumeration items, continuing the
 * sequence in `state` (updated in place) across paragraphs of the same field.
 */
export function splitEnumeration(text: string, key: string, state: EnumerationState): EnumerationSplit {
  const candidates = candidateMarkers(key);
  const accepted: InlineMarker[] = [];
  let family = state.family;
  let next = state.next;
  for (const marker of candidates) {
    if (family === null || (accepted.length === 0 && marker.family !== family && marker.value === 1)) {
      if (marker.value !== 1) continue;
      family = marker.family;
      next = 1;
    }
    if (marker.family !== family) continue;
    if (marker.value === next || (marker.value === next - 1 && accepted.length > 0)) {
      accepted.push(marker);
      next = marker.value + 1;
    }
  }
  if (accepted.length > 0) {
    state.family = family;
    state.next = next;
  }
  const first = accepted[0];
  if (!first) return { preface: text, items: [] };
  const items: string[] = [];
  for (let position = 0; position < accepted.length; position++) {
    const marker = accepted[position]!;
    const end = accepted[position + 1]?.index ?? text.length;
    items.push(text.slice(marker.end, end));
  }
  return { preface: text.slice(0, first.index), items };
}
