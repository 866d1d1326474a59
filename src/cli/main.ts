/**
 * The command-line entry: dispatches `rectify <command>` to one thin module per command.
 * Each command returns its exit code; errors from the domain are printed in Chinese and English.
 */
import type { CliCommand } from './command.ts';
import { backupCommand } from './backup-command.ts';
import { auditCommand } from './audit-command.ts';
import { checkCommand } from './check-command.ts';
import { demoCommand } from './demo-command.ts';
import { importCommand } from './import-command.ts';
import { migrateCommand } from './migrate-command.ts';
import { parseCommand } from './parse-command.ts';
import { restoreCommand } from './restore-command.ts';
import { userCommand } from './user-command.ts';
import { calendarCommand } from './calendar-command.ts';
import { superviseCommand } from './supervise-command.ts';
import { reportCommand } from './report-command.ts';
import { exportXlsxCommand } from './export-xlsx-command.ts';
import { importXlsxCommand } from './import-xlsx-command.ts';
import { qualityCommand } from './quality-command.ts';

const commands: CliCommand[] = [
  parseCommand,
  importCommand,
  demoCommand,
  migrateCommand,
  checkCommand,
  auditCommand,
  userCommand,
  backupCommand,
  restoreCommand,
  calendarCommand,
  superviseCommand,
  reportCommand,
  exportXlsxCommand,
  importXlsxCommand,
  qualityCommand,
];

function printHelp(): void {
  const lines = [
    'rectify — 巡察整改台账 (inspection rectification ledger)',
    '',
    'Usage: rectify <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(10)} ${command.summary}`),
    '',
    'Run `rectify <command> --help` for the options of one command.',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

/** Runs the CLI with the given arguments (without node and script) and returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    printHelp();
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    process.stderr.write(`未知命令 unknown command: ${name}\n`);
    printHelp();
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run(rest);
}
