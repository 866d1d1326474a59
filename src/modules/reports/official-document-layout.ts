/**
 * The Chinese official-document layout of GB/T 9704-2012 (党政机关公文格式) for every generated
 * .docx: A4, margins 37/35/28/26 mm, title in 小标宋 二号, body in 仿宋_GB2312 三号 on a fixed
 * 28 pt line so 22 lines × 28 characters fit, 一、 headings in 黑体, （一） headings in 楷体, and
 * page numbers "— 1 —" in 宋体 四号 at the bottom outside edge (odd pages right, even left).
 *
 * Fonts are written in `w:rFonts` with the eastAsia slot set (Word and WPS choose the Chinese
 * font from it), and the font table names a fallback for each (`w:altName`), so a machine
 * without 方正小标宋简体 or 仿宋_GB2312 shows 宋体/仿宋 instead of an arbitrary font.
 */
import JSZip from 'jszip';
import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  BorderStyle,
  VerticalAlignTable,
  type IRunOptions,
} from 'docx';

/** Twips per millimetre (1 mm = 56.6929 twips). */
const TWIPS_PER_MM = 1440 / 25.4;
const mm = (value: number): number => Math.round(value * TWIPS_PER_MM);

/** A4 and the GB/T 9704 margins, in millimetres. */
export const PAGE_MM = { width: 210, height: 297, top: 37, bottom: 35, left: 28, right: 26 } as const;

/** The page in twips, as written into `w:sectPr`. */
export const PAGE_TWIPS = {
  width: mm(PAGE_MM.width),
  height: mm(PAGE_MM.height),
  top: mm(PAGE_MM.top),
  bottom: mm(PAGE_MM.bottom),
  left: mm(PAGE_MM.left),
  right: mm(PAGE_MM.right),
} as const;

/** Font names with what a machine without them should use (GB/T 9704 names the first). */
export const FONTS = {
  title: { name: '方正小标宋简体', fallbacks: ['华文中宋', '宋体'] },
  body: { name: '仿宋_GB2312', fallbacks: ['仿宋', 'FangSong'] },
  heading1: { name: '黑体', fallbacks: ['SimHei'] },
  heading2: { name: '楷体_GB2312', fallbacks: ['楷体', 'KaiTi'] },
  pageNumber: { name: '宋体', fallbacks: ['SimSun'] },
} as const;

/** Sizes in points: 二号 22, 三号 16, 四号 14. */
export const SIZES_PT = { title: 22, body: 16, pageNumber: 14, table: 12 } as const;

/** The fixed body line height in points: 22 lines fit the 225 mm text block. */
export const LINE_HEIGHT_PT = 28;

/** Characters per line the grid is set for. */
export const CHARACTERS_PER_LINE = 28;

const TEXT_WIDTH_TWIPS = PAGE_TWIPS.width - PAGE_TWIPS.left - PAGE_TWIPS.right;
/** Character pitch so exactly 28 三号 characters fill the 156 mm line (w:charSpace, 1/4096 pt). */
const CHAR_SPACE = Math.round((TEXT_WIDTH_TWIPS / CHARACTERS_PER_LINE / 20 - SIZES_PT.body) * 4096);

/** The style ids the builders use; tests look fonts up by these. */
export const STYLE_IDS = {
  title: 'OfficialTitle',
  heading1: 'OfficialHeading1',
  heading2: 'OfficialHeading2',
  body: 'OfficialBody',
  signature: 'OfficialSignature',
  table: 'OfficialTable',
  pageNumber: 'OfficialPageNumber',
} as const;

const fontOf = (font: { name: string }) => ({
  ascii: font.name,
  hAnsi: font.name,
  eastAsia: font.name,
  cs: font.name,
  hint: 'eastAsia' as const,
});

const halfPoints = (points: number): number => points * 2;
const exactLine = { line: LINE_HEIGHT_PT * 20, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
/** Two characters of 三号 as the first-line indent. */
const FIRST_LINE_INDENT = SIZES_PT.body * 2 * 20;

function paragraphStyles() {
  return [
    {
      id: STYLE_IDS.body,
      name: 'Official Body',
      basedOn: 'Normal',
      quickFormat: true,
      run: { font: fontOf(FONTS.body), size: halfPoints(SIZES_PT.body) },
      paragraph: {
        spacing: exactLine,
        indent: { firstLine: FIRST_LINE_INDENT },
        alignment: AlignmentType.JUSTIFIED,
      },
    },
    {
      id: STYLE_IDS.title,
      name: 'Official Title',
      basedOn: 'Normal',
      quickFormat: true,
      run: { font: fontOf(FONTS.title), size: halfPoints(SIZES_PT.title) },
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: { line: 35 * 20, lineRule: LineRuleType.EXACT, before: 0, after: LINE_HEIGHT_PT * 20 },
      },
    },
    {
      id: STYLE_IDS.heading1,
      name: 'Official Heading 1',
      basedOn: STYLE_IDS.body,
      quickFormat: true,
      run: { font: fontOf(FONTS.heading1), size: halfPoints(SIZES_PT.body) },
      paragraph: { spacing: exactLine, indent: { firstLine: FIRST_LINE_INDENT }, keepNext: true },
    },
    {
      id: STYLE_IDS.heading2,
      name: 'Official Heading 2',
      basedOn: STYLE_IDS.body,
      quickFormat: true,
      run: { font: fontOf(FONTS.heading2), size: halfPoints(SIZES_PT.body) },
      paragraph: { spacing: exactLine, indent: { firstLine: FIRST_LINE_INDENT }, keepNext: true },
    },
    {
      id: STYLE_IDS.signature,
      name: 'Official Signature',
      basedOn: STYLE_IDS.body,
      run: { font: fontOf(FONTS.body), size: halfPoints(SIZES_PT.body) },
      paragraph: {
        spacing: exactLine,
        alignment: AlignmentType.RIGHT,
        indent: { firstLine: 0, right: FIRST_LINE_INDENT * 2 },
      },
    },
    {
      id: STYLE_IDS.table,
      name: 'Official Table Text',
      basedOn: 'Normal',
      run: { font: fontOf(FONTS.body), size: halfPoints(SIZES_PT.table) },
      paragraph: {
        alignment: AlignmentType.CENTER,
        spacing: { line: 20 * 20, lineRule: LineRuleType.EXACT },
      },
    },
    {
      id: STYLE_IDS.pageNumber,
      name: 'Official Page Number',
      basedOn: 'Normal',
      run: { font: fontOf(FONTS.pageNumber), size: halfPoints(SIZES_PT.pageNumber) },
      paragraph: { spacing: { before: 0, after: 0 } },
    },
  ];
}

/** The document title (centred 小标宋 二号). */
export function titleParagraph(text: string): Paragraph {
  return new Paragraph({ style: STYLE_IDS.title, children: [new TextRun(text)] });
}

/** A first-level heading such as "一、组织落实情况" (黑体). */
export function heading1Paragraph(text: string): Paragraph {
  return new Paragraph({ style: STYLE_IDS.heading1, children: [new TextRun(text)] });
}

/** A second-level heading such as "（一）…方面" (楷体). */
export function heading2Paragraph(text: string): Paragraph {
  return new Paragraph({ style: STYLE_IDS.heading2, children: [new TextRun(text)] });
}

/** A body paragraph with a two-character first-line indent; `lead` is set bold (e.g. a label). */
export function bodyParagraph(text: string, options: { lead?: string; noIndent?: boolean } = {}): Paragraph {
  const runs: TextRun[] = [];
  if (options.lead) runs.push(new TextRun({ text: options.lead, bold: true }));
  runs.push(new TextRun(text));
  return new Paragraph({
    style: STYLE_IDS.body,
    children: runs,
    ...(options.noIndent && { indent: { firstLine: 0 } }),
  });
}

/** The 落款: issuing organisation and date, right-aligned. */
export function signatureParagraphs(issuer: string, dateText: string): Paragraph[] {
  return [
    new Paragraph({ style: STYLE_IDS.body, children: [] }),
    new Paragraph({ style: STYLE_IDS.signature, children: [new TextRun(issuer)] }),
    new Paragraph({ style: STYLE_IDS.signature, children: [new TextRun(dateText)] }),
  ];
}

const thinBorder = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

/** A plain bordered table: a header row and data rows, in 仿宋 小四. */
export function simpleTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): Table {
  const cell = (text: string, isHeader: boolean) =>
    new TableCell({
      verticalAlign: VerticalAlignTable.CENTER,
      children: [
        new Paragraph({
          style: STYLE_IDS.table,
          children: [new TextRun({ text, bold: isHeader })],
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: {
      top: thinBorder,
      bottom: thinBorder,
      left: thinBorder,
      right: thinBorder,
      insideHorizontal: thinBorder,
      insideVertical: thinBorder,
    },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((text) => cell(text, true)) }),
      ...rows.map((row) => new TableRow({ children: row.map((text) => cell(text, false)) })),
    ],
  });
}

function pageNumberFooter(alignment: 'left' | 'right'): Footer {
  const run: IRunOptions = { children: ['— ', PageNumber.CURRENT, ' —'] };
  // GB/T 9704 7.5: the number sits one character in from the outside edge.
  const indent =
    alignment === 'right' ? { right: SIZES_PT.pageNumber * 20 } : { left: SIZES_PT.pageNumber * 20 };
  return new Footer({
    children: [
      new Paragraph({
        style: STYLE_IDS.pageNumber,
        alignment: alignment === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent,
        children: [new TextRun(run)],
      }),
    ],
  });
}

/** The font table entries with their fallbacks (`w:altName`), replacing what docx writes. */
function fontTableXml(): string {
  const entries = Object.values(FONTS)
    .map(
      (font) =>
        `<w:font w:name="${font.name}"><w:altName w:val="${font.fallbacks.join(',')}"/>` +
        '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>',
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    entries +
    '<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>' +
    '</w:fonts>'
  );
}

export interface OfficialDocumentInput {
  title: string;
  /** Shown in the file's properties. */
  subject: string;
  children: Array<Paragraph | Table>;
}

/** Renders the children in the official layout and returns the .docx bytes. */
export async function renderOfficialDocument(input: OfficialDocumentInput): Promise<Buffer> {
  const document = new Document({
    title: input.title,
    subject: input.subject,
    creator: 'rectify',
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: fontOf(FONTS.body), size: halfPoints(SIZES_PT.body) },
          paragraph: { spacing: exactLine },
        },
      },
      paragraphStyles: paragraphStyles(),
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE_TWIPS.width, height: PAGE_TWIPS.height },
            margin: {
              top: PAGE_TWIPS.top,
              bottom: PAGE_TWIPS.bottom,
              left: PAGE_TWIPS.left,
              right: PAGE_TWIPS.right,
              header: mm(15),
              // The page number's baseline sits about 7 mm below the text block.
              footer: mm(28),
            },
          },
          grid: {
            type: DocumentGridType.LINES_AND_CHARS,
            linePitch: LINE_HEIGHT_PT * 20,
            charSpace: CHAR_SPACE,
          },
        },
        footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
        children: input.children,
      },
    ],
  });
  const bytes = await Packer.toBuffer(document);
  return withFontFallbacks(bytes);
}

async function withFontFallbacks(bytes: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  if (!zip.file('word/fontTable.xml')) return bytes;
  zip.file('word/fontTable.xml', fontTableXml());
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** "2021年8月30日" for a calendar day `YYYY-MM-DD`. */
export function chineseDate(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return `${year}年${month}月${date}日`;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Chinese numerals for heading numbers: 1 → 一, 12 → 十二, 21 → 二十一 (up to 99). */
export function chineseNumeral(value: number): string {
  if (value < 10) return DIGITS[value]!;
  const tens = Math.floor(value / 10);
  const ones = value % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

/** 一是/二是… markers for measures. */
export function ordinalMarker(index: number): string {
  return `${chineseNumeral(index + 1)}是`;
}
