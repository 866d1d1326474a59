/**
 * Test support: writes a small valid PDF whose text layer holds given lines, using a Type0 font
 * with Identity-H encoding and a ToUnicode CMap (the way Chinese PDFs carry text), so the PDF
 * reader can be tested offline on any code points, radical look-alikes included.
 */

export interface PdfLine {
  text: string;
  /** Left edge in points (A4 page, 595 wide). */
  x: number;
}

/** Font size in points; every glyph is 1 em wide. */
const FONT_SIZE = 12;

function hex4(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, '0');
}

function utf16Hex(char: string): string {
  let out = '';
  for (let index = 0; index < char.length; index++) out += hex4(char.charCodeAt(index));
  return out;
}

/** Bytes of a one-page-per-`pages` PDF with the lines laid out top to bottom. */
export function buildTextPdf(pages: PdfLine[][]): Uint8Array {
  const cids = new Map<string, number>();
  for (const line of pages.flat())
    for (const char of line.text) if (!cids.has(char)) cids.set(char, cids.size + 1);

  const objects: string[] = [];
  const pageIds = pages.map((_, index) => 9 + index * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[5] =
    '<< /Type /Font /Subtype /Type0 /BaseFont /TestSong /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 8 0 R >>';
  objects[6] =
    '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestSong /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 /CIDToGIDMap /Identity >>';
  objects[7] =
    '<< /Type /FontDescriptor /FontName /TestSong /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>';
  const entries = [...cids.entries()];
  const blocks: string[] = [];
  for (let start = 0; start < entries.length; start += 100) {
    const chunk = entries.slice(start, start + 100);
    blocks.push(
      `${chunk.length} beginbfchar\n${chunk.map(([char, cid]) => `<${hex4(cid)}> <${utf16Hex(char)}>`).join('\n')}\nendbfchar`,
    );
  }
  const cmap = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
  objects[8] = `<< /Length ${Buffer.byteLength(cmap, 'latin1')} >>\nstream\n${cmap}\nendstream`;
  pages.forEach((lines, pageIndex) => {
    const content = lines
      .map((line, index) => {
        const glyphs = [...line.text].map((char) => hex4(cids.get(char)!)).join('');
        return `BT /F1 ${FONT_SIZE} Tf 1 0 0 1 ${line.x} ${790 - index * 20} Tm <${glyphs}> Tj ET`;
      })
      .join('\n');
    const pageId = pageIds[pageIndex]!;
    objects[pageId] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] =
      `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
  });

  let body = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  const count = objects.length;
  for (let id = 1; id < count; id++) {
    const object = objects[id];
    if (object === undefined) continue;
    offsets[id] = Buffer.byteLength(body, 'latin1');
    body += `${id} 0 obj\n${object}\nendobj\n`;
  }
  const xrefOffset = Buffer.byteLength(body, 'latin1');
  let xref = `xref\n0 ${count}\n0000000000 65535 f \n`;
  for (let id = 1; id < count; id++) {
    const offset = offsets[id];
    xref += offset === undefined ? '0000000000 65535 f \n' : `${String(offset).padStart(10, '0')} 00000 n \n`;
  }
  body += `${xref}trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}
