/**
 * Fuzz test with a fixed seed: mutated corpus documents, random Unicode, very long lines, a 10 MB
 * input and deeply repeated markers must all give a valid ParsedDocument, quickly. Guards the
 * "never throws, never hangs" promise (no regular expression may backtrack super-linearly).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { htmlToText } from './parse-html.ts';
import { parseDocumentText } from './parse-document-text.ts';
import { ParsedDocumentSchema } from './parsed-document.schema.ts';

const CORPUS_URL = new URL('../../../shared/corpus/', import.meta.url);

const FALLBACK = `关于巡察整改进展情况的通报
根据县委统一部署，2022年3月1日至4月30日，县委第三巡察组对某局党组开展了常规巡察。
一、巡察反馈问题整改情况
（一）党的领导弱化方面
1.理论学习不深入。
整改情况：已完成。一是制定学习计划；二是开展专题研讨。
问题2：制度执行不严。
具体表现在：
1.会议记录不规范。
整改措施：完善会议制度。
责任部门：办公室、财务室
整改时限：（即知即改）3个月内`;

function loadCorpus(): string[] {
  if (!existsSync(CORPUS_URL)) return [FALLBACK];
  const names = readdirSync(CORPUS_URL).filter((name) => name.endsWith('.txt'));
  return names.length > 0 ? names.map((name) => readFileSync(new URL(name, CORPUS_URL), 'utf8')) : [FALLBACK];
}

/** mulberry32: a small deterministic generator, so failures reproduce. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  '一、',
  '（一）',
  '(二)',
  '1.',
  '2、',
  '（3）',
  '①',
  '问题1：',
  '问题*：',
  '一是',
  '二是',
  '整改措施：',
  '整改情况：已完成。',
  '具体表现在：',
  '责任领导：',
  '责任部门：',
  '整改时限：',
  '即知即改',
  '个月内',
  '巡察组',
  '对',
  '开展',
  '反馈',
  '2021年',
  '3月11日',
  '至',
  '联系电话：',
  '@',
  '邮编',
  '\n',
  '\n\n',
  '。',
  '：',
  '\u2f00',
  '\u2ea0',
  '\ufeff',
  '\u0000',
  '\ud800',
  '<',
  '&amp;',
];

function mutate(text: string, random: () => number): string {
  let result = text;
  const operations = 1 + Math.floor(random() * 12);
  for (let step = 0; step < operations; step++) {
    const at = Math.floor(random() * (result.length + 1));
    const choice = random();
    if (choice < 0.25) {
      result = result.slice(0, at) + result.slice(at + Math.floor(random() * 400));
    } else if (choice < 0.5) {
      result = result.slice(0, at) + FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] + result.slice(at);
    } else if (choice < 0.65) {
      const length = Math.floor(random() * 2000);
      result = result.slice(0, at) + result.slice(at, at + length).repeat(2) + result.slice(at + length);
    } else if (choice < 0.8) {
      result = result.slice(0, at) + randomUnicode(random, 1 + Math.floor(random() * 50)) + result.slice(at);
    } else if (choice < 0.9) {
      result = result.slice(0, at);
    } else {
      const lines = result.split('\n');
      for (let swap = 0; swap < 5; swap++) {
        const a = Math.floor(random() * lines.length);
        const b = Math.floor(random() * lines.length);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      }
      result = lines.join('\n');
    }
  }
  return result;
}

function randomUnicode(random: () => number, length: number): string {
  let out = '';
  for (let index = 0; index < length; index++) {
    const band = random();
    const code =
      band < 0.5
        ? 0x4e00 + Math.floor(random() * 0x5200)
        : band < 0.7
          ? Math.floor(random() * 0x80)
          : band < 0.8
            ? 0x2e80 + Math.floor(random() * 0x160)
            : Math.floor(random() * 0x10000);
    out += String.fromCharCode(code);
  }
  return out;
}

function expectValid(text: string, budgetMs: number): void {
  const started = performance.now();
  const document = parseDocumentText(text);
  const elapsed = performance.now() - started;
  const result = ParsedDocumentSchema.safeParse(document);
  expect(result.success, result.success ? '' : JSON.stringify(result.error.issues.slice(0, 3))).toBe(true);
  expect(elapsed).toBeLessThan(budgetMs);
}

describe('parser fuzz (seed 20240611)', () => {
  const corpus = loadCorpus();
  const random = createRandom(20240611);

  it('parses 300 mutated corpus documents into valid documents', () => {
    for (let round = 0; round < 300; round++) {
      expectValid(mutate(corpus[round % corpus.length]!, random), 2000);
    }
  });

  it('parses random Unicode', () => {
    for (let round = 0; round < 20; round++) expectValid(randomUnicode(random, 20_000), 2000);
  });

  it.each([
    ['a 2 MB line of letters', () => 'a'.repeat(2_000_000)],
    ['a 2 MB line of digits', () => '1'.repeat(2_000_000)],
    ['a line of 一是 repeated', () => '整改措施：' + '一是。二是，'.repeat(200_000)],
    ['a line of colons after labels', () => '1.标题' + '。整改情况:'.repeat(200_000)],
    ['markers on every line', () => '1.\n'.repeat(200_000)],
    [
      'every family nested, repeated',
      () => '一、甲\n（一）乙\n1.丙\n（1）丁\n①戊\n整改措施：一是己\n'.repeat(30_000),
    ],
    ['labels on every line', () => '整改措施：\n具体表现：\n责任部门：\n'.repeat(100_000)],
    ['e-mail signs and phone cues', () => '联系电话：' + '@'.repeat(500_000) + '0'.repeat(500_000)],
    ['dates everywhere', () => '巡察组2021年3月11日至4月1日反馈'.repeat(100_000)],
    ['unclosed brackets', () => '（'.repeat(500_000) + '(' + '问题'.repeat(200_000)],
  ])('handles %s', (_name, build) => {
    expectValid(build(), 15_000);
  });

  it('parses a 10 MB document', () => {
    let text = '';
    while (text.length < 5_000_000)
      text += mutate(corpus[Math.floor(random() * corpus.length)]!, random) + '\n';
    expectValid(text, 20_000);
  });

  it('extracts text from hostile HTML quickly', () => {
    const pages = [
      '<a>'.repeat(200_000),
      '<!--'.repeat(100_000),
      '<table><tr><td>'.repeat(20_000),
      '\u0001'.repeat(200_000) + '<a>x</a>',
      '<script>' + 'x'.repeat(1_000_000),
      '&#'.repeat(300_000) + '&amp;'.repeat(100_000),
    ];
    for (const page of pages) {
      const started = performance.now();
      expect(typeof htmlToText(page)).toBe('string');
      expect(performance.now() - started).toBeLessThan(5000);
    }
  });
});
