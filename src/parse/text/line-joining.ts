/**
 * Splits normalised text into lines with their keys, and rejoins lines that a converter broke in
 * the middle: a marker alone on its line ("1." then the title), a dangling enumerator at the end
 * of a line ("…。二是" then the rest), and prose wrapped at a fixed width (text copied from PDF).
 */
import { readMarker } from '../structure/numbering.ts';
import { readFieldLabel } from '../structure/field-labels.ts';
import type { SourceLine } from '../structure/outline.ts';
import { isChromeLine, isContactLine } from '../metadata/page-chrome.ts';
import { foldKey, type NormalisedLine } from './normalise-text.ts';

const DANGLING_ENUMERATOR = /(?:^|[。;,:])[一二三四五六七八九十]{1,3}是$/;
/** Characters that may end a complete line. */
const LINE_END = /[。;:!?”’」』)】》…—\-.,、]$/;
const CJK_START = /^[\u4e00-\u9fff]/;
const CJK_END = /[\u4e00-\u9fff]$/;
const TITLE_END = /(?:报告|通报|方案|意见|情况|公告|公示|通知|决定|说明|台账|清单)$/;
const PARAGRAPH_START = /^(?:根据|按照|为了|近日|现将|截至|截止)/;
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

/**
 * The width at which a converter wrapped the text, if it did: most long lines share one length
 * (within a few characters for half-width digits) and almost none is longer. Null for text whose
 * lines are paragraphs.
 */
export function detectWrapWidth(keys: string[]): number | null {
  const counts = new Map<number, number>();
  let considered = 0;
  for (const key of keys) {
    if (key.length < 12) continue;
    considered++;
    counts.set(key.length, (counts.get(key.length) ?? 0) + 1);
  }
  if (considered < 8) return null;
  let best: { width: number; count: number } | null = null;
  for (const width of counts.keys()) {
    if (width < 15) continue;
    let count = 0;
    for (let length = width - 3; length <= width; length++) count += counts.get(length) ?? 0;
    if (!best || count > best.count || (count === best.count && width > best.width)) best = { width, count };
  }
  if (!best || best.count < Math.max(5, considered * 0.25)) return null;
  let longer = 0;
  for (const [length, count] of counts) if (length > best.width + 2) longer += count;
  return longer <= considered * 0.05 ? best.width : null;
}

/**
 * Whether a line that starts with a number marker continues the enumeration running in the
 * joined text before it ("…；4、" wrapped so that "5、…" starts a line): it then is no heading.
 */
function continuesInlineEnumeration(joined: string, next: string): boolean {
  const marker = readMarker(next);
  if (!marker || marker.family !== 'arabic' || marker.value === null || marker.value < 2) return false;
  const previous = String(marker.value - 1);
  for (const boundary of ['。', ';', ',', ':']) {
    for (const separator of ['、', '.']) if (joined.includes(boundary + previous + separator)) return true;
  }
  return false;
}

function continuesWrappedProse(
  joined: string,
  current: string,
  next: string,
  nextIndented: boolean,
  wrapWidth: number | null,
): boolean {
  if (nextIndented || isChromeLine(current) || isChromeLine(next)) return false;
  if (wrapWidth !== null) {
    // Text wrapped at a fixed width: a full line continues unless the next starts a heading,
    // a label, or a new enumeration.
    if (current.length < wrapWidth - 3) return false;
    if (readFieldLabel(next) !== null) return false;
    // A heading that happens to fill the line, followed by the first item of its measures.
    if (/[。:]$/.test(current) && readMarker(joined) !== null && /^(?:一是|第一[,、:])/.test(next))
      return false;
    return readMarker(next) === null || continuesInlineEnumeration(joined, next);
  }
  if (!CJK_START.test(next) || startsStructure(next) || isContactLine(current) || isContactLine(next))
    return false;
  if (current.length < WRAP_MIN_LENGTH || !CJK_END.test(current) || LINE_END.test(current)) return false;
  // A one-line title ("…整改情况的报告") before the opening paragraph ("根据…") is no wrapped prose.
  if (TITLE_END.test(current) || PARAGRAPH_START.test(next)) return false;
  const marker = readMarker(current);
  return marker === null || current.length >= 60;
}

/** Lines of normalised text with their keys, broken lines rejoined. */
export function toSourceLines(normalised: NormalisedLine[]): SourceLine[] {
  if (normalised.length === 0) return [];
  const texts = normalised.map((line) => line.text);
  const keys = foldKey(texts.join('\n')).split('\n');
  const wrapWidth = detectWrapWidth(keys);
  const lines: SourceLine[] = [];
  for (let index = 0; index < texts.length; index++) {
    let text = texts[index]!;
    let key = keys[index]!;
    // Decisions look at the last physical line, not at what has been joined so far.
    let physical = key;
    while (index + 1 < texts.length) {
      const nextKey = keys[index + 1]!;
      const join =
        isMarkerOnly(key) ||
        (physical.length <= 4000 && DANGLING_ENUMERATOR.test(physical) && !startsStructure(nextKey)) ||
        continuesWrappedProse(key, physical, nextKey, normalised[index + 1]!.indented, wrapWidth);
      if (!join) break;
      index++;
      text += texts[index]!;
      key += nextKey;
      physical = nextKey;
    }
    lines.push({ text, key });
  }
  return lines;
}
