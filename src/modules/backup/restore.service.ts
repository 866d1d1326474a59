/**
 * `rectify restore`: reproduces a backup archive in an empty database and data folder. The
 * target's schema is migrated first; then every row is inserted with its original id, in one
 * transaction, while each table's bytes are hashed against the manifest. Evidence files are
 * verified and staged beside the file store, moved in just before the commit, and the whole
 * restore changes nothing when any table or file is missing, damaged or altered.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import type { DatabaseHandle, DatabaseTransaction } from '../../storage/database.ts';
import { migrateToLatest, schemaMigrations } from '../../storage/migrate.ts';
import { AppError } from '../common/app-error.ts';
import { checkIntegrity, type IntegrityReport } from '../system/integrity.service.ts';
import {
  BACKUP_FORMAT_NAME,
  BACKUP_FORMAT_VERSION,
  BackupManifestSchema,
  fileEntryName,
  MANIFEST_ENTRY,
  tableEntryName,
  type BackupManifest,
  type BackupManifestFile,
  type BackupManifestTable,
} from './backup-manifest.ts';
import {
  deferForeignKeys,
  describeTables,
  hasAnyRow,
  insertRows,
  resetIdentitySequence,
  setSelfReference,
  type TableRow,
} from './backup.repository.ts';
import { selfReferences, type TableDescription } from './table-order.rules.ts';
import { readTarEntries, TarFormatError, type TarEntry } from './tar-archive.ts';

/** Largest number of bound values in one INSERT (below SQLite's 32,766 and PostgreSQL's 65,535). */
const MAX_VALUES_PER_INSERT = 30_000;
/** Rows per INSERT at most, whatever the column count. */
const MAX_ROWS_PER_INSERT = 1_000;
/** Rows between two progress reports within one table. */
const PROGRESS_EVERY_ROWS = 50_000;
/** Largest manifest accepted, in bytes: guards memory against a hostile archive. */
const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

export interface RestoreDependencies {
  database: DatabaseHandle;
  /** The target file store's root folder (`<dataDir>/files`). */
  filesDir: string;
  onProgress?: (message: string) => void;
}

export interface RestoreSummary {
  manifest: BackupManifest;
  rows: number;
  files: number;
  integrity: IntegrityReport;
}

function damaged(chinese: string, english: string, where?: string): AppError {
  return new AppError(
    'invalid_document',
    `备份文件无效或已损坏：${chinese}`,
    `backup archive invalid: ${english}`,
    where ? { where } : {},
  );
}

/** Errors that mean the archive's bytes are bad: its tar structure or its compression. */
function isArchiveDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof TarFormatError || (typeof code === 'string' && code.startsWith('Z_'));
}

async function readWhole(entry: TarEntry, limit: number): Promise<Buffer> {
  if (entry.size > limit) throw damaged(`${entry.name} 过大`, `${entry.name} is too large`, entry.name);
  const chunks: Buffer[] = [];
  for await (const chunk of entry.body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function parseManifest(bytes: Buffer): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw damaged('清单不是有效的 JSON', 'manifest.json is not valid JSON', MANIFEST_ENTRY);
  }
  const format = (json as { format?: unknown; formatVersion?: unknown } | null) ?? {};
  if (format.format !== BACKUP_FORMAT_NAME)
    throw damaged('不是 rectify 备份文件', 'not a rectify backup (manifest format)', MANIFEST_ENTRY);
  if (format.formatVersion !== BACKUP_FORMAT_VERSION)
    throw damaged(
      `备份格式版本 ${String(format.formatVersion)} 不受支持（本程序支持 ${BACKUP_FORMAT_VERSION}）`,
      `format version ${String(format.formatVersion)} is not supported (this rectify reads ${BACKUP_FORMAT_VERSION})`,
      MANIFEST_ENTRY,
    );
  const parsed = BackupManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw damaged(
      `清单字段 ${where} 不合规`,
      `manifest field ${where}: ${issue?.message ?? ''}`,
      MANIFEST_ENTRY,
    );
  }
  const manifest = parsed.data;
  const knownMigrations = new Set(schemaMigrations.map((migration) => migration.name));
  const unknownMigrations = manifest.migrations.filter((name) => !knownMigrations.has(name));
  if (unknownMigrations.length > 0)
    throw new AppError(
      'invalid_document',
      `备份来自更新版本的 rectify（数据库结构 ${unknownMigrations.join('、')}），请先升级本程序`,
      `backup was made by a newer rectify (unknown migrations ${unknownMigrations.join(', ')})`,
    );
  return manifest;
}

/** Refuses an archive whose tables or columns the target schema does not have. */
function matchTargetTables(
  manifest: BackupManifest,
  targetTables: readonly TableDescription[],
): Map<string, TableDescription> {
  const byName = new Map(targetTables.map((table) => [table.name, table]));
  for (const table of manifest.tables) {
    const target = byName.get(table.name);
    const missing = target ? table.columns.filter((column) => !target.columns.includes(column)) : [];
    if (!target || missing.length > 0)
      throw new AppError(
        'invalid_document',
        `备份中的表 ${table.name}${target ? ` 的列 ${missing.join('、')}` : ''} 在当前数据库结构中不存在`,
        `archive table ${table.name}${target ? ` columns ${missing.join(', ')}` : ''} not in the target schema`,
        { where: tableEntryName(table.name) },
      );
  }
  return byName;
}

/** Splits a stream of bytes into lines, hashing and counting the bytes as they pass. */
async function* readLines(
  body: AsyncIterable<Buffer>,
  hash: ReturnType<typeof createHash>,
  counter: { bytes: number },
): AsyncGenerator<string> {
  let carry = Buffer.alloc(0);
  for await (const chunk of body) {
    hash.update(chunk);
    counter.bytes += chunk.length;
    let data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let newline = data.indexOf(0x0a);
    while (newline !== -1) {
      yield data.subarray(0, newline).toString('utf8');
      data = data.subarray(newline + 1);
      newline = data.indexOf(0x0a);
    }
    carry = Buffer.from(data);
  }
  if (carry.length > 0) yield carry.toString('utf8');
}

export function createRestoreService(dependencies: RestoreDependencies) {
  const { database, filesDir } = dependencies;
  const report = dependencies.onProgress ?? (() => undefined);

  async function assertTargetEmpty(targetTables: readonly TableDescription[]): Promise<void> {
    const filled: string[] = [];
    for (const table of targetTables) {
      if (await hasAnyRow(database.db, table.name)) filled.push(table.name);
    }
    if (filled.length === 0) return;
    const named = `${filled.slice(0, 5).join('、')}${filled.length > 5 ? ' 等' : ''}`;
    const namedEnglish = `${filled.slice(0, 5).join(', ')}${filled.length > 5 ? ` and ${filled.length - 5} more` : ''}`;
    const hasData = filled.includes('offices') || filled.includes('users');
    throw new AppError(
      'conflict',
      hasData
        ? `目标数据库已有数据（${named}），只能恢复到空的数据目录或空数据库`
        : `目标数据库不是空的（${named} 中有记录），只能恢复到空的数据目录或空数据库`,
      `restore target ${database.location} is not empty (rows in ${namedEnglish}); restore only into an empty data folder or database`,
    );
  }

  async function restoreTable(
    transaction: DatabaseTransaction,
    entry: TarEntry,
    described: BackupManifestTable,
    target: TableDescription,
  ): Promise<number> {
    const table = described.name;
    // A reference to a row not inserted yet (a parent with a higher id) is set once the whole
    // table is in, keyed by the single-column primary key.
    const key = described.primaryKey.length === 1 ? described.primaryKey[0]! : null;
    const deferredColumns = key
      ? selfReferences(target).filter((column) => described.columns.includes(column))
      : [];
    const hash = createHash('sha256');
    const counter = { bytes: 0 };
    const batchRows = Math.max(
      1,
      Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_VALUES_PER_INSERT / described.columns.length)),
    );
    const seenKeys = new Set<unknown>();
    const laterReferences: Array<{ key: unknown; column: string; target: unknown }> = [];
    let batch: TableRow[] = [];
    let rows = 0;
    const flush = async () => {
      try {
        await insertRows(transaction, table, batch);
      } catch (error) {
        const cause = error instanceof Error ? error.message : String(error);
        throw damaged(
          `表 ${table} 的数据无法写入：${cause}`,
          `table ${table}: insert failed: ${cause}`,
          entry.name,
        );
      }
      batch = [];
    };
    for await (const line of readLines(entry.body, hash, counter)) {
      rows += 1;
      let values: unknown;
      try {
        values = JSON.parse(line);
      } catch {
        values = undefined;
      }
      if (!Array.isArray(values) || values.length !== described.columns.length)
        throw damaged(
          `表 ${table} 第 ${rows} 行已损坏`,
          `table ${table}: line ${rows} is not a row of ${described.columns.length} values`,
          `${entry.name}:${rows}`,
        );
      const row: TableRow = {};
      described.columns.forEach((column, index) => {
        row[column] = values[index];
      });
      if (key && deferredColumns.length > 0) {
        for (const column of deferredColumns) {
          const referenced = row[column];
          if (referenced != null && !seenKeys.has(referenced) && referenced !== row[key]) {
            laterReferences.push({ key: row[key], column, target: referenced });
            row[column] = null;
          }
        }
        seenKeys.add(row[key]);
      }
      batch.push(row);
      if (batch.length >= batchRows) await flush();
      if (rows % PROGRESS_EVERY_ROWS === 0) report(`  ${table}: ${rows} rows…`);
    }
    await flush();
    for (const reference of laterReferences)
      await setSelfReference(transaction, table, key!, reference.key, reference.column, reference.target);
    if (hash.digest('hex') !== described.sha256 || counter.bytes !== described.bytes)
      throw damaged(
        `表 ${table} 的内容与清单中的哈希不符`,
        `table ${table}: content does not match the manifest's sha256`,
        entry.name,
      );
    if (rows !== described.rows)
      throw damaged(
        `表 ${table} 的行数 ${rows} 与清单 ${described.rows} 不符`,
        `table ${table}: ${rows} rows, the manifest says ${described.rows}`,
        entry.name,
      );
    if (key === 'id') await resetIdentitySequence(transaction, database.dialect, table);
    return rows;
  }

  /** Writes one evidence file into the staging folder after checking size and sha256. */
  async function stageFile(entry: TarEntry, file: BackupManifestFile, stagingDir: string): Promise<string> {
    if (entry.size !== file.sizeBytes)
      throw damaged(
        `佐证材料 ${file.storageKey} 的大小与清单不符`,
        `file ${file.storageKey}: ${entry.size} bytes, the manifest says ${file.sizeBytes}`,
        entry.name,
      );
    const staged = path.join(stagingDir, file.sha256);
    const handle = fs.openSync(staged, 'w');
    const hash = createHash('sha256');
    try {
      for await (const chunk of entry.body) {
        hash.update(chunk);
        fs.writeSync(handle, chunk);
      }
      fs.fsyncSync(handle);
    } finally {
      fs.closeSync(handle);
    }
    const actual = hash.digest('hex');
    if (actual !== file.sha256 || !file.storageKey.endsWith(actual))
      throw damaged(
        `佐证材料 ${file.storageKey} 的哈希不符`,
        `file ${file.storageKey}: content hashes to ${actual}`,
        entry.name,
      );
    return staged;
  }

  async function restoreEntries(
    transaction: DatabaseTransaction,
    entries: AsyncGenerator<TarEntry>,
    manifest: BackupManifest,
    targetTables: Map<string, TableDescription>,
    stagingDir: string,
  ): Promise<{ rows: number; staged: Map<string, string> }> {
    const tablesByEntry = new Map(manifest.tables.map((table) => [tableEntryName(table.name), table]));
    const filesByEntry = new Map(manifest.files.map((file) => [fileEntryName(file.storageKey), file]));
    const staged = new Map<string, string>();
    const restoredTables = new Set<string>();
    let rows = 0;
    await deferForeignKeys(transaction, database.dialect);
    // Tables must come in the manifest's order, which is their foreign-key dependency order.
    let nextTableIndex = 0;
    for await (const entry of entries) {
      const described = tablesByEntry.get(entry.name);
      if (described) {
        const position = manifest.tables.indexOf(described);
        if (position !== nextTableIndex)
          throw damaged(
            `表 ${described.name} 顺序错误或重复`,
            `table ${described.name} out of order or repeated`,
          );
        nextTableIndex = position + 1;
        rows += await restoreTable(transaction, entry, described, targetTables.get(described.name)!);
        restoredTables.add(described.name);
        report(
          `表 table ${restoredTables.size}/${manifest.tables.length} ${described.name}: ${described.rows} rows`,
        );
        continue;
      }
      const file = filesByEntry.get(entry.name);
      if (file) {
        if (staged.has(file.storageKey))
          throw damaged(`佐证材料 ${file.storageKey} 重复`, `file ${file.storageKey} repeated`, entry.name);
        staged.set(file.storageKey, await stageFile(entry, file, stagingDir));
        if (staged.size % 200 === 0 || staged.size === manifest.files.length)
          report(`佐证材料 files ${staged.size}/${manifest.files.length}`);
        continue;
      }
      throw damaged(
        `清单中没有的条目 ${entry.name}`,
        `entry ${entry.name} is not in the manifest`,
        entry.name,
      );
    }
    const missingTables = manifest.tables.filter((table) => !restoredTables.has(table.name));
    const missingFiles = manifest.files.filter((file) => !staged.has(file.storageKey));
    if (missingTables.length > 0 || missingFiles.length > 0) {
      const missing = [
        ...missingTables.map((table) => tableEntryName(table.name)),
        ...missingFiles.map((file) => fileEntryName(file.storageKey)),
      ];
      throw damaged(
        `缺少 ${missing.slice(0, 5).join('、')}${missing.length > 5 ? ' 等' : ''}`,
        `missing entries: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`,
      );
    }
    return { rows, staged };
  }

  /** Moves staged files into the content-addressed store; returns the ones it created. */
  function publishFiles(staged: Map<string, string>): string[] {
    const created: string[] = [];
    for (const [storageKey, stagedFile] of staged) {
      const target = path.join(filesDir, storageKey);
      if (fs.existsSync(target)) continue;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(stagedFile, target);
      created.push(target);
    }
    return created;
  }

  return {
    /** Restores `file` into the (empty) target; throws an AppError naming what is wrong. */
    async restoreBackup(file: string): Promise<RestoreSummary> {
      if (!fs.existsSync(file) || !fs.statSync(file).isFile())
        throw new AppError('not_found', `找不到备份文件：${file}`, `backup file ${file} not found`);
      await migrateToLatest(database.db, database.dialect);
      const targetTables = await describeTables(database.db, database.dialect);
      await assertTargetEmpty(targetTables);
      fs.mkdirSync(filesDir, { recursive: true });
      const stagingDir = path.join(filesDir, `.restore-${randomBytes(6).toString('hex')}`);
      fs.mkdirSync(stagingDir);
      const source = fs.createReadStream(file);
      const gunzip = createGunzip();
      source.on('error', (error) => gunzip.destroy(error));
      source.pipe(gunzip);
      let currentEntry = '(start)';
      let isReading = true;
      let createdFiles: string[] = [];
      try {
        const entries = readTarEntries(gunzip);
        const tracked = (async function* () {
          for await (const entry of entries) {
            currentEntry = entry.name;
            yield entry;
          }
          currentEntry = '(end)';
        })();
        const first = await tracked.next();
        if (first.done || first.value.name !== MANIFEST_ENTRY)
          throw damaged('开头不是清单 manifest.json', 'the archive does not start with manifest.json');
        const manifest = parseManifest(await readWhole(first.value, MAX_MANIFEST_BYTES));
        const targetByName = matchTargetTables(manifest, targetTables);
        report(
          `备份 backup of ${manifest.createdAt} (${manifest.sourceDialect}, rectify ${manifest.rectifyVersion}): ${manifest.tables.length} tables, ${manifest.files.length} files`,
        );
        const { rows, staged } = await database.db.transaction().execute(async (transaction) => {
          const restored = await restoreEntries(transaction, tracked, manifest, targetByName, stagingDir);
          // Files go in before the commit: if the commit fails they are only unreferenced copies,
          // while a commit without its files would leave evidence missing.
          createdFiles = publishFiles(restored.staged);
          isReading = false;
          return restored;
        });
        const integrity = await checkIntegrity(database);
        return { manifest, rows, files: staged.size, integrity };
      } catch (error) {
        for (const created of createdFiles) fs.rmSync(created, { force: true });
        // Damage found while the archive is read is reported with the entry where it showed.
        if (!isReading || !isArchiveDamage(error)) throw error;
        const cause = error instanceof Error ? error.message : String(error);
        throw damaged(
          `读取 ${currentEntry} 时出错：${cause}`,
          `while reading ${currentEntry}: ${cause}`,
          currentEntry,
        );
      } finally {
        source.destroy();
        gunzip.destroy();
        fs.rmSync(stagingDir, { recursive: true, force: true });
      }
    },
  };
}
