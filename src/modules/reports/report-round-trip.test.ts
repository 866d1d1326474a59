/**
 * The round trip over the corpus: each gold JSON is imported into a fresh inspection, the
 * notice (progress reports) or the plan (plans) is generated as .docx, parsed back by the
 * product's own parser and scored against the gold with the corpus's score.mjs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/databases.ts';
import { corpusDir, isCorpusAvailable, listGoldFiles } from '../../../test/support/corpus.ts';
import { buildInspection, buildOffice } from '../../../test/support/fixtures.ts';
import { parseDocumentFile } from '../../parse/parse-document.ts';
import type { ParsedDocument } from '../../parse/parsed-document.schema.ts';
import { createFixedClock } from '../common/clock.ts';
import { defaultDeadlinePolicy } from '../deadlines/deadline.rules.ts';
import { getOfficialCalendar } from '../deadlines/official-calendar.ts';
import { createDocumentImportService } from '../imports/document-import.service.ts';
import { saveOfficeContact } from './report-model.repository.ts';
import { createReportService, type DocumentKind } from './report.service.ts';

/** The lowest score each corpus document reaches after the round trip (the floor this test keeps). */
const SCORE_FLOOR: Record<string, number> = {
  '000_e1405dece076b20d': 99.5,
  '001_8318087426fcf62e': 99,
  '002_69abe91761440d5d': 97,
  '003_3285782bd5727c11': 98,
  '004_a2e90f70d17f54b6': 96,
};

interface ScoreResult {
  overall: number;
  details: unknown;
}

const hasCorpus = isCorpusAvailable();
const golds = hasCorpus ? listGoldFiles() : [];
const scores: Record<string, number> = {};

/** Imports the gold into a fresh inspection, generates the document and parses it back. */
async function roundTrip(gold: ParsedDocument): Promise<{ parsed: ParsedDocument; kind: DocumentKind }> {
  const database = await createTestDatabase('sqlite');
  try {
    const day = gold.issued_date ?? '2024-10-08';
    const clock = createFixedClock(`${day}T02:00:00.000Z`);
    const officeId = await buildOffice(database.db);
    const year = Number((gold.inspection.feedback_date ?? gold.inspection.start ?? day).slice(0, 4));
    const inspectionId = await buildInspection(database.db, clock, {
      officeId,
      round: { name: `${year}年第一轮巡察`, year },
      unitName: gold.unit ?? '某单位',
      groupName: gold.inspection.inspector,
      periodStart: gold.inspection.start,
      periodEnd: gold.inspection.end,
      feedbackOn: gold.inspection.feedback_date,
    });
    await createDocumentImportService({
      db: database.db,
      clock,
      calendar: getOfficialCalendar(),
      deadlinePolicy: defaultDeadlinePolicy,
    }).importDocument({ officeId, inspectionId, document: gold, fileName: null, actorUserId: null });
    const unit = await database.db
      .selectFrom('inspections')
      .select('unit_id')
      .where('id', '=', inspectionId)
      .executeTakeFirstOrThrow();
    if (gold.contact.phones.length + gold.contact.emails.length > 0 || gold.contact.address)
      await saveOfficeContact(database.db, officeId, unit.unit_id, gold.contact);
    const kind: DocumentKind = gold.kind === 'plan' ? 'plan' : 'notice';
    const generated = await createReportService({ db: database.db, clock }).generateDocument(
      { officeId, unitIds: 'all' },
      inspectionId,
      kind,
      day,
    );
    if (process.env.RECTIFY_KEEP_DOCX)
      fs.writeFileSync(
        path.join(process.env.RECTIFY_KEEP_DOCX, `${gold.unit}-${kind}.docx`),
        generated.bytes,
      );
    return { parsed: await parseDocumentFile(generated.bytes, generated.fileName), kind };
  } finally {
    await database.dispose();
  }
}

describe.skipIf(!hasCorpus)('round trip: gold JSON → ledger → .docx → parse → score', () => {
  afterAll(() => {
    console.info(`round-trip scores: ${JSON.stringify(scores)}`);
  });

  it.each(golds)('%s scores at least its floor', async (name, file) => {
    const { scoreDocument } = (await import(pathToFileURL(path.join(corpusDir, 'score.mjs')).href)) as {
      scoreDocument: (gold: unknown, parsed: unknown) => ScoreResult;
    };
    const gold = JSON.parse(fs.readFileSync(file, 'utf8')) as ParsedDocument;
    const { parsed } = await roundTrip(gold);
    const result = scoreDocument(gold, parsed);
    const base = name.replace(/\.gold\.json$/, '');
    scores[base] = Math.round(result.overall * 10) / 10;
    if (result.overall < (SCORE_FLOOR[base] ?? 95))
      console.info(base, JSON.stringify(result.details, null, 1));
    expect(result.overall).toBeGreaterThanOrEqual(SCORE_FLOOR[base] ?? 95);
  });
});
