/** `rectify check`: verifies the database's integrity and the event log's hash chains. */
import { checkIntegrity } from '../modules/system/integrity.service.ts';
import type { CliCommand } from './command.ts';
import { reportCliError, withCliContext } from './cli-context.ts';

export const checkCommand: CliCommand = {
  name: 'check',
  summary: '检查数据库完整性与操作日志链 (verify database integrity and the event chain)',
  usage: 'rectify check\n\n检查数据库完整性（SQLite integrity_check、外键）和每个巡察办操作日志的哈希链。',
  async run() {
    try {
      return await withCliContext(async ({ database }) => {
        const report = await checkIntegrity(database);
        for (const finding of report.findings) process.stdout.write(`✗ ${finding}\n`);
        process.stdout.write(
          report.isHealthy
            ? `✓ 数据库完整，已校验 ${report.eventsChecked} 条操作记录 (database intact, ${report.eventsChecked} events verified)\n`
            : `发现 ${report.findings.length} 处问题 (${report.findings.length} findings)\n`,
        );
        return report.isHealthy ? 0 : 1;
      });
    } catch (error) {
      return reportCliError('check', error);
    }
  },
};
