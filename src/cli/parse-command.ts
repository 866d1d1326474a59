/**
 * `rectify parse FILE [--json] [--out OUT.json]`: prints a document as FORMAT.md JSON.
 * (Being written in the parser work; this placeholder only reports that.)
 */
import type { CliCommand } from './command.ts';

export const parseCommand: CliCommand = {
  name: 'parse',
  summary: '解析整改文件为 JSON (parse a document into the ledger JSON)',
  usage: 'rectify parse FILE [--json] [--out OUT.json]',
  async run() {
    process.stderr.write('parse: not yet available\n');
    return 1;
  },
};
