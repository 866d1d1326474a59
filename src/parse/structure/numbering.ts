/**
 * Heading number markers at the start of a line, in the families official documents use:
 * 一、 （一） 问题N： 1. / 1、 / 1． （1） ①. Works on the matching key (full-width folded), so
 * （一） arrives here as (一) and 1． as 1.
 */
import { parseChineseNumeral } from '../text/chinese-numerals.ts';

export type MarkerFamily = 'chinese' | 'chinese_paren' | 'problem' | 'arabic' | 'arabic_paren' | 'circled';

export interface Marker {
  family: MarkerFamily;
  /** The numeral as written, without punctuation: "一", "12", "*". */
  number: string;
  /** Numeric value, or null when redacted ("*"). */
  value: number | null;
  /** Length of the marker including its punctuation and following spaces. */
  length: number;
}

/**
 * Conventional depth of each family in the 党政机关公文 hierarchy; a family not yet open nests
 * under the open ones unless it is conventionally shallower.
 */
export const FAMILY_RANK: Record<MarkerFamily, number> = {
  chinese: 1,
  chinese_paren: 2,
  problem: 3,
  arabic: 4,
  arabic_paren: 5,
  circled: 6,
};

const CN = '[一二三四五六七八九十百零〇两]';
const CHINESE = new RegExp(`^(${CN}{1,4})\\s{0,2}[、.,]\\s*`);
const CHINESE_PAREN = new RegExp(`^\\(\\s?(${CN}{1,4})\\s?\\)\\s?[、.,]?\\s*`);
const PROBLEM = new RegExp(`^问题\\s?(\\d{1,3}|${CN}{1,4}|\\*{1,3})\\s?(?:[:、.,]|\\s)\\s*`);
const ARABIC = /^(\d{1,3})\s?(?:、|[.,](?!\d))\s*/;
/** "1）" / "1)" without an opening parenthesis, as Word's "%1)" numbering writes it. */
const ARABIC_CLOSE_PAREN = /^(\d{1,3})\s?\)\s*/;
const ARABIC_PAREN = /^\(\s?(\d{1,3})\s?\)\s?[、.,]?\s*/;
const CIRCLED = /^([\u2460-\u2473])\s?[、.,]?\s*/;
const PAREN_DIGIT = /^([\u2474-\u2487])\s*/; // ⑴ … ⒇
const DIGIT_STOP = /^([\u2488-\u249b])\s*/; // ⒈ … ⒛

function valueOf(number: string): number | null {
  return number.startsWith('*') ? null : parseChineseNumeral(number);
}

function make(family: MarkerFamily, match: RegExpExecArray, number = match[1] ?? ''): Marker {
  return { family, number, value: valueOf(number), length: match[0].length };
}

/** The heading marker at the start of a key line, or null. */
export function readMarker(key: string): Marker | null {
  const first = key.charCodeAt(0);
  let match: RegExpExecArray | null;
  if (first === 0x28 /* ( */) {
    if ((match = ARABIC_PAREN.exec(key))) return make('arabic_paren', match);
    if ((match = CHINESE_PAREN.exec(key))) return make('chinese_paren', match);
    return null;
  }
  if (first >= 0x30 && first <= 0x39) {
    if ((match = ARABIC.exec(key))) return make('arabic', match);
    if ((match = ARABIC_CLOSE_PAREN.exec(key))) return make('arabic_paren', match);
    return null;
  }
  if (first >= 0x2460 && first <= 0x2473 && (match = CIRCLED.exec(key))) {
    return make('circled', match, String(first - 0x2460 + 1));
  }
  if (first >= 0x2474 && first <= 0x2487 && (match = PAREN_DIGIT.exec(key))) {
    return make('arabic_paren', match, String(first - 0x2474 + 1));
  }
  if (first >= 0x2488 && first <= 0x249b && (match = DIGIT_STOP.exec(key))) {
    return make('arabic', match, String(first - 0x2488 + 1));
  }
  if (key.startsWith('问题') && (match = PROBLEM.exec(key))) return make('problem', match);
  if ((match = CHINESE.exec(key))) return make('chinese', match);
  return null;
}
