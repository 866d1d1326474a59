import { describe, expect, it } from 'vitest';
import {
  cutSnippet,
  fieldCodes,
  matchStrength,
  matchText,
  parseSearchQuery,
  scoreFieldTexts,
  type SearchQuery,
} from './search-text.rules.ts';

const bigram = (text: string) => (text.charCodeAt(0) << 16) | text.charCodeAt(1) | 0;
const query = (text: string) => parseSearchQuery(text) as SearchQuery;

describe('search text rules', () => {
  it('indexes the bigrams of each part, never across parts, plus each part’s last character', () => {
    const codes = fieldCodes(['公车私用', '差旅费，报销']);
    expect(codes).toContain(bigram('公车'));
    expect(codes).toContain(bigram('旅费'));
    // Punctuation is dropped inside a part, so 费报 is a bigram; 用差 would span two parts.
    expect(codes).toContain(bigram('费报'));
    expect(codes).not.toContain(bigram('用差'));
    expect(codes).toContain(('用'.charCodeAt(0) << 16) | 0);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
  });

  it('reads a two-character word as one bigram that must match, a longer query as 60 % of its bigrams', () => {
    expect(query('差旅')).toMatchObject({ kind: 'bigrams', codes: [bigram('差旅')], required: 1 });
    expect(query('差旅费')).toMatchObject({ required: 2 });
    const long = query('违规报销差旅费');
    expect(long.kind === 'bigrams' && long.codes.length).toBe(6);
    expect(long.kind === 'bigrams' && long.required).toBe(4);
    // Words are not joined into a bigram; case and full-width forms are folded.
    const words = query(' 公车  ＡＢ ');
    expect(words).toMatchObject({
      codes: [bigram('ab'), bigram('公车')].sort((a, b) => a - b),
      phrase: '公车ab',
    });
    expect(parseSearchQuery('，。 ！')).toBeNull();
  });

  it('reads one character as the range of bigrams that start with it', () => {
    const single = query('车');
    const base = '车'.charCodeAt(0) << 16;
    expect(single).toMatchObject({ kind: 'character', low: base | 0, high: base | 0xffff | 0 });
    if (single.kind !== 'character') throw new Error('expected a character query');
    for (const code of fieldCodes(['公车私用', '用公车'])) {
      if (code >>> 16 === '车'.charCodeAt(0)) expect(code >= single.low && code <= single.high).toBe(true);
    }
    expect(fieldCodes(['用公车'])).toContain(base | 0);
  });

  it('finds a two-character word inside a sentence and maps the match back to the original text', () => {
    const text = '检查发现，个别干部公车私用、节假日驾驶公车回老家';
    const match = matchText(text, query('公车'));
    expect(match).not.toBeNull();
    expect(match!.hasPhrase).toBe(true);
    expect(match!.ranges.map(([start, end]) => text.slice(start, end))).toEqual(['公车', '公车']);
    // Punctuation inside a phrase is skipped, the highlight spans it.
    const across = matchText('审核把关不严，违规报销', query('不严违规'))!;
    expect(across.ranges.map(([start, end]) => '审核把关不严，违规报销'.slice(start, end))).toEqual([
      '不严，违规',
    ]);
    expect(matchText(text, query('差旅'))).toBeNull();
  });

  it('prefers the phrase, then more matched bigrams in heavier fields', () => {
    const phrase = matchText('多报差旅费', query('差旅费'))!;
    const partial = matchText('差旅补助与路费', query('差旅费'))!;
    expect(matchStrength(phrase, 'comment')).toBeGreaterThan(matchStrength(partial, 'title'));
    expect(matchStrength(partial, 'title')).toBeGreaterThan(matchStrength(partial, 'measure'));
  });

  it('cuts a snippet around the first match with the highlights shifted into it', () => {
    const text = `${'前'.repeat(50)}公车${'后'.repeat(200)}`;
    const snippet = cutSnippet(text, matchText(text, query('公车'))!.ranges);
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    const [[start, end]] = snippet.highlights as [[number, number]];
    expect(snippet.text.slice(start, end)).toBe('公车');
    const short = cutSnippet('公车私用', [[0, 2]]);
    expect(short).toEqual({ text: '公车私用', highlights: [[0, 2]] });
  });

  it('scores unindexed texts as the postings would: field weights per matched code, distinct bigrams', () => {
    // 差旅 in the title (8) and a measure (2); 旅费 only in the measure (2).
    const texts = { title: ['差旅报销不规范'], measure: ['规范差旅费报销'] };
    expect(scoreFieldTexts(texts, query('差旅费'))).toEqual({ score: 12, terms: 2 });
    // A code counts once per field however often it occurs, as a posting does.
    expect(scoreFieldTexts({ comment: ['差旅', '差旅差旅'] }, query('差旅'))).toEqual({ score: 1, terms: 1 });
    // Too few of the query's bigrams: no match (3 bigrams need 2).
    expect(scoreFieldTexts(texts, query('公务接待'))).toBeNull();
    // One character: every code that starts with it, including the terminal code of a part.
    expect(scoreFieldTexts({ title: ['公车私用'], manifestation: ['用车'] }, query('车'))).toEqual({
      score: 8 + 4,
      terms: 1,
    });
  });

  it('scores texts exactly as summing the postings of their field codes would', () => {
    const texts = {
      title: ['公车私用，车辆管理不规范车'],
      manifestation: ['ＡＢ车队：用车审批缺失', '车'],
      measure: ['建立用车台账', '差旅费报销'],
      comment: ['已整改。车'],
    };
    for (const text of ['车', '用车', '车辆管理', 'AB车', '差旅 报销', '台账 整改', '公车私用车辆']) {
      const parsed = query(text);
      let score = 0;
      const matched = new Set<number>();
      for (const [field, parts] of Object.entries(texts) as Array<[keyof typeof texts, string[]]>) {
        for (const code of fieldCodes(parts)) {
          const isMatch =
            parsed.kind === 'character'
              ? code >= parsed.low && code <= parsed.high
              : parsed.codes.includes(code);
          if (!isMatch) continue;
          score += { title: 8, manifestation: 4, measure: 2, comment: 1 }[field];
          matched.add(code);
        }
      }
      const expected =
        score === 0
          ? null
          : parsed.kind === 'character'
            ? { score, terms: 1 }
            : matched.size >= parsed.required
              ? { score, terms: matched.size }
              : null;
      expect(scoreFieldTexts(texts, parsed), text).toEqual(expected);
    }
  });
});
