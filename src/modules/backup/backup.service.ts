/**
 * `rectify backup`: writes a consistent archive of the database and its evidence files while
 * the server keeps running. All tables (found in the schema's catalog, in foreign-key order) are
 * read from one snapshot into ndjson files beside the
 * target (hashing as they go), then the archive is streamed through gzip into FILE.tmp, fsynced
 * and renamed, so FILE is either the previous file or a complete archive — never half of one.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { DatabaseHandle } from '../../storage/database.ts';
import { AppError } from '../common/app-error.ts';
import { nowIso, type Clock } from '../common/clock.ts';
import {
  BACKUP_FORMAT_NAME,
  BACKUP_FORMAT_VERSION,
  encodeRow,
  fileEntryName,
  MANIFEST_ENTRY,
  STORAGE_KEY_PATTERN,
  tableEntryName,
  type BackupManifest,
  type BackupManifestFile,
  type BackupManifestTable,
} from './backup-manifest.ts';
import {
  findAppliedMigrationNames,
  describeTables,
  findEvidenceFiles,
  readTablePage,
  withReadSnapshot,
} from './backup.repository.ts';
import { orderTablesByDependency } from './table-order.rules.ts';
import { tarEnd, tarHeader, tarPadding } from './tar-archive.ts';

/** Rows read per query while dumping a table. */
const PAGE_ROWS = 5_000;
/** Rows between two progress reports within one table. */
const PROGRESS_EVERY_ROWS = 50_000;
/** Files between two progress reports. */
const PROGRESS_EVERY_FILES = 200;

export interface BackupDependencies {
  database: DatabaseHandle;
  /** The file store's root folder (`<dataDir>/files`). */
  filesDir: string;
  clock: Clock;
  /** The running rectify's version, recorded in the manifest. */
  rectifyVersion: string;
  /** Progress lines for a person watching (the CLI prints them on stderr). */
  onProgress?: (message: string) => void;
}

export interface BackupSummary {
  file: string;
  tables: number;
  rows: number;
  files: number;
  archiveBytes: number;
  manifest: BackupManifest;
}

interface DumpedTable extends BackupManifestTable {
  dumpFile: string;
}

export function createBackupService(dependencies: BackupDependencies) {
  const { database, filesDir, clock, rectifyVersion } = dependencies;
  const report = dependencies.onProgress ?? (() => undefined);

  /** Reads every table from one snapshot into ndjson files in `workDir`. */
  async function dumpDatabase(workDir: string) {
    return withReadSnapshot(database, async (executor) => {
      const tableList = orderTablesByDependency(await describeTables(executor, database.dialect));
      // Without a primary key there is no stable order to page by or to compare restores with.
      const keyless = tableList.filter((table) => table.primaryKey.length === 0);
      if (keyless.length > 0)
        throw new AppError(
          'internal',
          `无法备份没有主键的表：${keyless.map((table) => table.name).join('、')}`,
          `cannot back up table(s) without a primary key: ${keyless.map((table) => table.name).join(', ')}`,
        );
      const migrations = await findAppliedMigrationNames(executor);
      const tables: DumpedTable[] = [];
      for (const [index, table] of tableList.entries()) {
        const { columns, primaryKey } = table;
        const dumpFile = path.join(workDir, `${table.name}.ndjson`);
        const handle = fs.openSync(dumpFile, 'w');
        const hash = createHash('sha256');
        let rows = 0;
        let bytes = 0;
        try {
          let after: unknown[] | null = null;
          for (;;) {
            const page = await readTablePage(executor, table.name, primaryKey, after, PAGE_ROWS);
            if (page.length === 0) break;
            const chunk = Buffer.from(page.map((row) => encodeRow(columns, row)).join(''), 'utf8');
            fs.writeSync(handle, chunk);
            hash.update(chunk);
            bytes += chunk.length;
            const previousRows = rows;
            rows += page.length;
            if (Math.floor(rows / PROGRESS_EVERY_ROWS) > Math.floor(previousRows / PROGRESS_EVERY_ROWS))
              report(`  ${table.name}: ${rows} rows…`);
            const last = page[page.length - 1]!;
            after = primaryKey.map((column) => last[column]);
            if (page.length < PAGE_ROWS) break;
          }
        } finally {
          fs.closeSync(handle);
        }
        tables.push({
          name: table.name,
          columns,
          primaryKey,
          rows,
          sha256: hash.digest('hex'),
          bytes,
          dumpFile,
        });
        report(`表 table ${index + 1}/${tableList.length} ${table.name}: ${rows} rows`);
      }
      const files: BackupManifestFile[] = (await findEvidenceFiles(executor)).map((file) => ({
        storageKey: file.storage_key,
        sha256: file.sha256,
        sizeBytes: file.size_bytes,
      }));
      return { migrations, tables, files };
    });
  }

  /** Streams one evidence file into the archive, checking it is the file the database names. */
  async function* evidenceEntry(file: BackupManifestFile): AsyncGenerator<Buffer> {
    if (!STORAGE_KEY_PATTERN.test(file.storageKey) || !file.storageKey.endsWith(file.sha256))
      throw new AppError(
        'internal',
        `佐证材料的存储键不合规：${file.storageKey}`,
        `evidence storage key ${file.storageKey} does not match its sha256`,
      );
    const source = path.join(filesDir, file.storageKey);
    let size: number;
    try {
      size = fs.statSync(source).size;
    } catch {
      throw new AppError(
        'internal',
        `佐证材料文件缺失：${file.storageKey}`,
        `evidence file ${file.storageKey} is missing from ${filesDir}`,
      );
    }
    if (size !== file.sizeBytes)
      throw new AppError(
        'internal',
        `佐证材料文件大小与数据库记录不符：${file.storageKey}`,
        `evidence file ${file.storageKey} has ${size} bytes, the database says ${file.sizeBytes}`,
      );
    yield tarHeader(fileEntryName(file.storageKey), size, clock.now());
    const hash = createHash('sha256');
    for await (const chunk of fs.createReadStream(source)) {
      hash.update(chunk as Buffer);
      yield chunk as Buffer;
    }
    if (hash.digest('hex') !== file.sha256)
      throw new AppError(
        'internal',
        `佐证材料文件已损坏（哈希不符）：${file.storageKey}`,
        `evidence file ${file.storageKey} does not hash to its name (corrupt file store)`,
      );
    yield tarPadding(size);
  }

  async function* archiveEntries(manifest: BackupManifest, tables: DumpedTable[]): AsyncGenerator<Buffer> {
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    const at = clock.now();
    yield tarHeader(MANIFEST_ENTRY, manifestBytes.length, at);
    yield manifestBytes;
    yield tarPadding(manifestBytes.length);
    for (const table of tables) {
      yield tarHeader(tableEntryName(table.name), table.bytes, at);
      yield* fs.createReadStream(table.dumpFile) as AsyncIterable<Buffer>;
      yield tarPadding(table.bytes);
    }
    let bytesDone = 0;
    for (const [index, file] of manifest.files.entries()) {
      yield* evidenceEntry(file);
      bytesDone += file.sizeBytes;
      if ((index + 1) % PROGRESS_EVERY_FILES === 0 || index + 1 === manifest.files.length)
        report(`佐证材料 files ${index + 1}/${manifest.files.length} (${(bytesDone / 1e6).toFixed(1)} MB)`);
    }
    yield tarEnd();
  }

  return {
    /** Writes the archive to `file` (replacing it only once the new one is complete and synced). */
    async writeBackup(file: string): Promise<BackupSummary> {
      const target = path.resolve(file);
      const temporary = `${target}.tmp`;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const workDir = fs.mkdtempSync(path.join(path.dirname(target), '.rectify-backup-'));
      try {
        const { migrations, tables, files } = await dumpDatabase(workDir);
        const manifest: BackupManifest = {
          format: BACKUP_FORMAT_NAME,
          formatVersion: BACKUP_FORMAT_VERSION,
          rectifyVersion,
          createdAt: nowIso(clock),
          sourceDialect: database.dialect,
          migrations,
          tables: tables.map(({ dumpFile: _dumpFile, ...table }) => table),
          files,
        };
        await pipeline(
          Readable.from(archiveEntries(manifest, tables)),
          createGzip(),
          fs.createWriteStream(temporary),
        );
        const handle = fs.openSync(temporary, 'r+');
        try {
          fs.fsyncSync(handle);
        } finally {
          fs.closeSync(handle);
        }
        fs.renameSync(temporary, target);
        syncDirectory(path.dirname(target));
        return {
          file: target,
          tables: tables.length,
          rows: tables.reduce((sum, table) => sum + table.rows, 0),
          files: files.length,
          archiveBytes: fs.statSync(target).size,
          manifest,
        };
      } catch (error) {
        fs.rmSync(temporary, { force: true });
        throw error;
      } finally {
        fs.rmSync(workDir, { recursive: true, force: true });
      }
    },
  };
}

/** Makes a rename durable: the directory entry itself is flushed (a no-op where unsupported). */
function syncDirectory(directory: string): void {
  try {
    const handle = fs.openSync(directory, 'r');
    try {
      fs.fsyncSync(handle);
    } finally {
      fs.closeSync(handle);
    }
  } catch {
    // Some platforms cannot open a directory for fsync; the rename is still atomic there.
  }
}
