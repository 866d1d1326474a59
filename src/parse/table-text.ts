/**
 * Tables (from .docx and .html) as text lines the structural parser understands. A ledger table
 * whose header names the columns (问题, 整改措施, 责任领导, 责任部门, 整改时限…) becomes one
 * numbered item per row with labelled fields; any other table is read row by row.
 */
import { foldKey } from './text/normalise-text.ts';

type ColumnRole =
  | 'number'
  | 'aspect'
  | 'problem'
  | 'manifestations'
  | 'measures'
  | 'goal'
  | 'leaders'
  | 'departments'
  | 'person'
  | 'deadline'
  | 'status'
  | 'other';

/** Header words → role; checked in order, the first that occurs in the header cell wins. */
const HEADER_ROLES: Array<[RegExp, ColumnRole]> = [
  [/^(?:序号|编号|序|号)$/, 'number'],
  [/具体表现|问题表现|表现形式/, 'manifestations'],
  [/成效目标|整改目标|预期目标/, 'goal'],
  [/责任领导|牵头领导|分管领导|包抓领导/, 'leaders'],
  [/责任部门|责任单位|牵头单位|牵头部门|责任部室|责任股室|责任科室|责任处室|配合/, 'departments'],
  [/责任人/, 'person'],
  [/时限|期限|完成时间/, 'deadline'],
  [/状态|进度|是否完成|完成情况/, 'status'],
  [/措施|整改情况|落实情况|进展情况|整改举措/, 'measures'],
  [/方面|类别|类型|领域|板块/, 'aspect'],
  [/问题/, 'problem'],
];

const FIELD_LABELS: Partial<Record<ColumnRole, string>> = {
  manifestations: '具体表现',
  measures: '整改措施',
  goal: '成效目标',
  leaders: '责任领导',
  departments: '责任部门',
  person: '责任人',
  deadline: '整改时限',
  status: '整改状态',
};

/** Appends without spreading (a spread of a huge cell's lines would overflow the call stack). */
function appendAll(target: string[], items: string[]): void {
  for (const item of items) target.push(item);
}

const CHINESE_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function chineseNumber(value: number): string {
  if (value <= 10) return CHINESE_NUMBERS[value - 1]!;
  if (value < 20) return `十${CHINESE_NUMBERS[value - 11] ?? ''}`;
  const tens = Math.floor(value / 10);
  const ones = value % 10;
  return `${CHINESE_NUMBERS[tens - 1] ?? ''}十${ones === 0 ? '' : CHINESE_NUMBERS[ones - 1]}`;
}

function roleOf(header: string): ColumnRole {
  const key = foldKey(header).replace(/\s/g, '');
  // Header cells are short; a long cell is content (a layout table holding a whole article).
  if (key === '' || key.length > 12) return 'other';
  for (const [pattern, role] of HEADER_ROLES) if (pattern.test(key)) return role;
  return 'other';
}

/** Column roles when the row is a ledger header (a problem column and at least one field). */
function readHeader(row: string[]): ColumnRole[] | null {
  const roles = row.map(roleOf);
  const hasProblem = roles.includes('problem');
  const fields = roles.filter(
    (role) => role !== 'other' && role !== 'number' && role !== 'problem' && role !== 'aspect',
  );
  return hasProblem && fields.length >= 1 ? roles : null;
}

const STARTS_WITH_MARKER =
  /^(?:[(（]?[0-9一二三四五六七八九十]{1,3}[)）]?[、.．,，]?|问题\s?[0-9*一二三四五六七八九十]+)/;

function ledgerLines(rows: string[][], roles: ColumnRole[]): string[] {
  const lines: string[] = [];
  let aspectCount = 0;
  let lastAspect = '';
  let problemCount = 0;
  for (const row of rows) {
    const cells = roles.map((_, index) => (row[index] ?? '').trim());
    const filled = cells.filter((cell) => cell !== '');
    if (filled.length === 0) continue;
    const problemCell = cells[roles.indexOf('problem')] ?? '';
    const filledIndex = cells.findIndex((cell) => cell !== '');
    if (filled.length === 1 && problemCell === '' && !FIELD_LABELS[roles[filledIndex] ?? 'other']) {
      // A row with one (merged) cell is a section heading inside the table.
      appendAll(lines, filled[0]!.split('\n'));
      continue;
    }
    const aspect = cells[roles.indexOf('aspect')] ?? '';
    if (roles.includes('aspect') && aspect !== '' && aspect !== lastAspect) {
      aspectCount++;
      lastAspect = aspect;
      lines.push(STARTS_WITH_MARKER.test(aspect) ? aspect : `（${chineseNumber(aspectCount)}）${aspect}`);
    }
    const problem = problemCell;
    if (problem === '') {
      // A vertically merged problem cell: this row adds fields to the problem above.
      if (problemCount > 0) appendAll(lines, fieldLines(roles, cells));
      continue;
    }
    problemCount++;
    const written = cells[roles.indexOf('number')] ?? '';
    const number = /^\d{1,3}$/.test(written) ? written : String(problemCount);
    const [first = '', ...rest] = problem.split('\n');
    lines.push(STARTS_WITH_MARKER.test(first) ? first : `${number}、${first}`);
    appendAll(lines, rest);
    appendAll(lines, fieldLines(roles, cells));
  }
  return lines;
}

function fieldLines(roles: ColumnRole[], cells: string[]): string[] {
  const lines: string[] = [];
  roles.forEach((role, index) => {
    const label = FIELD_LABELS[role];
    const value = cells[index] ?? '';
    if (!label || value === '') return;
    const [head = '', ...tail] = value.split('\n');
    lines.push(`${label}：${head}`);
    appendAll(lines, tail);
  });
  return lines;
}

/** Text lines for a table given as rows of cell texts (cells may hold several lines). */
export function tableToLines(rows: string[][]): string[] {
  const headerIndex = rows.slice(0, 3).findIndex((row) => readHeader(row) !== null);
  if (headerIndex !== -1) return ledgerLines(rows.slice(headerIndex + 1), readHeader(rows[headerIndex]!)!);
  const lines: string[] = [];
  for (const row of rows) {
    const cells = row.map((cell) => cell.trim()).filter((cell) => cell !== '');
    if (cells.length === 0) continue;
    const short = cells.every((cell) => cell.length <= 30 && !cell.includes('\n'));
    if (short) lines.push(cells.join('  '));
    else for (const cell of cells) appendAll(lines, cell.split('\n'));
  }
  return lines;
}
