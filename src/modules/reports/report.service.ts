/**
 * Generated documents: reads an inspection's ledger at a chosen day into the report model and
 * writes one of the four documents (plan, public notice, report to the inspection office,
 * supervision notice) as .docx bytes. Read-only; out-of-scope inspections are not found.
 */
import type { Database } from '../../storage/database.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { today, type Clock } from '../common/clock.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import { createQualityService } from '../quality/quality.service.ts';
import { exportNoticeDocx } from './export-notice-docx.ts';
import { exportPlanDocx } from './export-plan-docx.ts';
import { exportReportDocx } from './export-report-docx.ts';
import { exportSupervisionDocx } from './export-supervision-docx.ts';
import { countFeedbackAt } from '../feedback/feedback.repository.ts';
import { buildReportModel, endOfDayInstant, type ReportModel, type ReportQuality } from './report-model.ts';
import {
  findOfficeContact,
  findReportInspection,
  findReportRegisters,
  findReportTree,
} from './report-model.repository.ts';

export const DOCUMENT_KINDS = ['plan', 'notice', 'report', 'supervision'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const KIND_NAMES: Record<DocumentKind, string> = {
  plan: '整改方案',
  notice: '整改进展情况通报',
  report: '整改情况报告',
  supervision: '督办通知',
};

export interface GeneratedDocument {
  kind: DocumentKind;
  fileName: string;
  bytes: Buffer;
  model: ReportModel;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a `YYYY-MM-DD` report day (a real calendar day). */
export function assertReportDay(day: string): void {
  const parsed = new Date(`${day}T00:00:00Z`);
  if (!DAY.test(day) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw new AppError(
      'invalid_input',
      `日期格式错误：${day}（应为 YYYY-MM-DD）`,
      `invalid report day ${day}`,
      {
        where: 'date',
      },
    );
  }
}

export function createReportService(dependencies: { db: Database; clock: Clock }) {
  const { db, clock } = dependencies;
  const quality = createQualityService({ db, clock });

  /** The unit grade on today's ledger, as the report to the inspection office shows it. */
  async function readQuality(scope: LedgerScope, inspectionId: number): Promise<ReportQuality | null> {
    const grade = await quality.gradeInspection(scope, inspectionId);
    if (!grade) return null;
    return {
      computedOn: today(clock),
      grade: grade.grade,
      score: grade.score,
      indicators: grade.indicators.map((indicator) => ({
        label: indicator.label,
        weight: indicator.weight,
        points: indicator.points,
        basis: indicator.basis,
      })),
    };
  }

  const service = {
    /** The report model of one inspection at the end of `asOf` (today when omitted). */
    async getReportModel(
      scope: LedgerScope,
      inspectionId: number,
      asOf?: string,
      options: { withQuality?: boolean } = {},
    ): Promise<ReportModel> {
      const day = asOf ?? today(clock);
      assertReportDay(day);
      const inspection = await findReportInspection(db, scope, inspectionId);
      if (!inspection) throw notFound('巡察', 'inspection', inspectionId);
      const [tree, registers, contact, feedback, grade] = await Promise.all([
        findReportTree(db, inspection.id),
        findReportRegisters(db, inspection.id),
        findOfficeContact(db, inspection.office_id, inspection.unit_id),
        countFeedbackAt(db, inspection.id, endOfDayInstant(day)),
        options.withQuality ? readQuality(scope, inspection.id) : null,
      ]);
      return buildReportModel({ inspection, tree, registers, contact, feedback, quality: grade }, day);
    },

    /** One generated document as .docx bytes, with a file name such as `某单位-整改方案-2024-10-08.docx`. */
    async generateDocument(
      scope: LedgerScope,
      inspectionId: number,
      kind: DocumentKind,
      asOf?: string,
    ): Promise<GeneratedDocument> {
      // Only the report to the inspection office carries the quality grade.
      const model = await service.getReportModel(scope, inspectionId, asOf, {
        withQuality: kind === 'report',
      });
      const bytes = await renderDocument(model, kind);
      return { kind, model, bytes, fileName: `${model.unitName}-${KIND_NAMES[kind]}-${model.asOf}.docx` };
    },
  };
  return service;
}

/** Writes the model as the chosen document. */
export async function renderDocument(model: ReportModel, kind: DocumentKind): Promise<Buffer> {
  switch (kind) {
    case 'plan':
      return exportPlanDocx(model);
    case 'notice':
      return exportNoticeDocx(model);
    case 'report':
      return exportReportDocx(model);
    case 'supervision':
      return exportSupervisionDocx(model);
  }
}
