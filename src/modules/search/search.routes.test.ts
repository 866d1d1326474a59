/** Full-text search over HTTP, on both backends: matching, ranking, snippets, scope, paging, input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { buildInspection, testClock } from '../../../test/support/fixtures.ts';
import { defaultDeadlinePolicy } from '../deadlines/deadline.rules.ts';
import { getOfficialCalendar } from '../deadlines/official-calendar.ts';
import { createDocumentImportService } from '../imports/document-import.service.ts';
import {
  findProblemIds,
  startApiHarness,
  type ApiHarness,
  type TestUser,
} from '../problems/problem.test-support.ts';
import { normaliseForSearch } from './search-text.rules.ts';
import type { SearchHit, SearchPage } from './search.service.ts';

/** Per backend, what each query returned (unit, number, title, field), to compare the backends. */
const outcomes = new Map<string, Record<string, string[]>>();

describe.each(backends)('search API on %s', (backend) => {
  let harness: ApiHarness;
  let ownProblemId: number;
  let otherProblemId: number;
  let manifestation: { id: number; version: number };
  let foreignProblemId: number;

  const search = async (user: TestUser, q: string, extra = '') => {
    const response = await harness.request(user, 'GET', `/api/search?q=${encodeURIComponent(q)}${extra}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as SearchPage;
  };
  const all = async (user: TestUser, q: string) => {
    const hits: SearchHit[] = [];
    for (let page = 1; ; page++) {
      const answer = await search(user, q, `&page=${page}&pageSize=50`);
      hits.push(...answer.hits);
      if (hits.length >= answer.total || answer.hits.length === 0) return { total: answer.total, hits };
    }
  };
  const highlighted = (hit: SearchHit) =>
    hit.snippet.highlights.map(([start, end]) => hit.snippet.text.slice(start, end));

  /** The problems of the office whose texts contain the word, found by reading every text. */
  async function problemsContaining(word: string, unitId?: number): Promise<Set<number>> {
    const db = harness.database.db;
    let problems = db
      .selectFrom('problems')
      .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
      .select(['problems.id', 'problems.title'])
      .where('problems.office_id', '=', harness.officeId);
    if (unitId !== undefined) problems = problems.where('inspections.unit_id', '=', unitId);
    const rows = await problems.execute();
    const ids = rows.map((row) => row.id);
    const texts = [
      ...rows.map((row) => ({ problem_id: row.id, text: row.title })),
      ...(await db
        .selectFrom('problem_manifestations')
        .select(['problem_id', 'text'])
        .where('problem_id', 'in', ids)
        .execute()),
      ...(await db
        .selectFrom('measures')
        .select(['problem_id', 'text'])
        .where('problem_id', 'in', ids)
        .execute()),
      ...(await db
        .selectFrom('comments')
        .select(['problem_id', 'body as text'])
        .where('problem_id', 'in', ids)
        .execute()),
    ];
    const wanted = normaliseForSearch(word);
    return new Set(
      texts.filter((row) => normaliseForSearch(row.text).includes(wanted)).map((row) => row.problem_id),
    );
  }

  beforeAll(async () => {
    harness = await startApiHarness(backend);
    ownProblemId = (await findProblemIds(harness.database, harness.unitId))[2]!;
    otherProblemId = (await findProblemIds(harness.database, harness.otherUnitId))[1]!;
    const added = await harness.request('office', 'POST', `/api/problems/${ownProblemId}/manifestations`, {
      text: '经查，个别干部存在公车私用问题，节假日驾驶公车回老家探亲',
    });
    expect(added.statusCode, added.body).toBe(201);
    manifestation = added.json() as { id: number; version: number };
    const other = await harness.request('office', 'POST', `/api/problems/${otherProblemId}/manifestations`, {
      text: '下属单位公车管理台账缺失',
    });
    expect(other.statusCode, other.body).toBe(201);

    // Another office with a problem that has both words, to prove tenancy.
    const db = harness.database.db;
    const clock = testClock();
    const foreignOffice = await db
      .selectFrom('offices')
      .select('id')
      .where('id', '<>', harness.officeId)
      .executeTakeFirstOrThrow();
    const inspectionId = await buildInspection(db, clock, {
      officeId: foreignOffice.id,
      unitName: '另一县交通运输局党组',
    });
    await createDocumentImportService({
      db,
      clock,
      calendar: getOfficialCalendar(),
      deadlinePolicy: defaultDeadlinePolicy,
    }).importDocument({
      officeId: foreignOffice.id,
      inspectionId,
      fileName: null,
      actorUserId: null,
      document: {
        kind: 'plan',
        title: null,
        unit: '另一县交通运输局党组',
        inspection: { inspector: null, start: null, end: null, feedback_date: null },
        issued_date: null,
        declared: { aspects: null, problems: null },
        contact: { phones: [], emails: [], address: null, postcode: null },
        aspects: [
          {
            number: '一',
            title: '作风建设方面',
            problems: [
              {
                number: '1',
                title: '公车管理制度不健全',
                manifestations: ['公车私用时有发生'],
                status: null,
                measures: ['修订公车管理制度'],
                goal: null,
                leaders: [],
                departments: [],
                deadline: null,
                children: [],
              },
            ],
          },
        ],
      },
    });
    foreignProblemId = (
      await db
        .selectFrom('problems')
        .select('id')
        .where('office_id', '=', foreignOffice.id)
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('finds a two-character word inside a manifestation, with the unit, round, field and a highlighted snippet', async () => {
    const answer = await search('office', '公车');
    expect(answer.total).toBe(2);
    const hit = answer.hits.find((candidate) => candidate.problemId === ownProblemId)!;
    expect(hit).toMatchObject({
      field: 'manifestation',
      fieldLabel: '具体表现',
      unitId: harness.unitId,
      unitName: expect.any(String),
      roundName: expect.any(String),
      problemTitle: expect.any(String),
    });
    expect(highlighted(hit)).toEqual(['公车', '公车']);
    expect(hit.snippet.text).toContain('公车私用');
    // One manifestation hit each ranks the same; the tie goes to the later update (the clock is
    // fixed here), then to the newer problem.
    expect(answer.hits[0]!.rank).toBe(answer.hits[1]!.rank);
    expect(answer.hits.map((candidate) => candidate.problemId)).toEqual(
      [ownProblemId, otherProblemId].sort((left, right) => right - left),
    );
  });

  it('finds one character and a longer phrase, the exact phrase first', async () => {
    const single = await search('office', '车');
    expect(single.hits.map((hit) => hit.problemId)).toEqual(
      expect.arrayContaining([ownProblemId, otherProblemId]),
    );
    const phrase = await search('office', '公车私用');
    expect(phrase.hits[0]!.problemId).toBe(ownProblemId);
    expect(highlighted(phrase.hits[0]!)).toContain('公车私用');
  });

  it('matches exactly the problems whose texts contain the word, title hits ranked above the rest', async () => {
    for (const word of ['差旅', '制度', '整改']) {
      const expected = await problemsContaining(word);
      const { total, hits } = await all('office', word);
      expect(total, word).toBe(expected.size);
      expect(new Set(hits.map((hit) => hit.problemId)), word).toEqual(expected);
      for (const hit of hits) expect(highlighted(hit).join(''), word).toContain(word);
      const isTitleHit = hits.map((hit) => hit.problemTitle.includes(word));
      const firstOther = isTitleHit.indexOf(false);
      if (firstOther >= 0) expect(isTitleHit.slice(firstOther), word).not.toContain(true);
      for (let index = 1; index < hits.length; index++) {
        expect(hits[index]!.rank).toBeLessThanOrEqual(hits[index - 1]!.rank);
      }
      const recorded = outcomes.get(backend) ?? {};
      recorded[word] = hits.map(
        (hit) => `${hit.unitName}|${hit.problemNumber}|${hit.problemTitle}|${hit.field}`,
      );
      outcomes.set(backend, recorded);
    }
  });

  it('finds a comment as soon as it is written', async () => {
    const posted = await harness.request('observer', 'POST', `/api/problems/${ownProblemId}/comments`, {
      body: '请核实举报线索中提到的加油卡使用情况',
    });
    expect(posted.statusCode).toBe(201);
    const answer = await search('unit', '加油卡');
    expect(answer.total).toBe(1);
    expect(answer.hits[0]).toMatchObject({ problemId: ownProblemId, field: 'comment', fieldLabel: '意见' });
    expect(highlighted(answer.hits[0]!)).toEqual(['加油卡']);
  });

  it('follows edits: a changed manifestation is searched by its new text only', async () => {
    const changed = await harness.request('office', 'PATCH', `/api/manifestations/${manifestation.id}`, {
      text: '个别干部违规使用单位车辆办理私事',
      version: manifestation.version,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await search('office', '公车私用')).hits.map((hit) => hit.problemId)).not.toContain(ownProblemId);
    expect((await search('office', '单位车辆')).hits[0]).toMatchObject({
      problemId: ownProblemId,
      field: 'manifestation',
    });
  });

  it('keeps to the scope: unit roles see their units only, each office its own rows', async () => {
    const inUnit = await problemsContaining('制度', harness.unitId);
    for (const user of ['unit', 'department', 'leader'] as const) {
      const { total, hits } = await all(user, '制度');
      expect(total).toBe(inUnit.size);
      expect(hits.every((hit) => hit.unitId === harness.unitId)).toBe(true);
    }
    expect((await all('observer', '制度')).total).toBe((await problemsContaining('制度')).size);
    expect((await search('unit', '公车')).hits.map((hit) => hit.problemId)).not.toContain(otherProblemId);
    // Each office sees its own rows only, though both have problems with the same words.
    const foreign = await search('otherOffice', '公车私用');
    expect(foreign.hits.map((hit) => hit.problemId)).toEqual([foreignProblemId]);
    expect(foreign.hits[0]).toMatchObject({ field: 'manifestation', unitName: '另一县交通运输局党组' });
    for (const word of ['公车', '制度', '车']) {
      const own = await all('office', word);
      expect(own.hits.map((hit) => hit.problemId)).not.toContain(foreignProblemId);
      expect((await all('otherOffice', word)).hits.map((hit) => hit.problemId)).toEqual([foreignProblemId]);
    }
    expect((await harness.request('admin', 'GET', '/api/search?q=制度')).statusCode).toBe(403);
  });

  it('pages through the results without overlap', async () => {
    const first = await search('office', '整改', '&pageSize=5');
    const second = await search('office', '整改', '&pageSize=5&page=2');
    expect(first.total).toBe(second.total);
    expect(first.hits).toHaveLength(5);
    const firstIds = new Set(first.hits.map((hit) => hit.problemId));
    expect(second.hits.some((hit) => firstIds.has(hit.problemId))).toBe(false);
    const beyond = await search('office', '整改', '&pageSize=50&page=999');
    expect(beyond).toMatchObject({ total: first.total, hits: [] });
  });

  it('refuses empty, too long or punctuation-only queries and bad pages, naming the field', async () => {
    for (const [url, where] of [
      ['/api/search', 'query.q'],
      ['/api/search?q=%20%20', 'query.q'],
      [`/api/search?q=${encodeURIComponent('长'.repeat(51))}`, 'query.q'],
      [`/api/search?q=${encodeURIComponent('，。！')}`, 'query.q'],
      ['/api/search?q=%E5%88%B6%E5%BA%A6&page=0', 'query.page'],
      ['/api/search?q=%E5%88%B6%E5%BA%A6&pageSize=51', 'query.pageSize'],
    ] as const) {
      const response = await harness.request('office', 'GET', url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.where, url).toBe(where);
    }
  });
});

describe.each(backends)('similar-problems API on %s', (backend) => {
  let harness: ApiHarness;
  beforeAll(async () => {
    harness = await startApiHarness(backend);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('groups the demo units’ recurring problems for the office, none for a single unit, nothing across offices', async () => {
    const office = await harness.request('office', 'GET', '/api/similar-problems');
    expect(office.statusCode, office.body).toBe(200);
    const body = office.json() as {
      threshold: number;
      groups: Array<{
        unitCount: number;
        label: string;
        members: Array<{ unitId: number; problemId: number }>;
      }>;
    };
    expect(body.threshold).toBe(0.4);
    expect(body.groups.length).toBeGreaterThan(0);
    for (const group of body.groups) {
      expect(new Set(group.members.map((member) => member.unitId)).size).toBe(group.unitCount);
      expect(group.unitCount).toBeGreaterThanOrEqual(2);
    }
    const unit = await harness.request('unit', 'GET', '/api/similar-problems');
    expect(unit.json().groups).toEqual([]);
    expect((await harness.request('otherOffice', 'GET', '/api/similar-problems')).json().groups).toEqual([]);
    expect((await harness.request('admin', 'GET', '/api/similar-problems')).statusCode).toBe(403);
    const strict = await harness.request('observer', 'GET', '/api/similar-problems?threshold=0.95');
    expect(strict.statusCode).toBe(200);
    expect((strict.json() as typeof body).groups.length).toBeLessThanOrEqual(body.groups.length);
    const refused = await harness.request('office', 'GET', '/api/similar-problems?threshold=0.1');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.where).toBe('query.threshold');
  });
});

describe('search on both backends', () => {
  it.skipIf(backends.length < 2)('gives the same results in the same order', () => {
    expect(outcomes.size).toBe(2);
    const [first, second] = [...outcomes.values()];
    expect(second).toEqual(first);
  });
});
