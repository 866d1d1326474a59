/**
 * `rectify restore FILE`: restores a backup archive into the configured, empty database and
 * data folder. It holds the data folder's server lock throughout, so no server can start on
 * the folder half-way, and it ends with the integrity check's verdict.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { createRestoreService } from '../modules/backup/restore.service.ts';
import { lockDataDir } from '../storage/data-dir-lock.ts';
import type { CliCommand } from './command.ts';
import { reportCliError, withCliContext } from './cli-context.ts';

const usage = `rectify restore FILE

把备份文件 FILE 恢复到当前的空数据目录或空数据库（RECTIFY_DATA_DIR / DATABASE_URL），之后检查完整性。
Restores the archive FILE into the configured data folder or database, which must be empty, then verifies integrity.`;

export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: '从备份恢复到空的数据目录或数据库 (restore a backup into an empty target)',
  usage,
  async run(args) {
    try {
      const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
      const [file, ...extra] = positionals;
      if (!file || extra.length > 0) {
        process.stderr.write(`${usage}\n`);
        return 2;
      }
      const lock = lockDataDir(readConfig().dataDir);
      try {
        return await withCliContext(async ({ config, database }) => {
          const started = Date.now();
          const restore = createRestoreService({
            database,
            filesDir: path.join(config.dataDir, 'files'),
            onProgress: (message) => process.stderr.write(`${message}\n`),
          });
          const summary = await restore.restoreBackup(path.resolve(file));
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          process.stdout.write(
            `✓ 已恢复 ${summary.manifest.tables.length} 张表 ${summary.rows} 行、${summary.files} 份佐证材料（${seconds} 秒）` +
              ` (restored ${summary.rows} rows and ${summary.files} files)\n`,
          );
          const { integrity } = summary;
          for (const finding of integrity.findings) process.stdout.write(`✗ ${finding}\n`);
          process.stdout.write(
            integrity.isHealthy
              ? `✓ 数据库完整，已校验 ${integrity.eventsChecked} 条操作记录 (database intact, ${integrity.eventsChecked} events verified)\n`
              : `发现 ${integrity.findings.length} 处问题 (${integrity.findings.length} findings)\n`,
          );
          return integrity.isHealthy ? 0 : 1;
        });
      } finally {
        lock.release();
      }
    } catch (error) {
      return reportCliError('restore', error);
    }
  },
};
