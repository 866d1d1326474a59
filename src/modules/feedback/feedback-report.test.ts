/**
 * Public feedback in the report to the inspection office, on each backend: the counts of
 * received, replied and closed feedback are in the report model and in the .docx statistics
 * table, counted as they stood at the report day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { DEMO_TODAY } from '../../../test/support/demo-database.ts';
import {
  createPublicSide,
  referenceOf,
  submitFeedback,
  type PublicSide,
} from '../../../test/support/public-side.ts';
import { findAll, findOne, openDocx, textOf } from '../reports/docx-reader.test-support.ts';
import { createReportService } from '../reports/report.service.ts';

describe.each(backends)('feedback in the report on %s', (backend) => {
  let side: PublicSide;

  beforeAll(async () => {
    side = await createPublicSide(backend);
    const ids: Array<{ id: number; version: number }> = [];
    for (const [index, content] of ['意见一', '意见二', '意见三'].entries()) {
      const response = await submitFeedback(
        side.app,
        side.publicationId,
        { content },
        { address: `192.0.2.${index + 1}` },
      );
      const row = await side.database.db
        .selectFrom('public_feedback')
        .select(['id', 'version'])
        .where('reference', '=', referenceOf(response))
        .executeTakeFirstOrThrow();
      ids.push(row);
    }
    const post = async (url: string, payload: object) => {
      const response = await side.app.inject({ method: 'POST', url, headers: side.as('xunchaban'), payload });
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as { version: number };
    };
    await post(`/api/feedback/${ids[0]!.id}/reply`, { version: ids[0]!.version, reply: '已答复' });
    const replied = await post(`/api/feedback/${ids[1]!.id}/reply`, {
      version: ids[1]!.version,
      reply: '已答复',
    });
    await post(`/api/feedback/${ids[1]!.id}/close`, { version: replied.version });
  }, 120_000);
  afterAll(async () => {
    await side?.dispose();
  });

  it('prints received, replied and closed feedback in the statistics table', async () => {
    const service = createReportService({ db: side.database.db, clock: side.clock });
    const report = await service.generateDocument(
      { officeId: side.officeId, unitIds: 'all' },
      side.inspectionId,
      'report',
      DEMO_TODAY,
    );
    expect(report.model.totals).toMatchObject({ feedbackReceived: 3, feedbackReplied: 2, feedbackClosed: 1 });
    const docx = await openDocx(report.bytes);
    const rows = findAll(findOne(docx.document, 'w:tbl'), 'w:tr').map((row) =>
      findAll(row, 'w:tc').map((cell) => textOf(cell)),
    );
    expect(rows).toContainEqual(['收到公众意见（件）', '3']);
    expect(rows).toContainEqual(['已答复公众意见（件）', '2']);
    expect(rows).toContainEqual(['已办结公众意见（件）', '1']);
  });

  it('counts nothing before the feedback arrived, and nothing for another inspection', async () => {
    const service = createReportService({ db: side.database.db, clock: side.clock });
    const earlier = await service.getReportModel(
      { officeId: side.officeId, unitIds: 'all' },
      side.inspectionId,
      '2026-11-19',
    );
    expect(earlier.totals).toMatchObject({ feedbackReceived: 0, feedbackReplied: 0, feedbackClosed: 0 });
    const other = await side.database.db
      .selectFrom('inspections')
      .select('id')
      .where('id', '!=', side.inspectionId)
      .executeTakeFirstOrThrow();
    const otherModel = await service.getReportModel(
      { officeId: side.officeId, unitIds: 'all' },
      other.id,
      DEMO_TODAY,
    );
    expect(otherModel.totals.feedbackReceived).toBe(0);
  });
});
