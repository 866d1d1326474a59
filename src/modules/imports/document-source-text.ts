/**
 * The plain text of an uploaded document, for the import wizard to show beside the parsed tree.
 * It uses the parser's own format detection and readers, so the text is the one the parser saw.
 * (The parser's dispatcher keeps its text extraction private; should it export it, this file
 * becomes a one-line re-export.)
 */
import { detectFormat } from '../../parse/parse-document.ts';
import { readDocxText } from '../../parse/parse-docx.ts';
import { readHtmlText } from '../../parse/parse-html.ts';
import { readPdfText } from '../../parse/parse-pdf.ts';
import { readTextFile } from '../../parse/parse-text.ts';

/** Extracts the text of a document file; throws DocumentParseError like the parser does. */
export async function readDocumentText(bytes: Uint8Array, fileName: string): Promise<string> {
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
