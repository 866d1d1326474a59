/**
 * 举一反三 on the real documents: the five gold parses of the corpus imported through the
 * product's import into one office, one unit each. The 差旅费 problems of two documents
 * (通渭县委宣传部 "违规报销差旅费", 区文联 "多报差旅费" and "虚报差旅费") must form one group;
 * an unrelated problem (区文联 "未执行公车管理制度") must not join it.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCorpusAvailable, listGoldFiles } from '../../../test/support/corpus.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { buildInspection, buildOffice, testClock } from '../../../test/support/fixtures.ts';
import type { ParsedDocument } from '../../parse/parsed-document.schema.ts';
import { defaultDeadlinePolicy } from '../deadlines/deadline.rules.ts';
import { getOfficialCalendar } from '../deadlines/official-calendar.ts';
import { createDocumentImportService } from '../imports/document-import.service.ts';
import { createSimilarProblemsService } from './similar-problems.service.ts';

describe.runIf(isCorpusAvailable()).each(backends)('similar problems across the corpus on %s', (backend) => {
  let database: TestDatabase;
  let officeId: number;
  const clock = testClock();

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    officeId = await buildOffice(database.db);
    const imports = createDocumentImportService({
      db: database.db,
      clock,
      calendar: getOfficialCalendar(),
      deadlinePolicy: defaultDeadlinePolicy,
    });
    for (const [name, file] of listGoldFiles()) {
      const document = JSON.parse(fs.readFileSync(file, 'utf8')) as ParsedDocument;
      const inspectionId = await buildInspection(database.db, clock, {
        officeId,
        unitName: `${document.unit ?? '单位'}（${name.slice(0, 3)}）`,
      });
      await imports.importDocument({ officeId, inspectionId, document, fileName: name, actorUserId: null });
    }
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('groups the 差旅费 problems of different documents and keeps an unrelated one out', async () => {
    const problems = await database.db.selectFrom('problems').select(['id', 'title']).execute();
    const travel = problems
      .filter((problem) => problem.title.includes('差旅费'))
      .map((problem) => problem.id);
    expect(travel).toHaveLength(3);
    const car = problems.find((problem) => problem.title.includes('未执行公车管理制度'))!;

    const result = await createSimilarProblemsService({ db: database.db }).findGroups(
      { officeId, unitIds: 'all' },
      {},
    );
    expect(result.problemsCompared).toBe(problems.length);
    const group = result.groups.find((candidate) =>
      candidate.members.some((member) => travel.includes(member.problemId)),
    )!;
    expect(group).toBeDefined();
    expect(group.members.map((member) => member.problemId).sort((a, b) => a - b)).toEqual(
      [...travel].sort((a, b) => a - b),
    );
    expect(group.unitCount).toBe(2);
    expect(new Set(group.members.map((member) => member.unitName)).size).toBe(2);
    for (const member of group.members) {
      expect(member.measures.total).toBeGreaterThan(0);
      expect(member.measures.texts.length).toBeGreaterThan(0);
    }
    expect(group.members.some((member) => member.problemId === car.id)).toBe(false);
    // Every group spans units and is sorted by how many.
    const unitCounts = result.groups.map((candidate) => candidate.unitCount);
    expect(unitCounts.every((count) => count >= 2)).toBe(true);
    expect(unitCounts).toEqual([...unitCounts].sort((a, b) => b - a));
  });

  it('keeps to the scope: a unit-scoped reader sees no cross-unit groups', async () => {
    const units = await database.db.selectFrom('units').select('id').orderBy('id').execute();
    const result = await createSimilarProblemsService({ db: database.db }).findGroups(
      { officeId, unitIds: [units[1]!.id] },
      {},
    );
    expect(result.groups).toEqual([]);
  });
});
