/**
 * `rectify report --inspection ID --kind plan|notice|report|supervision --out FILE [--date D]`:
 * writes one generated document (.docx) from the inspection's ledger at the end of the day;
 * `rectify report --round ID --kind aggregate --out FILE`: the office's aggregate notice over a
 * round (figures as of today). The CLI has no user: it acts with the whole office's scope.
 */
import { parseArgs } from 'node:util';
import {
  officeScopeOfInspection,
  officeScopeOfRound,
} from '../modules/inspections/inspection-office.repository.ts';
import { createAggregateNoticeService } from '../modules/reports/aggregate-notice.service.ts';
import { createReportService, DOCUMENT_KINDS, type DocumentKind } from '../modules/reports/report.service.ts';
import type { CliCommand } from './command.ts';
import { readInspectionId, writeFileAtomically } from './cli-files.ts';
import { reportCliError, withCliContext } from './cli-context.ts';

const usage = `rectify report --inspection ID --kind ${DOCUMENT_KINDS.join('|')} --out FILE [--date YYYY-MM-DD]
rectify report --round ID --kind aggregate --out FILE

根据台账生成公文（.docx）：整改方案 plan、整改进展情况通报 notice、整改情况报告 report、督办通知 supervision；
巡察办汇总的巡察整改情况通报 aggregate（按轮次）。
Generates a document from an inspection's ledger, or the office's aggregate notice of a round, as .docx.
  --inspection ID   巡察编号 inspection id (required for ${DOCUMENT_KINDS.join(', ')})
  --round ID        巡察轮次编号 round id (required for aggregate)
  --kind KIND       文种 document kind: ${DOCUMENT_KINDS.join(', ')}, aggregate (required)
  --out FILE        输出文件 output file (.docx, required; written only on success)
  --date DATE       统计截止日 the ledger as at the end of this day (default: today)`;

function readRoundId(value: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1)
    throw new Error(`--round 须为正整数 must be a positive integer: ${value}`);
  return id;
}

function isDocumentKind(value: string): value is DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(value);
}

export const reportCommand: CliCommand = {
  name: 'report',
  summary: '生成整改方案/通报/报告/督办通知 (generate a .docx document)',
  usage,
  async run(args) {
    try {
      const { values } = parseArgs({
        args,
        options: {
          inspection: { type: 'string' },
          round: { type: 'string' },
          kind: { type: 'string' },
          out: { type: 'string' },
          date: { type: 'string' },
        },
        strict: true,
      });
      if (values.kind === 'aggregate' && values.round && values.out) {
        const roundId = readRoundId(values.round);
        const out = values.out;
        return await withCliContext(async (context) => {
          const { db } = context.database;
          const scope = await officeScopeOfRound(db, roundId);
          const notice = await createAggregateNoticeService({ db, clock: context.clock }).generate(
            scope,
            'system',
            roundId,
          );
          writeFileAtomically(out, notice.bytes);
          process.stdout.write(
            `已生成 ${notice.fileName}（截至 ${notice.input.asOf}）→ ${out} (${notice.bytes.length} bytes)\n`,
          );
          return 0;
        });
      }
      if (!values.inspection || !values.kind || !values.out) {
        process.stderr.write(`${usage}\n`);
        return 2;
      }
      const kind = values.kind;
      if (!isDocumentKind(kind))
        throw new Error(`--kind 须为 ${DOCUMENT_KINDS.join('、')} 之一 (unknown kind): ${kind}`);
      const inspectionId = readInspectionId(values.inspection);
      const out = values.out;
      return await withCliContext(async (context) => {
        const { db } = context.database;
        const scope = await officeScopeOfInspection(db, inspectionId);
        const document = await createReportService({ db, clock: context.clock }).generateDocument(
          scope,
          inspectionId,
          kind,
          values.date,
        );
        writeFileAtomically(out, document.bytes);
        process.stdout.write(
          `已生成 ${document.fileName}（截至 ${document.model.asOf}）→ ${out} (${document.bytes.length} bytes)\n`,
        );
        return 0;
      });
    } catch (error) {
      return reportCliError('report', error);
    }
  },
};
