/** Content sniffing, declared-type agreement and file-name handling, on bytes built here. */
import JSZip from 'jszip';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { attachmentDisposition, sanitiseFileName } from './file-name.rules.ts';
import { findDeclarationMismatch, sniffEvidenceKind, type EvidenceKind } from './media-type.rules.ts';

function probe(bytes: Uint8Array) {
  return {
    sizeBytes: bytes.byteLength,
    readRange: (start: number, length: number) => bytes.subarray(start, start + length),
  };
}

async function zip(entries: string[]): Promise<Uint8Array> {
  const archive = new JSZip();
  for (const entry of entries) archive.file(entry, '<x/>');
  return archive.generateAsync({ type: 'uint8array' });
}

function oleFile(streamName: string): Uint8Array {
  const bytes = new Uint8Array(512 * 3);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const view = new DataView(bytes.buffer);
  view.setUint16(30, 9, true);
  view.setUint32(48, 0, true);
  // Directory sector 0 starts at byte 512: Root Entry, then the main stream.
  const names = ['Root Entry', streamName];
  names.forEach((name, index) => {
    const at = 512 + index * 128;
    bytes.set(Buffer.from(name, 'utf16le'), at);
    view.setUint16(at + 64, (name.length + 1) * 2, true);
  });
  return bytes;
}

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('sniffEvidenceKind', () => {
  it.each<[string, () => Uint8Array | Promise<Uint8Array>, EvidenceKind | null]>([
    ['PDF', () => Buffer.from('%PDF-1.7\n%%EOF\n'), 'pdf'],
    ['PNG', () => png, 'png'],
    ['JPEG', () => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'jpeg'],
    ['GIF', () => Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'gif'],
    ['WebP', () => Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), 'webp'],
    ['MP4', () => Buffer.from('\x00\x00\x00\x18ftypisom\x00\x00\x02\x00', 'latin1'), 'mp4'],
    ['DOCX', () => zip(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']), 'docx'],
    ['XLSX', () => zip(['[Content_Types].xml', 'xl/workbook.xml']), 'xlsx'],
    ['PPTX', () => zip(['[Content_Types].xml', 'ppt/presentation.xml']), 'pptx'],
    ['OFD', () => zip(['OFD.xml', 'Doc_0/Document.xml']), 'ofd'],
    ['a plain zip', () => zip(['readme.txt', 'word/document.xml']), null],
    ['DOC', () => oleFile('WordDocument'), 'doc'],
    ['XLS', () => oleFile('Workbook'), 'xls'],
    ['an unknown OLE2 file', () => oleFile('Contents'), null],
    ['UTF-8 text', () => Buffer.from('整改情况说明：已完成。\r\n'), 'text_utf8'],
    ['GBK text', () => iconv.encode('整改情况说明：已完成。\n', 'gbk'), 'text_gbk'],
    ['an executable', () => Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), null],
    ['an empty file', () => new Uint8Array(0), null],
  ])('%s', async (_name, build, expected) => {
    expect(sniffEvidenceKind(probe(await build()))).toBe(expected);
  });
});

describe('findDeclarationMismatch', () => {
  it.each<[EvidenceKind, string, string | null, ReturnType<typeof findDeclarationMismatch>]>([
    ['pdf', '整改报告.pdf', 'application/pdf', null],
    ['pdf', '整改报告.PDF', 'application/octet-stream', null],
    ['png', '照片.pdf', 'application/pdf', 'extension'],
    ['png', '照片.png', 'application/pdf', 'declared_type'],
    ['jpeg', 'photo.jpeg', 'image/jpeg', null],
    ['text_gbk', '说明.txt', 'text/plain; charset=gbk', null],
    ['docx', '方案', null, 'extension'],
  ])('%s named %s declared %s', (kind, fileName, declared, expected) => {
    expect(findDeclarationMismatch(kind, fileName, declared)).toBe(expected);
  });
});

describe('file names', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\张三\\整改报告.pdf', '整改报告.pdf'],
    ['照片\u202Egpj.exe', '照片gpj.exe'],
    ['..', '佐证材料'],
    ['a\u0000b.txt', 'ab.txt'],
  ])('sanitises %j to %j', (raw, expected) => {
    expect(sanitiseFileName(raw)).toBe(expected);
  });

  it('keeps the extension when shortening', () => {
    const name = sanitiseFileName(`${'长'.repeat(300)}.docx`);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('.docx')).toBe(true);
  });

  it('encodes the download name per RFC 5987 with an ASCII fallback', () => {
    expect(attachmentDisposition('整改 报告(1).pdf')).toBe(
      `attachment; filename="__ __(1).pdf"; filename*=UTF-8''%E6%95%B4%E6%94%B9%20%E6%8A%A5%E5%91%8A%281%29.pdf`,
    );
  });
});
