/**
 * Plain-text files: detects the encoding (UTF-8 with or without BOM, UTF-16 with BOM or by its
 * zero bytes, otherwise GB18030, which covers GBK and GB2312) and decodes.
 */
import iconv from 'iconv-lite';
import { DocumentParseError } from './document-parse-error.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

function looksLikeUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const sample = Math.min(bytes.length, 4096) & ~1;
  if (sample < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let index = 0; index < sample; index += 2) {
    if (bytes[index] === 0) zeroEven++;
    if (bytes[index + 1] === 0) zeroOdd++;
  }
  const pairs = sample / 2;
  // ASCII-heavy UTF-16 has a zero in every other byte; CJK-heavy text has few zeros but then
  // is not valid UTF-8 or GB18030 either — such files need a BOM, which Windows tools write.
  if (zeroOdd > pairs * 0.3 && zeroEven < pairs * 0.05) return 'utf-16le';
  if (zeroEven > pairs * 0.3 && zeroOdd < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Decodes text bytes, detecting their encoding. */
export function decodeTextBytes(bytes: Uint8Array): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: buffer.subarray(3).toString('utf8'), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: iconv.decode(buffer.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: iconv.decode(buffer.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  const utf16 = looksLikeUtf16(bytes);
  if (utf16) return { text: iconv.decode(buffer, utf16), encoding: utf16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buffer, 'gb18030'), encoding: 'gb18030' };
  }
}

/** Share of characters in a decoded text that no text file contains (NUL and other controls). */
function binaryShare(text: string): number {
  const sample = text.slice(0, 8192);
  if (sample.length === 0) return 0;
  let controls = 0;
  for (let index = 0; index < sample.length; index++) {
    const code = sample.charCodeAt(index);
    if ((code < 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09 && code !== 0x0c) || code === 0xfffd)
      controls++;
  }
  return controls / sample.length;
}

/** Text of a .txt file; rejects binary content that only carries a text name. */
export function readTextFile(bytes: Uint8Array, fileName: string): DecodedText {
  const decoded = decodeTextBytes(bytes);
  if (binaryShare(decoded.text) > 0.05) {
    throw new DocumentParseError(
      'unsupported_format',
      fileName,
      `文件“${fileName}”不是文本文件（含有大量二进制内容），无法解析。`,
      `file ${fileName} is not a text file (binary content)`,
    );
  }
  return decoded;
}
