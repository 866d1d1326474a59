/** Institutions, meetings and outcomes over HTTP: scoped, versioned, linked within the inspection. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import {
  findProblemIds,
  lastEvent,
  startApiHarness,
  type ApiHarness,
} from '../problems/problem.test-support.ts';

describe.each(backends)('registers API on %s', (backend) => {
  let harness: ApiHarness;
  let inspectionId: number;
  let otherInspectionId: number;
  let problemIds: number[];
  let outsideProblemId: number;

  beforeAll(async () => {
    harness = await startApiHarness(backend);
    const inspectionOf = async (unitId: number) =>
      (
        await harness.database.db
          .selectFrom('inspections')
          .select('id')
          .where('unit_id', '=', unitId)
          .orderBy('id')
          .executeTakeFirstOrThrow()
      ).id;
    inspectionId = await inspectionOf(harness.unitId);
    otherInspectionId = await inspectionOf(harness.otherUnitId);
    problemIds = await findProblemIds(harness.database, harness.unitId);
    outsideProblemId = (await findProblemIds(harness.database, harness.otherUnitId))[0]!;
  });
  afterAll(async () => {
    await harness.close();
  });

  async function expectRefused(status: number, send: () => ReturnType<ApiHarness['request']>) {
    const before = await harness.countEvents();
    const response = await send();
    expect(response.statusCode, response.body).toBe(status);
    expect(await harness.countEvents()).toBe(before);
    return response.json() as { error: { where?: string; message: string } };
  }

  it('creates, lists, updates and deletes an institution with linked problems', async () => {
    const created = await harness.request('unit', 'POST', `/api/inspections/${inspectionId}/institutions`, {
      name: '差旅费管理办法',
      change: 'revised',
      adoptedOn: '2026-10-01',
      problemIds: [problemIds[1]!, problemIds[0]!],
    });
    expect(created.statusCode, created.body).toBe(201);
    const institution = created.json();
    expect(institution).toMatchObject({ name: '差旅费管理办法', change: 'revised', version: 1 });
    expect(institution.problemIds).toEqual([problemIds[0], problemIds[1]].sort((a, b) => a! - b!));
    expect(await lastEvent(harness.database)).toMatchObject({
      entity_type: 'institution',
      action: 'institution_created',
    });
    const list = await harness.request('observer', 'GET', `/api/inspections/${inspectionId}/institutions`);
    expect(list.json().map((row: { id: number }) => row.id)).toContain(institution.id);
    const updated = await harness.request('office', 'PUT', `/api/institutions/${institution.id}`, {
      name: '差旅费管理办法（修订）',
      change: 'revised',
      adoptedOn: null,
      problemIds: [problemIds[2]!],
      version: 1,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ problemIds: [problemIds[2]], adoptedOn: null, version: 2 });
    expect((await lastEvent(harness.database)).data).toMatchObject({
      before: { name: '差旅费管理办法', version: 1 },
      after: { name: '差旅费管理办法（修订）', version: 2 },
    });
    await expectRefused(409, () =>
      harness.request('unit', 'PUT', `/api/institutions/${institution.id}`, {
        name: '旧',
        change: 'new',
        version: 1,
      }),
    );
    await expectRefused(409, () =>
      harness.request('unit', 'DELETE', `/api/institutions/${institution.id}?version=1`),
    );
    expect(
      (await harness.request('unit', 'DELETE', `/api/institutions/${institution.id}?version=2`)).statusCode,
    ).toBe(200);
    expect((await lastEvent(harness.database)).data).toMatchObject({ after: null });
  });

  it('refuses problems of another inspection, bad fields, roles and scope, writing nothing', async () => {
    const foreign = await expectRefused(400, () =>
      harness.request('unit', 'POST', `/api/inspections/${inspectionId}/institutions`, {
        name: '制度',
        change: 'new',
        problemIds: [problemIds[0]!, outsideProblemId],
      }),
    );
    expect(foreign.error.where).toBe('body.problemIds[1]');
    const badChange = await expectRefused(400, () =>
      harness.request('unit', 'POST', `/api/inspections/${inspectionId}/institutions`, {
        name: '制度',
        change: 'old',
      }),
    );
    expect(badChange.error.where).toBe('body.change');
    for (const user of ['leader', 'observer', 'department'] as const) {
      await expectRefused(403, () =>
        harness.request(user, 'POST', `/api/inspections/${inspectionId}/meetings`, {
          kind: 'party_group',
          heldOn: '2026-11-01',
          topic: '听取整改进展',
        }),
      );
    }
    await expectRefused(404, () =>
      harness.request('unit', 'POST', `/api/inspections/${otherInspectionId}/meetings`, {
        kind: 'party_group',
        heldOn: '2026-11-01',
        topic: '听取整改进展',
      }),
    );
    expect(
      (await harness.request('unit', 'GET', `/api/inspections/${otherInspectionId}/outcomes`)).statusCode,
    ).toBe(404);
    expect(
      (await harness.request('otherOffice', 'GET', `/api/inspections/${inspectionId}/outcomes`)).statusCode,
    ).toBe(404);
  });

  it('records meetings with linked problems', async () => {
    const created = await harness.request('unit', 'POST', `/api/inspections/${inspectionId}/meetings`, {
      kind: 'democratic_life',
      heldOn: '2026-11-10',
      topic: '巡察整改专题民主生活会',
      problemIds: [problemIds[0]!],
    });
    expect(created.statusCode, created.body).toBe(201);
    const meeting = created.json();
    expect(meeting).toMatchObject({
      kind: 'democratic_life',
      heldOn: '2026-11-10',
      problemIds: [problemIds[0]],
    });
    const badDay = await expectRefused(400, () =>
      harness.request('unit', 'PUT', `/api/meetings/${meeting.id}`, {
        kind: 'democratic_life',
        heldOn: '2026-13-01',
        topic: '改期',
        version: 1,
      }),
    );
    expect(badDay.error.where).toBe('body.heldOn');
    const updated = await harness.request('unit', 'PUT', `/api/meetings/${meeting.id}`, {
      kind: 'party_group',
      heldOn: '2026-11-11',
      topic: '党组会听取整改',
      problemIds: [],
      version: 1,
    });
    expect(updated.json()).toMatchObject({ kind: 'party_group', problemIds: [], version: 2 });
    await expectRefused(404, () =>
      harness.request('otherOffice', 'DELETE', `/api/meetings/${meeting.id}?version=2`),
    );
  });

  it('keeps money in fen and shows yuan, and checks the measure matches the kind', async () => {
    const funds = await harness.request('unit', 'POST', `/api/inspections/${inspectionId}/outcomes`, {
      kind: 'funds_recovered',
      amountYuan: 230512.37,
      recordedOn: '2026-11-15',
      problemId: problemIds[0]!,
      note: '追缴欠款',
    });
    expect(funds.statusCode, funds.body).toBe(201);
    const outcome = funds.json();
    expect(outcome).toMatchObject({ amountYuan: 230512.37, peopleCount: null, problemId: problemIds[0] });
    const stored = await harness.database.db
      .selectFrom('outcomes')
      .select('amount_fen')
      .where('id', '=', outcome.id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.amount_fen)).toBe(23051237);
    const people = await harness.request('unit', 'PUT', `/api/outcomes/${outcome.id}`, {
      kind: 'people_admonished',
      peopleCount: 3,
      recordedOn: '2026-11-16',
      version: 1,
    });
    expect(people.json()).toMatchObject({
      kind: 'people_admonished',
      peopleCount: 3,
      amountYuan: null,
      version: 2,
    });
    const missing = await expectRefused(400, () =>
      harness.request('unit', 'POST', `/api/inspections/${inspectionId}/outcomes`, {
        kind: 'funds_returned',
        recordedOn: '2026-11-15',
      }),
    );
    expect(missing.error.where).toBe('body.amountYuan');
    const cents = await expectRefused(400, () =>
      harness.request('unit', 'POST', `/api/inspections/${inspectionId}/outcomes`, {
        kind: 'funds_returned',
        amountYuan: 1.234,
        recordedOn: '2026-11-15',
      }),
    );
    expect(cents.error.where).toBe('body.amountYuan');
    const foreign = await expectRefused(400, () =>
      harness.request('unit', 'POST', `/api/inspections/${inspectionId}/outcomes`, {
        kind: 'people_reminded',
        peopleCount: 2,
        recordedOn: '2026-11-15',
        problemId: outsideProblemId,
      }),
    );
    expect(foreign.error.where).toBe('body.problemId');
    expect(
      (await harness.request('unit', 'DELETE', `/api/outcomes/${outcome.id}?version=2`)).statusCode,
    ).toBe(200);
  });
});
