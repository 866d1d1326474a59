/**
 * Reads the cell values of an .xlsx workbook without a spreadsheet object model: each XML part
 * streams past (xlsx-package.ts) and only the values are kept. Shared strings (rich text runs
 * joined, phonetic runs left out), inline strings, numbers, booleans, dates (a number styled
 * with a date format, 1900 or 1904 date system) and merged ranges (each covered cell takes the
 * range's first value, as spreadsheet libraries read them) are understood; formulas give their
 * cached result.
 */
import {
  malformed,
  MAX_INFLATED_XLSX_BYTES,
  openXlsxPackage,
  resolveTarget,
  XlsxReadError,
} from './xlsx-package.ts';
import type { XmlEvents } from './xlsx-xml-scanner.ts';

export { XlsxReadError } from './xlsx-package.ts';

export type XlsxCellValue = string | number | boolean | Date;

/** A sheet's non-empty cells: `rows.get(row)?.[column]`, rows and columns counted from 1. */
export interface XlsxSheetCells {
  name: string;
  /** The numbers of the rows that hold a cell, ascending. */
  rowNumbers: number[];
  rows: Map<number, (XlsxCellValue | undefined)[]>;
}

export interface XlsxWorkbook {
  /** Worksheet names in the workbook's order (chart sheets left out). */
  sheetNames: string[];
  readSheet(index: number): Promise<XlsxSheetCells>;
}

/** Cells that merged ranges may cover; a larger total is not a ledger but an attack. */
const MAX_MERGED_CELLS = 2_000_000;
const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;

/** `_xHHHH_` is how OOXML strings carry characters XML cannot (e.g. a carriage return). */
function decodeEscapes(text: string): string {
  return text.includes('_x')
    ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : text;
}

// Built-in number formats that are dates or times (the zh-CN ones among them: 27–36, 50–58).
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** A format code shows a date when, outside quoted text and [..] sections, it has a date part. */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/[\\_*]./g, '');
  return /[ymdhsb]/i.test(bare.replace(/general/gi, ''));
}

function styleEvents(isDateStyle: boolean[]): XmlEvents {
  const formats = new Map<number, string>();
  const formatIds: number[] = [];
  let inCellFormats = false;
  return {
    open(name, attributes) {
      if (name === 'numFmt') formats.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
      else if (name === 'cellXfs') inCellFormats = true;
      else if (name === 'xf' && inCellFormats) formatIds.push(Number(attributes.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellFormats = false;
      else if (name === 'styleSheet') {
        for (const id of formatIds) {
          const code = formats.get(id);
          isDateStyle.push(code !== undefined ? isDateFormatCode(code) : BUILT_IN_DATE_FORMATS.has(id));
        }
      }
    },
    text() {},
  };
}

function sharedStringEvents(into: string[]): XmlEvents {
  let text: string | null = null;
  let isInText = false;
  let phoneticDepth = 0;
  return {
    open(name) {
      if (name === 'si') text = '';
      else if (name === 'rPh') phoneticDepth += 1;
      else if (name === 't' && text !== null && phoneticDepth === 0) isInText = true;
    },
    close(name) {
      if (name === 't') isInText = false;
      else if (name === 'rPh') phoneticDepth -= 1;
      else if (name === 'si') {
        into.push(decodeEscapes(text ?? ''));
        text = null;
      }
    },
    text(piece) {
      if (isInText) text += piece;
    },
  };
}

/** "BC12" (or "$BC$12") → row 12, column 55; null when the reference is not a cell. */
function parseCellReference(reference: string): { row: number; column: number } | null {
  // By hand rather than with a regular expression: this runs for every cell.
  let index = reference.charCodeAt(0) === 36 /* $ */ ? 1 : 0;
  let column = 0;
  for (let letters = 0; index < reference.length; index += 1, letters += 1) {
    const code = reference.charCodeAt(index) & ~32; // upper case
    if (code < 65 || code > 90) break;
    if (letters === 3) return null;
    column = column * 26 + code - 64;
  }
  if (reference.charCodeAt(index) === 36) index += 1;
  const digits = reference.length - index;
  if (column === 0 || digits < 1 || digits > 7) return null;
  let row = 0;
  for (; index < reference.length; index += 1) {
    const code = reference.charCodeAt(index);
    if (code < 48 || code > 57) return null;
    row = row * 10 + code - 48;
  }
  if (column > MAX_COLUMN || row < 1 || row > MAX_ROW) return null;
  return { row, column };
}

interface SheetContext {
  sheetName: string;
  sharedStrings: readonly string[];
  isDateStyle: readonly boolean[];
  isDate1904: boolean;
}

function excelSerialToDate(serial: number, isDate1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (isDate1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** Collects a worksheet's cell values (and merged ranges) as its XML streams past. */
function sheetEvents(
  context: SheetContext,
  rows: Map<number, (XlsxCellValue | undefined)[]>,
  merges: string[],
) {
  const where = (row: number, column: number) => `工作表“${context.sheetName}”第${row}行第${column}列`;
  let isInSheetData = false;
  let rowNumber = 0;
  let cells: (XlsxCellValue | undefined)[] = [];
  let column = 0;
  let cell: { type: string; style: number; value: string | null; inline: string | null } | null = null;
  let target: 'value' | 'inline' | null = null;
  let isInInline = false;
  let phoneticDepth = 0;

  const valueOf = (current: NonNullable<typeof cell>): XlsxCellValue | undefined => {
    const raw = current.value;
    switch (current.type) {
      case 's': {
        if (raw === null) return undefined;
        const index = Number(raw.trim());
        const text = Number.isInteger(index) ? context.sharedStrings[index] : undefined;
        if (text === undefined) throw malformed(`${where(rowNumber, column)}引用了不存在的共享字符串 ${raw}`);
        return text;
      }
      case 'inlineStr':
        return current.inline !== null ? decodeEscapes(current.inline) : (raw ?? undefined);
      case 'str':
        return raw ?? undefined;
      case 'b':
        return raw === null ? undefined : Number.parseInt(raw, 10) !== 0;
      case 'e':
        return undefined;
      case 'd':
        return raw === null ? undefined : new Date(raw.trim());
      default: {
        if (raw === null || raw.trim() === '') return undefined;
        const number = Number(raw.trim());
        if (Number.isNaN(number)) throw malformed(`${where(rowNumber, column)}的数值“${raw}”无效`);
        return context.isDateStyle[current.style] ? excelSerialToDate(number, context.isDate1904) : number;
      }
    }
  };

  const events: XmlEvents = {
    open(name, attributes) {
      switch (name) {
        case 'sheetData':
          isInSheetData = true;
          break;
        case 'row': {
          if (!isInSheetData) break;
          const next = attributes.r === undefined ? rowNumber + 1 : Number(attributes.r);
          if (!Number.isInteger(next) || next < 1 || next > MAX_ROW) {
            throw malformed(`工作表“${context.sheetName}”的行号“${attributes.r}”无效`);
          }
          rowNumber = next;
          cells = rows.get(rowNumber) ?? [];
          column = 0;
          break;
        }
        case 'c': {
          if (!isInSheetData || rowNumber === 0) break;
          if (attributes.r === undefined) {
            column += 1;
          } else {
            const reference = parseCellReference(attributes.r);
            if (!reference)
              throw malformed(
                `工作表“${context.sheetName}”第${rowNumber}行的单元格引用“${attributes.r}”无效`,
              );
            column = reference.column;
          }
          if (column > MAX_COLUMN) throw malformed(`${where(rowNumber, column)}超出了最大列数`);
          cell = { type: attributes.t ?? 'n', style: Number(attributes.s ?? 0), value: null, inline: null };
          break;
        }
        case 'v':
          if (cell) {
            target = 'value';
            cell.value = '';
          }
          break;
        case 'is':
          if (cell) {
            isInInline = true;
            cell.inline = '';
          }
          break;
        case 'rPh':
          phoneticDepth += 1;
          break;
        case 't':
          if (cell && isInInline && phoneticDepth === 0) target = 'inline';
          break;
        case 'mergeCell':
          if (attributes.ref) merges.push(attributes.ref);
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'sheetData':
          isInSheetData = false;
          break;
        case 'row':
          if (isInSheetData && cells.length > 0) rows.set(rowNumber, cells);
          break;
        case 'v':
        case 't':
          target = null;
          break;
        case 'is':
          isInInline = false;
          break;
        case 'rPh':
          phoneticDepth -= 1;
          break;
        case 'c':
          if (cell) {
            const value = valueOf(cell);
            if (value !== undefined) cells[column] = value;
            cell = null;
          }
          break;
      }
    },
    text(piece) {
      if (target === 'value') cell!.value += piece;
      else if (target === 'inline') cell!.inline += piece;
    },
  };
  return events;
}

/** Gives every cell of each merged range the range's first value, within the cells present. */
function applyMerges(sheetName: string, rows: Map<number, (XlsxCellValue | undefined)[]>, merges: string[]) {
  if (merges.length === 0) return;
  let lastRow = 0;
  let lastColumn = 0;
  for (const [row, cells] of rows) {
    lastRow = Math.max(lastRow, row);
    lastColumn = Math.max(lastColumn, cells.length - 1);
  }
  let covered = 0;
  for (const range of merges) {
    const [from, to] = range.split(':');
    const start = parseCellReference(from ?? '');
    const end = to === undefined ? start : parseCellReference(to);
    if (!start || !end) throw malformed(`工作表“${sheetName}”的合并单元格“${range}”无效`);
    const top = Math.min(start.row, end.row);
    const left = Math.min(start.column, end.column);
    const bottom = Math.min(Math.max(start.row, end.row), lastRow);
    const right = Math.min(Math.max(start.column, end.column), lastColumn);
    if (bottom < top || right < left) continue;
    covered += (bottom - top + 1) * (right - left + 1);
    if (covered > MAX_MERGED_CELLS) throw malformed(`工作表“${sheetName}”的合并单元格过多`);
    const value = rows.get(top)?.[left];
    for (let row = top; row <= bottom; row += 1) {
      let cells = rows.get(row);
      if (!cells) {
        if (value === undefined) continue;
        cells = [];
        rows.set(row, cells);
      }
      for (let column = left; column <= right; column += 1) {
        if (row !== top || column !== left) cells[column] = value;
      }
    }
  }
}

/**
 * Opens a workbook: reads its sheet list, styles and shared strings; sheets are read on demand.
 * `maxInflatedBytes` bounds the inflated size of everything read from the file.
 */
export async function openXlsx(
  bytes: Uint8Array,
  { maxInflatedBytes = MAX_INFLATED_XLSX_BYTES }: { maxInflatedBytes?: number } = {},
): Promise<XlsxWorkbook> {
  const zip = await openXlsxPackage(bytes, maxInflatedBytes);
  const officeDocument = (await zip.relationships('')).find((relationship) =>
    relationship.type.endsWith('/officeDocument'),
  );
  const workbookPart = officeDocument ? resolveTarget('', officeDocument.target) : 'xl/workbook.xml';
  const sheets: { name: string; relationshipId: string }[] = [];
  let isDate1904 = false;
  const hasWorkbook = await zip.scan(workbookPart, {
    open(name, attributes) {
      if (name === 'sheet') sheets.push({ name: attributes.name ?? '', relationshipId: attributes.id ?? '' });
      else if (name === 'workbookPr')
        isDate1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
    },
    close() {},
    text() {},
  });
  if (!hasWorkbook) throw new XlsxReadError(`文件不是 Excel 工作簿（缺少 ${workbookPart}）`, 'not_xlsx');
  const relationships = await zip.relationships(workbookPart);
  const partOfType = (type: string, fallback: string) => {
    const found = relationships.find((relationship) => relationship.type.endsWith(`/${type}`));
    return found ? resolveTarget(workbookPart, found.target) : fallback;
  };

  const isDateStyle: boolean[] = [];
  await zip.scan(partOfType('styles', 'xl/styles.xml'), styleEvents(isDateStyle));
  const sharedStrings: string[] = [];
  await zip.scan(partOfType('sharedStrings', 'xl/sharedStrings.xml'), sharedStringEvents(sharedStrings));

  const worksheets = sheets.flatMap((sheet) => {
    const relationship = relationships.find((candidate) => candidate.id === sheet.relationshipId);
    if (!relationship || !relationship.type.endsWith('/worksheet')) return [];
    return [{ name: sheet.name, part: resolveTarget(workbookPart, relationship.target) }];
  });

  return {
    sheetNames: worksheets.map((sheet) => sheet.name),
    async readSheet(index) {
      const sheet = worksheets[index];
      if (!sheet) throw new RangeError(`no worksheet ${index}`);
      const rows = new Map<number, (XlsxCellValue | undefined)[]>();
      const merges: string[] = [];
      const context = { sheetName: sheet.name, sharedStrings, isDateStyle, isDate1904 };
      if (!(await zip.scan(sheet.part, sheetEvents(context, rows, merges)))) {
        throw malformed(`工作表“${sheet.name}”缺少 ${sheet.part}`);
      }
      applyMerges(sheet.name, rows, merges);
      return { name: sheet.name, rowNumbers: [...rows.keys()].sort((a, b) => a - b), rows };
    },
  };
}
