/**
 * A minimal ustar (POSIX tar) writer and streaming reader for backup archives. Only regular
 * files are written or accepted; every header's checksum is verified, and an archive that
 * ends before its end-of-archive blocks is reported as truncated rather than read as whole.
 */

/** Tar's block size in bytes: headers and padded contents are multiples of it. */
const BLOCK_BYTES = 512;
/** The largest entry an 11-digit octal size field can describe (8 GiB - 1), in bytes. */
const MAX_ENTRY_BYTES = 8 ** 11 - 1;

export class TarFormatError extends Error {
  override name = 'TarFormatError';
}

export interface TarEntry {
  name: string;
  size: number;
  /** The entry's bytes; the reader skips whatever the consumer leaves unread. */
  body: AsyncGenerator<Buffer>;
}

function writeField(header: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new TarFormatError(`tar field too long: ${value}`);
  bytes.copy(header, offset);
}

function octal(value: number, digits: number): string {
  return `${value.toString(8).padStart(digits, '0')}\0`;
}

/** The 512-byte ustar header of a regular file. */
export function tarHeader(name: string, size: number, modifiedAt: Date): Buffer {
  if (size > MAX_ENTRY_BYTES) throw new TarFormatError(`entry ${name} is larger than tar allows: ${size}`);
  const header = Buffer.alloc(BLOCK_BYTES);
  // Names longer than 100 bytes go into the ustar prefix field, split at a slash.
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100)
      throw new TarFormatError(`entry name too long for ustar: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  writeField(header, 0, 100, base);
  writeField(header, 100, 8, octal(0o644, 7));
  writeField(header, 108, 8, octal(0, 7));
  writeField(header, 116, 8, octal(0, 7));
  writeField(header, 124, 12, octal(size, 11));
  writeField(header, 136, 12, octal(Math.floor(modifiedAt.getTime() / 1000), 11));
  writeField(header, 148, 8, '        ');
  writeField(header, 156, 1, '0');
  writeField(header, 257, 6, 'ustar\0');
  writeField(header, 263, 2, '00');
  writeField(header, 265, 32, 'rectify');
  writeField(header, 297, 32, 'rectify');
  writeField(header, 345, 155, prefix);
  writeField(header, 148, 8, `${checksumOf(header).toString(8).padStart(6, '0')}\0 `);
  return header;
}

function checksumOf(header: Buffer): number {
  let sum = 0;
  for (let index = 0; index < BLOCK_BYTES; index += 1) {
    // The checksum field itself counts as eight spaces.
    sum += index >= 148 && index < 156 ? 0x20 : header[index]!;
  }
  return sum;
}

/** Zero bytes that pad an entry of `size` bytes to a whole block. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((BLOCK_BYTES - (size % BLOCK_BYTES)) % BLOCK_BYTES);
}

/** The two zero blocks that end an archive. */
export function tarEnd(): Buffer {
  return Buffer.alloc(BLOCK_BYTES * 2);
}

function readString(header: Buffer, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function readOctal(header: Buffer, offset: number, length: number, what: string): number {
  const text = readString(header, offset, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`tar header has an invalid ${what}: "${text}"`);
  return parseInt(text, 8);
}

function parseHeader(header: Buffer): { name: string; size: number } {
  const expected = readOctal(header, 148, 8, 'checksum');
  if (checksumOf(header) !== expected) throw new TarFormatError('tar header checksum mismatch');
  const name = readString(header, 0, 100);
  const prefix = readString(header, 345, 155);
  const fullName = prefix ? `${prefix}/${name}` : name;
  const type = String.fromCharCode(header[156]!);
  if (type !== '0' && type !== '\0')
    throw new TarFormatError(`tar entry ${fullName} is not a regular file (type ${type})`);
  return { name: fullName, size: readOctal(header, 124, 12, `size of ${fullName}`) };
}

/** Reads exact byte counts from a stream of chunks of any size. */
class ChunkReader {
  private pending: Buffer = Buffer.alloc(0);
  private isDone = false;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async fill(): Promise<boolean> {
    if (this.isDone) return false;
    const next = await this.source.next();
    if (next.done) {
      this.isDone = true;
      return false;
    }
    this.pending = this.pending.length === 0 ? next.value : Buffer.concat([this.pending, next.value]);
    return true;
  }

  /** Exactly `count` bytes, or fewer (isComplete false) when the stream ends first. */
  async readExact(count: number): Promise<{ bytes: Buffer; isComplete: boolean }> {
    while (this.pending.length < count && (await this.fill()));
    const bytes = this.pending.subarray(0, count);
    this.pending = this.pending.subarray(bytes.length);
    return { bytes, isComplete: bytes.length === count };
  }

  /** Up to `limit` bytes (at least one); throws when the stream has ended. */
  async readSome(limit: number): Promise<Buffer> {
    if (this.pending.length === 0 && !(await this.fill()))
      throw new TarFormatError('archive is truncated (ends inside an entry)');
    const bytes = this.pending.subarray(0, limit);
    this.pending = this.pending.subarray(bytes.length);
    return bytes;
  }

  /** Reads to the end, so a compressed source verifies its trailer. */
  async drain(): Promise<void> {
    this.pending = Buffer.alloc(0);
    while (await this.fill()) this.pending = Buffer.alloc(0);
  }
}

/** The entries of a tar stream, in order; each entry's body must be read before asking for the next. */
export async function* readTarEntries(source: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const reader = new ChunkReader(source[Symbol.asyncIterator]());
  for (;;) {
    const { bytes: header, isComplete } = await reader.readExact(BLOCK_BYTES);
    if (!isComplete) throw new TarFormatError('archive is truncated (no end-of-archive marker)');
    if (header.every((byte) => byte === 0)) {
      await reader.drain();
      return;
    }
    const { name, size } = parseHeader(header);
    let remaining = size;
    async function* body(): AsyncGenerator<Buffer> {
      while (remaining > 0) {
        const chunk = await reader.readSome(remaining);
        remaining -= chunk.length;
        yield chunk;
      }
    }
    yield { name, size, body: body() };
    while (remaining > 0) remaining -= (await reader.readSome(remaining)).length;
    const padding = tarPadding(size).length;
    if (padding > 0 && !(await reader.readExact(padding)).isComplete)
      throw new TarFormatError(`archive is truncated (ends after entry ${name})`);
  }
}
