/**
 * Reads a ledger .xlsx (rectify's own layout or another column order: the header row is found
 * by its names) into validated rows. Pure: bytes in, rows and errors out; every error names the
 * sheet, the row and the column. Aspect group rows ("一、…" alone on a row) set the aspect of
 * the rows below when there is no 问题类别 column; a 序号 such as "2.1" is a sub-item of 2.
 * The cells come from the streaming reader in xlsx-reader.ts, one sheet at a time, so a long
 * ledger does not build a spreadsheet object model.
 */
import type { LedgerState } from '../../storage/schema.ts';
import {
  DEADLINE_TEXT_NOTE,
  HEADER_ALIASES,
  STATE_ALIASES,
  unescapeCell,
  type LedgerColumn,
} from './ledger-xlsx-columns.ts';
import { openXlsx, type XlsxCellValue, type XlsxSheetCells } from './xlsx-reader.ts';

export { XlsxReadError } from './xlsx-reader.ts';

export interface LedgerSheetRow {
  sheet: string;
  row: number;
  aspect: string;
  number: string | null;
  parentNumber: string | null;
  title: string;
  manifestations: string[];
  measures: string[];
  leaders: string[];
  departments: string[];
  people: string[];
  deadlineText: string | null;
  dueOn: string | null;
  state: LedgerState | null;
  isLongTerm: boolean;
}

export interface LedgerSheetError {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

const HEADER_SCAN_ROWS = 10;

function cellText(value: XlsxCellValue | undefined): string {
  if (value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return unescapeCell(String(value)).trim();
}

const normaliseHeader = (text: string) => text.replace(/[\s*＊:：()（）]/g, '');

/** Finds the header row: the first row naming a 问题 column and at least two other known columns. */
function findHeader(sheet: XlsxSheetCells): { row: number; columns: Map<number, LedgerColumn> } | null {
  for (const rowNumber of sheet.rowNumbers) {
    if (rowNumber > HEADER_SCAN_ROWS) break;
    const columns = new Map<number, LedgerColumn>();
    const used = new Set<LedgerColumn>();
    sheet.rows.get(rowNumber)!.forEach((value, columnNumber) => {
      const header = normaliseHeader(cellText(value));
      if (!header) return;
      const exact = HEADER_ALIASES.find(([key, names]) => !used.has(key) && names.includes(header));
      const loose =
        exact ??
        HEADER_ALIASES.find(([key, names]) => !used.has(key) && names.some((name) => header.includes(name)));
      if (loose) {
        columns.set(columnNumber, loose[0]);
        used.add(loose[0]);
      }
    });
    if (used.has('title') && used.size >= 3) return { row: rowNumber, columns };
  }
  return null;
}

const splitLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
const splitNames = (text: string) =>
  text
    .split(/[、，,；;\n]/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
const GROUP_ROW = /^([一二三四五六七八九十]+)[、.．]\s*(.+)$/;

/** Reads every sheet that has a recognisable header row. */
export async function readLedgerXlsx(
  bytes: Uint8Array,
): Promise<{ rows: LedgerSheetRow[]; errors: LedgerSheetError[] }> {
  const workbook = await openXlsx(bytes);
  const rows: LedgerSheetRow[] = [];
  const errors: LedgerSheetError[] = [];
  let headerFound = false;
  for (let index = 0; index < workbook.sheetNames.length; index += 1) {
    const sheet = await workbook.readSheet(index);
    const header = findHeader(sheet);
    if (!header) continue;
    headerFound = true;
    const headerNames = new Map<LedgerColumn, string>();
    const columnOf = new Map<LedgerColumn, number>();
    for (const [columnNumber, key] of header.columns) {
      columnOf.set(key, columnNumber);
      headerNames.set(key, cellText(sheet.rows.get(header.row)![columnNumber]));
    }
    let currentAspect = '';
    for (const rowNumber of sheet.rowNumbers) {
      if (rowNumber <= header.row) continue;
      const row = sheet.rows.get(rowNumber)!;
      const texts = new Map<LedgerColumn, string>();
      for (const [key, columnNumber] of columnOf) texts.set(key, cellText(row[columnNumber]));
      const values: string[] = [];
      row.forEach((value) => {
        const text = cellText(value);
        if (text) values.push(text);
      });
      if (values.length === 0) continue;
      const distinct = [...new Set(values)];
      const group = distinct.length === 1 ? GROUP_ROW.exec(distinct[0]!) : null;
      if (group) {
        currentAspect = group[2]!.trim();
        continue;
      }
      const fail = (key: LedgerColumn, message: string) =>
        errors.push({ sheet: sheet.name, row: rowNumber, column: headerNames.get(key) ?? key, message });
      const title = texts.get('title') ?? '';
      const aspect = texts.get('aspect') || currentAspect;
      if (!title) {
        fail('title', '问题不能为空');
        continue;
      }
      if (!aspect) {
        fail('aspect', '问题类别不能为空（也没有上方的分组行）');
        continue;
      }
      let state: LedgerState | null = null;
      const stateText = texts.get('state') ?? '';
      if (stateText) {
        state = STATE_ALIASES.find(([pattern]) => pattern.test(stateText))?.[1] ?? null;
        if (!state) {
          fail('state', `无法识别的完成情况“${stateText}”（可用：已销号、待审核、整改中、未启动）`);
          continue;
        }
      }
      const deadlineCell = columnOf.has('deadline') ? row[columnOf.get('deadline')!] : undefined;
      let dueOn: string | null = null;
      let deadlineText: string | null = null;
      if (deadlineCell instanceof Date) {
        if (Number.isNaN(deadlineCell.getTime())) {
          fail('deadline', '日期无效');
          continue;
        }
        dueOn = deadlineCell.toISOString().slice(0, 10);
        const notes = texts.get('notes') ?? '';
        const at = notes.indexOf(DEADLINE_TEXT_NOTE);
        if (at >= 0) deadlineText = notes.slice(at + DEADLINE_TEXT_NOTE.length).trim() || null;
      } else if (typeof deadlineCell === 'number') {
        fail('deadline', `整改时限“${deadlineCell}”不是日期或时限文字`);
        continue;
      } else {
        deadlineText = texts.get('deadline') || null;
      }
      const rawNumber = texts.get('number') || null;
      const dotted = rawNumber ? /^(.+?)[.．](\d+)$/.exec(rawNumber) : null;
      rows.push({
        sheet: sheet.name,
        row: rowNumber,
        aspect,
        number: dotted ? dotted[2]! : rawNumber,
        parentNumber: dotted ? dotted[1]! : null,
        title,
        manifestations: splitLines(texts.get('manifestations') ?? ''),
        measures: splitLines(texts.get('measures') ?? ''),
        leaders: splitNames(texts.get('leaders') ?? ''),
        departments: splitNames(texts.get('departments') ?? ''),
        people: splitNames(texts.get('people') ?? ''),
        deadlineText,
        dueOn,
        state,
        isLongTerm: /长期坚持/.test((texts.get('notes') ?? '').split(DEADLINE_TEXT_NOTE)[0]!),
      });
    }
  }
  if (!headerFound) {
    errors.push({
      sheet: workbook.sheetNames[0] ?? '',
      row: 1,
      column: '',
      message: '未找到表头（需要“问题”列以及序号、问题类别、整改措施等至少两列）',
    });
  }
  return { rows, errors };
}
