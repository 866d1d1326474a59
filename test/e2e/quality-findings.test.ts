/**
 * Dates in uploaded evidence and a closing statement that contradict the ledger, in the browser:
 * a Word file signed after the item was closed and a statement claiming completion after it,
 * listed among the timing anomalies when the unit's grade row is expanded on the dashboard, each
 * linking the item and the evidence file or the statement.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Document, Packer, Paragraph } from 'docx';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/modules/common/clock.ts';
import { createEvidenceService, type UploadPart } from '../../src/modules/evidence/evidence.service.ts';
import { createWorkflowService } from '../../src/modules/ledger/workflow.service.ts';
import { createFileStore } from '../../src/storage/file-store.ts';
import { buildUser } from '../support/fixtures.ts';
import { isBrowserAvailable, saveScreenshot, signIn, startE2e, type E2eContext } from './browser.ts';

async function* upload(fileName: string, bytes: Buffer, effectiveOn: string): AsyncIterable<UploadPart> {
  yield { kind: 'field', name: 'effectiveOn', value: effectiveOn };
  yield {
    kind: 'file',
    fileName,
    declaredType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    stream: Readable.from(bytes),
  };
}

describe.runIf(isBrowserAvailable())('date contradictions in the timing anomalies list', () => {
  let context: E2eContext;
  beforeAll(async () => {
    context = await startE2e();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
  });

  it('lists a late-signed document and a late completion claim with both sides linked', async () => {
    const db = context.application.database.db;
    const problem = await db
      .selectFrom('problems')
      .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
      .select([
        'problems.id',
        'problems.version',
        'problems.office_id',
        'inspections.id as inspection_id',
        'inspections.round_id',
      ])
      .where('problems.state', '=', 'in_progress')
      .where(sql<boolean>`not exists (select 1 from problems child where child.parent_id = problems.id)`)
      .orderBy('problems.id')
      .executeTakeFirstOrThrow();
    const officeId = problem.office_id;
    const department = await buildUser(db, {
      officeId,
      role: 'department',
      username: 'e2e-dates-department',
    });
    const leader = await buildUser(db, { officeId, role: 'leader', username: 'e2e-dates-leader' });
    const evidence = createEvidenceService({
      db,
      clock: systemClock,
      fileStore: createFileStore(path.join(context.dataDir, 'files')),
      maxBytes: 10 * 1024 * 1024,
    });
    const actor = { userId: department, role: 'department' as const, officeId, unitIds: 'all' as const };
    const bytes = await Packer.toBuffer(
      new Document({
        sections: [
          {
            children: ['整改落实情况说明', '经研究，已完成整改。', '某某局', '二〇九九年一月五日'].map(
              (line) => new Paragraph(line),
            ),
          },
        ],
      }),
    );
    const uploaded = await evidence.uploadEvidence(
      actor,
      problem.id,
      upload('整改说明.docx', bytes, '2099-01-05'),
    );
    await db
      .updateTable('measures')
      .set({ is_done: 1, done_on: '2026-01-01' })
      .where('problem_id', '=', problem.id)
      .execute();
    const workflow = createWorkflowService({ db, clock: systemClock });
    const applied = await workflow.transition(actor, {
      problemId: problem.id,
      action: 'apply_close',
      reason: null,
      statement: '该问题已于2099年1月10日完成整改。',
      expectedVersion: (
        await db
          .selectFrom('problems')
          .select('version')
          .where('id', '=', problem.id)
          .executeTakeFirstOrThrow()
      ).version,
    });
    await workflow.transition(
      { userId: leader, role: 'leader', officeId, unitIds: 'all' },
      {
        problemId: problem.id,
        action: 'approve',
        reason: '同意',
        statement: null,
        expectedVersion: applied.version,
      },
    );

    const page = await signIn(context, 'xunchaban');
    await page.goto(`${context.baseUrl}/dashboard?roundId=${problem.round_id}`);
    const count = page.locator(`.unit-grades .finding-count[data-inspection-id="${problem.inspection_id}"]`);
    await count.waitFor({ timeout: 20_000 });
    await page
      .locator('.unit-grades tr.ant-table-row', {
        has: page.locator(`.finding-count[data-inspection-id="${problem.inspection_id}"]`),
      })
      .locator('.ant-table-row-expand-icon')
      .click();

    const late = page.locator('.timing-finding[data-kind="document_after_close"]', {
      has: page.locator(`a.finding-evidence[href="/api/evidence/${uploaded.id}/content"]`),
    });
    await late.waitFor();
    expect(await late.textContent()).toContain('二〇九九年一月五日');
    expect(await late.locator('a.finding-problem').getAttribute('href')).toBe(`/problems/${problem.id}`);

    const claim = page.locator('.timing-finding[data-kind="statement_after_close"]', {
      has: page.locator(`a.finding-problem[href="/problems/${problem.id}"]`),
    });
    await claim.waitFor();
    expect(await claim.locator('a.finding-statement').textContent()).toBe(`销号说明#${applied.transitionId}`);
    await saveScreenshot(page, 'quality-findings-dates');

    // The evidence side opens the uploaded file itself.
    const response = await page.evaluate(async (href) => {
      const answer = await fetch(href, { credentials: 'same-origin' });
      return { status: answer.status, size: (await answer.arrayBuffer()).byteLength };
    }, `/api/evidence/${uploaded.id}/content`);
    expect(response).toEqual({ status: 200, size: bytes.length });
    expect(fs.existsSync(context.dataDir)).toBe(true);
  });
});
