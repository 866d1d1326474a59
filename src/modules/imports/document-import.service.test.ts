import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { isCorpusAvailable, listGoldFiles } from '../../../test/support/corpus.ts';
import { buildInspection, buildOffice, testClock } from '../../../test/support/fixtures.ts';
import { planWith, problemWith } from '../../../test/support/parsed-documents.ts';
import type { ParsedDocument, ParsedProblem } from '../../parse/parsed-document.schema.ts';
import { AppError } from '../common/app-error.ts';
import { defaultDeadlinePolicy } from '../deadlines/deadline.rules.ts';
import { getOfficialCalendar } from '../deadlines/official-calendar.ts';
import { verifyEventChain } from '../events/event.repository.ts';
import { countInspectionTree } from '../problems/problem.repository.ts';
import { createDocumentImportService } from './document-import.service.ts';

function countDocument(document: ParsedDocument) {
  const counts = { aspects: document.aspects.length, problems: 0, measures: 0, manifestations: 0 };
  const walk = (problem: ParsedProblem) => {
    counts.problems += 1;
    counts.measures += problem.measures.length;
    counts.manifestations += problem.manifestations.length;
    problem.children.forEach(walk);
  };
  document.aspects.forEach((aspect) => aspect.problems.forEach(walk));
  return counts;
}

const smallDocument: ParsedDocument = planWith([
  problemWith('1', '“三会一课”制度落实不到位', {
    manifestations: ['支部学习记录不全'],
    measures: ['制定学习计划', '每月检查学习记录'],
    goal: '制度落实到位',
    leaders: ['张某'],
    departments: ['办公室', '党建办'],
    deadline: { text: '3个月内', immediate: false, long_term: false, months: 3 },
  }),
]);

describe.each(backends)('document import on %s', (backend) => {
  let database: TestDatabase;
  let officeId: number;
  let inspectionId: number;
  const clock = testClock();

  beforeEach(async () => {
    database = await createTestDatabase(backend);
    officeId = await buildOffice(database.db);
    inspectionId = await buildInspection(database.db, clock, { officeId });
  });
  afterEach(async () => {
    await database.dispose();
  });

  const service = () =>
    createDocumentImportService({
      db: database.db,
      clock,
      calendar: getOfficialCalendar(),
      deadlinePolicy: defaultDeadlinePolicy,
    });

  it('imports the tree, resolves people and departments, and derives the due day', async () => {
    const result = await service().importDocument({
      officeId,
      inspectionId,
      document: smallDocument,
      fileName: 'plan.json',
      actorUserId: null,
    });
    expect(result).toMatchObject({ aspects: 1, problems: 1, measures: 2, manifestations: 1 });
    expect(result.departmentsCreated).toBe(2);
    expect(result.peopleCreated).toBe(1);
    const problem = await database.db
      .selectFrom('problems')
      .innerJoin('deadlines', 'deadlines.id', 'problems.deadline_id')
      .select(['problems.state', 'deadlines.kind', 'deadlines.due_on', 'deadlines.months'])
      .executeTakeFirstOrThrow();
    expect(problem).toEqual({ state: 'draft', kind: 'within', due_on: '2024-09-15', months: 3 });
    const chain = await verifyEventChain(database.db, officeId);
    expect(chain).toMatchObject({ isIntact: true, checked: 2 });
  });

  it('refuses a second import into the same inspection and changes nothing', async () => {
    await service().importDocument({
      officeId,
      inspectionId,
      document: smallDocument,
      fileName: null,
      actorUserId: null,
    });
    await expect(
      service().importDocument({
        officeId,
        inspectionId,
        document: smallDocument,
        fileName: null,
        actorUserId: null,
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await countInspectionTree(database.db, inspectionId)).toEqual({
      aspects: 1,
      problems: 1,
      measures: 2,
      manifestations: 1,
    });
  });

  it('names the bad field of a malformed document and writes nothing', async () => {
    const broken = structuredClone(smallDocument) as unknown as {
      aspects: Array<{ problems: Array<{ title: string }> }>;
    };
    broken.aspects[0]!.problems[0]!.title = '';
    const error = await service()
      .importDocument({ officeId, inspectionId, document: broken, fileName: null, actorUserId: null })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details.where).toBe('aspects[0].problems[0].title');
    expect((error as AppError).userMessage).toContain('aspects[0].problems[0].title');
    expect(await countInspectionTree(database.db, inspectionId)).toEqual({
      aspects: 0,
      problems: 0,
      measures: 0,
      manifestations: 0,
    });
  });

  it('rolls back everything when a write fails half-way', async () => {
    const document = structuredClone(smallDocument);
    // The second measure list holds an empty measure, which the database's CHECK refuses.
    document.aspects.push({ ...document.aspects[0]!, title: '第二方面' });
    document.aspects[1]!.problems[0] = { ...document.aspects[1]!.problems[0]!, measures: ['好的', ''] };
    await expect(
      service().importDocument({ officeId, inspectionId, document, fileName: null, actorUserId: null }),
    ).rejects.toThrow();
    expect((await countInspectionTree(database.db, inspectionId)).aspects).toBe(0);
    expect(await database.db.selectFrom('departments').selectAll().execute()).toEqual([]);
  });

  it('answers not found for an inspection of another office', async () => {
    const otherOffice = await buildOffice(database.db, '另一个巡察办');
    await expect(
      service().importDocument({
        officeId: otherOffice,
        inspectionId,
        document: smallDocument,
        fileName: null,
        actorUserId: null,
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  describe.runIf(isCorpusAvailable())('corpus gold files', () => {
    it.each(listGoldFiles())('imports %s with counts equal to the file', async (_name, file) => {
      const document = JSON.parse(fs.readFileSync(file, 'utf8')) as ParsedDocument;
      const result = await service().importDocument({
        officeId,
        inspectionId,
        document,
        fileName: _name,
        actorUserId: null,
      });
      const expected = countDocument(document);
      expect(await countInspectionTree(database.db, inspectionId)).toEqual(expected);
      expect(result).toMatchObject(expected);
      const closed = await database.db
        .selectFrom('problems')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('state', '=', 'closed')
        .executeTakeFirstOrThrow();
      let completed = 0;
      const walk = (problem: ParsedProblem) => {
        if (document.kind !== 'plan' && problem.status === 'completed') completed += 1;
        problem.children.forEach(walk);
      };
      document.aspects.forEach((aspect) => aspect.problems.forEach(walk));
      expect(Number(closed.n)).toBe(completed);
    });
  });
});
