/**
 * `rectify export-xlsx --inspection ID --out FILE [--date D]`: writes the inspection's ledger as
 * an .xlsx in the layout units keep. The CLI acts with the scope of the inspection's whole office.
 */
import { parseArgs } from 'node:util';
import { officeScopeOfInspection } from '../modules/inspections/inspection-office.repository.ts';
import { createLedgerXlsxService } from '../modules/reports/ledger-xlsx.service.ts';
import type { CliCommand } from './command.ts';
import { readInspectionId, writeFileAtomically } from './cli-files.ts';
import { reportCliError, withCliContext } from './cli-context.ts';

const usage = `rectify export-xlsx --inspection ID --out FILE [--date YYYY-MM-DD]

把巡察整改台账导出为 Excel（.xlsx）。
Exports an inspection's ledger as an .xlsx spreadsheet.
  --inspection ID   巡察编号 inspection id (required)
  --out FILE        输出文件 output file (.xlsx, required; written only on success)
  --date DATE       统计截止日 the ledger as at the end of this day (default: today)`;

export const exportXlsxCommand: CliCommand = {
  name: 'export-xlsx',
  summary: '导出整改台账 Excel (export the ledger as .xlsx)',
  usage,
  async run(args) {
    try {
      const { values } = parseArgs({
        args,
        options: {
          inspection: { type: 'string' },
          out: { type: 'string' },
          date: { type: 'string' },
        },
        strict: true,
      });
      if (!values.inspection || !values.out) {
        process.stderr.write(`${usage}\n`);
        return 2;
      }
      const inspectionId = readInspectionId(values.inspection);
      const out = values.out;
      return await withCliContext(async (context) => {
        const { db } = context.database;
        const scope = await officeScopeOfInspection(db, inspectionId);
        const sheet = await createLedgerXlsxService({ ...context, db }).exportLedger(
          scope,
          inspectionId,
          values.date,
        );
        writeFileAtomically(out, sheet.bytes);
        process.stdout.write(`已导出 ${sheet.fileName} → ${out} (${sheet.bytes.length} bytes)\n`);
        return 0;
      });
    } catch (error) {
      return reportCliError('export-xlsx', error);
    }
  },
};
