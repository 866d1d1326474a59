/**
 * `rectify report`, `export-xlsx` and `import-xlsx` as users run them: the real bin in a child
 * process against a temp data folder holding a small demo; files are opened again with readers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/rectify.js', import.meta.url));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-cli-reports-'));
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-cli-reports-out-'));
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(outDir, { recursive: true, force: true });
});

function rectify(...args: string[]) {
  const environment: NodeJS.ProcessEnv = { ...process.env, RECTIFY_DATA_DIR: dataDir };
  delete environment.DATABASE_URL;
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: environment });
}

async function sheetRows(file: string): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  expect(sheet).toBeDefined();
  return sheet!.actualRowCount;
}

describe('rectify report / export-xlsx / import-xlsx', () => {
  beforeAll(() => {
    const demo = rectify(
      'demo',
      '--units',
      '2',
      '--problems',
      '4',
      '--measures',
      '2',
      '--today',
      '2026-06-01',
    );
    expect(demo.status).toBe(0);
  }, 60_000);

  it('lists the commands and prints their help', () => {
    const help = rectify('--help');
    for (const command of ['report', 'export-xlsx', 'import-xlsx']) {
      expect(help.stdout).toContain(command);
      const usage = rectify(command, '--help');
      expect(usage.status).toBe(0);
      expect(usage.stdout).toContain(`rectify ${command}`);
    }
    expect(rectify('report', '--inspection', '1').status).toBe(2);
  });

  it.each(['plan', 'notice', 'report', 'supervision'])('writes the %s as a .docx', async (kind) => {
    const out = path.join(outDir, `${kind}.docx`);
    const result = rectify(
      'report',
      '--inspection',
      '1',
      '--kind',
      kind,
      '--out',
      out,
      '--date',
      '2026-06-01',
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(fs.existsSync(`${out}.tmp`)).toBe(false);
    const zip = await JSZip.loadAsync(fs.readFileSync(out));
    const body = await zip.file('word/document.xml')!.async('string');
    expect(body).toContain('<w:body>');
    expect(body).toContain('<w:sectPr'); // content, fonts and layout are tested in src/modules/reports
  });

  it('writes the aggregate notice of a round, and refuses an unknown round', async () => {
    const out = path.join(outDir, 'aggregate.docx');
    const result = rectify('report', '--round', '1', '--kind', 'aggregate', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const zip = await JSZip.loadAsync(fs.readFileSync(out));
    const body = await zip.file('word/document.xml')!.async('string');
    expect(body).toContain('整改情况的通报');
    expect(body).toContain('反馈问题'); // figures and layout are tested in src/modules/reports
    const missing = rectify('report', '--round', '999', '--kind', 'aggregate', '--out', out + '.x');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('未找到巡察轮次（999）');
    expect(fs.existsSync(out + '.x')).toBe(false);
  });

  it('refuses an unknown inspection or kind with exit 1 and writes no file', () => {
    const out = path.join(outDir, 'missing.docx');
    const missing = rectify('report', '--inspection', '999', '--kind', 'notice', '--out', out);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('未找到巡察（999）');
    expect(missing.stderr).toContain('inspection 999 not found');
    const badKind = rectify('report', '--inspection', '1', '--kind', 'memo', '--out', out);
    expect(badKind.status).toBe(1);
    expect(badKind.stderr).toContain('memo');
    const sheet = path.join(outDir, 'missing.xlsx');
    const exported = rectify('export-xlsx', '--inspection', '999', '--out', sheet);
    expect(exported.status).toBe(1);
    expect(exported.stderr).toContain('未找到巡察（999）');
    expect(fs.readdirSync(outDir).filter((name) => name.startsWith('missing'))).toEqual([]);
    const imported = rectify('import-xlsx', sheet, '--inspection', '999');
    expect(imported.status).toBe(1);
  });

  it('exports the ledger and imports it back without changing the problem count', async () => {
    const first = path.join(outDir, 'ledger.xlsx');
    const exported = rectify('export-xlsx', '--inspection', '1', '--out', first, '--date', '2026-06-01');
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    const rowsBefore = await sheetRows(first);

    const missing = rectify('import-xlsx', first, '--inspection', '999');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('未找到巡察（999）');

    const imported = rectify('import-xlsx', first, '--inspection', '1');
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('created 0, updated 4, skipped 0');

    const second = path.join(outDir, 'ledger-again.xlsx');
    expect(rectify('export-xlsx', '--inspection', '1', '--out', second, '--date', '2026-06-01').status).toBe(
      0,
    );
    expect(await sheetRows(second)).toBe(rowsBefore);
  });
});
