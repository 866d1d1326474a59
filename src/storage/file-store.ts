/**
 * Content-addressed storage for evidence files in the data folder: a file is kept once under
 * its sha256, written to a temporary name, fsynced and renamed, so a crash never leaves a
 * half-written file under a real name. Uploads are streamed into a staging file while hashing,
 * so a large file never sits in memory, and only reach their real name once accepted.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface StoredFile {
  sha256: string;
  sizeBytes: number;
  storageKey: string;
}

/** A streamed file waiting in the staging folder: inspect it, then commit or discard it. */
export interface StagedFile extends StoredFile {
  /** Reads up to `length` bytes from `start` (fewer at the end of the file). */
  readRange(start: number, length: number): Buffer;
  /** Moves the file under its content address (kept as is when already stored). */
  commit(): StoredFile;
  /** Removes the staging file; safe to call after commit or twice. */
  discard(): void;
}

/** Thrown by `stageStream` when the stream is longer than allowed; nothing is kept. */
export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file exceeds ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

export interface FileStore {
  put(bytes: Uint8Array): StoredFile;
  /** Streams into the staging folder while hashing; refuses more than `maxBytes`. */
  stageStream(source: Readable, options: { maxBytes: number }): Promise<StagedFile>;
  /** Streams a file straight into the store. */
  putStream(source: Readable, options: { maxBytes: number }): Promise<StoredFile>;
  read(storageKey: string): Buffer;
  /** A read stream and the size of a stored file, for downloads. */
  openRead(storageKey: string): { stream: fs.ReadStream; sizeBytes: number };
}

/** The staging folder's name under the root; never a valid two-hex-digit shard. */
const STAGING_DIR = 'staging';

export function createFileStore(rootDir: string): FileStore {
  const pathOf = (storageKey: string) => {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(storageKey))
      throw new Error(`invalid storage key: ${storageKey}`);
    return path.join(rootDir, storageKey);
  };
  const keyOf = (sha256: string) => `${sha256.slice(0, 2)}/${sha256}`;

  /** Renames a fsynced temporary file under the key, unless the same content is already there. */
  const moveIntoPlace = (temporary: string, storageKey: string) => {
    const target = pathOf(storageKey);
    if (fs.existsSync(target)) {
      fs.rmSync(temporary, { force: true });
      return;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(temporary, target);
  };

  const stageStream: FileStore['stageStream'] = async (source, { maxBytes }) => {
    const stagingDir = path.join(rootDir, STAGING_DIR);
    fs.mkdirSync(stagingDir, { recursive: true });
    const temporary = path.join(stagingDir, `${randomBytes(12).toString('hex')}.tmp`);
    const handle = fs.openSync(temporary, 'wx');
    const hash = createHash('sha256');
    let sizeBytes = 0;
    try {
      for await (const chunk of source) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        sizeBytes += bytes.byteLength;
        if (sizeBytes > maxBytes) throw new FileTooLargeError(maxBytes);
        hash.update(bytes);
        let written = 0;
        while (written < bytes.byteLength) written += fs.writeSync(handle, bytes, written);
      }
      fs.fsyncSync(handle);
    } catch (error) {
      fs.closeSync(handle);
      fs.rmSync(temporary, { force: true });
      source.destroy();
      throw error;
    }
    fs.closeSync(handle);
    const sha256 = hash.digest('hex');
    const storageKey = keyOf(sha256);
    let isSettled = false;
    return {
      sha256,
      sizeBytes,
      storageKey,
      readRange(start, length) {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, sizeBytes - start)));
        if (buffer.byteLength === 0) return buffer;
        const reader = fs.openSync(temporary, 'r');
        try {
          const read = fs.readSync(reader, buffer, 0, buffer.byteLength, start);
          return buffer.subarray(0, read);
        } finally {
          fs.closeSync(reader);
        }
      },
      commit() {
        if (isSettled) throw new Error('staged file already committed or discarded');
        moveIntoPlace(temporary, storageKey);
        isSettled = true;
        return { sha256, sizeBytes, storageKey };
      },
      discard() {
        isSettled = true;
        fs.rmSync(temporary, { force: true });
      },
    };
  };

  return {
    put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const storageKey = keyOf(sha256);
      const target = pathOf(storageKey);
      if (!fs.existsSync(target)) {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
        const handle = fs.openSync(temporary, 'w');
        try {
          fs.writeSync(handle, bytes);
          fs.fsyncSync(handle);
        } finally {
          fs.closeSync(handle);
        }
        fs.renameSync(temporary, target);
      }
      return { sha256, sizeBytes: bytes.byteLength, storageKey };
    },
    stageStream,
    async putStream(source, options) {
      return (await stageStream(source, options)).commit();
    },
    read(storageKey) {
      return fs.readFileSync(pathOf(storageKey));
    },
    openRead(storageKey) {
      const file = pathOf(storageKey);
      return { stream: fs.createReadStream(file), sizeBytes: fs.statSync(file).size };
    },
  };
}
