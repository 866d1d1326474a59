/**
 * `rectify import-xlsx FILE --inspection ID [--valid-rows-only]`: imports a ledger spreadsheet
 * into the inspection. Every row is validated first; nothing is written when any row is invalid
 * unless --valid-rows-only is given. Rows matching existing items update them.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { officeScopeOfInspection } from '../modules/inspections/inspection-office.repository.ts';
import { createLedgerXlsxService, describeSheetError } from '../modules/reports/ledger-xlsx.service.ts';
import type { CliCommand } from './command.ts';
import { readInspectionId } from './cli-files.ts';
import { reportCliError, withCliContext } from './cli-context.ts';

const usage = `rectify import-xlsx FILE --inspection ID [--valid-rows-only]

把整改台账 Excel（.xlsx）导入巡察台账；逐行校验，有错误时不写入任何数据。
Imports a ledger spreadsheet into an inspection; nothing is written if any row is invalid.
  --inspection ID     巡察编号 inspection id (required)
  --valid-rows-only   只导入有效行，跳过错误行 import the valid rows and skip the invalid ones`;

export const importXlsxCommand: CliCommand = {
  name: 'import-xlsx',
  summary: '导入整改台账 Excel (import a ledger .xlsx)',
  usage,
  async run(args) {
    try {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          inspection: { type: 'string' },
          'valid-rows-only': { type: 'boolean' },
        },
        strict: true,
      });
      const file = positionals[0];
      if (!file || !values.inspection || positionals.length > 1) {
        process.stderr.write(`${usage}\n`);
        return 2;
      }
      const inspectionId = readInspectionId(values.inspection);
      const bytes = fs.readFileSync(file);
      return await withCliContext(async (context) => {
        const { db } = context.database;
        const scope = await officeScopeOfInspection(db, inspectionId);
        const result = await createLedgerXlsxService({ ...context, db }).importLedger({
          scope,
          inspectionId,
          bytes,
          validRowsOnly: values['valid-rows-only'] === true,
          actorUserId: null,
        });
        process.stdout.write(
          `已导入巡察 #${inspectionId}：新增 ${result.created} 个问题，更新 ${result.updated} 个；跳过 ${result.skippedRows} 行 ` +
            `(created ${result.created}, updated ${result.updated}, skipped ${result.skippedRows})\n`,
        );
        for (const error of result.errors)
          process.stdout.write(`跳过 skipped: ${describeSheetError(error)}\n`);
        return 0;
      });
    } catch (error) {
      return reportCliError('import-xlsx', error);
    }
  },
};
