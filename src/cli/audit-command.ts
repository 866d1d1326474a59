/** `rectify audit verify [--office NAME]`: walks the event hash chains and names the first broken link. */
import { parseArgs } from 'node:util';
import { verifyAuditTrail, type ChainAudit } from '../modules/events/audit.service.ts';
import type { CliCommand } from './command.ts';
import { reportCliError, withCliContext } from './cli-context.ts';

const usage = [
  'rectify audit verify [--office NAME]',
  '',
  '逐条重算操作日志的哈希链（每个巡察办一条链），报告第一处断链：事件编号、对象、操作和时间。',
  '链完整时退出码为 0，发现断链为 1。',
].join('\n');

function describeChain(chain: ChainAudit): string {
  const name = chain.officeName ?? '系统 (system)';
  if (!chain.brokenLink) return `✓ ${name}：${chain.eventsChecked} 条记录，链完整 (chain intact)\n`;
  const link = chain.brokenLink;
  const entity = `${link.entityType}${link.entityId == null ? '' : ` ${link.entityId}`}`;
  return (
    `✗ ${name}：链在事件 #${link.eventId} 处断开（${entity}，${link.action}，${link.at}）` +
    ` (chain broken at event ${link.eventId}: ${entity}, ${link.action}, ${link.at})\n`
  );
}

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: '校验操作日志哈希链 (verify the tamper-evident event log)',
  usage,
  async run(args) {
    try {
      const { values, positionals } = parseArgs({
        args,
        options: { office: { type: 'string' } },
        allowPositionals: true,
      });
      if (positionals[0] !== 'verify' || positionals.length !== 1) {
        process.stderr.write(`${usage}\n`);
        return 2;
      }
      return await withCliContext(async ({ database }) => {
        const report = await verifyAuditTrail(database.db, { officeName: values.office });
        for (const chain of report.chains) process.stdout.write(describeChain(chain));
        return report.isIntact ? 0 : 1;
      });
    } catch (error) {
      return reportCliError('audit', error);
    }
  },
};
