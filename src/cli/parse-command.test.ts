import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ParsedDocumentSchema } from '../parse/parsed-document.schema.ts';
import { parseCommand } from './parse-command.ts';

const REPORT = `关于巡察整改进展情况的通报
根据县委统一部署，县委第三巡察组对某局党组开展了常规巡察。现将巡察整改进展情况通报如下：
（一）党的领导弱化方面
1.理论学习不深入。
整改情况：已完成。一是制定学习计划；二是开展专题研讨。`;

describe('rectify parse', () => {
  let directory: string;
  let stdout: string;
  let stderr: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'rectify-parse-'));
    stdout = '';
    stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(directory, { recursive: true, force: true });
  });

  it('prints only the JSON with --json', async () => {
    const file = join(directory, 'report.txt');
    writeFileSync(file, REPORT);
    expect(await parseCommand.run([file, '--json'])).toBe(0);
    const document: unknown = JSON.parse(stdout);
    expect(ParsedDocumentSchema.parse(document).aspects).toHaveLength(1);
    expect(stderr).toBe('');
  });

  it('writes --out and prints a summary', async () => {
    const file = join(directory, 'report.txt');
    const out = join(directory, 'report.json');
    writeFileSync(file, REPORT);
    expect(await parseCommand.run([file, '--out', out])).toBe(0);
    expect(ParsedDocumentSchema.parse(JSON.parse(readFileSync(out, 'utf8'))).kind).toBe('progress_report');
    expect(stdout).toContain('方面 aspects: 1');
  });

  it('names the file, exits non-zero and writes nothing when the file cannot be parsed', async () => {
    const file = join(directory, 'broken.docx');
    const out = join(directory, 'broken.json');
    writeFileSync(file, 'not a zip');
    expect(await parseCommand.run([file, '--json', '--out', out])).toBe(1);
    expect(stderr).toContain('broken.docx');
    expect(stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it.each([[[]], [['a.txt', 'b.txt']], [['--bogus', 'a.txt']]])('rejects arguments %j', async (args) => {
    expect(await parseCommand.run(args)).toBe(2);
    expect(stderr).toContain('rectify parse FILE');
  });

  it('reports a missing file', async () => {
    expect(await parseCommand.run([join(directory, 'missing.txt')])).toBe(1);
    expect(stderr).toContain('missing.txt');
  });
});
