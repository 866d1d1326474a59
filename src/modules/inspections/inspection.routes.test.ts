/** The inspection-setup API over HTTP (in-process), with real sessions, on a demo database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { startApi, type ApiFixture } from './api.test-support.ts';

interface CountsJson {
  problems: number;
  closed: number;
  pendingReview: number;
  overdue: number;
  completionRate: number | null;
}
interface InspectionJson {
  id: number;
  round: { id: number; name: string };
  unit: { id: number; name: string };
  group: { id: number; name: string } | null;
  feedbackOn: string | null;
  dueDates: { planDueOn: string | null; reportDueOn: string | null; concentratedUntil: string | null };
  counts: CountsJson;
  version: number;
  aspects?: Array<{ id: number; title: string; problemCount: number }>;
}

describe.each(backends)('inspection API on %s', (backend) => {
  let api: ApiFixture;
  let newRoundId: number;
  let newUnitId: number;

  beforeAll(async () => {
    api = await startApi(backend);
  });
  afterAll(async () => {
    await api.dispose();
  });

  it('requires a session and refuses the system admin', async () => {
    expect((await api.request(null, 'GET', '/api/rounds')).statusCode).toBe(401);
    expect((await api.request('admin', 'GET', '/api/units')).statusCode).toBe(403);
  });

  it('lists rounds and units in scope, with per-unit counts by state', async () => {
    const rounds = (await api.request('office', 'GET', '/api/rounds')).json().items as Array<{
      id: number;
      inspectionCount: number;
    }>;
    expect(rounds.length).toBeGreaterThan(0);
    expect(rounds.reduce((sum, round) => sum + round.inspectionCount, 0)).toBe(4);
    const unitRounds = (await api.request('unit', 'GET', '/api/rounds')).json().items as Array<{
      inspectionCount: number;
    }>;
    expect(unitRounds.reduce((sum, round) => sum + round.inspectionCount, 0)).toBe(1);

    const units = (await api.request('observer', 'GET', '/api/units')).json().items as Array<{
      id: number;
      counts: CountsJson & { draft: number; inProgress: number };
    }>;
    expect(units).toHaveLength(4);
    const total = units.reduce((sum, unit) => sum + unit.counts.problems, 0);
    expect(total).toBe(40);
    for (const unit of units) {
      const { draft, inProgress, pendingReview, closed, problems } = unit.counts;
      expect(draft + inProgress + pendingReview + closed).toBe(problems);
    }
    const mine = (await api.request('unit', 'GET', '/api/units')).json().items as Array<{ id: number }>;
    expect(mine.map((unit) => unit.id)).toEqual([api.unitIds[0]]);
    const otherOffice = (await api.request('otherOffice', 'GET', '/api/units')).json().items as Array<{
      id: number;
    }>;
    expect(otherOffice.some((unit) => api.unitIds.includes(unit.id))).toBe(false);
  });

  it('creates rounds and units for the office only, naming bad fields and refusing duplicates', async () => {
    const created = await api.request('office', 'POST', '/api/rounds', {
      name: '2027年第一轮巡察',
      year: 2027,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: '2027年第一轮巡察',
      year: 2027,
      inspectionCount: 0,
      version: 1,
    });
    newRoundId = created.json().id;
    expect(
      (await api.request('office', 'POST', '/api/rounds', { name: '2027年第一轮巡察', year: 2027 }))
        .statusCode,
    ).toBe(409);
    const bad = await api.request('office', 'POST', '/api/rounds', { name: '第二轮', year: 'next' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.where).toBe('body.year');
    const badDate = await api.request('office', 'POST', '/api/rounds', {
      name: '第三轮',
      year: 2027,
      startedOn: '2027-02-30',
    });
    expect(badDate.json().error.where).toBe('body.startedOn');
    for (const user of ['observer', 'unit', 'leader'] as const) {
      const refused = await api.request(user, 'POST', '/api/rounds', { name: `${user}的轮次`, year: 2027 });
      expect(refused.statusCode).toBe(403);
    }

    const unit = await api.request('office', 'POST', '/api/units', { name: '某县新设局党组' });
    expect(unit.statusCode).toBe(201);
    expect(unit.json().counts).toMatchObject({ problems: 0, completionRate: null });
    newUnitId = unit.json().id;
    expect((await api.request('office', 'POST', '/api/units', { name: '某县新设局党组' })).statusCode).toBe(
      409,
    );
    const empty = await api.request('office', 'POST', '/api/units', { name: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.where).toBe('body.name');
    expect((await api.request('observer', 'POST', '/api/units', { name: '纪检新单位' })).statusCode).toBe(
      403,
    );
    const rows = await api.database.db
      .selectFrom('units')
      .select('name')
      .where('name', '=', '纪检新单位')
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('lists inspections with counts, filtered, scoped, and 404 for other offices’ ids', async () => {
    const all = (await api.request('office', 'GET', '/api/inspections')).json().items as InspectionJson[];
    expect(all.length).toBeGreaterThanOrEqual(4);
    const withProblems = all.filter((inspection) => inspection.counts.problems > 0);
    expect(withProblems.reduce((sum, inspection) => sum + inspection.counts.problems, 0)).toBe(40);
    for (const inspection of withProblems) {
      const { closed, problems, completionRate } = inspection.counts;
      expect(completionRate).toBeCloseTo(closed / problems, 3);
    }
    expect(all.some((inspection) => inspection.id === api.otherInspectionId)).toBe(false);

    const mine = (await api.request('unit', 'GET', '/api/inspections')).json().items as InspectionJson[];
    expect(mine.every((inspection) => inspection.unit.id === api.unitIds[0])).toBe(true);
    const byUnit = (await api.request('office', 'GET', `/api/inspections?unitId=${api.unitIds[1]}`)).json()
      .items as InspectionJson[];
    expect(byUnit.every((inspection) => inspection.unit.id === api.unitIds[1])).toBe(true);
    expect((await api.request('unit', 'GET', `/api/inspections?unitId=${api.unitIds[1]}`)).statusCode).toBe(
      404,
    );
    const otherRound = await api.database.db
      .selectFrom('inspection_rounds')
      .select('id')
      .where('office_id', '=', api.otherOfficeId)
      .executeTakeFirstOrThrow();
    expect((await api.request('office', 'GET', `/api/inspections?roundId=${otherRound.id}`)).statusCode).toBe(
      404,
    );
    const bad = await api.request('office', 'GET', '/api/inspections?roundId=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.where).toBe('query.roundId');
  });

  it('shows one inspection with aspects and due dates, 404 out of scope', async () => {
    const mine = (await api.request('unit', 'GET', '/api/inspections')).json().items as InspectionJson[];
    const detail = await api.request('unit', 'GET', `/api/inspections/${mine[0]!.id}`);
    expect(detail.statusCode).toBe(200);
    const inspection = detail.json() as InspectionJson;
    expect(inspection.aspects!.length).toBeGreaterThan(0);
    expect(inspection.aspects!.reduce((sum, aspect) => sum + aspect.problemCount, 0)).toBe(
      inspection.counts.problems,
    );
    expect(inspection.dueDates.planDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const other = (await api.request('office', 'GET', `/api/inspections?unitId=${api.unitIds[1]}`)).json()
      .items[0] as InspectionJson;
    expect((await api.request('unit', 'GET', `/api/inspections/${other.id}`)).statusCode).toBe(404);
    expect((await api.request('office', 'GET', `/api/inspections/${api.otherInspectionId}`)).statusCode).toBe(
      404,
    );
    expect((await api.request('office', 'GET', '/api/inspections/0')).json().error.where).toBe('params.id');
  });

  it('creates an inspection with derived due dates, office only', async () => {
    const payload = {
      roundId: newRoundId,
      unitId: newUnitId,
      groupName: '县委第四巡察组',
      periodStart: '2027-03-01',
      periodEnd: '2027-04-30',
      feedbackOn: '2027-06-15',
    };
    expect((await api.request('observer', 'POST', '/api/inspections', payload)).statusCode).toBe(403);
    expect((await api.request('unit', 'POST', '/api/inspections', payload)).statusCode).toBe(403);
    const reversed = await api.request('office', 'POST', '/api/inspections', {
      ...payload,
      periodEnd: '2027-02-01',
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.where).toBe('body.periodEnd');
    const missing = await api.request('office', 'POST', '/api/inspections', { unitId: newUnitId });
    expect(missing.json().error.where).toBe('body.roundId');
    const otherUnit = await api.database.db
      .selectFrom('units')
      .select('id')
      .where('office_id', '=', api.otherOfficeId)
      .executeTakeFirstOrThrow();
    expect(
      (await api.request('office', 'POST', '/api/inspections', { ...payload, unitId: otherUnit.id }))
        .statusCode,
    ).toBe(404);

    const created = await api.request('office', 'POST', '/api/inspections', payload);
    expect(created.statusCode).toBe(201);
    const inspection = created.json() as InspectionJson;
    expect(inspection).toMatchObject({
      round: { id: newRoundId },
      unit: { id: newUnitId },
      group: { name: '县委第四巡察组' },
      feedbackOn: '2027-06-15',
      dueDates: { planDueOn: '2027-07-15', reportDueOn: '2027-08-15', concentratedUntil: '2027-09-15' },
      counts: { problems: 0, completionRate: null },
      aspects: [],
      version: 1,
    });
    expect((await api.request('office', 'POST', '/api/inspections', payload)).statusCode).toBe(409);
    const events = await api.database.db
      .selectFrom('events')
      .select('action')
      .where('entity_type', '=', 'inspection')
      .where('entity_id', '=', inspection.id)
      .execute();
    expect(events.map((event) => event.action)).toEqual(['created']);
  });

  it('updates an inspection with optimistic locking, re-deriving due dates', async () => {
    const [inspection] = (await api.request('office', 'GET', `/api/inspections?unitId=${newUnitId}`)).json()
      .items as InspectionJson[];
    const path = `/api/inspections/${inspection!.id}`;
    const updated = await api.request('office', 'PATCH', path, { version: 1, feedbackOn: '2027-07-01' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      feedbackOn: '2027-07-01',
      dueDates: { planDueOn: '2027-08-01', reportDueOn: '2027-09-01', concentratedUntil: '2027-10-01' },
      version: 2,
    });
    const stale = await api.request('office', 'PATCH', path, { version: 1, groupName: '县委第五巡察组' });
    expect(stale.statusCode).toBe(409);
    const explicit = await api.request('office', 'PATCH', path, { version: 2, planDueOn: '2027-07-20' });
    expect(explicit.json()).toMatchObject({ dueDates: { planDueOn: '2027-07-20' }, version: 3 });
    const reversed = await api.request('office', 'PATCH', path, { version: 3, periodStart: '2027-05-15' });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.where).toBe('body.periodStart');
    const noVersion = await api.request('office', 'PATCH', path, { feedbackOn: '2027-07-02' });
    expect(noVersion.json().error.where).toBe('body.version');
    expect((await api.request('observer', 'PATCH', path, { version: 3 })).statusCode).toBe(403);
    expect(
      (await api.request('otherOffice', 'PATCH', path, { version: 3, feedbackOn: '2027-07-02' })).statusCode,
    ).toBe(404);
    const after = (await api.request('office', 'GET', path)).json() as InspectionJson;
    expect(after).toMatchObject({ version: 3, feedbackOn: '2027-07-01', group: { name: '县委第四巡察组' } });
  });

  it("derives due dates by the office's policy months once it changes them, other offices keep theirs", async () => {
    const {
      isDefault,
      version,
      updatedAt: _updatedAt,
      ...policy
    } = (await api.request('office', 'GET', '/api/office/policy')).json();
    expect({ isDefault, version }).toEqual({ isDefault: true, version: 0 });
    const saved = await api.request('office', 'PUT', '/api/office/policy', {
      ...policy,
      planDueMonths: 2,
      reportDueMonths: 4,
      concentratedMonths: 6,
      version: 0,
    });
    expect(saved.statusCode, saved.body).toBe(200);

    const unit = (await api.request('office', 'POST', '/api/units', { name: '某县按规则新设局党组' })).json();
    const created = await api.request('office', 'POST', '/api/inspections', {
      roundId: newRoundId,
      unitId: unit.id,
      feedbackOn: '2027-06-15',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect((created.json() as InspectionJson).dueDates).toEqual({
      planDueOn: '2027-08-15',
      reportDueOn: '2027-10-15',
      concentratedUntil: '2027-12-15',
    });
    const path = `/api/inspections/${(created.json() as InspectionJson).id}`;
    const moved = await api.request('office', 'PATCH', path, { version: 1, feedbackOn: '2027-07-01' });
    expect((moved.json() as InspectionJson).dueDates).toEqual({
      planDueOn: '2027-09-01',
      reportDueOn: '2027-11-01',
      concentratedUntil: '2028-01-01',
    });

    // Another office still has no policy of its own: the default 1, 2 and 3 months.
    const otherRound = (
      await api.request('otherOffice', 'POST', '/api/rounds', { name: '另一县2027年第一轮巡察', year: 2027 })
    ).json();
    const otherUnit = (
      await api.request('otherOffice', 'POST', '/api/units', { name: '另一县新设局党组' })
    ).json();
    const other = await api.request('otherOffice', 'POST', '/api/inspections', {
      roundId: otherRound.id,
      unitId: otherUnit.id,
      feedbackOn: '2027-06-15',
    });
    expect(other.statusCode, other.body).toBe(201);
    expect((other.json() as InspectionJson).dueDates).toEqual({
      planDueOn: '2027-07-15',
      reportDueOn: '2027-08-15',
      concentratedUntil: '2027-09-15',
    });
  });
});
