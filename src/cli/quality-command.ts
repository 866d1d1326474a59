/**
 * `rectify quality backfill-texts [--office NAME]`: reads and keeps the text of evidence uploaded
 * before texts were read at upload, so document-date checks cover it; prints progress per chunk
 * and a summary naming each document whose text could not be read and why. Safe to run again.
 */
import { parseArgs } from 'node:util';
import { backfillEvidenceTexts } from '../modules/evidence/evidence-text-backfill.ts';
import type { CliCommand } from './command.ts';
import { reportCliError, withCliContext } from './cli-context.ts';

const usage = [
  'rectify quality backfill-texts [--office NAME]',
  '',
  '为早先上传、尚无提取文字的佐证材料（Word、PDF、文本）提取并保存文字，供文件日期核查使用。',
  '分批处理并显示进度，最后列出完成数和未能提取的材料及原因。可重复运行，已有文字的材料不再处理。',
  'Extracts and stores the text of evidence uploaded without one, in chunks; idempotent.',
  '  --office NAME  只处理该巡察办的材料 (only this office)',
].join('\n');

export const qualityCommand: CliCommand = {
  name: 'quality',
  summary: '补提佐证材料文字 (backfill evidence texts for quality checks)',
  usage,
  async run(args) {
    try {
      const { values, positionals } = parseArgs({
        args,
        options: { office: { type: 'string' } },
        allowPositionals: true,
      });
      if (positionals[0] !== 'backfill-texts' || positionals.length !== 1) {
        process.stderr.write(`${usage}\n`);
        return 2;
      }
      return await withCliContext(async ({ database, fileStore, clock }) => {
        const result = await backfillEvidenceTexts(
          { db: database.db, fileStore, clock },
          {
            officeName: values.office,
            onProgress: (progress) =>
              process.stdout.write(
                `进度 progress: ${progress.checked}/${progress.total}，` +
                  `已提取 written ${progress.written}，未能提取 failed ${progress.failed}\n`,
              ),
          },
        );
        process.stdout.write(
          `完成 done: ${result.written}，未能提取 failed: ${result.failures.length}` +
            `（共 ${result.total} 份待处理 of ${result.total} without text）\n`,
        );
        for (const failure of result.failures) {
          process.stdout.write(`  #${failure.evidenceId} ${failure.fileName}：${failure.reason}\n`);
        }
        return 0;
      });
    } catch (error) {
      return reportCliError('quality', error);
    }
  },
};
