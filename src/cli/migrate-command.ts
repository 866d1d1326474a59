/** `rectify migrate`: brings the configured database's schema up to date (start does this too). */
import type { CliCommand } from './command.ts';
import { reportCliError, withCliContext } from './cli-context.ts';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: '升级数据库结构 (apply database migrations)',
  usage: 'rectify migrate\n\n对 RECTIFY_DATA_DIR 中的 SQLite 或 DATABASE_URL 指向的 PostgreSQL 执行迁移。',
  async run() {
    try {
      return await withCliContext(async ({ database }) => {
        process.stdout.write(
          `数据库结构已是最新 (schema up to date): ${database.dialect} ${database.location}\n`,
        );
        return 0;
      });
    } catch (error) {
      return reportCliError('migrate', error);
    }
  },
};
