/**
 * Opens every generated .docx again and checks the GB/T 9704 layout (page size, margins,
 * fonts per style with their eastAsia names, the page-number footers) and that the printed
 * totals equal what the database counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { TestDatabase } from '../../../test/support/databases.ts';
import { backends } from '../../../test/support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { createFixedClock } from '../common/clock.ts';
import { findUnitFigures } from '../analytics/unit-figures.repository.ts';
import {
  findAll,
  findOne,
  openDocx,
  styleById,
  textOf,
  type XmlElement,
} from './docx-reader.test-support.ts';
import { CONTACT_PLACEHOLDER } from './export-notice-docx.ts';
import { FONTS, PAGE_TWIPS, STYLE_IDS } from './official-document-layout.ts';
import { saveOfficeContact } from './report-model.repository.ts';
import { createQualityService } from '../quality/quality.service.ts';
import { createReportService, DOCUMENT_KINDS } from './report.service.ts';

const fontsOfStyle = (styles: XmlElement, id: string) =>
  findOne(styleById(styles, id), 'w:rFonts').attributes;
const sizeOfStyle = (styles: XmlElement, id: string) =>
  Number(findOne(styleById(styles, id), 'w:sz').attributes['w:val']);

describe.each(backends)('generated documents on %s', (backend) => {
  let database: TestDatabase;
  let inspectionId: number;
  let officeId: number;
  let unitId: number;
  const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);

  beforeAll(async () => {
    ({ database } = await createDemoDatabase(backend, { units: 2, problemsPerUnit: 12 }));
    const inspection = await database.db
      .selectFrom('inspections')
      .select(['id', 'office_id', 'unit_id'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    inspectionId = inspection.id;
    officeId = inspection.office_id;
    unitId = inspection.unit_id;
  }, 60_000);
  afterAll(async () => {
    await database.dispose();
  });

  it.each(DOCUMENT_KINDS)(
    '%s: A4, GB/T 9704 margins, fonts per style, page numbers outside',
    async (kind) => {
      const service = createReportService({ db: database.db, clock });
      const generated = await service.generateDocument({ officeId, unitIds: 'all' }, inspectionId, kind);
      const docx = await openDocx(generated.bytes);

      const section = findOne(docx.document, 'w:sectPr');
      expect(findOne(section, 'w:pgSz').attributes).toMatchObject({
        'w:w': String(PAGE_TWIPS.width),
        'w:h': String(PAGE_TWIPS.height),
      });
      expect(PAGE_TWIPS).toMatchObject({
        width: 11906,
        height: 16838,
        top: 2098,
        bottom: 1984,
        left: 1587,
        right: 1474,
      });
      expect(findOne(section, 'w:pgMar').attributes).toMatchObject({
        'w:top': '2098',
        'w:bottom': '1984',
        'w:left': '1587',
        'w:right': '1474',
      });
      expect(findOne(section, 'w:docGrid').attributes['w:linePitch']).toBe('560');

      expect(fontsOfStyle(docx.styles, STYLE_IDS.title)['w:eastAsia']).toBe('方正小标宋简体');
      expect(sizeOfStyle(docx.styles, STYLE_IDS.title)).toBe(44);
      expect(fontsOfStyle(docx.styles, STYLE_IDS.body)).toMatchObject({
        'w:eastAsia': '仿宋_GB2312',
        'w:ascii': '仿宋_GB2312',
      });
      expect(sizeOfStyle(docx.styles, STYLE_IDS.body)).toBe(32);
      expect(findOne(styleById(docx.styles, STYLE_IDS.body), 'w:spacing').attributes).toMatchObject({
        'w:line': '560',
        'w:lineRule': 'exact',
      });
      expect(fontsOfStyle(docx.styles, STYLE_IDS.heading1)['w:eastAsia']).toBe('黑体');
      expect(fontsOfStyle(docx.styles, STYLE_IDS.heading2)['w:eastAsia']).toBe('楷体_GB2312');
      expect(fontsOfStyle(docx.styles, STYLE_IDS.pageNumber)['w:eastAsia']).toBe('宋体');
      expect(sizeOfStyle(docx.styles, STYLE_IDS.pageNumber)).toBe(28);

      // The fallbacks are in the font table, where Word and WPS look for substitutes.
      const fontTable = await docx.part('word/fontTable.xml');
      const altNames = Object.fromEntries(
        findAll(fontTable, 'w:font').map((font) => [
          font.attributes['w:name'],
          font.children.find((child) => child.name === 'w:altName')?.attributes['w:val'],
        ]),
      );
      expect(altNames[FONTS.body.name]).toBe('仿宋,FangSong');
      expect(altNames[FONTS.title.name]).toBe('华文中宋,宋体');

      // Headings carry their styles: 一、 in 黑体, （一） in 楷体.
      const styledParagraphs = findAll(docx.document, 'w:p').map((paragraph) => ({
        style: paragraph.children
          .find((child) => child.name === 'w:pPr')
          ?.children.find((child) => child.name === 'w:pStyle')?.attributes['w:val'],
        text: textOf(paragraph),
      }));
      expect(styledParagraphs[0]!.style).toBe(STYLE_IDS.title);
      for (const paragraph of styledParagraphs) {
        if (/^[一二三四五六七八九十]+、/.test(paragraph.text))
          expect(paragraph.style).toBe(STYLE_IDS.heading1);
        if (/^（[一二三四五六七八九十]+）/.test(paragraph.text))
          expect(paragraph.style).toBe(STYLE_IDS.heading2);
      }

      // Odd pages: number at the right; even pages: at the left; both "— PAGE —".
      const settings = await docx.part('word/settings.xml');
      expect(findAll(settings, 'w:evenAndOddHeaders')).toHaveLength(1);
      const references = findAll(section, 'w:footerReference').map((reference) => reference.attributes);
      expect(references.map((reference) => reference['w:type']).sort()).toEqual(['default', 'even']);
      const relations = await docx.part('word/_rels/document.xml.rels');
      for (const reference of references) {
        const target = findAll(relations, 'Relationship').find(
          (relation) => relation.attributes.Id === reference['r:id'],
        )!.attributes.Target!;
        const footer = await docx.part(`word/${target}`);
        expect(findOne(footer, 'w:jc').attributes['w:val']).toBe(
          reference['w:type'] === 'even' ? 'left' : 'right',
        );
        expect(findAll(footer, 'w:instrText').map((node) => node.text.trim())).toContain('PAGE');
        expect(textOf(footer).replace(/\s+/g, ' ').trim()).toMatch(/^— .*—$/);
      }
    },
  );

  it('prints the totals the database counts, and a placeholder instead of contact details not recorded', async () => {
    const service = createReportService({ db: database.db, clock });
    const generated = await service.generateDocument({ officeId, unitIds: 'all' }, inspectionId, 'notice');
    const docx = await openDocx(generated.bytes);
    const leaves = await database.db
      .selectFrom('problems')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('inspection_id', '=', inspectionId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('problems as child')
              .select(sql`1`.as('one'))
              .whereRef('child.parent_id', '=', 'problems.id'),
          ),
        ),
      )
      .groupBy('state')
      .execute();
    const count = (state: string) => Number(leaves.find((row) => row.state === state)?.n ?? 0);
    const total = leaves.reduce((sum, row) => sum + Number(row.n), 0);
    const sentence = docx.paragraphs.find((paragraph) => paragraph.startsWith('截至'))!;
    expect(sentence).toContain(`巡察反馈的${total}个问题，已完成整改${count('closed')}个`);
    const open = count('in_progress') + count('draft');
    if (open > 0) expect(sentence).toContain(`正在整改${open}个`);

    const [figures] = await findUnitFigures(
      database.db,
      { officeId, unitIds: [unitId] },
      { today: DEMO_TODAY },
    );
    expect(generated.model.totals).toMatchObject({
      measures: figures!.measures,
      institutionsNew: figures!.institutionsNew,
      institutionsRevised: figures!.institutionsRevised,
      fundsRecoveredYuan: figures!.fundsRecoveredYuan,
      meetings: figures!.meetings,
      peopleAccountable: figures!.peopleAccountable,
    });
    expect(docx.paragraphs.some((paragraph) => paragraph.includes(CONTACT_PLACEHOLDER))).toBe(true);

    await saveOfficeContact(database.db, officeId, unitId, {
      phones: ['0746-7726211'],
      emails: ['zgb@example.cn'],
      address: '某县人民路1号',
      postcode: '425000',
    });
    const withContact = await openDocx(
      (await service.generateDocument({ officeId, unitIds: 'all' }, inspectionId, 'notice')).bytes,
    );
    const contact = withContact.paragraphs.find((paragraph) => paragraph.startsWith('欢迎广大干部群众'))!;
    expect(contact).toContain(
      '联系电话：0746-7726211；电子邮箱：zgb@example.cn；通信地址：某县人民路1号；邮政编码：425000。',
    );
  });

  it('gives the unit’s quality grade, score and every indicator with its reason in the report', async () => {
    const scope = { officeId, unitIds: 'all' as const };
    const service = createReportService({ db: database.db, clock });
    const report = await service.generateDocument(scope, inspectionId, 'report');
    const grade = await createQualityService({ db: database.db, clock }).gradeInspection(scope, inspectionId);
    expect(grade?.grade).toMatch(/^(好|较好|一般|差)$/);
    const docx = await openDocx(report.bytes);
    const headings = docx.paragraphs.filter((paragraph) => /^[一二三四五六七八九]、/.test(paragraph));
    expect(headings).toEqual([
      '一、整改工作总体情况',
      '二、整改统计',
      '三、整改质量评价',
      '四、问题整改情况',
      '五、下一步工作',
    ]);
    expect(docx.paragraphs).toContain(
      `截至2026年11月20日，按巡察机构确定的评价指标和权重，本单位整改质量评价等次为“${grade!.grade}”，得分${grade!.score}分。各项指标如下：`,
    );
    const table = findAll(docx.document, 'w:tbl')
      .map((element) =>
        findAll(element, 'w:tr').map((row) => findAll(row, 'w:tc').map((cell) => textOf(cell))),
      )
      .find((rows) => rows[0]?.[0] === '评价指标')!;
    expect(table[0]).toEqual(['评价指标', '权重', '得分', '评价依据']);
    expect(table.slice(1)).toEqual(
      grade!.indicators.map((indicator) => [
        indicator.label,
        String(indicator.weight),
        indicator.points === null ? '不计分' : String(indicator.points),
        indicator.basis,
      ]),
    );
    expect(table.slice(1).map((row) => row[0])).toEqual([
      '按时完成',
      '佐证完整',
      '措施具体',
      '材料原创',
      '未反弹',
      '未逾期',
      '群众评价',
    ]);
    expect(report.model.quality).toMatchObject({ grade: grade!.grade, score: grade!.score });

    // The other documents carry no grade.
    const plan = await openDocx((await service.generateDocument(scope, inspectionId, 'plan')).bytes);
    expect(plan.paragraphs.some((paragraph) => paragraph.includes('整改质量评价'))).toBe(false);
  });

  it('writes the statistics table of the report and addresses overdue items to their leaders', async () => {
    const service = createReportService({ db: database.db, clock });
    const report = await service.generateDocument({ officeId, unitIds: 'all' }, inspectionId, 'report');
    const docx = await openDocx(report.bytes);
    const rows = findAll(findOne(docx.document, 'w:tbl'), 'w:tr').map((row) =>
      findAll(row, 'w:tc').map((cell) => textOf(cell)),
    );
    expect(rows[0]).toEqual(['指标', '数值']);
    expect(rows).toContainEqual(['已销号（个）', String(report.model.totals.closed)]);
    expect(rows).toContainEqual(['召开会议（次）', String(report.model.totals.meetings)]);

    const supervision = await service.generateDocument(
      { officeId, unitIds: 'all' },
      inspectionId,
      'supervision',
    );
    const notice = await openDocx(supervision.bytes);
    const overdue = supervision.model.totals.overdue;
    const tableRows = findAll(notice.document, 'w:tbl').flatMap((table) => findAll(table, 'w:tr').slice(1));
    if (overdue > 0) {
      expect(notice.paragraphs.some((paragraph) => /同志：$|整改办：$/.test(paragraph))).toBe(true);
      expect(tableRows.length).toBeGreaterThanOrEqual(overdue);
    } else {
      expect(notice.paragraphs.some((paragraph) => paragraph.includes('没有超过整改时限'))).toBe(true);
    }
  });

  it('answers not found for an inspection outside the scope', async () => {
    const service = createReportService({ db: database.db, clock });
    await expect(
      service.generateDocument({ officeId, unitIds: [unitId + 999] }, inspectionId, 'notice'),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      service.generateDocument({ officeId, unitIds: 'all' }, inspectionId, 'notice', '2024-02-30'),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
