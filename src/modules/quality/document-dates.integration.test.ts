/**
 * Dates written in uploaded evidence and in a closing statement against the ledger, end to end:
 * a Word file and a text file go through the evidence service (their text is read at upload),
 * the item is applied for closing with a statement and approved, and the timing checks report
 * each contradiction with both sides — the document or statement and the item — and nothing for
 * a consistent document.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Document, Packer, Paragraph } from 'docx';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestDatabase } from '../../../test/support/databases.ts';
import { createDemoDatabase } from '../../../test/support/demo-database.ts';
import { buildUser } from '../../../test/support/fixtures.ts';
import { createFileStore } from '../../storage/file-store.ts';
import { createFixedClock } from '../common/clock.ts';
import { createEvidenceService, type UploadPart } from '../evidence/evidence.service.ts';
import { createWorkflowService } from '../ledger/workflow.service.ts';
import { createQualityService } from './quality.service.ts';
import type { TimingFinding } from './timing-anomalies.service.ts';

const clock = createFixedClock('2026-11-21T03:00:00.000Z');
const CLOSED_ON = '2026-11-21';

async function docxOf(lines: string[]): Promise<Buffer> {
  const document = new Document({
    sections: [{ children: lines.map((line) => new Paragraph(line)) }],
  });
  return Packer.toBuffer(document);
}

async function* formParts(
  file: { fileName: string; type: string; bytes: Buffer },
  fields: Record<string, string>,
): AsyncIterable<UploadPart> {
  for (const [name, value] of Object.entries(fields)) yield { kind: 'field', name, value };
  yield { kind: 'file', fileName: file.fileName, declaredType: file.type, stream: Readable.from(file.bytes) };
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe.each(backends)('dates in evidence and statements against the ledger (%s)', (backend) => {
  let database: TestDatabase;
  let filesDir: string;
  let officeId: number;
  let problemId: number;
  let inspectionId: number;
  let feedbackOn: string;
  const evidenceIds: Record<'late' | 'early' | 'consistent', number> = { late: 0, early: 0, consistent: 0 };
  let applicationId: number;

  beforeAll(async () => {
    const demo = await createDemoDatabase(backend);
    database = demo.database;
    officeId = demo.summary.officeId;
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-document-dates-'));
    const db = database.db;
    // An item in progress without sub-items or evidence, of an inspection with a feedback day.
    const problem = await db
      .selectFrom('problems')
      .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
      .select(['problems.id', 'problems.version', 'problems.inspection_id', 'inspections.feedback_on'])
      .where('problems.state', '=', 'in_progress')
      .where('inspections.feedback_on', 'is not', null)
      .where(sql<boolean>`not exists (select 1 from problems child where child.parent_id = problems.id)`)
      .where(sql<boolean>`not exists (select 1 from evidence where evidence.problem_id = problems.id)`)
      .orderBy('problems.id')
      .executeTakeFirstOrThrow();
    problemId = problem.id;
    inspectionId = problem.inspection_id;
    feedbackOn = String(problem.feedback_on);

    const department = await buildUser(db, { officeId, role: 'department' });
    const leader = await buildUser(db, { officeId, role: 'leader' });
    const evidence = createEvidenceService({
      db,
      clock,
      fileStore: createFileStore(filesDir),
      maxBytes: 10 * 1024 * 1024,
    });
    const uploader = { userId: department, role: 'department' as const, officeId, unitIds: 'all' as const };

    // Signed after the closing day, and far from the effective date stated at upload.
    const late = await evidence.uploadEvidence(
      uploader,
      problemId,
      formParts(
        {
          fileName: '整改会议纪要.docx',
          type: DOCX,
          bytes: await docxOf([
            '关于巡察反馈问题整改的专题会议纪要',
            '2026年11月3日，党组召开专题会议，研究部署整改工作。',
            '某某局党组',
            '二〇二六年十二月五日',
          ]),
        },
        { description: '专题会议纪要', effectiveOn: '2026-11-03' },
      ),
    );
    evidenceIds.late = late.id;
    // Signed before the inspection's feedback (so also far from its stated effective date).
    const early = await evidence.uploadEvidence(
      uploader,
      problemId,
      formParts(
        {
          fileName: '管理办法.txt',
          type: 'text/plain',
          bytes: Buffer.from('公务接待管理办法\n第一条 为规范公务接待……\n某某局\n2019年5月1日\n', 'utf8'),
        },
        { description: '修订前的管理办法', effectiveOn: '2026-11-10' },
      ),
    );
    evidenceIds.early = early.id;
    // Consistent: dated inside the rectification, as stated.
    const consistent = await evidence.uploadEvidence(
      uploader,
      problemId,
      formParts(
        {
          fileName: '整改报告.docx',
          type: DOCX,
          bytes: await docxOf([
            '整改情况报告',
            `根据${feedbackOn.slice(0, 4)}年巡察反馈意见，已完成整改。`,
            '某某局',
            '2026年11月20日',
          ]),
        },
        { description: '整改报告', effectiveOn: '2026-11-20' },
      ),
    );
    evidenceIds.consistent = consistent.id;

    await db
      .updateTable('measures')
      .set({ is_done: 1, done_on: '2026-11-20' })
      .where('problem_id', '=', problemId)
      .execute();
    const workflow = createWorkflowService({ db, clock });
    const applied = await workflow.transition(
      { ...uploader },
      {
        problemId,
        action: 'apply_close',
        reason: null,
        // Claims completion on a day after the item will be closed.
        statement: '经自查，该问题已于12月10日完成全部整改。',
        expectedVersion: problem.version,
      },
    );
    applicationId = applied.transitionId;
    await workflow.transition(
      { userId: leader, role: 'leader', officeId, unitIds: 'all' },
      { problemId, action: 'approve', reason: '同意销号', statement: null, expectedVersion: applied.version },
    );
  }, 120_000);

  afterAll(async () => {
    await database?.dispose();
    if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
  });

  it('keeps the text read out of Word and text uploads with the dates found in it', async () => {
    const texts = await database.db
      .selectFrom('evidence_texts')
      .select(['evidence_id', 'text', 'signed_on', 'signed_written', 'latest_on'])
      .where('evidence_id', 'in', Object.values(evidenceIds))
      .orderBy('evidence_id')
      .execute();
    expect(texts.map((row) => row.evidence_id)).toEqual(Object.values(evidenceIds).sort((a, b) => a - b));
    const late = texts.find((row) => row.evidence_id === evidenceIds.late)!;
    expect(late.text).toContain('二〇二六年十二月五日');
    expect(late).toMatchObject({
      signed_on: '2026-12-05',
      signed_written: '二〇二六年十二月五日',
      latest_on: '2026-12-05',
    });
    expect(texts.find((row) => row.evidence_id === evidenceIds.early)).toMatchObject({
      signed_on: '2019-05-01',
      latest_on: '2019-05-01',
    });
  });

  it('lists each contradiction among the timing anomalies with the document or statement and the item', async () => {
    const quality = createQualityService({ db: database.db, clock });
    const result = await quality.findFindings({ officeId, unitIds: 'all' }, { inspectionId });
    const ofItem = result.timing.filter((finding: TimingFinding) => finding.problemIds.includes(problemId));
    const found = ofItem
      .filter((finding) => finding.kind.startsWith('document_') || finding.kind === 'statement_after_close')
      .map((finding) => ({
        kind: finding.kind,
        problemIds: finding.problemIds,
        evidenceIds: finding.evidenceIds,
        transitionIds: finding.transitionIds,
      }))
      .sort(
        (left, right) => left.kind.localeCompare(right.kind) || left.evidenceIds[0]! - right.evidenceIds[0]!,
      );
    expect(found).toEqual([
      {
        kind: 'document_after_close',
        problemIds: [problemId],
        evidenceIds: [evidenceIds.late],
        transitionIds: [],
      },
      {
        kind: 'document_before_feedback',
        problemIds: [problemId],
        evidenceIds: [evidenceIds.early],
        transitionIds: [],
      },
      {
        kind: 'document_vs_effective',
        problemIds: [problemId],
        evidenceIds: [evidenceIds.late],
        transitionIds: [],
      },
      {
        kind: 'document_vs_effective',
        problemIds: [problemId],
        evidenceIds: [evidenceIds.early],
        transitionIds: [],
      },
      {
        kind: 'statement_after_close',
        problemIds: [problemId],
        evidenceIds: [],
        transitionIds: [applicationId],
      },
    ]);
    const byKind = new Map(ofItem.map((finding) => [finding.kind, finding.description]));
    expect(byKind.get('document_after_close')).toBe(
      `佐证“整改会议纪要.docx”文中“二〇二六年十二月五日”（2026-12-05）晚于销号日期 ${CLOSED_ON}`,
    );
    expect(byKind.get('statement_after_close')).toBe(
      `销号说明称“已于12月10日完成”（2026-12-10），晚于销号日期 ${CLOSED_ON}`,
    );
    expect(ofItem.some((finding) => finding.evidenceIds.includes(evidenceIds.consistent))).toBe(false);
  });

  it('counts the findings in the unit grade', async () => {
    const quality = createQualityService({ db: database.db, clock });
    const grade = await quality.gradeInspection({ officeId, unitIds: 'all' }, inspectionId);
    const findings = await quality.findFindings({ officeId, unitIds: 'all' }, { inspectionId });
    expect(grade!.findingCount).toBe(findings.duplicates.length + findings.timing.length);
    expect(grade!.findingCount).toBeGreaterThanOrEqual(4);
  });
});
