/**
 * The import wizard over HTTP (in-process), with real sessions, on a demo database: upload →
 * preview → edit → commit into the ledger, discard, and every refusal storing nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, isCorpusAvailable } from '../../../test/support/corpus.ts';
import { backends } from '../../../test/support/databases.ts';
import { multipartBody } from '../../../test/support/multipart.ts';
import { MAX_DOCUMENT_BYTES } from '../../parse/parse-document.ts';
import type { ParsedDocument } from '../../parse/parsed-document.schema.ts';
import { startApi, type ApiFixture, type TestUser } from '../inspections/api.test-support.ts';

const hasCorpus = isCorpusAvailable();
const planFile = '002_69abe91761440d5d';

interface DraftJson {
  draftId: number;
  inspectionId: number;
  status: string;
  version: number;
  document: ParsedDocument;
  warnings: string[];
  sourceText: string;
}

describe.each(backends)('import wizard API on %s', (backend) => {
  let api: ApiFixture;
  let cookies: Map<TestUser, string>;
  let roundId: number;

  const upload = (user: TestUser, inspectionId: number | string, fileName: string, bytes: Uint8Array) => {
    const body = multipartBody(fileName, bytes);
    return api.app.inject({
      method: 'POST',
      url: `/api/imports?inspectionId=${inspectionId}`,
      headers: { cookie: cookies.get(user)!, 'content-type': body.contentType },
      payload: body.payload,
    });
  };

  /** A fresh inspection of a unit, with no problems yet, set up by the office over the API. */
  const newInspection = async (unitId: number): Promise<number> => {
    const response = await api.request('office', 'POST', '/api/inspections', {
      roundId,
      unitId,
      groupName: '县委第四巡察组',
      feedbackOn: '2026-10-15',
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as number;
  };

  const countRows = async () => {
    const { db } = api.database;
    const [problems, drafts, sources] = await Promise.all([
      db
        .selectFrom('problems')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('import_drafts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('source_documents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { problems: Number(problems.n), drafts: Number(drafts.n), sources: Number(sources.n) };
  };

  beforeAll(async () => {
    api = await startApi(backend);
    cookies = api.cookies;
    const round = await api.request('office', 'POST', '/api/rounds', {
      name: '2026年第三轮巡察',
      year: 2026,
    });
    roundId = round.json().id;
  });
  afterAll(async () => {
    await api.dispose();
  });

  it.skipIf(!hasCorpus)(
    'uploads a plan, previews, edits a title, commits, and the ledger shows the edit',
    async () => {
      const inspectionId = await newInspection(api.unitIds[0]);
      const before = await countRows();
      const bytes = fs.readFileSync(path.join(corpusDir, `${planFile}.txt`));
      const uploaded = await upload('unit', inspectionId, `${planFile}.txt`, bytes);
      expect(uploaded.statusCode, uploaded.body).toBe(201);
      const draft = uploaded.json() as DraftJson;
      expect(draft).toMatchObject({ inspectionId, status: 'draft', version: 1 });
      expect(draft.document.kind).toBe('plan');
      expect(draft.document.aspects.length).toBeGreaterThan(0);
      expect(Array.isArray(draft.warnings)).toBe(true);
      expect(draft.sourceText).toContain('整改');
      expect(await countRows()).toEqual({ ...before, drafts: before.drafts + 1 });

      // Scope: another unit's office, another office, and the observer (read only).
      expect((await api.request('otherUnit', 'GET', `/api/imports/${draft.draftId}`)).statusCode).toBe(404);
      expect((await api.request('otherOffice', 'GET', `/api/imports/${draft.draftId}`)).statusCode).toBe(404);
      expect((await api.request('observer', 'GET', `/api/imports/${draft.draftId}`)).statusCode).toBe(200);
      expect(
        (await api.request('observer', 'POST', `/api/imports/${draft.draftId}/commit`, {})).statusCode,
      ).toBe(403);

      const edited = structuredClone(draft.document);
      const problem = edited.aspects[0]!.problems[0]!;
      problem.title = `（已核对）${problem.title}`;
      const draftPath = `/api/imports/${draft.draftId}`;
      const saved = await api.request('unit', 'PUT', draftPath, { version: 1, document: edited });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toMatchObject({ version: 2 });
      expect((saved.json() as DraftJson).document.aspects[0]!.problems[0]!.title).toBe(problem.title);
      expect((await api.request('unit', 'PUT', draftPath, { version: 1, document: edited })).statusCode).toBe(
        409,
      );
      const broken = structuredClone(edited);
      broken.aspects[1]!.problems[0]!.title = '';
      const invalid = await api.request('unit', 'PUT', draftPath, { version: 2, document: broken });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().error.where).toBe('body.document.aspects[1].problems[0].title');
      expect(
        (await api.request('observer', 'PUT', draftPath, { version: 2, document: edited })).statusCode,
      ).toBe(403);
      expect(await countRows()).toEqual({ ...before, drafts: before.drafts + 1 });

      const stale = await api.request('unit', 'POST', `${draftPath}/commit`, { version: 1 });
      expect(stale.statusCode).toBe(409);
      const committed = await api.request('unit', 'POST', `${draftPath}/commit`, { version: 2 });
      expect(committed.statusCode, committed.body).toBe(200);
      const result = committed.json();
      expect(result).toMatchObject({ draftId: draft.draftId, status: 'committed', version: 3 });
      expect(result.counts.aspects).toBe(edited.aspects.length);
      expect(result.counts.problems).toBeGreaterThan(0);
      const after = await countRows();
      expect(after.problems).toBe(before.problems + result.counts.problems);
      expect(after.sources).toBe(before.sources + 1);

      const ledger = await api.request(
        'unit',
        'GET',
        `/api/ledger?inspectionId=${inspectionId}&pageSize=500`,
      );
      const titles = (ledger.json().items as Array<{ title: string }>).map((item) => item.title);
      expect(titles).toContain(problem.title);
      const detail = await api.request('unit', 'GET', `/api/inspections/${inspectionId}`);
      expect(detail.json().aspects).toHaveLength(edited.aspects.length);

      expect((await api.request('unit', 'POST', `${draftPath}/commit`, {})).statusCode).toBe(409);
      expect((await api.request('unit', 'DELETE', draftPath)).statusCode).toBe(409);
      expect((await api.request('unit', 'PUT', draftPath, { version: 3, document: edited })).statusCode).toBe(
        409,
      );
      // The inspection has its problem tree now: a second upload is refused before storing.
      const again = await upload('unit', inspectionId, `${planFile}.txt`, bytes);
      expect(again.statusCode).toBe(409);
      expect(await countRows()).toEqual(after);
    },
  );

  it.skipIf(!hasCorpus)('discards a draft and leaves nothing behind', async () => {
    const inspectionId = await newInspection(api.unitIds[1]);
    const before = await countRows();
    const json = fs.readFileSync(path.join(corpusDir, `${planFile}.gold.json`));
    const uploaded = await upload('office', inspectionId, 'plan.json', json);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const draft = uploaded.json() as DraftJson;
    expect(draft.document.aspects.length).toBe(3);
    const draftPath = `/api/imports/${draft.draftId}`;
    expect((await api.request('unit', 'DELETE', draftPath)).statusCode).toBe(404);
    expect((await api.request('office', 'DELETE', draftPath)).statusCode).toBe(204);
    expect((await api.request('office', 'DELETE', draftPath)).statusCode).toBe(204);
    expect((await api.request('office', 'GET', draftPath)).json()).toMatchObject({
      status: 'discarded',
      version: 2,
    });
    expect((await api.request('office', 'POST', `${draftPath}/commit`, {})).statusCode).toBe(409);
    expect(await countRows()).toEqual({ ...before, drafts: before.drafts + 1 });
    const detail = await api.request('office', 'GET', `/api/inspections/${inspectionId}`);
    expect(detail.json().aspects).toEqual([]);
  });

  it('refuses bad uploads with the file named and stores nothing', async () => {
    const inspectionId = await newInspection(
      (await api.request('office', 'POST', '/api/units', { name: '某县审计局党组' })).json().id,
    );
    const before = await countRows();

    const corrupt = await upload('office', inspectionId, '整改方案.docx', Buffer.from('not a zip archive'));
    expect(corrupt.statusCode).toBe(422);
    expect(corrupt.json().error.message).toContain('整改方案.docx');

    const spreadsheet = await upload('office', inspectionId, '台账.xls', Buffer.from('some bytes'));
    expect(spreadsheet.statusCode).toBe(415);
    expect(spreadsheet.json().error.message).toContain('台账.xls');
    const program = await upload('office', inspectionId, 'setup.exe', Buffer.from('MZ\x90\x00rest'));
    expect(program.statusCode).toBe(415);

    const empty = await upload('office', inspectionId, '空.txt', Buffer.alloc(0));
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.message).toContain('空.txt');

    const syntax = await upload('office', inspectionId, 'plan.json', Buffer.from('{"kind": "plan",'));
    expect(syntax.statusCode).toBe(422);
    expect(syntax.json().error.message).toContain('plan.json');
    const wrongShape = await upload(
      'office',
      inspectionId,
      'plan.json',
      Buffer.from(JSON.stringify({ kind: 'plan', aspects: 'none' })),
    );
    expect(wrongShape.statusCode).toBe(422);
    expect(wrongShape.json().error.where).toBe('title');

    const tooLarge = await upload(
      'office',
      inspectionId,
      '大文件.txt',
      Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x41),
    );
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.message).toContain('大文件.txt');

    const notMultipart = await api.request('office', 'POST', `/api/imports?inspectionId=${inspectionId}`, {
      file: 'text',
    });
    expect(notMultipart.statusCode).toBe(415);
    const noInspection = await upload('office', '', 'a.txt', Buffer.from('一、问题'));
    expect(noInspection.statusCode).toBe(400);
    expect(noInspection.json().error.where).toBe('query.inspectionId');
    expect((await upload('office', api.otherInspectionId, 'a.txt', Buffer.from('一、问题'))).statusCode).toBe(
      404,
    );
    expect((await upload('otherUnit', inspectionId, 'a.txt', Buffer.from('一、问题'))).statusCode).toBe(404);
    expect((await upload('observer', inspectionId, 'a.txt', Buffer.from('一、问题'))).statusCode).toBe(403);
    expect((await api.request('office', 'GET', '/api/imports/999999')).statusCode).toBe(404);

    expect(await countRows()).toEqual(before);
  });
});
