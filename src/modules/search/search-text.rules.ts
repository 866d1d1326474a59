/**
 * Full-text search over Chinese text without word segmentation: texts and queries are cut into
 * character bigrams (the quality module's normalisation and bigram codes), so a two-character
 * word such as 差旅 inside a longer sentence is found exactly. A one-character query matches every
 * bigram that starts with that character; each text part also yields a "terminal" code (its last
 * character followed by code 0) so a character at the very end is found too. Also here: how a
 * matched text is scored and cut into a highlighted snippet.
 */
import type { SearchField } from '../../storage/schema.ts';
import { characterBigrams, normaliseText } from '../quality/text-similarity.rules.ts';

/** Ranking weight of a posting by field: a title hit outranks a measure or comment hit. */
export const fieldWeights: Record<SearchField, number> = {
  title: 8,
  manifestation: 4,
  measure: 2,
  comment: 1,
};

export const fieldLabels: Record<SearchField, string> = {
  title: '问题标题',
  manifestation: '具体表现',
  measure: '整改措施',
  comment: '意见',
};

/** Bonus when the whole query occurs as written (case-insensitive) in the problem's text. */
export const PHRASE_BONUS = 12;

/** Text as searched: the quality module's normalisation, and Latin letters in lower case. */
export function normaliseForSearch(text: string): string {
  return normaliseText(text).toLowerCase();
}

/** The index codes of one text part: its distinct bigrams plus the terminal code. */
function partCodes(part: string, into: Set<number>): void {
  const normalised = normaliseForSearch(part);
  if (normalised.length === 0) return;
  for (const code of characterBigrams(normalised)) into.add(code);
  into.add((normalised.charCodeAt(normalised.length - 1) << 16) | 0);
}

/** The distinct index codes of a field made of separate parts (no bigram spans two parts). */
export function fieldCodes(parts: readonly string[]): number[] {
  const codes = new Set<number>();
  for (const part of parts) partCodes(part, codes);
  return [...codes].sort((left, right) => left - right);
}

export type SearchQuery =
  | { kind: 'bigrams'; codes: number[]; required: number; phrase: string }
  | { kind: 'character'; low: number; high: number; phrase: string };

/**
 * What a query looks for. Whitespace separates words (no bigram across words). A query of n
 * distinct bigrams needs all of them when n ≤ 2, else at least 60 %: a near phrase still ranks,
 * and more matched bigrams rank higher. Null when nothing searchable is left.
 */
export function parseSearchQuery(raw: string): SearchQuery | null {
  const words = raw
    .split(/\s+/u)
    .map(normaliseForSearch)
    .filter((word) => word.length > 0);
  if (words.length === 0) return null;
  const phrase = words.join('');
  if (words.length === 1 && phrase.length === 1) {
    const base = phrase.charCodeAt(0) << 16;
    return { kind: 'character', low: base | 0, high: base | 0xffff | 0, phrase };
  }
  const codes = new Set<number>();
  // One-character words among longer ones only count towards the phrase; if every word is one
  // character ("车 房"), the words are read as written together.
  for (const word of words) for (const code of characterBigrams(word)) codes.add(code);
  if (codes.size === 0) for (const code of characterBigrams(phrase)) codes.add(code);
  const sorted = [...codes].sort((left, right) => left - right);
  const required = sorted.length <= 2 ? sorted.length : Math.ceil(sorted.length * 0.6);
  return { kind: 'bigrams', codes: sorted, required, phrase };
}

/** A text's normalised form with, for each of its characters, the index in the original. */
function normaliseWithMap(text: string): { normalised: string; origin: number[] } {
  let normalised = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of text) {
    const piece = normaliseForSearch(char);
    for (let k = 0; k < piece.length; k++) origin.push(index);
    normalised += piece;
    index += char.length;
  }
  return { normalised, origin };
}

export interface TextMatch {
  /** The whole query occurs in the text. */
  hasPhrase: boolean;
  /** How many of the query's codes the text contains. */
  matchedCodes: number;
  /** Matched stretches in the original text, [start, end) in UTF-16 units, merged and sorted. */
  ranges: Array<[number, number]>;
}

/** Where a query matches one text (null when it does not). */
export function matchText(text: string, query: SearchQuery): TextMatch | null {
  const { normalised, origin } = normaliseWithMap(text);
  if (normalised.length === 0) return null;
  const hits: Array<[number, number]> = [];
  let matchedCodes = 0;
  if (query.kind === 'character') {
    const target = query.phrase;
    for (let i = 0; i < normalised.length; i++) if (normalised[i] === target) hits.push([i, i + 1]);
    matchedCodes = hits.length > 0 ? 1 : 0;
  } else {
    const wanted = new Set(query.codes);
    const seen = new Set<number>();
    for (let i = 0; i + 1 < normalised.length; i++) {
      const code = (normalised.charCodeAt(i) << 16) | normalised.charCodeAt(i + 1) | 0;
      if (wanted.has(code)) {
        hits.push([i, i + 2]);
        seen.add(code);
      }
    }
    matchedCodes = seen.size;
  }
  if (hits.length === 0) return null;
  const hasPhrase = normalised.includes(query.phrase);
  hits.sort((left, right) => left[0] - right[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of hits) {
    const previous = merged[merged.length - 1];
    if (previous && start <= previous[1]) previous[1] = Math.max(previous[1], end);
    else merged.push([start, end]);
  }
  const ranges = merged.map(([start, end]): [number, number] => {
    const from = origin[start]!;
    const lastIndex = origin[end - 1]!;
    // The end is after the last matched original character (a surrogate pair counts two).
    const to = lastIndex + (text.codePointAt(lastIndex)! > 0xffff ? 2 : 1);
    return [from, to];
  });
  return { hasPhrase, matchedCodes, ranges };
}

/** How strongly a matched text shows the query, to choose which text the snippet comes from. */
export function matchStrength(match: TextMatch, field: SearchField): number {
  return (match.hasPhrase ? 1000 : 0) + match.matchedCodes * fieldWeights[field];
}

export interface Snippet {
  text: string;
  /** [start, end) of each highlighted stretch within `text`. */
  highlights: Array<[number, number]>;
}

/** About this many characters of context on either side of the first match. */
const SNIPPET_CONTEXT = 30;
const SNIPPET_MAX = 120;

/** The part of a text around its first match, with the matches inside it marked. */
export function cutSnippet(text: string, ranges: ReadonlyArray<[number, number]>): Snippet {
  const first = ranges[0] ?? [0, 0];
  let start = Math.max(0, first[0] - SNIPPET_CONTEXT);
  // Never cut a surrogate pair in half.
  if (start > 0 && /[\uDC00-\uDFFF]/u.test(text[start] ?? '')) start -= 1;
  let end = Math.min(text.length, start + SNIPPET_MAX);
  if (end < text.length && /[\uDC00-\uDFFF]/u.test(text[end] ?? '')) end += 1;
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const highlights: Array<[number, number]> = [];
  for (const [from, to] of ranges) {
    if (to <= start || from >= end) continue;
    highlights.push([
      Math.max(from, start) - start + prefix.length,
      Math.min(to, end) - start + prefix.length,
    ]);
  }
  return { text: `${prefix}${text.slice(start, end)}${suffix}`, highlights };
}

/**
 * What the ranked query would compute from a problem's postings, computed from its texts
 * instead (for problems not indexed yet): the summed field weights of the matched codes and how
 * many distinct query bigrams matched; null when the problem would not match.
 */
export function scoreFieldTexts(
  texts: Partial<Record<SearchField, readonly string[]>>,
  query: SearchQuery,
): { score: number; terms: number } | null {
  // Looks for the query's own codes in each normalised part rather than building every part's
  // codes (fieldCodes): a search over thousands of unindexed problems does this per request.
  let score = 0;
  const matched = new Set<number>();
  for (const [field, parts] of Object.entries(texts) as Array<[SearchField, readonly string[]]>) {
    const normalised = parts.map(normaliseForSearch);
    const inField = new Set<number>();
    if (query.kind === 'character') {
      for (const part of normalised) {
        for (let at = part.indexOf(query.phrase); at >= 0; at = part.indexOf(query.phrase, at + 1)) {
          // The bigram starting here, or the terminal code when the part ends with the character.
          inField.add(at + 1 < part.length ? query.low | part.charCodeAt(at + 1) | 0 : query.low);
        }
      }
    } else {
      for (const code of query.codes) {
        const bigram = String.fromCharCode(code >>> 16, code & 0xffff);
        if (normalised.some((part) => part.includes(bigram))) inField.add(code);
      }
    }
    score += inField.size * fieldWeights[field];
    for (const code of inField) matched.add(code);
  }
  if (score === 0) return null;
  if (query.kind === 'character') return { score, terms: 1 };
  return matched.size >= query.required ? { score, terms: matched.size } : null;
}
