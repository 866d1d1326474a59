/**
 * PDF files with a text layer: text items grouped into visual lines (top to bottom, left to right
 * within a line), lines rejoined into paragraphs by layout (a line that reaches the right margin
 * continues on the next unless that one is indented, as Chinese paragraphs are), page numbers
 * dropped, and radical look-alike code points (⼀ U+2F00, ⺠ U+2EA0 …) mapped to the ideographs.
 */
import { extractTextItems, type StructuredTextItem } from 'unpdf';
import { DocumentParseError } from './document-parse-error.ts';
import { readMarker } from './structure/numbering.ts';
import { foldKey, mapRadicals } from './text/normalise-text.ts';

interface VisualLine {
  text: string;
  left: number;
  right: number;
  y: number;
  fontSize: number;
}

const PAGE_NUMBER =
  /^[-—－–\s]*(?:\d{1,4}|第\s?\d{1,4}\s?页(?:\s?[,，/]?\s?共\s?\d{1,4}\s?页)?|\d{1,4}\s?\/\s?\d{1,4})[-—－–\s]*$/;
const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

function lineFromItems(items: StructuredTextItem[]): VisualLine {
  items.sort((a, b) => a.x - b.x);
  let text = '';
  let right = -Infinity;
  let fontSize = 0;
  for (const item of items) {
    const size = item.fontSize || item.height || 10;
    fontSize = Math.max(fontSize, size);
    if (text !== '' && item.x - right > size * 0.3) {
      const last = text[text.length - 1] ?? '';
      const first = item.str[0] ?? '';
      if (!CJK.test(last) || !CJK.test(first)) text += ' ';
    }
    text += item.str;
    right = Math.max(right, item.x + item.width);
  }
  return { text, left: items[0]?.x ?? 0, right, y: items[0]?.y ?? 0, fontSize: fontSize || 10 };
}

/** Visual lines of one page, top to bottom. */
function pageLines(items: StructuredTextItem[]): VisualLine[] {
  const visible = items.filter((item) => item.str !== '' && item.dir !== 'ttb');
  visible.sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: VisualLine[] = [];
  let current: StructuredTextItem[] = [];
  let currentY = Number.NaN;
  for (const item of visible) {
    const tolerance = Math.max(item.fontSize || item.height || 10, 1) * 0.5;
    if (current.length > 0 && Math.abs(item.y - currentY) > tolerance) {
      lines.push(lineFromItems(current));
      current = [];
    }
    if (current.length === 0) currentY = item.y;
    current.push(item);
  }
  if (current.length > 0) lines.push(lineFromItems(current));
  return lines.filter((line) => line.text.trim() !== '' && !PAGE_NUMBER.test(line.text));
}

/** Joins visual lines of all pages into paragraphs by layout (margins measured over all pages). */
export function linesToParagraphs(pages: VisualLine[][]): string {
  const all = pages.flat();
  if (all.length === 0) return '';
  const maxRight = all.reduce((max, line) => Math.max(max, line.right), -Infinity);
  const minLeft = all.reduce((min, line) => Math.min(min, line.left), Infinity);
  const paragraphs: string[] = [];
  let open = false;
  for (const line of all) {
    const text = line.text.trim();
    const indented = line.left > minLeft + line.fontSize * 0.8;
    const startsHeading = readMarker(foldKey(text)) !== null;
    if (open && !indented && !startsHeading && paragraphs.length > 0)
      paragraphs[paragraphs.length - 1] += text;
    else paragraphs.push(text);
    // A line that runs to the right margin (and does not end a sentence) continues on the next.
    open = line.right >= maxRight - line.fontSize * 1.5 && !/[。！？!?:：]$/.test(text);
  }
  return paragraphs.join('\n');
}

/** Text of a PDF file's text layer. */
export async function readPdfText(bytes: Uint8Array, fileName: string): Promise<string> {
  let pages: StructuredTextItem[][];
  try {
    // pdf.js takes ownership of the buffer it is given, so pass a copy.
    pages = (await extractTextItems(new Uint8Array(bytes))).items;
  } catch (error) {
    const name = (error as { name?: string } | null)?.name ?? '';
    if (name === 'PasswordException') {
      throw new DocumentParseError(
        'unsupported_format',
        fileName,
        `文件“${fileName}”是加密的 PDF，请先解除密码保护再导入。`,
        `${fileName} is an encrypted PDF`,
        { cause: error },
      );
    }
    throw new DocumentParseError(
      'corrupt_file',
      fileName,
      `文件“${fileName}”已损坏或不是有效的 PDF 文件。`,
      `${fileName} is not a readable PDF: ${(error as Error)?.message ?? String(error)}`,
      { cause: error },
    );
  }
  return mapRadicals(linesToParagraphs(pages.map(pageLines)));
}
