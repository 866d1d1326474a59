/**
 * Parse benchmark: the corpus (../shared/corpus/*.txt, or a built-in sample when it is absent)
 * concatenated to ~1 MB and ~10 MB, parsed as text. Reports throughput in MB/s at 10 MB and the
 * ratio time(10×)/time(1×), which stays near 10 when the parse is linear (targets: ≥ 10 MB/s,
 * ratio ≤ 12). Run alone with `node --import tsx bench/parse.bench.ts`.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseDocumentText } from '../src/parse/parse-document.ts';

const CORPUS_URL = new URL('../../shared/corpus/', import.meta.url);
/** Bytes in a megabyte, as throughput is reported. */
const MEGABYTE = 1_000_000;
/** Timed runs per size; the median is reported. */
const RUNS = 3;

const SAMPLE = `关于巡察整改进展情况的通报
根据县委统一部署，2022年3月1日至4月30日，县委第三巡察组对某局党组开展了常规巡察。现将巡察整改进展情况通报如下：
一、巡察反馈问题整改情况
（一）党的领导弱化方面
1.理论学习不深入。
整改情况：已完成。一是制定学习计划；二是开展专题研讨。
2.意识形态工作责任制落实不到位。
整改情况：正在整改。1.修订制度；2.开展培训。
`;

function corpusText(): string {
  if (!existsSync(CORPUS_URL)) return SAMPLE;
  const names = readdirSync(CORPUS_URL).filter((name) => name.endsWith('.txt'));
  if (names.length === 0) return SAMPLE;
  return names.map((name) => readFileSync(new URL(name, CORPUS_URL), 'utf8')).join('\n');
}

/** The corpus repeated until it reaches `bytes` of UTF-8. */
function textOfSize(unit: string, bytes: number): string {
  const unitBytes = Buffer.byteLength(unit, 'utf8') + 1;
  return Array.from({ length: Math.max(1, Math.round(bytes / unitBytes)) }, () => unit).join('\n');
}

function medianMs(text: string): number {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    parseDocumentText(text);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Runs the parse benchmark and returns its figures. */
export async function runParseBench(): Promise<Record<string, number>> {
  const unit = corpusText();
  const small = textOfSize(unit, MEGABYTE);
  const large = textOfSize(unit, 10 * MEGABYTE);
  parseDocumentText(small); // warm up the JIT before timing
  const smallMs = medianMs(small);
  const largeMs = medianMs(large);
  const largeMegabytes = Buffer.byteLength(large, 'utf8') / MEGABYTE;
  const round = (value: number, digits: number): number => Number(value.toFixed(digits));
  return {
    parse_input_1x_mb: round(Buffer.byteLength(small, 'utf8') / MEGABYTE, 2),
    parse_input_10x_mb: round(largeMegabytes, 2),
    parse_time_1x_ms: round(smallMs, 1),
    parse_time_10x_ms: round(largeMs, 1),
    parse_throughput_mb_per_s: round(largeMegabytes / (largeMs / 1000), 1),
    parse_scaling_ratio_10x_over_1x: round(largeMs / smallMs, 2),
  };
}

const runDirectly = (() => {
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1] ?? '')).href;
  } catch {
    return false;
  }
})();

if (runDirectly) {
  const figures = await runParseBench();
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(34)} ${value}`);
}
