/**
 * Splits normalised text into lines with their keys, and rejoins lines that a converter broke in
 * the middle: a marker alone on its line ("1." then the title), a dangling enumerator at the end
 * of a line ("…。二是" then the rest), and prose wrapped at a fixed width (text copied from PDF).
 */
import { readMarker } from '../structure/numbering.ts';
import { readFieldLabel } from '../structure/field-labels.ts';
import type { SourceLine } from '../structure/outline.ts';
import { isChromeLine, isContactLine } from '../metadata/page-chrome.ts';
import { foldKey } from './normalise-text.ts';

const DANGLING_ENUMERATOR = /(?:^|[。;,:])[一二三四五六七八九十]{1,3}是$/;
/** Characters that may end a complete line. */
const LINE_END = /[。;:!?”’」』)】》…—\-.,、]$/;
const CJK_START = /^[\u4e00-\u9fff]/;
const CJK_END = /[\u4e00-\u9fff]$/;
/** A wrapped line is at least this long (characters); shorter lines are headings or short items. */
const WRAP_MIN_LENGTH = 35;

function isMarkerOnly(key: string): boolean {
  const marker = readMarker(key);
  return marker !== null && marker.length >= key.length;
}

function startsStructure(key: string): boolean {
  const marker = readMarker(key);
  return marker !== null || readFieldLabel(key) !== null;
}

function continuesWrappedProse(current: string, next: string): boolean {
  if (current.length < WRAP_MIN_LENGTH || !CJK_END.test(current) || LINE_END.test(current)) return false;
  if (!CJK_START.test(next) || startsStructure(next)) return false;
  if (isChromeLine(current) || isContactLine(current) || isChromeLine(next) || isContactLine(next))
    return false;
  const marker = readMarker(current);
  return marker === null || current.length >= 60;
}

/** Lines of normalised text with their keys, broken lines rejoined. */
export function toSourceLines(normalised: string): SourceLine[] {
  if (normalised === '') return [];
  const texts = normalised.split('\n');
  const keys = foldKey(normalised).split('\n');
  const lines: SourceLine[] = [];
  for (let index = 0; index < texts.length; index++) {
    let text = texts[index]!;
    let key = keys[index]!;
    while (index + 1 < texts.length) {
      const nextKey = keys[index + 1]!;
      const join =
        isMarkerOnly(key) ||
        (key.length <= 4000 && DANGLING_ENUMERATOR.test(key) && !startsStructure(nextKey)) ||
        continuesWrappedProse(key, nextKey);
      if (!join) break;
      index++;
      text += texts[index]!;
      key += nextKey;
    }
    lines.push({ text, key });
  }
  return lines;
}
