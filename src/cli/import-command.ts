/**
 * `rectify import FILE --round NAME --unit NAME …`: parses a document (or reads FORMAT.md JSON)
 * and imports it into the unit's inspection of that round, setting the inspection up when new.
 * One transaction: on any error nothing is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createDocumentImportService } from '../modules/imports/document-import.service.ts';
import { findOrCreateOffice } from '../modules/inspections/inspection.repository.ts';
import { createInspectionService } from '../modules/inspections/inspection.service.ts';
import { nowIso } from '../modules/common/clock.ts';
import { parseDocumentFile } from '../parse/parse-document.ts';
import type { ParsedDocument } from '../parse/parsed-document.schema.ts';
import type { CliCommand } from './command.ts';
import { reportCliError, withCliContext } from './cli-context.ts';

const usage = `rectify import FILE --round NAME [--unit NAME] [--office NAME] [--year YYYY] [--group NAME] [--feedback YYYY-MM-DD]

把整改方案/进展通报（.txt .docx .html .pdf，或 FORMAT.md 格式的 .json）导入台账。
Imports a document into the ledger of the unit's inspection in the given round.
  --round NAME      巡察轮次，如“2024年第一轮巡察” (required)
  --unit NAME       被巡察单位（默认取文件中的单位名）
  --office NAME     巡察办（仅有一个巡察办时可省略；没有时将创建）
  --year YYYY       轮次年份（默认取反馈日期或文件日期的年份）
  --group NAME      巡察组（默认取文件中的巡察组）
  --feedback DATE   反馈日期（默认取文件中的反馈日期）`;

async function readDocument(file: string): Promise<{ document: unknown; sha256: string }> {
  const bytes = fs.readFileSync(file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (file.toLowerCase().endsWith('.json')) {
    try {
      return { document: JSON.parse(bytes.toString('utf8')) as unknown, sha256 };
    } catch (error) {
      throw new Error(`${file}: 不是有效的 JSON (invalid JSON): ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return { document: await parseDocumentFile(bytes, path.basename(file)), sha256 };
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: '将文件导入整改台账 (import a document into an inspection ledger)',
  usage,
  async run(args) {
    try {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          round: { type: 'string' },
          unit: { type: 'string' },
          office: { type: 'string' },
          year: { type: 'string' },
          group: { type: 'string' },
          feedback: { type: 'string' },
        },
      });
      const file = positionals[0];
      const roundName = values.round;
      if (!file || !roundName) {
        process.stderr.write(`${usage}\n`);
        return 2;
      }
      const { document, sha256 } = await readDocument(file);
      const parsed = document as Partial<ParsedDocument>;
      return await withCliContext(async (context) => {
        const { db } = context.database;
        const offices = await db.selectFrom('offices').select(['id', 'name']).execute();
        let officeId = offices.find((office) => office.name === values.office)?.id;
        if (officeId === undefined && !values.office && offices.length === 1) officeId = offices[0]!.id;
        if (officeId === undefined) {
          if (!values.office)
            throw new Error('请用 --office 指定巡察办 (several offices exist: name one with --office)');
          officeId = await findOrCreateOffice(db, values.office, '', nowIso(context.clock));
        }
        const unitName = values.unit ?? parsed.unit ?? null;
        if (!unitName)
          throw new Error('文件中没有单位名，请用 --unit 指定 (no unit in the document: give --unit)');
        const feedbackOn = values.feedback ?? parsed.inspection?.feedback_date ?? null;
        const yearSource = feedbackOn ?? parsed.inspection?.end ?? parsed.issued_date ?? null;
        const year = values.year ? Number(values.year) : yearSource ? Number(yearSource.slice(0, 4)) : NaN;
        if (!Number.isInteger(year)) throw new Error('无法确定轮次年份，请用 --year 指定 (give --year)');
        const { inspectionId, isNew } = await createInspectionService({
          db,
          clock: context.clock,
        }).findOrSetUpInspection({
          officeId,
          round: { name: roundName, year },
          unitName,
          groupName: values.group ?? parsed.inspection?.inspector ?? null,
          periodStart: parsed.inspection?.start ?? null,
          periodEnd: parsed.inspection?.end ?? null,
          feedbackOn,
          actorUserId: null,
        });
        const result = await createDocumentImportService({ ...context, db }).importDocument({
          officeId,
          inspectionId,
          document,
          fileName: path.basename(file),
          sourceSha256: sha256,
          actorUserId: null,
        });
        process.stdout.write(
          `已导入 ${unitName}（巡察 #${inspectionId}${isNew ? '，新建' : ''}）：${result.aspects} 个方面、${result.problems} 个问题、` +
            `${result.measures} 条措施、${result.manifestations} 条具体表现；新增部门 ${result.departmentsCreated} 个、人员 ${result.peopleCreated} 名\n`,
        );
        for (const warning of parsed.warnings ?? []) process.stdout.write(`提示 warning: ${warning}\n`);
        return 0;
      });
    } catch (error) {
      return reportCliError('import', error);
    }
  },
};
