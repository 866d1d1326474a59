/**
 * Text clean-up shared by every input format, and the "matching key" of a line: a same-length
 * copy with full-width ASCII folded to ASCII and Traditional characters folded to Simplified, so
 * the structural rules match 整改時限 and 整改时限, （一） and (一) alike while the output keeps the
 * text as written (positions in the key are positions in the text).
 */
import { CJK_RADICAL_SUPPLEMENT_MAP } from './cjk-radicals.data.ts';
import { TRADITIONAL_TO_SIMPLIFIED } from './traditional-chars.data.ts';

/** One code unit → one code unit; built once. */
const KEY_FOLD: Uint16Array = buildKeyFold();

function buildKeyFold(): Uint16Array {
  const table = new Uint16Array(0x10000);
  for (let code = 0; code < table.length; code++) table[code] = code;
  // Full-width ASCII (！ … ～) to ASCII; ideographic and no-break spaces to a plain space.
  for (let code = 0xff01; code <= 0xff5e; code++) table[code] = code - 0xfee0;
  table[0x3000] = 0x20;
  table[0xa0] = 0x20;
  // Look-alike punctuation that documents use interchangeably.
  table[0xfe55] = 0x3a; // small colon
  table[0x2236] = 0x3a; // ratio sign used as a colon
  table[0x3014] = 0x28; // 〔
  table[0x3015] = 0x29; // 〕
  for (const [from, to] of TRADITIONAL_TO_SIMPLIFIED) table[from] = to;
  return table;
}

/** The matching key of a text: same length, folded width and script (see module comment). */
export function foldKey(text: string): string {
  const length = text.length;
  if (length === 0) return text;
  const out = new Uint16Array(length);
  for (let index = 0; index < length; index++) out[index] = KEY_FOLD[text.charCodeAt(index)]!;
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString('utf16le');
}

function mapRadical(char: string): string {
  const code = char.charCodeAt(0);
  const supplement = CJK_RADICAL_SUPPLEMENT_MAP.get(code);
  if (supplement !== undefined) return String.fromCharCode(supplement);
  // Kangxi Radicals and CJK Compatibility Ideographs: NFKC gives the unified ideograph.
  return char.normalize('NFKC');
}

/** Replaces radical look-alikes (Kangxi Radicals, CJK Radicals Supplement) and compatibility ideographs. */
export function mapRadicals(text: string): string {
  return text.replace(/[\u2e80-\u2fdf\uf900-\ufaff]/g, mapRadical);
}

/** One cleaned line, and whether it was indented (a paragraph's first line usually is). */
export interface NormalisedLine {
  text: string;
  indented: boolean;
}

/**
 * Cleans decoded text into lines: line breaks unified, byte-order marks, zero-width and control
 * characters dropped, radical look-alikes mapped to ideographs, each line trimmed, empty lines
 * removed.
 */
export function normaliseLines(raw: string): NormalisedLine[] {
  const text = raw
    .replace(/\r\n?|[\u2028\u2029\f\v\u0085]/g, '\n')
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad\u0000-\u0008\u000e-\u001f\u007f]/g, '')
    .replace(/\t/g, ' ');
  const mapped = mapRadicals(text);
  const lines: NormalisedLine[] = [];
  for (const line of mapped.split('\n')) {
    const trimmed = trimLine(line);
    if (trimmed === '') continue;
    lines.push({ text: trimmed, indented: SPACE_CODES.has(line.charCodeAt(0)) });
  }
  return lines;
}

/** Cleaned text (see normaliseLines), lines joined with \n. */
export function normaliseText(raw: string): string {
  return normaliseLines(raw)
    .map((line) => line.text)
    .join('\n');
}

const SPACE_CODES = new Set([0x20, 0x3000, 0xa0, 0x2002, 0x2003, 0x2009, 0x200a, 0x202f, 0x205f]);

/** Trims ASCII, ideographic and no-break spaces (String.prototype.trim misses none, but is explicit). */
export function trimLine(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && SPACE_CODES.has(line.charCodeAt(start))) start++;
  while (end > start && SPACE_CODES.has(line.charCodeAt(end - 1))) end--;
  return start === 0 && end === line.length ? line : line.slice(start, end);
}
