/**
 * Builds small .xlsx packages from hand-written XML for the reader's tests, so each test states
 * exactly the markup it reads (shared strings, styles, merges, odd but valid spellings) instead
 * of depending on what a spreadsheet library happens to write.
 */
import JSZip from 'jszip';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export interface TestSheet {
  /** Written into workbook.xml as is, so it may hold entities. */
  name: string;
  /** The whole worksheet part, or the rows of <sheetData> given to sheetXml. */
  xml: string;
  isChart?: boolean;
}

export interface TestPackage {
  sheets: TestSheet[];
  /** The whole sharedStrings.xml part. */
  sharedStrings?: string;
  /** The whole styles.xml part. */
  styles?: string;
  isDate1904?: boolean;
}

export const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A worksheet part around the given <row> elements and anything after <sheetData>. */
export function sheetXml(rows: string, afterSheetData = ''): string {
  return `${XML_DECLARATION}<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheetData>${rows}</sheetData>${afterSheetData}</worksheet>`;
}

/** sharedStrings.xml from the inner XML of each <si>. */
export function sharedStringsXml(items: string[]): string {
  return `${XML_DECLARATION}<sst xmlns="${MAIN}" count="${items.length}" uniqueCount="${items.length}">${items.map((item) => `<si>${item}</si>`).join('')}</sst>`;
}

/** styles.xml with the given custom formats and one cell format per numFmtId, in order. */
export function stylesXml(formats: Record<number, string>, cellFormatIds: number[]): string {
  const numFmts = Object.entries(formats)
    .map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`)
    .join('');
  // cellStyleXfs come first and must not be taken for cell formats.
  return (
    `${XML_DECLARATION}<styleSheet xmlns="${MAIN}"><numFmts count="${Object.keys(formats).length}">${numFmts}</numFmts>` +
    `<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>` +
    `<cellXfs count="${cellFormatIds.length}">${cellFormatIds.map((id) => `<xf numFmtId="${id}" xfId="0"/>`).join('')}</cellXfs></styleSheet>`
  );
}

export async function buildXlsx(spec: TestPackage): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
  );
  zip.file(
    '_rels/.rels',
    `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  const relationships: string[] = [];
  const sheets = spec.sheets.map((sheet, index) => {
    const id = `rId${index + 1}`;
    const kind = sheet.isChart ? 'chartsheet' : 'worksheet';
    const part = `${kind}s/sheet${index + 1}.xml`;
    relationships.push(`<Relationship Id="${id}" Type="${RELATIONSHIPS}/${kind}" Target="${part}"/>`);
    zip.file(`xl/${part}`, sheet.xml.startsWith('<?xml') ? sheet.xml : sheetXml(sheet.xml));
    return `<sheet name="${sheet.name}" sheetId="${index + 1}" r:id="${id}"/>`;
  });
  if (spec.styles !== undefined) {
    relationships.push(`<Relationship Id="rIdStyles" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/>`);
    zip.file('xl/styles.xml', spec.styles);
  }
  if (spec.sharedStrings !== undefined) {
    relationships.push(
      `<Relationship Id="rIdStrings" Type="${RELATIONSHIPS}/sharedStrings" Target="/xl/sharedStrings.xml"/>`,
    );
    zip.file('xl/sharedStrings.xml', spec.sharedStrings);
  }
  zip.file(
    'xl/workbook.xml',
    `${XML_DECLARATION}<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">${spec.isDate1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${sheets.join('')}</sheets></workbook>`,
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">${relationships.join('')}</Relationships>`,
  );
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/**
 * Rewrites the uncompressed size a zip declares for one entry (local and central headers) to 1
 * byte, as a zip bomb would, so only the bytes actually inflated can reveal its size.
 */
export function understateInflatedSize(zipBytes: Uint8Array, entryName: string): Uint8Array {
  const bytes = new Uint8Array(zipBytes);
  const view = new DataView(bytes.buffer);
  const name = new TextEncoder().encode(entryName);
  const nameAt = (offset: number, length: number) =>
    length === name.length && name.every((byte, index) => bytes[offset + index] === byte);
  let patched = 0;
  for (let offset = 0; offset + 46 <= bytes.length; offset += 1) {
    const signature = view.getUint32(offset, true);
    if (signature === 0x04034b50 && nameAt(offset + 30, view.getUint16(offset + 26, true))) {
      view.setUint32(offset + 22, 1, true);
      patched += 1;
    } else if (signature === 0x02014b50 && nameAt(offset + 46, view.getUint16(offset + 28, true))) {
      view.setUint32(offset + 24, 1, true);
      patched += 1;
    }
  }
  if (patched !== 2)
    throw new Error(`expected a local and a central header for ${entryName}, found ${patched}`);
  return bytes;
}
