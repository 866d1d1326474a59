/**
 * The streaming .xlsx reader: characters split between inflated pieces stay whole; shared,
 * inline and rich strings, entities, xml:space, dates and merged ranges read as a spreadsheet
 * shows them; a workbook written by exceljs reads back cell for cell; malformed and oversized
 * files are refused with a reason.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { createPartDecoder } from './xlsx-package.ts';
import { isDateFormatCode, openXlsx, XlsxReadError, type XlsxCellValue } from './xlsx-reader.ts';
import {
  buildXlsx,
  escapeXml,
  sharedStringsXml,
  sheetXml,
  stylesXml,
  understateInflatedSize,
} from './xlsx-test-package.test-support.ts';

const readOnlySheet = async (bytes: Uint8Array, index = 0) => (await openXlsx(bytes)).readSheet(index);
const cellsOf = (rows: Map<number, (XlsxCellValue | undefined)[]>) =>
  Object.fromEntries([...rows].map(([row, cells]) => [row, [...cells]]));

/** The error openXlsx or readSheet rejects with. */
async function readError(bytes: Uint8Array, options?: { maxInflatedBytes?: number }): Promise<XlsxReadError> {
  try {
    const workbook = await openXlsx(bytes, options);
    for (let index = 0; index < workbook.sheetNames.length; index += 1) await workbook.readSheet(index);
  } catch (error) {
    if (error instanceof XlsxReadError) return error;
    throw error;
  }
  throw new Error('the file was read without an error');
}

describe('xlsx part decoding', () => {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<root name="问题&amp;“措施”">整改台账：𠮷问题清单&lt;一&gt;&#x4E2D;&#25991;<![CDATA[<原样>]]></root>';
  const expected = { attribute: '问题&“措施”', text: '整改台账：𠮷问题清单<一>中文<原样>' };
  const decodeIn = (pieces: Uint8Array[]) => {
    let attribute = '';
    let text = '';
    const part = createPartDecoder('test.xml', {
      open: (_name, attributes) => (attribute = attributes.name ?? ''),
      close() {},
      text: (piece) => (text += piece),
    });
    for (const piece of pieces) part.write(piece);
    part.end();
    return { attribute, text };
  };
  const bytes = new TextEncoder().encode(xml);

  it('keeps every character whole wherever the bytes are cut, one byte at a time too', () => {
    for (let cut = 1; cut < bytes.length; cut += 1) {
      expect(decodeIn([bytes.subarray(0, cut), bytes.subarray(cut)]), `cut at byte ${cut}`).toEqual(expected);
    }
    expect(decodeIn([...bytes].map((byte) => Uint8Array.of(byte)))).toEqual(expected);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => decodeIn([Uint8Array.of(0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e)])).toThrow(
      'test.xml 不是有效的 UTF-8 文本',
    );
  });
});

describe('xlsx reader', () => {
  it('reads a large sheet whose inflated pieces split Chinese characters, every cell intact', async () => {
    // Deterministic text of varying length, so that piece boundaries fall inside characters.
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const alphabet = '巡察整改台账问题措施责任部门领导时限完成情况佐证材料备注𠮷、，。“”&<>';
    const text = () =>
      Array.from(
        { length: 1 + Math.floor(random() * 60) },
        () => [...alphabet][Math.floor(random() * 25)],
      ).join('');
    const rowCount = 6_000;
    const expected = new Map<number, string[]>();
    const shared: string[] = [];
    let rows = '';
    for (let row = 1; row <= rowCount; row += 1) {
      const values = [text(), text(), text()];
      expected.set(row, values);
      shared.push(`<t>${escapeXml(values[1]!)}</t>`);
      rows +=
        `<row r="${row}"><c r="A${row}" t="inlineStr"><is><t>${escapeXml(values[0]!)}</t></is></c>` +
        `<c r="B${row}" t="s"><v>${row - 1}</v></c><c r="C${row}" t="str"><v>${escapeXml(values[2]!)}</v></c></row>`;
    }
    const bytes = await buildXlsx({
      sheets: [{ name: '台账', xml: rows }],
      sharedStrings: sharedStringsXml(shared),
    });

    // The test only means something if some inflated piece starts inside a character.
    const zip = await JSZip.loadAsync(bytes);
    const pieces = await new Promise<Uint8Array[]>((resolve, reject) => {
      const collected: Uint8Array[] = [];
      (
        zip.file('xl/worksheets/sheet1.xml') as unknown as {
          internalStream(type: 'uint8array'): NodeJS.EventEmitter & { resume(): void };
        }
      )
        .internalStream('uint8array')
        .on('data', (piece: Uint8Array) => collected.push(piece))
        .on('error', reject)
        .on('end', () => resolve(collected))
        .resume();
    });
    const splitCharacters = pieces.slice(1).filter((piece) => (piece[0]! & 0xc0) === 0x80).length;
    expect(splitCharacters).toBeGreaterThan(0);

    const sheet = await readOnlySheet(bytes);
    expect(sheet.name).toBe('台账');
    expect(sheet.rowNumbers).toHaveLength(rowCount);
    for (const [row, values] of expected) expect(sheet.rows.get(row)?.slice(1), `row ${row}`).toEqual(values);
  });

  it('joins rich text runs, leaves out phonetic runs, decodes entities and _xHHHH_, keeps xml:space text', async () => {
    const bytes = await buildXlsx({
      sheets: [
        {
          name: '整改&amp;台账',
          xml:
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>' +
            '<c r="D1" t="inlineStr"><is><r><t>内联</t></r><r><rPr><i/></rPr><t xml:space="preserve"> 富文本</t></r></is></c>' +
            '<c r="E1" t="str"><f>A1&amp;"x"</f><v>公式&lt;结果&gt;</v></c><c r="F1" t="b"><v>1</v></c>' +
            '<c r="G1" t="e"><v>#N/A</v></c><c r="H1"><f>1+1</f></c><c r="I1"><v>12.5</v></c></row>',
        },
      ],
      sharedStrings: sharedStringsXml([
        '<r><rPr><b/></rPr><t>整改</t></r><r><t>措施</t></r><rPh sb="0" eb="2"><t>ZHENGGAI</t></rPh>',
        '<t xml:space="preserve">  前后有空格  </t>',
        '<t>&lt;问题&gt; &amp; &quot;表现&quot; &#x1F4C4; 第一行_x000D_\n第二行</t>',
      ]),
    });
    const workbook = await openXlsx(bytes);
    expect(workbook.sheetNames).toEqual(['整改&台账']);
    const sheet = await workbook.readSheet(0);
    expect(cellsOf(sheet.rows)).toEqual({
      1: [
        undefined,
        '整改措施',
        '  前后有空格  ',
        '<问题> & "表现" 📄 第一行\r\n第二行',
        '内联 富文本',
        '公式<结果>',
        true,
        undefined,
        undefined,
        12.5,
      ],
    });
  });

  it('reads numbers in date formats as dates (custom, built-in and zh-CN built-in; 1900 and 1904 systems)', async () => {
    const styles = stylesXml(
      { 164: 'yyyy"年"m"月"d"日"', 165: '0.00', 166: '[Red]#,##0;"日期"' },
      [0, 164, 14, 31, 165, 166],
    );
    // 46023 is 2026-01-01 in the 1900 system.
    const row = (r: number) =>
      `<row r="${r}"><c r="A${r}"><v>46023</v></c><c r="B${r}" s="1"><v>46023</v></c><c r="C${r}" s="2"><v>46023.75</v></c>` +
      `<c r="D${r}" s="3"><v>46023</v></c><c r="E${r}" s="4"><v>46023</v></c><c r="F${r}" s="5"><v>46023</v></c>` +
      `<c r="G${r}" t="d"><v>2026-03-31T00:00:00Z</v></c></row>`;
    const day = (text: string) => new Date(`${text}T00:00:00.000Z`);
    const sheet1900 = await readOnlySheet(await buildXlsx({ sheets: [{ name: 'a', xml: row(1) }], styles }));
    expect(cellsOf(sheet1900.rows)).toEqual({
      1: [
        undefined,
        46023,
        day('2026-01-01'),
        new Date('2026-01-01T18:00:00.000Z'),
        day('2026-01-01'),
        46023,
        46023,
        day('2026-03-31'),
      ],
    });
    const sheet1904 = await readOnlySheet(
      await buildXlsx({ sheets: [{ name: 'a', xml: row(1) }], styles, isDate1904: true }),
    );
    expect(sheet1904.rows.get(1)?.[2]).toEqual(day('2030-01-02'));
    expect(['General', '@', '0.00E+00', '_-* #,##0_-', '#,##0 "天"'].filter(isDateFormatCode)).toEqual([]);
    expect(['yyyy-mm-dd', 'm/d/yy h:mm', 'YYYY/MM/DD', '[$-804]yyyy"年"m"月"'].every(isDateFormatCode)).toBe(
      true,
    );
  });

  it('gives each cell of a merged range the range’s first value, only as far as the sheet has cells', async () => {
    const bytes = await buildXlsx({
      sheets: [
        {
          name: 'a',
          xml: sheetXml(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>一、作风方面</t></is></c><c r="B1"/><c r="C1"/></row>' +
              '<row r="2"><c r="A2" t="inlineStr"><is><t>作风</t></is></c><c r="B2" t="inlineStr"><is><t>甲</t></is></c><c r="C2"><v>1</v></c></row>' +
              '<row r="3"><c r="B3" t="inlineStr"><is><t>乙</t></is></c><c r="C3"><v>2</v></c></row>' +
              '<row r="4"><c r="B4" t="inlineStr"><is><t>丙</t></is></c></row>',
            '<mergeCells count="3"><mergeCell ref="A1:C1"/><mergeCell ref="A2:A1048576"/><mergeCell ref="C3:XFD4"/></mergeCells>',
          ),
        },
      ],
    });
    const sheet = await readOnlySheet(bytes);
    expect(cellsOf(sheet.rows)).toEqual({
      1: [undefined, '一、作风方面', '一、作风方面', '一、作风方面'],
      2: [undefined, '作风', '甲', 1],
      3: [undefined, '作风', '乙', 2],
      4: [undefined, '作风', '丙', 2],
    });
  });

  it('lists worksheets in the workbook’s order without chart sheets, and reads cells without references', async () => {
    const bytes = await buildXlsx({
      sheets: [
        { name: '说明', xml: '<row><c t="inlineStr"><is><t>说明</t></is></c></row>' },
        { name: '图表', xml: '<chartsheet/>', isChart: true },
        {
          name: '台账',
          xml: '<row r="3"><c t="inlineStr"><is><t>甲</t></is></c><c/><c><v>3</v></c></row><row/>',
        },
      ],
    });
    const workbook = await openXlsx(bytes);
    expect(workbook.sheetNames).toEqual(['说明', '台账']);
    expect(cellsOf((await workbook.readSheet(0)).rows)).toEqual({ 1: [undefined, '说明'] });
    const ledger = await workbook.readSheet(1);
    expect(cellsOf(ledger.rows)).toEqual({ 3: [undefined, '甲', undefined, 3] });
  });

  it('reads back what exceljs writes: shared and rich strings, dates, formulas, hyperlinks, merges', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('整改台账');
    sheet.addRow(['序号', '问题', '整改时限']);
    sheet.addRow([
      1,
      { richText: [{ text: '加粗', font: { bold: true } }, { text: '普通' }] },
      new Date('2026-06-30'),
    ]);
    sheet.addRow([
      { formula: 'A2+1', result: 2 },
      { text: '链接', hyperlink: 'https://example.org' },
      '年底前',
    ]);
    sheet.getCell('C2').numFmt = 'yyyy-mm-dd';
    sheet.addRow(['二、制度方面']);
    sheet.mergeCells('A4:C4');
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const read = await readOnlySheet(bytes);
    expect(read.name).toBe('整改台账');
    expect(cellsOf(read.rows)).toEqual({
      1: [undefined, '序号', '问题', '整改时限'],
      2: [undefined, 1, '加粗普通', new Date('2026-06-30T00:00:00.000Z')],
      3: [undefined, 2, '链接', '年底前'],
      4: [undefined, '二、制度方面', '二、制度方面', '二、制度方面'],
    });
  });

  it('refuses what is not a workbook and XML that is not well-formed, saying which part and why', async () => {
    expect(await readError(new TextEncoder().encode('不是压缩包'))).toMatchObject({
      reason: 'not_xlsx',
      message: '文件不是有效的 .xlsx（无法解压）',
    });
    const noWorkbook = new JSZip();
    noWorkbook.file('word/document.xml', '<w:document/>');
    expect(await readError(await noWorkbook.generateAsync({ type: 'uint8array' }))).toMatchObject({
      reason: 'not_xlsx',
      message: '文件不是 Excel 工作簿（缺少 xl/workbook.xml）',
    });
    const sheetError = async (xml: string, sharedStrings?: string) =>
      readError(await buildXlsx({ sheets: [{ name: '台账', xml }], sharedStrings }));
    const mismatched = await sheetError('<row r="1"><c r="A1"><v>1</c></v></row>');
    expect(mismatched.reason).toBe('malformed');
    expect(mismatched.message).toMatch(
      /^xl\/worksheets\/sheet1\.xml 的 XML 格式错误（约第 \d+ 个字符处）：<\/c> 与 <v> 不匹配$/,
    );
    expect(
      (await sheetError('<row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row>')).message,
    ).toContain('未知的实体 &nbsp;');
    expect(
      (await sheetError('<row r="1"><c r="A1" t="inlineStr"><is><t>A & B</t></is></c></row>')).message,
    ).toContain('“&”后不是实体引用');
    expect(
      (await sheetError('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet/>')).message,
    ).toContain('不支持 DTD');
    expect((await sheetError('<?xml version="1.0"?><worksheet><sheetData><row r="1">')).message).toContain(
      '<row> 没有结束标记',
    );
    expect((await sheetError('<row r="1"><c r="1A"><v>1</v></c></row>')).message).toBe(
      '工作表“台账”第1行的单元格引用“1A”无效',
    );
    expect(
      (await sheetError('<row r="2"><c r="B2" t="s"><v>5</v></c></row>', sharedStringsXml(['<t>甲</t>'])))
        .message,
    ).toBe('工作表“台账”第2行第2列引用了不存在的共享字符串 5');
    const endless = `<row r="1"><c r="A1" t="inlineStr"><is><t>${'长'.repeat(1_100_000)}</t></is></c></row>`;
    expect((await sheetError(endless)).message).toContain('单个标记或文字过长');
    expect((await sheetError(`${'<x>'.repeat(300)}${'</x>'.repeat(300)}`)).message).toContain(
      '元素嵌套超过 256 层',
    );
    expect((await sheetError('<row r="2"><c r="C2"><v>十二</v></c></row>')).message).toBe(
      '工作表“台账”第2行第3列的数值“十二”无效',
    );
  });

  it('refuses a file that inflates past the bound, whether its headers admit it or not', async () => {
    const rows = Array.from(
      { length: 4_000 },
      (_, index) =>
        `<row r="${index + 1}"><c r="A${index + 1}" t="inlineStr"><is><t>${'整改'.repeat(100)}</t></is></c></row>`,
    ).join('');
    const bytes = await buildXlsx({ sheets: [{ name: '台账', xml: rows }] });
    const limit = { maxInflatedBytes: 1024 * 1024 };
    expect(await readError(bytes, limit)).toMatchObject({
      reason: 'too_large',
      message: '文件解压后过大（超过 1 MB），无法读取',
    });
    const lying = understateInflatedSize(bytes, 'xl/worksheets/sheet1.xml');
    expect(await readError(lying, limit)).toMatchObject({ reason: 'too_large' });
    const manyParts = new JSZip();
    for (let index = 0; index <= 10_000; index += 1) manyParts.file(`x/${index}`, '');
    expect(await readError(await manyParts.generateAsync({ type: 'uint8array' }))).toMatchObject({
      reason: 'too_large',
      message: '文件包含的部件过多（超过 10000 个），不是台账工作簿',
    });
    // Within the default bound the same file reads.
    expect((await readOnlySheet(bytes)).rowNumbers).toHaveLength(4_000);
  });
});
