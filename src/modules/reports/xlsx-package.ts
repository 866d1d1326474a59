/**
 * The zip side of reading an .xlsx: opens the package (the zip is small and held whole), follows
 * its relationships to parts, and streams one XML part at a time through a UTF-8 decoder with
 * `stream: true` (a character split between two inflated pieces stays whole) into the XML
 * scanner. Everything inflated from one file shares a size budget, and the zip's own entry
 * count is bounded before it is indexed, so a zip bomb is refused however its headers read.
 */
import JSZip from 'jszip';
import { XmlFormatError, XmlScanner, type XmlEvents } from './xlsx-xml-scanner.ts';

/** The file cannot be read as a workbook; `message` is Chinese and says why. */
export class XlsxReadError extends Error {
  constructor(
    message: string,
    readonly reason: 'not_xlsx' | 'too_large' | 'malformed',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'XlsxReadError';
  }
}

/** Inflated bytes allowed across all the parts read from one file. */
export const MAX_INFLATED_XLSX_BYTES = 256 * 1024 * 1024;
/** Parts a zip may list: a workbook has a few dozen, and the zip library keeps each in memory. */
const MAX_ZIP_ENTRIES = 10_000;

const tooLarge = (limit: number) =>
  new XlsxReadError(`文件解压后过大（超过 ${Math.round(limit / 1024 / 1024)} MB），无法读取`, 'too_large');
export const malformed = (message: string, cause?: unknown) =>
  new XlsxReadError(message, 'malformed', cause === undefined ? undefined : { cause });

/** JSZip's per-entry stream (present at runtime, missing from its type declarations). */
interface EntryStream {
  on(event: 'data', listener: (chunk: Uint8Array) => void): EntryStream;
  on(event: 'error', listener: (error: Error) => void): EntryStream;
  on(event: 'end', listener: () => void): EntryStream;
  pause(): EntryStream;
  resume(): EntryStream;
}

/** Feeds UTF-8 byte pieces to a scanner, decoding with `stream: true` so no character is split. */
export function createPartDecoder(part: string, events: XmlEvents) {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const scanner = new XmlScanner(part, events);
  const decode = (bytes?: Uint8Array) => {
    try {
      return decoder.decode(bytes, { stream: bytes !== undefined });
    } catch (error) {
      throw malformed(`${part} 不是有效的 UTF-8 文本`, error);
    }
  };
  return {
    write: (bytes: Uint8Array) => scanner.write(decode(bytes)),
    end: () => {
      scanner.write(decode());
      scanner.end();
    },
  };
}

/** Inflates one part piece by piece into `events`, within the shared budget. */
function scanPart(
  entry: JSZip.JSZipObject,
  budget: { remaining: number; limit: number },
  events: XmlEvents,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const part = createPartDecoder(entry.name, events);
    let size = 0;
    let isSettled = false;
    const stream = (entry as unknown as { internalStream(type: 'uint8array'): EntryStream }).internalStream(
      'uint8array',
    );
    const settle = (error?: unknown) => {
      if (isSettled) return;
      isSettled = true;
      if (error === undefined) {
        resolve();
        return;
      }
      stream.pause();
      reject(
        error instanceof XmlFormatError
          ? malformed(error.message, error)
          : error instanceof XlsxReadError
            ? error
            : malformed(`无法解压 ${entry.name}`, error),
      );
    };
    stream
      .on('data', (chunk) => {
        if (isSettled) return;
        size += chunk.length;
        if (size > budget.remaining) {
          settle(tooLarge(budget.limit));
          return;
        }
        try {
          part.write(chunk);
        } catch (error) {
          settle(error);
        }
      })
      .on('error', (error) => settle(error))
      .on('end', () => {
        if (isSettled) return;
        budget.remaining -= size;
        try {
          part.end();
          settle();
        } catch (error) {
          settle(error);
        }
      })
      .resume();
  });
}

/** A part's path from a relationship target, relative to the part that holds the relationship. */
export function resolveTarget(fromPart: string, target: string): string {
  const segments = target.startsWith('/') ? [] : fromPart.split('/').slice(0, -1);
  for (const segment of target.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

const relationshipsOf = (part: string) => {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
};

export interface Relationship {
  id: string;
  type: string;
  target: string;
}

function relationshipEvents(into: Relationship[]): XmlEvents {
  return {
    open(name, attributes) {
      if (name === 'Relationship' && attributes.TargetMode !== 'External' && attributes.Target) {
        into.push({ id: attributes.Id ?? '', type: attributes.Type ?? '', target: attributes.Target });
      }
    },
    close() {},
    text() {},
  };
}

/** The entry count in a zip's end-of-central-directory record, or null when it has none. */
function declaredEntryCount(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The record is the last 22 bytes, followed by a comment of up to 65,535 bytes.
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 65_535; at -= 1) {
    if (view.getUint32(at, true) === 0x06054b50) return view.getUint16(at + 10, true);
  }
  return null;
}

function findEntry(zip: JSZip, path: string): JSZip.JSZipObject | null {
  const exact = zip.file(path);
  if (exact) return exact;
  const lower = path.toLowerCase();
  return zip.file(/./).find((entry) => entry.name.toLowerCase() === lower) ?? null;
}

export interface XlsxPackage {
  /** Streams the part into `events`; false when the package has no such part. */
  scan(part: string, events: XmlEvents): Promise<boolean>;
  /** The relationships of a part ('' for the package's own), external targets left out. */
  relationships(part: string): Promise<Relationship[]>;
}

/** Opens the zip; `maxInflatedBytes` bounds the inflated size of everything read from it. */
export async function openXlsxPackage(bytes: Uint8Array, maxInflatedBytes: number): Promise<XlsxPackage> {
  if ((declaredEntryCount(bytes) ?? 0) > MAX_ZIP_ENTRIES) {
    throw new XlsxReadError(`文件包含的部件过多（超过 ${MAX_ZIP_ENTRIES} 个），不是台账工作簿`, 'too_large');
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    throw new XlsxReadError('文件不是有效的 .xlsx（无法解压）', 'not_xlsx', { cause: error });
  }
  // The declared sizes refuse an honest bomb before any inflating; scanPart catches a lying one.
  let declared = 0;
  zip.forEach((_path, entry) => {
    declared += (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  });
  if (declared > maxInflatedBytes) throw tooLarge(maxInflatedBytes);
  const budget = { remaining: maxInflatedBytes, limit: maxInflatedBytes };
  const scan = async (part: string, events: XmlEvents) => {
    const entry = findEntry(zip, part);
    if (!entry) return false;
    await scanPart(entry, budget, events);
    return true;
  };
  return {
    scan,
    async relationships(part) {
      const relationships: Relationship[] = [];
      await scan(relationshipsOf(part), relationshipEvents(relationships));
      return relationships;
    },
  };
}
