/**
 * `rectify backup FILE`: writes a consistent archive of the configured database and its
 * evidence files. It does not take the server's data-folder lock, so it runs beside a live
 * server; progress goes to stderr so stdout stays the one-line result.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readVersion } from '../app.ts';
import { createBackupService } from '../modules/backup/backup.service.ts';
import type { CliCommand } from './command.ts';
import { reportCliError, withCliContext } from './cli-context.ts';

const usage = `rectify backup FILE

把当前数据库（RECTIFY_DATA_DIR 或 DATABASE_URL）和全部佐证材料备份到 FILE（.tar.gz），服务器运行时也可执行。
Writes a consistent archive (database, evidence files, manifest with hashes) to FILE while the server may run.`;

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: '备份数据库与佐证材料 (back up the database and evidence files)',
  usage,
  async run(args) {
    try {
      const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
      const [file, ...extra] = positionals;
      if (!file || extra.length > 0) {
        process.stderr.write(`${usage}\n`);
        return 2;
      }
      return await withCliContext(async ({ config, database, clock }) => {
        const started = Date.now();
        const backup = createBackupService({
          database,
          filesDir: path.join(config.dataDir, 'files'),
          clock,
          rectifyVersion: readVersion(),
          onProgress: (message) => process.stderr.write(`${message}\n`),
        });
        const summary = await backup.writeBackup(file);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        process.stdout.write(
          `✓ 已备份 ${summary.tables} 张表 ${summary.rows} 行、${summary.files} 份佐证材料到 ${summary.file}` +
            `（${(summary.archiveBytes / 1e6).toFixed(1)} MB，${seconds} 秒）` +
            ` (backed up ${summary.rows} rows and ${summary.files} files)\n`,
        );
        return 0;
      });
    } catch (error) {
      return reportCliError('backup', error);
    }
  },
};
