/**
 * Which files may be evidence, decided by their content: magic bytes, the entries of a zip's
 * central directory (Office Open XML, OFD), the stream names of an OLE2 compound file (old
 * Office) and a text check (UTF-8 or GBK). The declared type and the extension are only
 * believed when they agree with what the bytes say, so a renamed executable never passes as a
 * PDF and a browser never sniffs a download into something else.
 */

export type EvidenceKind =
  | 'pdf'
  | 'png'
  | 'jpeg'
  | 'gif'
  | 'webp'
  | 'docx'
  | 'xlsx'
  | 'pptx'
  | 'doc'
  | 'xls'
  | 'ppt'
  | 'ofd'
  | 'text_utf8'
  | 'text_gbk'
  | 'mp4';

export interface MediaTypeRule {
  /** The type stored and sent on download. */
  mediaType: string;
  /** File name extensions (lower case, no dot) that may carry this kind. */
  extensions: readonly string[];
  /** Content-Types a client may declare for this kind (besides none). */
  declaredTypes: readonly string[];
}

const OOXML = 'application/vnd.openxmlformats-officedocument';

export const mediaTypeRules: Record<EvidenceKind, MediaTypeRule> = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'], declaredTypes: ['application/pdf'] },
  png: { mediaType: 'image/png', extensions: ['png'], declaredTypes: ['image/png'] },
  jpeg: {
    mediaType: 'image/jpeg',
    extensions: ['jpg', 'jpeg'],
    declaredTypes: ['image/jpeg', 'image/pjpeg'],
  },
  gif: { mediaType: 'image/gif', extensions: ['gif'], declaredTypes: ['image/gif'] },
  webp: { mediaType: 'image/webp', extensions: ['webp'], declaredTypes: ['image/webp'] },
  docx: {
    mediaType: `${OOXML}.wordprocessingml.document`,
    extensions: ['docx'],
    declaredTypes: [`${OOXML}.wordprocessingml.document`],
  },
  xlsx: {
    mediaType: `${OOXML}.spreadsheetml.sheet`,
    extensions: ['xlsx'],
    declaredTypes: [`${OOXML}.spreadsheetml.sheet`],
  },
  pptx: {
    mediaType: `${OOXML}.presentationml.presentation`,
    extensions: ['pptx'],
    declaredTypes: [`${OOXML}.presentationml.presentation`],
  },
  doc: { mediaType: 'application/msword', extensions: ['doc'], declaredTypes: ['application/msword'] },
  xls: {
    mediaType: 'application/vnd.ms-excel',
    extensions: ['xls'],
    declaredTypes: ['application/vnd.ms-excel'],
  },
  ppt: {
    mediaType: 'application/vnd.ms-powerpoint',
    extensions: ['ppt'],
    declaredTypes: ['application/vnd.ms-powerpoint'],
  },
  ofd: { mediaType: 'application/ofd', extensions: ['ofd'], declaredTypes: ['application/ofd'] },
  text_utf8: {
    mediaType: 'text/plain; charset=utf-8',
    extensions: ['txt'],
    declaredTypes: ['text/plain'],
  },
  text_gbk: {
    mediaType: 'text/plain; charset=gbk',
    extensions: ['txt'],
    declaredTypes: ['text/plain'],
  },
  mp4: { mediaType: 'video/mp4', extensions: ['mp4'], declaredTypes: ['video/mp4'] },
};

/** What the sniffer may read of a file, without holding all of it in memory. */
export interface FileProbe {
  sizeBytes: number;
  readRange(start: number, length: number): Uint8Array;
}

/** Bytes of the head examined for magic numbers and for the text check. */
const HEAD_BYTES = 8192;
/** The end-of-central-directory record lies within this many bytes of a zip's end. */
const ZIP_TAIL_BYTES = 22 + 65_535;
/** Larger central directories are not read (a real Office file is far below this). */
const ZIP_MAX_DIRECTORY_BYTES = 4 * 1024 * 1024;
/** OLE2 directory sectors read when looking for the main stream's name. */
const OLE_DIRECTORY_SECTORS = 8;

const MP4_BRANDS = new Set(['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'dash']);

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

/** The kind of a file by its content, or null when it is not an accepted evidence type. */
export function sniffEvidenceKind(file: FileProbe): EvidenceKind | null {
  const head = file.readRange(0, HEAD_BYTES);
  if (head.length === 0) return null;
  if (ascii(head, 0, Math.min(head.length, 1024)).includes('%PDF-')) return 'pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (ascii(head, 4, 8) === 'ftyp' && MP4_BRANDS.has(ascii(head, 8, 12))) return 'mp4';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return zipKind(readZipEntryNames(file));
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return oleKind(file, head);
  return textKind(head, head.length < file.sizeBytes);
}

/** Office Open XML needs its content-types part and a main part; a plain zip is refused. */
export function zipKind(entryNames: readonly string[]): EvidenceKind | null {
  const names = new Set(entryNames);
  const hasFolder = (folder: string) => entryNames.some((name) => name.startsWith(folder));
  if (names.has('[Content_Types].xml')) {
    if (hasFolder('word/')) return 'docx';
    if (hasFolder('xl/')) return 'xlsx';
    if (hasFolder('ppt/')) return 'pptx';
    return null;
  }
  if (names.has('OFD.xml')) return 'ofd';
  return null;
}

/** The names in a zip's central directory, found from its end; empty when unreadable. */
export function readZipEntryNames(file: FileProbe): string[] {
  const tailStart = Math.max(0, file.sizeBytes - ZIP_TAIL_BYTES);
  const tail = file.readRange(tailStart, file.sizeBytes - tailStart);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  for (let at = tail.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue;
    const directorySize = view.getUint32(at + 12, true);
    const directoryOffset = view.getUint32(at + 16, true);
    // Zip64 archives mark the fields with all ones; evidence files never need them.
    if (directorySize > ZIP_MAX_DIRECTORY_BYTES || directoryOffset + directorySize > file.sizeBytes)
      return [];
    return parseCentralDirectory(file.readRange(directoryOffset, directorySize));
  }
  return [];
}

function parseCentralDirectory(directory: Uint8Array): string[] {
  const view = new DataView(directory.buffer, directory.byteOffset, directory.byteLength);
  const decoder = new TextDecoder('utf-8');
  const names: string[] = [];
  let at = 0;
  while (at + 46 <= directory.length && view.getUint32(at, true) === 0x02014b50) {
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    names.push(decoder.decode(directory.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** Old Office files are OLE2 compound files; the main stream's name says which application. */
function oleKind(file: FileProbe, head: Uint8Array): EvidenceKind | null {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (head.length < 512) return null;
  const sectorShift = view.getUint16(30, true);
  if (sectorShift !== 9 && sectorShift !== 12) return null;
  const sectorSize = 1 << sectorShift;
  const firstDirectorySector = view.getUint32(48, true);
  const directory = file.readRange(
    (firstDirectorySector + 1) * sectorSize,
    OLE_DIRECTORY_SECTORS * sectorSize,
  );
  const names = new Set<string>();
  for (let at = 0; at + 128 <= directory.length; at += 128) {
    const nameBytes = new DataView(directory.buffer, directory.byteOffset + at, 128).getUint16(64, true);
    if (nameBytes < 2 || nameBytes > 64) continue;
    names.add(new TextDecoder('utf-16le').decode(directory.subarray(at, at + nameBytes - 2)));
  }
  if (names.has('WordDocument')) return 'doc';
  if (names.has('Workbook') || names.has('Book')) return 'xls';
  if (names.has('PowerPoint Document')) return 'ppt';
  return null;
}

/** Text when the head has no control bytes and decodes as UTF-8, else as GBK. */
export function textKind(head: Uint8Array, isCut: boolean): EvidenceKind | null {
  for (const byte of head) {
    const isAllowedControl = byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0c;
    if ((byte < 0x20 && !isAllowedControl) || byte === 0x7f) return null;
  }
  if (isValidUtf8(head, isCut)) return 'text_utf8';
  if (isValidGbk(head, isCut)) return 'text_gbk';
  return null;
}

function isValidUtf8(bytes: Uint8Array, isCut: boolean): boolean {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (at < bytes.length) {
    const lead = bytes[at]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : 0;
    const fourByteLength = lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    const sequence = length || fourByteLength;
    if (sequence === 0) return false;
    // A sequence cut off by the end of the examined head is fine when the file goes on.
    if (at + sequence > bytes.length) return isCut;
    for (let index = 1; index < sequence; index++) {
      if ((bytes[at + index]! & 0xc0) !== 0x80) return false;
    }
    at += sequence;
  }
  return true;
}

function isValidGbk(bytes: Uint8Array, isCut: boolean): boolean {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at]!;
    if (lead < 0x80) {
      at += 1;
      continue;
    }
    if (lead < 0x81 || lead > 0xfe) return false;
    if (at + 1 >= bytes.length) return isCut;
    const trail = bytes[at + 1]!;
    if (trail < 0x40 || trail > 0xfe || trail === 0x7f) return false;
    at += 2;
  }
  return true;
}

/** The lower-case extension of a file name, without the dot; empty when there is none. */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

export type DeclarationMismatch = 'extension' | 'declared_type';

/**
 * Whether the file name's extension and the declared Content-Type agree with the sniffed kind.
 * `application/octet-stream` and no type count as "not declared": browsers send them for any
 * extension they do not know (OFD, often DOCX), and the content has decided the kind already.
 */
export function findDeclarationMismatch(
  kind: EvidenceKind,
  fileName: string,
  declaredType: string | null,
): DeclarationMismatch | null {
  const rule = mediaTypeRules[kind];
  if (!rule.extensions.includes(extensionOf(fileName))) return 'extension';
  const declared = (declaredType ?? '').split(';')[0]!.trim().toLowerCase();
  if (declared === '' || declared === 'application/octet-stream') return null;
  return rule.declaredTypes.includes(declared) ? null : 'declared_type';
}
