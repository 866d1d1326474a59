/**
 * The ledger as .xlsx in the columns units keep (序号 … 备注): one merged group row per aspect,
 * a frozen header with filters, column widths, deadlines as real dates, and every text that a
 * spreadsheet would take for a formula (= + - @) escaped with a leading apostrophe.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  DEADLINE_TEXT_NOTE,
  escapeCell,
  LEDGER_COLUMNS,
  STATE_WORDS,
  type LedgerColumn,
} from './ledger-xlsx-columns.ts';
import { chineseNumeral } from './official-document-layout.ts';
import type { ReportModel, ReportProblem } from './report-model.ts';

export const LEDGER_SHEET_NAME = '整改台账';

type RowValues = Partial<Record<LedgerColumn, string | Date>>;

function dateCell(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

function problemRow(
  problem: ReportProblem,
  aspectTitle: string,
  number: string,
  evidence: readonly string[],
): RowValues {
  // A known due day is written as a real date; the deadline's wording then goes to 备注.
  const isDateDeadline = problem.dueOn != null;
  const notes = [
    problem.isLongTerm ? '长期坚持' : null,
    problem.isOverdue ? '逾期' : null,
    isDateDeadline && problem.deadlineText ? `${DEADLINE_TEXT_NOTE}${problem.deadlineText}` : null,
  ].filter(Boolean);
  return {
    number,
    aspect: aspectTitle,
    title: problem.title,
    manifestations: problem.manifestations.join('\n'),
    measures: problem.measures.map((measure) => measure.text).join('\n'),
    leaders: problem.leaders.join('、'),
    departments: problem.departments.join('、'),
    people: problem.people.join('、'),
    deadline: isDateDeadline ? dateCell(problem.dueOn!) : (problem.deadlineText ?? ''),
    state: STATE_WORDS[problem.state],
    evidence: evidence.join('\n'),
    notes: notes.join('、'),
  };
}

/** Writes the ledger workbook; `evidence` maps problem ids to evidence file names. */
export async function exportLedgerXlsx(
  model: ReportModel,
  evidence: ReadonlyMap<number, readonly string[]> = new Map(),
): Promise<Buffer> {
  // Streamed: each row is committed (written to the zip) as soon as it is complete, so memory
  // stays flat however long the ledger is.
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'rectify';
  workbook.created = new Date(`${model.asOf}T00:00:00.000Z`);
  const sheet = workbook.addWorksheet(LEDGER_SHEET_NAME, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = LEDGER_COLUMNS.map((column) => ({ key: column.key, width: column.width }));
  const header = sheet.addRow(LEDGER_COLUMNS.map((column) => column.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_COLUMNS.length } };
  const deadlineColumn = LEDGER_COLUMNS.findIndex((column) => column.key === 'deadline') + 1;
  sheet.getColumn(deadlineColumn).numFmt = 'yyyy-mm-dd';
  header.commit();

  const addValues = (values: RowValues) => {
    const row = sheet.addRow(
      LEDGER_COLUMNS.map((column) => {
        const value = values[column.key];
        return typeof value === 'string' ? escapeCell(value) : (value ?? '');
      }),
    );
    row.alignment = { vertical: 'top', wrapText: true };
    row.commit();
  };

  model.aspects.forEach((aspect, aspectIndex) => {
    const group = sheet.addRow([`${chineseNumeral(aspectIndex + 1)}、${escapeCell(aspect.title)}`]);
    sheet.mergeCells(group.number, 1, group.number, LEDGER_COLUMNS.length);
    group.font = { bold: true };
    group.commit();
    aspect.problems.forEach((problem, index) => {
      const number = problem.number ?? String(index + 1);
      addValues(problemRow(problem, aspect.title, number, evidence.get(problem.id) ?? []));
      problem.children.forEach((child, childIndex) => {
        const childNumber = `${number}.${child.number ?? childIndex + 1}`;
        addValues(problemRow(child, aspect.title, childNumber, evidence.get(child.id) ?? []));
      });
    });
  });
  sheet.commit();
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}
