/**
 * Scores the parser on the shared corpus with the corpus's own scorer (score.mjs), read in place
 * from the `shared` folder beside the repository. Floors only go up: raise them when the parser
 * improves. Without the corpus the test is skipped loudly, except in CI where it fails.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocumentText } from './parse-document-text.ts';

const CORPUS_URL = new URL('../../../shared/corpus/', import.meta.url);
const CORPUS_DIR = fileURLToPath(CORPUS_URL);
/** Lowest acceptable overall score (0–100) for any one corpus document. */
const DOCUMENT_FLOOR = 98;
/** Lowest acceptable mean overall score over the corpus. */
const MEAN_FLOOR = 99;
/** Lowest acceptable score for a corpus document delivered wrapped or with other punctuation. */
const VARIANT_FLOOR = 97;

interface DocumentScore {
  overall: number;
  details: unknown;
}
type ScoreDocument = (gold: unknown, parsed: unknown) => DocumentScore;

const corpusPresent = existsSync(new URL('score.mjs', CORPUS_URL));

if (!corpusPresent) {
  console.warn(`CORPUS ABSENT: ${CORPUS_DIR} not found, skipping the corpus score test`);
}

describe.skipIf(!corpusPresent && !process.env['CI'])('corpus score', () => {
  it('is present (required in CI)', () => {
    expect(corpusPresent, `corpus missing at ${CORPUS_DIR}`).toBe(true);
  });

  it('meets the floor for every document and for the mean', async () => {
    const scorer = (await import(new URL('score.mjs', CORPUS_URL).href)) as { scoreDocument: ScoreDocument };
    const names = readdirSync(CORPUS_DIR).filter((name) => name.endsWith('.gold.json'));
    expect(names.length).toBeGreaterThan(0);
    const scores: Record<string, number> = {};
    for (const name of names) {
      const base = name.slice(0, -'.gold.json'.length);
      const gold: unknown = JSON.parse(readFileSync(new URL(name, CORPUS_URL), 'utf8'));
      const parsed = parseDocumentText(readFileSync(new URL(`${base}.txt`, CORPUS_URL), 'utf8'));
      const score = scorer.scoreDocument(gold, JSON.parse(JSON.stringify(parsed)));
      scores[base] = Math.round(score.overall * 10) / 10;
    }
    const mean = Object.values(scores).reduce((sum, value) => sum + value, 0) / names.length;
    console.info('corpus scores', scores, 'mean', mean.toFixed(1));
    for (const [base, score] of Object.entries(scores)) {
      expect(score, `${base} scored ${score}`).toBeGreaterThanOrEqual(DOCUMENT_FLOOR);
    }
    expect(mean).toBeGreaterThanOrEqual(MEAN_FLOOR);
  });

  // The same documents as other converters deliver them: wrapped at a fixed width (text copied
  // out of a PDF), or with the other width of punctuation.
  it.each([
    ['wrapped at 28 characters', (text: string) => wrapLines(text, 28)],
    ['wrapped at 40 characters', (text: string) => wrapLines(text, 40)],
    ['full-width punctuation', (text: string) => text.replace(/[,:;()!?]/g, toFullWidth)],
    ['half-width punctuation', (text: string) => text.replace(/[，：；（）！？]/g, toHalfWidth)],
  ])('meets the floor when %s', async (_name, transform) => {
    const scorer = (await import(new URL('score.mjs', CORPUS_URL).href)) as { scoreDocument: ScoreDocument };
    for (const name of readdirSync(CORPUS_DIR).filter((file) => file.endsWith('.gold.json'))) {
      const base = name.slice(0, -'.gold.json'.length);
      const gold: unknown = JSON.parse(readFileSync(new URL(name, CORPUS_URL), 'utf8'));
      const text = transform(readFileSync(new URL(`${base}.txt`, CORPUS_URL), 'utf8'));
      const score = scorer.scoreDocument(gold, JSON.parse(JSON.stringify(parseDocumentText(text))));
      expect(score.overall, `${base} scored ${score.overall}`).toBeGreaterThanOrEqual(VARIANT_FLOOR);
    }
  });
});

function wrapLines(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) =>
      Array.from({ length: Math.ceil(line.length / width) }, (_, i) =>
        line.slice(i * width, (i + 1) * width),
      ),
    )
    .join('\n');
}

function toFullWidth(char: string): string {
  return String.fromCharCode(char.charCodeAt(0) + 0xfee0);
}

function toHalfWidth(char: string): string {
  return String.fromCharCode(char.charCodeAt(0) - 0xfee0);
}
