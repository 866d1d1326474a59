/**
 * Content-addressed storage for evidence files in the data folder: a file is kept once under
 * its sha256, written to a temporary name, fsynced and renamed, so a crash never leaves a
 * half-written file under a real name.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface StoredFile {
  sha256: string;
  sizeBytes: number;
  storageKey: string;
}

export interface FileStore {
  put(bytes: Uint8Array): StoredFile;
  read(storageKey: string): Buffer;
}

export function createFileStore(rootDir: string): FileStore {
  const pathOf = (storageKey: string) => {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(storageKey))
      throw new Error(`invalid storage key: ${storageKey}`);
    return path.join(rootDir, storageKey);
  };
  return {
    put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const storageKey = `${sha256.slice(0, 2)}/${sha256}`;
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
    read(storageKey) {
      return fs.readFileSync(pathOf(storageKey));
    },
  };
}
