/**
 * The parser's entry: `parseDocumentText` for decoded text, and `parseDocumentFile`, which picks
 * the reader for a file by its magic bytes and extension (.txt, .docx, .html, .pdf), extracts the
 * text and parses it. Unreadable files raise DocumentParseError; text never makes it throw.
 */
import { DocumentParseError } from './document-parse-error.ts';
import { readDocxText } from './parse-docx.ts';
import { parseDocumentText } from './parse-document-text.ts';
import { readHtmlText } from './parse-html.ts';
import { readPdfText } from './parse-pdf.ts';
import { readTextFile } from './parse-text.ts';
import type { ParsedDocument } from './parsed-document.schema.ts';

export { parseDocumentText } from './parse-document-text.ts';
export { DocumentParseError, type DocumentParseErrorCode } from './document-parse-error.ts';

/** Largest file accepted, in bytes (a 300-page report is well under this). */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

export type DocumentFormat = 'text' | 'docx' | 'html' | 'pdf';

const TEXT_EXTENSIONS = new Set(['txt', 'text', 'md', 'csv', '']);
const HTML_EXTENSIONS = new Set(['html', 'htm', 'xhtml', 'shtml', 'mht', 'mhtml']);
/** Formats refused with advice: [Chinese reason for the user, English reason for the log]. */
const REFUSED: Record<string, [string, string]> = {
  doc: ['旧版 Word（.doc）文件，请在 Word 或 WPS 中另存为 .docx 后再导入', 'legacy Word .doc'],
  wps: ['WPS 文字（.wps）文件，请另存为 .docx 后再导入', 'WPS .wps document'],
  rtf: ['RTF 文件，请另存为 .docx 后再导入', 'RTF document'],
  xls: ['表格文件，请导出为 .docx、.txt 或 .pdf 后再导入', 'spreadsheet'],
  xlsx: ['表格文件，请导出为 .docx、.txt 或 .pdf 后再导入', 'spreadsheet'],
  ofd: ['OFD 版式文件，请导出为 .pdf 后再导入', 'OFD document'],
  exe: ['可执行程序', 'executable program'],
};

function extensionOf(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '');
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1').toLowerCase();
  return /^\s*(?:\ufeff|ï»¿)?\s*<(?:!doctype html|html|head|meta|body)/.test(head) || /<html[\s>]/.test(head);
}

function unsupported(fileName: string, [what, english]: [string, string]): DocumentParseError {
  return new DocumentParseError(
    'unsupported_format',
    fileName,
    `无法解析文件“${fileName}”：不支持的格式（${what}）。支持 .txt、.docx、.html、.pdf。`,
    `unsupported format for ${fileName}: ${english}`,
  );
}

/** Which reader a file needs, from its first bytes and its name; throws for what none can read. */
export function detectFormat(bytes: Uint8Array, fileName: string): DocumentFormat {
  const extension = extensionOf(fileName);
  const isZip = startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
  const isPdf = Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes('%PDF-');
  if (startsWith(bytes, [0x4d, 0x5a])) throw unsupported(fileName, REFUSED['exe']!);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) throw unsupported(fileName, REFUSED['doc']!);
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) throw unsupported(fileName, REFUSED['rtf']!);
  if (extension === 'docx') {
    if (!isZip) {
      throw new DocumentParseError(
        'corrupt_file',
        fileName,
        `文件“${fileName}”已损坏或不是有效的 .docx 文件（不是 ZIP 压缩包）。`,
        `${fileName} is not a valid .docx (not a ZIP archive)`,
      );
    }
    return 'docx';
  }
  if (extension === 'pdf') {
    if (!isPdf) {
      throw new DocumentParseError(
        'corrupt_file',
        fileName,
        `文件“${fileName}”已损坏或不是有效的 PDF 文件（缺少 PDF 文件头）。`,
        `${fileName} is not a valid PDF (no %PDF header)`,
      );
    }
    return 'pdf';
  }
  if (isPdf) return 'pdf';
  if (isZip) {
    if (extension === '' || TEXT_EXTENSIONS.has(extension)) return 'docx';
    throw unsupported(fileName, REFUSED[extension] ?? [`.${extension} 压缩文件`, `.${extension} archive`]);
  }
  const refused = REFUSED[extension];
  if (refused) throw unsupported(fileName, refused);
  if (HTML_EXTENSIONS.has(extension) || looksLikeHtml(bytes)) return 'html';
  if (TEXT_EXTENSIONS.has(extension)) return 'text';
  if (/^(?:exe|dll|bin|zip|rar|7z|gz|png|jpe?g|gif|bmp|tiff?|mp[34]|avi|mov|ppt|pptx)$/.test(extension)) {
    throw unsupported(fileName, [`.${extension} 文件`, `.${extension} file`]);
  }
  return 'text';
}

/**
 * The text a document file holds, as the parser reads it (format detected from bytes and name);
 * throws DocumentParseError for files no reader accepts.
 */
export async function extractDocumentText(bytes: Uint8Array, fileName: string): Promise<string> {
  switch (detectFormat(bytes, fileName)) {
    case 'docx':
      return readDocxText(bytes, fileName);
    case 'pdf':
      return readPdfText(bytes, fileName);
    case 'html':
      return readHtmlText(bytes);
    case 'text':
      return readTextFile(bytes, fileName).text;
  }
}

/** Reads a document file of any supported format and parses it into FORMAT.md JSON. */
export async function parseDocumentFile(bytes: Uint8Array, fileName: string): Promise<ParsedDocument> {
  if (bytes.length === 0) {
    throw new DocumentParseError(
      'empty',
      fileName,
      `文件“${fileName}”是空文件，没有可解析的内容。`,
      `${fileName} is empty`,
    );
  }
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    const megabytes = Math.round(bytes.length / 1024 / 1024);
    throw new DocumentParseError(
      'too_large',
      fileName,
      `文件“${fileName}”过大（${megabytes} MB），超过 ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB 的上限。`,
      `${fileName} is too large (${bytes.length} bytes)`,
    );
  }
  const text = await extractDocumentText(bytes, fileName);
  if (text.trim() === '') {
    const hint = fileName.toLowerCase().endsWith('.pdf') ? '（可能是扫描件，没有文字层）' : '';
    throw new DocumentParseError(
      'empty',
      fileName,
      `未能从文件“${fileName}”中提取到文字${hint}。`,
      `no text could be extracted from ${fileName}`,
    );
  }
  return parseDocumentText(text);
}
