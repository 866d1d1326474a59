/**
 * `rectify calendar import FILE | show`: updates the official holiday and 调休 calendar in the
 * database (years in the file replace those years; others stay) or prints the calendar in force.
 */
import fs from 'node:fs';
import { AppError } from '../modules/common/app-error.ts';
import { createCalendarService } from '../modules/deadlines/calendar.service.ts';
import type { CliCommand } from './command.ts';
import { reportCliError, withCliContext } from './cli-context.ts';

const usage = `rectify calendar import FILE
rectify calendar show

法定节假日与调休日历。The official holiday calendar.
  import FILE  校验并导入日历文件（格式同 src/modules/deadlines/data/official-calendar.json），
               文件中的年份整体替换，其余年份不变 (merge by year)
  show         显示生效中的各年份及来源 (years in force and where each comes from)`;

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('invalid_input', `无法读取文件 ${file}`, `cannot read ${file}: ${String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError('invalid_input', `${file} 不是有效的 JSON`, `${file} is not JSON: ${String(error)}`, {
      where: file,
    });
  }
}

export const calendarCommand: CliCommand = {
  name: 'calendar',
  summary: '导入/查看节假日日历 (official holiday calendar)',
  usage,
  async run(args) {
    const [action, file] = args;
    if (action !== 'import' && action !== 'show') {
      process.stderr.write(`${usage}\n`);
      return 2;
    }
    if (action === 'import' && file === undefined) {
      process.stderr.write('rectify calendar import: 缺少文件 missing FILE\n');
      return 2;
    }
    try {
      return await withCliContext(async ({ database, clock }) => {
        const calendars = createCalendarService({ db: database.db, clock });
        if (action === 'import') {
          const result = await calendars.importCalendar(readJsonFile(file!), file!);
          process.stdout.write(
            `已导入 imported: ${result.years.join(', ')} (version ${result.effective.file.version})\n` +
              `待定整改时限已推算 pending deadlines resolved: ${result.resolvedDeadlines}` +
              (result.stillPendingDeadlines > 0
                ? `，仍待定 still pending: ${result.stillPendingDeadlines}`
                : '') +
              '\n',
          );
        }
        const { sources } = await calendars.getEffectiveCalendar();
        for (const [year, source] of Object.entries(sources)) {
          process.stdout.write(`${year}  ${source.source}  ${source.version}\n`);
        }
        return 0;
      });
    } catch (error) {
      return reportCliError('calendar', error);
    }
  },
};
