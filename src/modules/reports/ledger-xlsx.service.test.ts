/**
 * The ledger spreadsheet: export → import into a fresh inspection reproduces the ledger; a
 * formula-looking cell is escaped; errors name sheet, row and column and write nothing;
 * re-importing updates instead of duplicating; an unreadable file is refused saying why.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../test/support/databases.ts';
import { backends } from '../../../test/support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { buildInspection } from '../../../test/support/fixtures.ts';
import { createFixedClock } from '../common/clock.ts';
import { defaultDeadlinePolicy } from '../deadlines/deadline.rules.ts';
import { getOfficialCalendar } from '../deadlines/official-calendar.ts';
import { allProblems, type ReportModel } from './report-model.ts';
import { createLedgerXlsxService } from './ledger-xlsx.service.ts';
import { createReportService } from './report.service.ts';
import { buildXlsx } from './xlsx-test-package.test-support.ts';

const project = (model: ReportModel) =>
  model.aspects.map((aspect) => ({
    aspect: aspect.title,
    problems: allProblems([aspect]).map((problem) => ({
      number: problem.number,
      title: problem.title,
      manifestations: problem.manifestations,
      measures: problem.measures.map((measure) => measure.text),
      leaders: problem.leaders,
      departments: problem.departments,
      people: problem.people,
      dueOn: problem.dueOn,
      state: problem.state,
      isLongTerm: problem.isLongTerm,
      children: problem.children.length,
    })),
  }));

describe.each(backends)('ledger .xlsx on %s', (backend) => {
  let database: TestDatabase;
  let source: { id: number; office_id: number; feedback_on: string | null };
  const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);
  const scope = () => ({ officeId: source.office_id, unitIds: 'all' as const });
  const service = () =>
    createLedgerXlsxService({
      db: database.db,
      clock,
      calendar: getOfficialCalendar(),
      deadlinePolicy: defaultDeadlinePolicy,
    });
  const freshInspection = (unitName: string) =>
    buildInspection(database.db, clock, {
      officeId: source.office_id,
      unitName,
      feedbackOn: source.feedback_on,
    });

  /** What a refused import must not have written. */
  const problemsOf = (inspectionId: number) =>
    database.db.selectFrom('problems').select('id').where('inspection_id', '=', inspectionId).execute();

  beforeAll(async () => {
    ({ database } = await createDemoDatabase(backend, { units: 1, problemsPerUnit: 10 }));
    source = await database.db
      .selectFrom('inspections')
      .select(['id', 'office_id', 'feedback_on'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
  }, 60_000);
  afterAll(async () => {
    await database.dispose();
  });

  it('export → import reproduces the ledger, and a re-import updates instead of duplicating', async () => {
    const exported = await service().exportLedger(scope(), source.id);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toContain('佐证材料');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getCell('A2').isMerged).toBe(true);

    const target = await freshInspection('复制单位');
    const result = await service().importLedger({
      scope: scope(),
      inspectionId: target,
      bytes: exported.bytes,
      actorUserId: null,
    });
    const reports = createReportService({ db: database.db, clock });
    const before = project(await reports.getReportModel(scope(), source.id));
    expect(project(await reports.getReportModel(scope(), target))).toEqual(before);
    expect(result.created).toBe(before.reduce((sum, aspect) => sum + aspect.problems.length, 0));

    const again = await service().importLedger({
      scope: scope(),
      inspectionId: target,
      bytes: exported.bytes,
      actorUserId: null,
    });
    expect(again).toMatchObject({ created: 0, updated: result.created });
    expect(project(await reports.getReportModel(scope(), target))).toEqual(before);
  });

  it('escapes formula-looking cells and names sheet, row and column of errors, writing nothing', async () => {
    const target = await freshInspection('公式单位');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['完成情况', '问题', '方面', '整改措施']);
    sheet.addRow(['整改中', '=HYPERLINK("http://x","点我")', '作风方面', '@SUM(A1)']);
    sheet.addRow(['半完成', '第二个问题', '作风方面', '措施']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    await expect(
      service().importLedger({ scope: scope(), inspectionId: target, bytes, actorUserId: null }),
    ).rejects.toMatchObject({
      code: 'invalid_document',
      userMessage: expect.stringContaining('工作表“台账”第3行“完成情况”列'),
    });
    expect(await problemsOf(target)).toHaveLength(0);

    const partial = await service().importLedger({
      scope: scope(),
      inspectionId: target,
      bytes,
      validRowsOnly: true,
      actorUserId: null,
    });
    expect(partial).toMatchObject({ created: 1, skippedRows: 1 });
    const exported = await service().exportLedger(scope(), target);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(exported.bytes as unknown as ArrayBuffer);
    const values = back.worksheets[0]!.getRow(3).values as unknown[];
    expect(values).toContain('\'=HYPERLINK("http://x","点我")');
    expect(values).toContain("'@SUM(A1)");
    expect(values.some((value) => typeof value === 'object' && value !== null && 'formula' in value)).toBe(
      false,
    );
  });

  it('refuses a file it cannot read, saying which part is malformed, and writes nothing', async () => {
    const target = await freshInspection('损坏单位');
    const bytes = await buildXlsx({ sheets: [{ name: '台账', xml: '<row r="1"><c r="A1"><v>1</c></row>' }] });
    await expect(
      service().importLedger({ scope: scope(), inspectionId: target, bytes, actorUserId: null }),
    ).rejects.toMatchObject({
      code: 'invalid_document',
      userMessage: expect.stringMatching(
        /^无法读取该 Excel 文件（需要 \.xlsx 格式）：xl\/worksheets\/sheet1\.xml 的 XML 格式错误（约第 \d+ 个字符处）：<\/c> 与 <v> 不匹配$/,
      ),
    });
    expect(await problemsOf(target)).toHaveLength(0);
  });
});
