/**
 * `rectify parse FILE [--json] [--out OUT.json]`: parses a document (.txt, .docx, .html, .pdf)
 * into FORMAT.md JSON. With --json, stdout carries only the JSON; with --out, the JSON goes to
 * the file (written only after a successful parse). Otherwise a short summary is printed.
 */
import { readFile, writeFile, rename } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DocumentParseError, parseDocumentFile } from '../parse/parse-document.ts';
import type { ParsedDocument, ParsedProblem } from '../parse/parsed-document.schema.ts';
import type { CliCommand } from './command.ts';

const USAGE = 'rectify parse FILE [--json] [--out OUT.json]';

const KIND_NAMES: Record<ParsedDocument['kind'], string> = {
  plan: '整改方案',
  progress_report: '整改进展情况报告',
  feedback: '反馈意见',
  other: '其他',
};

function countProblems(problems: ParsedProblem[]): { problems: number; measures: number } {
  let total = { problems: 0, measures: 0 };
  for (const problem of problems) {
    const children = countProblems(problem.children);
    total = {
      problems: total.problems + 1 + children.problems,
      measures: total.measures + problem.measures.length + children.measures,
    };
  }
  return total;
}

function summarise(document: ParsedDocument, fileName: string): string {
  const counts = countProblems(document.aspects.flatMap((aspect) => aspect.problems));
  const lines = [
    `文件 file: ${fileName}`,
    `类型 kind: ${KIND_NAMES[document.kind]} (${document.kind})`,
    `单位 unit: ${document.unit ?? '—'}    巡察组 inspector: ${document.inspection.inspector ?? '—'}`,
    `方面 aspects: ${document.aspects.length}    问题 problems: ${counts.problems}    措施 measures: ${counts.measures}`,
  ];
  for (const warning of document.warnings ?? []) lines.push(`提示 warning: ${warning}`);
  return lines.join('\n') + '\n';
}

function describeError(error: unknown, file: string): string {
  if (error instanceof DocumentParseError) return `${error.message}\n(${error.logMessage})`;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return `找不到文件“${file}”。\n(file not found: ${file})`;
  if (code === 'EISDIR') return `“${file}”是目录，不是文件。\n(${file} is a directory)`;
  if (code === 'EACCES') return `没有权限读取文件“${file}”。\n(permission denied: ${file})`;
  const reason = error instanceof Error ? error.message : String(error);
  return `解析文件“${file}”失败：${reason}\n(failed to parse ${file}: ${reason})`;
}

export const parseCommand: CliCommand = {
  name: 'parse',
  summary: '解析整改文件为 JSON (parse a document into the ledger JSON)',
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    let options: { json?: boolean; out?: string };
    let positionals: string[];
    try {
      const parsed = parseArgs({
        args,
        allowPositionals: true,
        options: { json: { type: 'boolean' }, out: { type: 'string' } },
      });
      options = parsed.values;
      positionals = parsed.positionals;
    } catch (error) {
      process.stderr.write(`参数错误 invalid arguments: ${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    const file = positionals[0];
    if (file === undefined || positionals.length > 1) {
      process.stderr.write(`请指定一个文件 (exactly one FILE is required)\n${USAGE}\n`);
      return 2;
    }
    let document: ParsedDocument;
    try {
      const bytes = await readFile(file);
      document = await parseDocumentFile(
        new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        file,
      );
    } catch (error) {
      process.stderr.write(`${describeError(error, file)}\n`);
      return 1;
    }
    const json = JSON.stringify(document, null, 2) + '\n';
    if (options.out !== undefined) {
      // Write beside the target and rename, so a failed write never leaves a half file behind.
      const temporary = `${options.out}.${process.pid}.tmp`;
      try {
        await writeFile(temporary, json, 'utf8');
        await rename(temporary, options.out);
      } catch (error) {
        process.stderr.write(
          `无法写入“${options.out}”：${(error as Error).message}\n(cannot write ${options.out})\n`,
        );
        return 1;
      }
      if (!options.json) process.stdout.write(summarise(document, file));
      return 0;
    }
    process.stdout.write(options.json ? json : summarise(document, file));
    return 0;
  },
};
