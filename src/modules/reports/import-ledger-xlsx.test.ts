/**
 * Reading a ledger sheet as units keep it: the header found among other sheets and title rows,
 * merged aspect cells and merged group rows, dates in 整改时限, and errors that name the sheet,
 * the row and the column.
 */
import { describe, expect, it } from 'vitest';
import { readLedgerXlsx, XlsxReadError } from './import-ledger-xlsx.ts';
import { buildXlsx, escapeXml, sheetXml, stylesXml } from './xlsx-test-package.test-support.ts';

/**
 * A row from column A on: strings inline, numbers as numbers, `{ day }` a serial number in the
 * date style (cell format 1); null leaves a cell out.
 */
const row = (r: number, values: (string | number | { day: number } | null)[]) =>
  `<row r="${r}">${values
    .map((value, index) => {
      const reference = `${String.fromCharCode(65 + index)}${r}`;
      if (value === null) return '';
      if (typeof value === 'number') return `<c r="${reference}"><v>${value}</v></c>`;
      if (typeof value === 'object') return `<c r="${reference}" s="1"><v>${value.day}</v></c>`;
      return `<c r="${reference}" t="inlineStr"><is><t>${escapeXml(value)}</t></is></c>`;
    })
    .join('')}</row>`;

describe('readLedgerXlsx', () => {
  it('reads a unit’s sheet: title rows, merged aspect column, merged group rows, date deadlines', async () => {
    const ledger = sheetXml(
      row(1, ['某单位巡察整改台账']) +
        row(2, ['序号', '问题类别', '存在问题', '整改措施', '整改时限', '完成情况']) +
        row(3, [1, '作风方面', '会议多', '精简会议\n合并同类会议', { day: 46203 }, '已完成']) +
        row(4, [2, null, '文件多', '控制发文', '年底前', '整改中']) +
        row(5, [2.1, null, '简报多', '停办简报', null, null]) +
        row(6, ['二、制度方面']) +
        row(7, ['1', '', '制度不全', '修订制度', '长期坚持', '持续整改']),
      '<mergeCells count="3"><mergeCell ref="A1:F1"/><mergeCell ref="B3:B5"/><mergeCell ref="A6:F6"/></mergeCells>',
    );
    const bytes = await buildXlsx({
      sheets: [
        { name: '填表说明', xml: row(1, ['请按下表填写']) },
        { name: '台账', xml: ledger },
      ],
      styles: stylesXml({ 176: 'yyyy"年"m"月"d"日"' }, [0, 176]),
    });
    const read = await readLedgerXlsx(bytes);
    expect(read.errors).toEqual([]);
    expect(
      read.rows.map(
        ({ sheet, row: r, aspect, number, parentNumber, title, measures, dueOn, deadlineText, state }) => ({
          sheet,
          row: r,
          aspect,
          number,
          parentNumber,
          title,
          measures,
          dueOn,
          deadlineText,
          state,
        }),
      ),
    ).toEqual([
      {
        sheet: '台账',
        row: 3,
        aspect: '作风方面',
        number: '1',
        parentNumber: null,
        title: '会议多',
        measures: ['精简会议', '合并同类会议'],
        dueOn: '2026-06-30',
        deadlineText: null,
        state: 'closed',
      },
      {
        sheet: '台账',
        row: 4,
        aspect: '作风方面',
        number: '2',
        parentNumber: null,
        title: '文件多',
        measures: ['控制发文'],
        dueOn: null,
        deadlineText: '年底前',
        state: 'in_progress',
      },
      {
        sheet: '台账',
        row: 5,
        aspect: '作风方面',
        number: '1',
        parentNumber: '2',
        title: '简报多',
        measures: ['停办简报'],
        dueOn: null,
        deadlineText: null,
        state: null,
      },
      {
        sheet: '台账',
        row: 7,
        aspect: '制度方面',
        number: '1',
        parentNumber: null,
        title: '制度不全',
        measures: ['修订制度'],
        dueOn: null,
        deadlineText: '长期坚持',
        state: 'in_progress',
      },
    ]);
  });

  it('names the sheet, row and column of each invalid row', async () => {
    const bytes = await buildXlsx({
      sheets: [
        {
          name: '台账',
          xml: sheetXml(
            row(1, ['问题', '问题类别', '完成情况', '整改时限']) +
              row(2, ['会议多', '作风方面', '半完成', null]) +
              row(3, [null, '作风方面', '整改中', null]) +
              row(4, ['文件多', '作风方面', '整改中', 12]) +
              row(5, ['简报多', null, null, null]),
          ),
        },
      ],
    });
    const read = await readLedgerXlsx(bytes);
    expect(read.rows).toEqual([]);
    expect(read.errors).toEqual([
      {
        sheet: '台账',
        row: 2,
        column: '完成情况',
        message: '无法识别的完成情况“半完成”（可用：已销号、待审核、整改中、未启动）',
      },
      { sheet: '台账', row: 3, column: '问题', message: '问题不能为空' },
      { sheet: '台账', row: 4, column: '整改时限', message: '整改时限“12”不是日期或时限文字' },
      { sheet: '台账', row: 5, column: '问题类别', message: '问题类别不能为空（也没有上方的分组行）' },
    ]);
  });

  it('says when no sheet has a header, and refuses a malformed sheet with the reader’s reason', async () => {
    const noHeader = await buildXlsx({ sheets: [{ name: '表一', xml: row(1, ['甲', '乙']) }] });
    expect((await readLedgerXlsx(noHeader)).errors).toEqual([
      {
        sheet: '表一',
        row: 1,
        column: '',
        message: '未找到表头（需要“问题”列以及序号、问题类别、整改措施等至少两列）',
      },
    ]);
    const malformed = await buildXlsx({ sheets: [{ name: '表一', xml: '<row r="1"><c r="A1"></row>' }] });
    await expect(readLedgerXlsx(malformed)).rejects.toThrow(XlsxReadError);
    await expect(readLedgerXlsx(malformed)).rejects.toThrow('</row> 与 <c> 不匹配');
  });
});
