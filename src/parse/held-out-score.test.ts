/**
 * Generalisation check: the parser scored (with the corpus's own score.mjs) on a held-out set of
 * documents written for this purpose in src/parse/testing/held-out/ — layouts the corpus lacks
 * (一是/二是 feedback, ledger rows written out as text, 1./（1）/① three levels, Traditional text,
 * a web page copy with its chrome, a truncated page…). Each gold file was checked by hand against
 * FORMAT.md. The same documents are also delivered as GBK, .docx, .html and .pdf and must parse
 * the same (or score the same). Floors only go up: raise them when the parser improves.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Document, Packer, Paragraph } from 'docx';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseDocumentFile, parseDocumentText } from './parse-document.ts';
import { buildTextPdf, type PdfLine } from './testing/text-pdf.ts';

const HELD_OUT_URL = new URL('./testing/held-out/', import.meta.url);
const SCORER_URL = new URL('../../../shared/corpus/score.mjs', import.meta.url);

/** Lowest acceptable overall score (0–100) per held-out document. */
const DOCUMENT_FLOORS: Record<string, number> = {
  h01_feedback_yishi: 98,
  h02_progress_status: 98,
  h03_plan_ledger_rows: 98,
  h04_report_three_levels: 98,
  h05_plan_problem_n: 98,
  h06_traditional_plan: 98,
  h07_web_page: 98,
  h08_truncated: 98,
  h09_halfwidth_status_in_title: 98,
};
/** Lowest acceptable mean overall score over the held-out set. */
const MEAN_FLOOR = 99;
/** How far a converted delivery (.docx, .html, .pdf) may score below the plain text. */
const CONVERSION_TOLERANCE = 2;

interface DocumentScore {
  overall: number;
  details: unknown;
}
type ScoreDocument = (gold: unknown, parsed: unknown) => DocumentScore;

const scorerPresent = existsSync(SCORER_URL);
if (!scorerPresent)
  console.warn(`SCORER ABSENT: ${fileURLToPath(SCORER_URL)} not found, skipping held-out scores`);

async function loadScorer(): Promise<ScoreDocument> {
  return ((await import(SCORER_URL.href)) as { scoreDocument: ScoreDocument }).scoreDocument;
}

function textOf(base: string): string {
  return readFileSync(new URL(`${base}.txt`, HELD_OUT_URL), 'utf8');
}

function goldOf(base: string): unknown {
  return JSON.parse(readFileSync(new URL(`${base}.gold.json`, HELD_OUT_URL), 'utf8'));
}

function scoreOf(scoreDocument: ScoreDocument, base: string, parsed: unknown): number {
  return scoreDocument(goldOf(base), JSON.parse(JSON.stringify(parsed))).overall;
}

const BASES = readdirSync(HELD_OUT_URL)
  .filter((name) => name.endsWith('.gold.json'))
  .map((name) => name.slice(0, -'.gold.json'.length))
  .sort();

describe.skipIf(!scorerPresent && !process.env['CI'])('held-out score', () => {
  it('has a floor for every held-out document', () => {
    expect(BASES.length).toBeGreaterThanOrEqual(8);
    expect(Object.keys(DOCUMENT_FLOORS).sort()).toEqual(BASES);
  });

  it('meets the floor for every document and for the mean', async () => {
    const scoreDocument = await loadScorer();
    const scores: Record<string, number> = {};
    for (const base of BASES) {
      const score = scoreDocument(goldOf(base), JSON.parse(JSON.stringify(parseDocumentText(textOf(base)))));
      scores[base] = Math.round(score.overall * 10) / 10;
      expect(scores[base], `${base}: ${JSON.stringify(score.details)}`).toBeGreaterThanOrEqual(
        DOCUMENT_FLOORS[base] ?? 100,
      );
    }
    const mean = Object.values(scores).reduce((sum, value) => sum + value, 0) / BASES.length;
    console.info('held-out scores', scores, 'mean', mean.toFixed(1));
    expect(mean).toBeGreaterThanOrEqual(MEAN_FLOOR);
  });

  it.each(['h02_progress_status', 'h06_traditional_plan', 'h07_web_page', 'h08_truncated'])(
    '%s as GBK text parses as the UTF-8 text',
    async (base) => {
      const text = textOf(base);
      const bytes = new Uint8Array(iconv.encode(text, 'gbk'));
      expect(await parseDocumentFile(bytes, `${base}.txt`)).toEqual(parseDocumentText(text));
    },
  );

  it.each(['h03_plan_ledger_rows', 'h04_report_three_levels', 'h05_plan_problem_n', 'h06_traditional_plan'])(
    '%s as .docx (one paragraph per line) scores as the text',
    async (base) => {
      const scoreDocument = await loadScorer();
      const text = textOf(base);
      const paragraphs = text.split('\n').map((line) => new Paragraph({ text: line }));
      const docx = new Document({ sections: [{ children: paragraphs }] });
      const parsed = await parseDocumentFile(new Uint8Array(await Packer.toBuffer(docx)), `${base}.docx`);
      const expected = scoreOf(scoreDocument, base, parseDocumentText(text));
      expect(scoreOf(scoreDocument, base, parsed)).toBeGreaterThanOrEqual(expected - CONVERSION_TOLERANCE);
    },
  );

  it.each(['h01_feedback_yishi', 'h02_progress_status', 'h09_halfwidth_status_in_title'])(
    '%s as a saved web page (navigation, scripts, footer) scores as the text',
    async (base) => {
      const scoreDocument = await loadScorer();
      const text = textOf(base);
      const escape = (line: string): string =>
        line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const body = text
        .split('\n')
        .map((line) => `<p>${escape(line)}</p>`)
        .join('\n');
      const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告</title>
<script>var nav = "首页 一、栏目";</script><style>p { margin: 0 }</style></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="/xxgk">信息公开</a></div>
<div class="article">${body}</div>
<div class="footer">【打印】【关闭】<br>网站标识码：1234567890 版权所有</div></body></html>`;
      const parsed = await parseDocumentFile(new Uint8Array(Buffer.from(page, 'utf8')), `${base}.html`);
      const expected = scoreOf(scoreDocument, base, parseDocumentText(text));
      expect(scoreOf(scoreDocument, base, parsed)).toBeGreaterThanOrEqual(expected - CONVERSION_TOLERANCE);
    },
  );

  it.each(['h01_feedback_yishi', 'h05_plan_problem_n', 'h08_truncated'])(
    '%s as a PDF (lines wrapped at 30 characters, paragraphs indented) scores as the text',
    async (base) => {
      const scoreDocument = await loadScorer();
      const text = textOf(base);
      const lines: PdfLine[] = text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .flatMap((line) =>
          Array.from({ length: Math.ceil(line.length / 30) }, (_, index) => ({
            text: line.slice(index * 30, (index + 1) * 30),
            x: index === 0 ? 96 : 72,
          })),
        );
      const pages: PdfLine[][] = [];
      for (let start = 0; start < lines.length; start += 40) pages.push(lines.slice(start, start + 40));
      const parsed = await parseDocumentFile(buildTextPdf(pages), `${base}.pdf`);
      const expected = scoreOf(scoreDocument, base, parseDocumentText(text));
      expect(scoreOf(scoreDocument, base, parsed)).toBeGreaterThanOrEqual(expected - CONVERSION_TOLERANCE);
    },
  );
});
