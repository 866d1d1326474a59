import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { addMonths } from '../deadlines/calendar-date.rules.ts';
import { startApi, type ApiFixture } from '../inspections/api.test-support.ts';

interface CheckJson {
  problemId: number;
  result: string | null;
  version: number;
  problemState: string;
}

describe.each(backends)('look-back API (%s)', (backend) => {
  let api: ApiFixture;
  let inspectionId: number;
  let feedbackOn: string;
  let otherUnitInspectionId: number;
  beforeAll(async () => {
    api = await startApi(backend);
    const inspections = await api.database.db
      .selectFrom('inspections')
      .select(['id', 'unit_id', 'feedback_on'])
      .where('office_id', '=', api.officeId)
      .orderBy('id')
      .execute();
    const own = inspections.find((inspection) => inspection.unit_id === api.unitIds[0])!;
    inspectionId = own.id;
    feedbackOn = own.feedback_on!;
    otherUnitInspectionId = inspections.find((inspection) => inspection.unit_id === api.unitIds[1])!.id;
  });
  afterAll(async () => {
    await api.dispose();
  });

  const problemRow = (id: number) =>
    api.database.db
      .selectFrom('problems')
      .select(['state', 'rebound_count', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('finds the demo’s completed look-back: one rebound, reopened, then closed again', async () => {
    const { db } = api.database;
    const lookbacks = await db
      .selectFrom('lookbacks')
      .select(['id', 'state', 'summary'])
      .where('office_id', '=', api.officeId)
      .execute();
    expect(lookbacks.length).toBeGreaterThanOrEqual(1);
    for (const lookback of lookbacks) {
      expect(lookback.state).toBe('completed');
      const checks = await db
        .selectFrom('lookback_checks')
        .innerJoin('problems', 'problems.id', 'lookback_checks.problem_id')
        .select(['lookback_checks.result', 'problems.state', 'problems.rebound_count'])
        .where('lookback_id', '=', lookback.id)
        .execute();
      expect(checks.every((check) => check.result != null && check.state === 'closed')).toBe(true);
      const rebounds = checks.filter((check) => check.result === 'rebound');
      expect(rebounds).toEqual([{ result: 'rebound', state: 'closed', rebound_count: 1 }]);
    }
    const view = await api.request('observer', 'GET', `/api/lookbacks/${lookbacks[0]!.id}`);
    expect(view.json().progress).toMatchObject({ rebounds: 1 });
  });

  it('schedules, checks (holds and rebound), completes, and counts the rate', async () => {
    const ratesBefore = (await api.request('office', 'GET', '/api/analytics/rebound-rates')).json();
    const listed = await api.request('office', 'GET', `/api/inspections/${inspectionId}/lookbacks`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toMatchObject({
      inspectionId,
      defaultPlannedOn: addMonths(feedbackOn, 6),
      canSchedule: true,
      lookbacks: [],
    });
    expect(
      (await api.request('unit', 'GET', `/api/inspections/${inspectionId}/lookbacks`)).json().canSchedule,
    ).toBe(false);

    expect(
      (await api.request('unit', 'POST', `/api/inspections/${inspectionId}/lookbacks`, {})).statusCode,
    ).toBe(403);
    expect(
      (
        await api.request('office', 'POST', `/api/inspections/${inspectionId}/lookbacks`, {
          plannedOn: '2026-13-01',
        })
      ).statusCode,
    ).toBe(400);
    const scheduled = await api.request('office', 'POST', `/api/inspections/${inspectionId}/lookbacks`, {});
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    const lookback = scheduled.json();
    const closed = await api.database.db
      .selectFrom('problems')
      .select('id')
      .where('inspection_id', '=', inspectionId)
      .where('state', '=', 'closed')
      .execute();
    // Two items are checked below; the rest stay unchecked to test completing with them.
    expect(closed.length).toBeGreaterThanOrEqual(3);
    expect(lookback).toMatchObject({
      plannedOn: addMonths(feedbackOn, 6),
      state: 'planned',
      progress: { total: closed.length, checked: 0, rebounds: 0, reboundRate: null },
    });
    expect(lookback.checks.map((check: CheckJson) => check.problemId).sort()).toEqual(
      closed.map((row) => row.id).sort(),
    );
    const again = await api.request('office', 'POST', `/api/inspections/${inspectionId}/lookbacks`, {});
    expect(again.statusCode).toBe(409);

    const [first, second] = lookback.checks as CheckJson[];
    const checkUrl = (check: CheckJson) => `/api/lookbacks/${lookback.id}/checks/${check.problemId}`;
    expect(
      (await api.request('leader', 'PUT', checkUrl(first!), { result: 'holds', version: 1 })).statusCode,
    ).toBe(403);
    expect(
      (await api.request('otherUnit', 'PUT', checkUrl(first!), { result: 'holds', version: 1 })).statusCode,
    ).toBe(404);
    expect(
      (await api.request('unit', 'PUT', checkUrl(first!), { result: 'kept', version: 1 })).statusCode,
    ).toBe(400);

    const held = await api.request('unit', 'PUT', checkUrl(first!), {
      result: 'holds',
      note: '抽查无反弹',
      version: 1,
    });
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json()).toMatchObject({ state: 'in_progress', progress: { checked: 1, holds: 1 } });
    expect(
      (await api.request('unit', 'PUT', checkUrl(first!), { result: 'holds', version: 1 })).statusCode,
    ).toBe(409);

    const before = await problemRow(second!.problemId);
    const noNote = await api.request('office', 'PUT', checkUrl(second!), { result: 'rebound', version: 1 });
    expect(noNote.statusCode).toBe(409);
    expect(noNote.json().error.message).toContain('情况说明');
    const rebound = await api.request('office', 'PUT', checkUrl(second!), {
      result: 'rebound',
      note: '公务接待超标准问题再次出现',
      version: 1,
    });
    expect(rebound.statusCode, rebound.body).toBe(200);
    const after = await problemRow(second!.problemId);
    expect(after).toMatchObject({ state: 'in_progress', rebound_count: before.rebound_count + 1 });
    const transition = await api.database.db
      .selectFrom('state_transitions')
      .select(['from_state', 'to_state', 'reason'])
      .where('problem_id', '=', second!.problemId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(transition).toEqual({
      from_state: 'closed',
      to_state: 'in_progress',
      reason: '回头看发现反弹：公务接待超标准问题再次出现',
    });
    const detail = rebound.json();
    expect(detail.progress).toMatchObject({ checked: 2, holds: 1, rebounds: 1, reboundRate: 0.5 });
    expect(
      detail.aspects.reduce((sum: number, aspect: { rebounds: number }) => sum + aspect.rebounds, 0),
    ).toBe(1);
    const reboundCheck = detail.checks.find((check: CheckJson) => check.problemId === second!.problemId);
    expect(reboundCheck).toMatchObject({ result: 'rebound', problemState: 'in_progress', version: 2 });
    // The item has been reopened: the finding stands and cannot be turned back into "holds".
    const undo = await api.request('office', 'PUT', checkUrl(second!), { result: 'holds', version: 2 });
    expect(undo.statusCode).toBe(409);

    const early = await api.request('office', 'POST', `/api/lookbacks/${lookback.id}/complete`, {
      version: detail.version,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('未检查');
    expect(
      (
        await api.request('unit', 'POST', `/api/lookbacks/${lookback.id}/complete`, {
          version: detail.version,
        })
      ).statusCode,
    ).toBe(403);
    const completed = await api.request('office', 'POST', `/api/lookbacks/${lookback.id}/complete`, {
      version: detail.version,
      summary: '整改成果总体巩固，1项反弹已重新整改',
      acceptUnchecked: true,
    });
    expect(completed.statusCode, completed.body).toBe(200);
    expect(completed.json()).toMatchObject({
      state: 'completed',
      summary: '整改成果总体巩固，1项反弹已重新整改',
      uncheckedProblemIds: (lookback.checks as CheckJson[]).slice(2).map((check) => check.problemId),
    });
    const late = await api.request('office', 'PUT', checkUrl(lookback.checks[2]), {
      result: 'holds',
      version: 1,
    });
    expect(late.statusCode).toBe(409);

    const events = await api.database.db
      .selectFrom('events')
      .select('action')
      .where('entity_type', '=', 'lookback')
      .where('entity_id', '=', lookback.id)
      .orderBy('id')
      .execute();
    expect(events.map((event) => event.action)).toEqual([
      'lookback_scheduled',
      'lookback_checked',
      'lookback_started',
      'lookback_checked',
      'lookback_completed',
    ]);

    const rates = await api.request('office', 'GET', '/api/analytics/rebound-rates');
    expect(rates.statusCode, rates.body).toBe(200);
    expect(rates.json().units).toContainEqual(
      expect.objectContaining({ unitId: api.unitIds[0], checked: 2, rebounds: 1, reboundRate: 0.5 }),
    );
    expect(rates.json().totals).toMatchObject({
      checked: ratesBefore.totals.checked + 2,
      rebounds: ratesBefore.totals.rebounds + 1,
    });
    const ownRates = await api.request('otherUnit', 'GET', '/api/analytics/rebound-rates');
    expect(ownRates.json().units.map((unit: { unitId: number }) => unit.unitId)).not.toContain(
      api.unitIds[0],
    );
    expect(ownRates.json().units.every((unit: { unitId: number }) => unit.unitId === api.unitIds[1])).toBe(
      true,
    );

    // A new look-back may follow the completed one, and starts from the items closed now.
    const next = await api.request('office', 'POST', `/api/inspections/${inspectionId}/lookbacks`, {
      plannedOn: '2027-06-30',
    });
    expect(next.statusCode, next.body).toBe(201);
    expect(next.json().checks.map((check: CheckJson) => check.problemId)).not.toContain(second!.problemId);
  });

  it('answers 404 outside the scope, before any role check', async () => {
    const scheduled = await api.request(
      'office',
      'POST',
      `/api/inspections/${otherUnitInspectionId}/lookbacks`,
      {},
    );
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    const id = scheduled.json().id;
    for (const user of ['unit', 'leader', 'otherOffice'] as const) {
      expect((await api.request(user, 'GET', `/api/lookbacks/${id}`)).statusCode).toBe(404);
      expect(
        (await api.request(user, 'GET', `/api/inspections/${otherUnitInspectionId}/lookbacks`)).statusCode,
      ).toBe(404);
      expect(
        (await api.request(user, 'POST', `/api/lookbacks/${id}/complete`, { version: 1 })).statusCode,
      ).toBe(404);
    }
    expect(
      (await api.request('otherOffice', 'POST', `/api/inspections/${inspectionId}/lookbacks`, {})).statusCode,
    ).toBe(404);
    expect((await api.request('observer', 'GET', `/api/lookbacks/${id}`)).statusCode).toBe(200);
    expect((await api.request('admin', 'GET', `/api/lookbacks/${id}`)).statusCode).toBe(403);
    expect((await api.request(null, 'GET', `/api/lookbacks/${id}`)).statusCode).toBe(401);
  });

  it('reopens a closed parent with its rebounding sub-item, and marks the parent’s check too', async () => {
    const { db } = api.database;
    const child = await db
      .selectFrom('problems as child')
      .innerJoin('inspections', 'inspections.id', 'child.inspection_id')
      .select(['child.id', 'child.parent_id', 'child.inspection_id'])
      .where('child.parent_id', 'is not', null)
      .where('inspections.office_id', '=', api.officeId)
      .where('child.inspection_id', 'not in', [inspectionId, otherUnitInspectionId])
      .orderBy('child.id')
      .executeTakeFirstOrThrow();
    // The fixture: the whole family closed, as after a finished rectification.
    await db
      .updateTable('problems')
      .set({ state: 'closed', closed_at: '2026-10-01T00:00:00.000Z' })
      .where((eb) => eb.or([eb('id', '=', child.parent_id!), eb('parent_id', '=', child.parent_id!)]))
      .execute();
    const scheduled = await api.request(
      'office',
      'POST',
      `/api/inspections/${child.inspection_id}/lookbacks`,
      {
        plannedOn: '2026-12-01',
      },
    );
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    const lookback = scheduled.json();
    const recorded = await api.request('office', 'PUT', `/api/lookbacks/${lookback.id}/checks/${child.id}`, {
      result: 'rebound',
      note: '制度执行不到位',
      version: 1,
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect((await problemRow(child.id)).state).toBe('in_progress');
    expect(await problemRow(child.parent_id!)).toMatchObject({ state: 'in_progress', rebound_count: 1 });
    const parentCheck = recorded
      .json()
      .checks.find((check: CheckJson) => check.problemId === child.parent_id);
    expect(parentCheck).toMatchObject({ result: 'rebound', problemState: 'in_progress' });
    expect(parentCheck.note).toContain('制度执行不到位');
  });
});
