/**
 * "N个工作日内" reaching into a year the official calendar does not cover: every import path
 * (FORMAT.md JSON through the service, the wizard's commit, the .xlsx ledger) stores the deadline
 * as pending instead of failing; the ledger and the problem page say so; supervision leaves it
 * alone; importing the year fills in the day in the same transaction, with an event per item.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import { DEMO_TODAY } from '../../../test/support/demo-database.ts';
import { multipartBody } from '../../../test/support/multipart.ts';
import { planWith, problemWith } from '../../../test/support/parsed-documents.ts';
import type { ParsedDocument } from '../../parse/parsed-document.schema.ts';
import { createFixedClock } from '../common/clock.ts';
import { verifyEventChain } from '../events/event.repository.ts';
import { createDocumentImportService } from '../imports/document-import.service.ts';
import { startApi, type ApiFixture } from '../inspections/api.test-support.ts';
import { createSupervisionEngine } from '../supervision/supervision-engine.ts';
import { createCalendarService } from './calendar.service.ts';
import { defaultDeadlinePolicy } from './deadline.rules.ts';
import { readBundledCalendarFile, toWorkingCalendarData } from './official-calendar.ts';
import { addWorkingDays, createWorkingCalendar } from './working-calendar.rules.ts';

const FEEDBACK_ON = '2026-12-20';
const holidays2027 = { '2027-01-01': '元旦', '2027-01-04': '测试假日' };

/** The day "N个工作日内" should fall on once 2027 is known, counted on its own calendar. */
function expectedDueOn(workingDays: number): string {
  const bundled = readBundledCalendarFile();
  const file = {
    ...bundled,
    years: { ...bundled.years, '2027': { holidays: holidays2027, adjustedWorkdays: {} } },
  };
  return addWorkingDays(FEEDBACK_ON, workingDays, createWorkingCalendar(toWorkingCalendarData(file)));
}

function documentWith(deadlines: string[]): ParsedDocument {
  return planWith(
    deadlines.map((text, index) =>
      problemWith(String(index + 1), `问题${index + 1}（${text}）`, {
        measures: ['制定措施'],
        deadline: { text, immediate: /立行立改/.test(text), long_term: false, months: null },
      }),
    ),
  );
}

describe.each(backends)('working-day deadlines in a year the calendar does not cover (%s)', (backend) => {
  let api: ApiFixture;
  let rounds = 0;
  const inspections: Record<'json' | 'wizard' | 'xlsx', number> = { json: 0, wizard: 0, xlsx: 0 };

  const upload = (url: string, fileName: string, bytes: Uint8Array) => {
    const body = multipartBody(fileName, bytes);
    return api.app.inject({
      method: 'POST',
      url,
      headers: { cookie: api.cookies.get('office')!, 'content-type': body.contentType },
      payload: body.payload,
    });
  };

  /** A fresh inspection with no problems yet, in a round of its own so units may repeat. */
  const newInspection = async (unitId: number, feedbackOn = FEEDBACK_ON) => {
    const round = await api.request('office', 'POST', '/api/rounds', {
      name: `2026年第${++rounds}轮专项巡察`,
      year: 2026,
    });
    expect(round.statusCode, round.body).toBe(201);
    const roundId = round.json().id as number;
    const response = await api.request('office', 'POST', '/api/inspections', {
      roundId,
      unitId,
      groupName: '县委第四巡察组',
      feedbackOn,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as number;
  };

  const deadlinesOf = (inspectionId: number) =>
    api.database.db
      .selectFrom('problems')
      .innerJoin('deadlines', 'deadlines.id', 'problems.deadline_id')
      .select([
        'problems.id',
        'deadlines.kind',
        'deadlines.text',
        'deadlines.due_on',
        'deadlines.awaits_calendar_year',
      ])
      .where('problems.inspection_id', '=', inspectionId)
      .orderBy('problems.position')
      .execute();

  const firingsFor = async (problemIds: number[]) =>
    api.database.db
      .selectFrom('supervision_firings')
      .select(['subject_id', 'rule'])
      .where('subject_type', '=', 'problem')
      .where('subject_id', 'in', problemIds)
      .execute();

  const runEngineOn = (day: string) => {
    const calendars = createCalendarService({
      db: api.database.db,
      clock: createFixedClock(`${day}T02:00:00Z`),
    });
    return createSupervisionEngine({
      db: api.database.db,
      clock: createFixedClock(`${day}T02:00:00Z`),
      getCalendar: () => calendars.getCalendar(),
    }).runOnce();
  };

  beforeAll(async () => {
    api = await startApi(backend);
  }, 60_000);
  afterAll(async () => {
    await api.dispose();
  });

  it('imports FORMAT.md JSON through the service, keeping the deadline pending', async () => {
    inspections.json = await newInspection(api.unitIds[0]);
    const importClock = createFixedClock(`${DEMO_TODAY}T02:00:00Z`);
    const calendars = createCalendarService({ db: api.database.db, clock: importClock });
    const service = createDocumentImportService({
      db: api.database.db,
      clock: importClock,
      calendar: (executor) => calendars.getCalendar(executor),
      deadlinePolicy: defaultDeadlinePolicy,
    });
    await service.importDocument({
      officeId: api.officeId,
      inspectionId: inspections.json,
      document: documentWith(['30个工作日内', '立行立改', '3个月内']),
      fileName: 'plan.json',
      actorUserId: null,
    });
    expect(await deadlinesOf(inspections.json)).toMatchObject([
      { kind: 'within', text: '30个工作日内', due_on: null, awaits_calendar_year: 2027 },
      { kind: 'immediate', text: '立行立改', due_on: null, awaits_calendar_year: 2027 },
      { kind: 'within', text: '3个月内', due_on: '2027-03-20', awaits_calendar_year: null },
    ]);
  });

  it('commits a wizard draft of a JSON upload without failing', async () => {
    inspections.wizard = await newInspection(api.unitIds[1]);
    const json = Buffer.from(JSON.stringify(documentWith(['30个工作日内'])));
    const uploaded = await upload(`/api/imports?inspectionId=${inspections.wizard}`, 'plan.json', json);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const { draftId, version } = uploaded.json();
    const committed = await api.request('office', 'POST', `/api/imports/${draftId}/commit`, { version });
    expect(committed.statusCode, committed.body).toBe(200);
    expect(await deadlinesOf(inspections.wizard)).toMatchObject([
      { kind: 'within', due_on: null, awaits_calendar_year: 2027 },
    ]);
  });

  it('imports an .xlsx ledger without failing', async () => {
    inspections.xlsx = await newInspection(api.unitIds[0]);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['问题类别', '问题', '整改措施', '整改时限', '完成情况']);
    sheet.addRow(['作风方面', '会议记录不全', '建立会议记录制度', '30个工作日内', '整改中']);
    sheet.addRow(['作风方面', '台账不清', '重建台账', '2027年1月31日前', '整改中']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await upload(`/api/inspections/${inspections.xlsx}/ledger.xlsx`, 'ledger.xlsx', bytes);
    expect(response.statusCode, response.body).toBe(200);
    expect(await deadlinesOf(inspections.xlsx)).toMatchObject([
      { kind: 'within', text: '30个工作日内', due_on: null, awaits_calendar_year: 2027 },
      { kind: 'date', due_on: '2027-01-31', awaits_calendar_year: null },
    ]);
  });

  it('shows a pending deadline as such on the ledger and the problem page', async () => {
    const ledger = await api.request('office', 'GET', `/api/ledger?inspectionId=${inspections.xlsx}`);
    expect(ledger.statusCode, ledger.body).toBe(200);
    const [pending, dated] = ledger.json().items;
    expect(pending).toMatchObject({
      dueOn: null,
      deadlineText: '30个工作日内',
      deadlineAwaitsCalendarYear: 2027,
    });
    expect(dated).toMatchObject({ dueOn: '2027-01-31', deadlineAwaitsCalendarYear: null });
    const detail = await api.request('office', 'GET', `/api/problems/${pending.id}`);
    expect(detail.json().deadline).toMatchObject({
      text: '30个工作日内',
      dueOn: null,
      isOverdue: false,
      awaitsCalendarYear: 2027,
    });
  });

  it('leaves pending deadlines out of supervision, and fills them in when the year is imported', async () => {
    const pending = [
      ...(await deadlinesOf(inspections.json)),
      ...(await deadlinesOf(inspections.wizard)),
      ...(await deadlinesOf(inspections.xlsx)),
    ].filter((row) => row.awaits_calendar_year != null);
    expect(pending).toHaveLength(4);
    const ids = pending.map((row) => row.id);
    // Well past any day "30个工作日内" could mean: a dated deadline would be overdue by now.
    await runEngineOn('2027-02-20');
    expect(await firingsFor(ids)).toEqual([]);

    const eventsBefore = await api.database.db
      .selectFrom('events')
      .select('id')
      .where('action', '=', 'deadline_calendar_resolved')
      .execute();
    expect(eventsBefore).toEqual([]);
    const put = await api.request('admin', 'PUT', '/api/admin/calendar', {
      version: '2027.test',
      years: { '2027': { holidays: holidays2027, adjustedWorkdays: {} } },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ resolvedDeadlines: 4 });

    const resolved = [
      ...(await deadlinesOf(inspections.json)),
      ...(await deadlinesOf(inspections.wizard)),
      ...(await deadlinesOf(inspections.xlsx)),
    ].filter((row) => ids.includes(row.id));
    expect(resolved.map((row) => [row.text, row.due_on, row.awaits_calendar_year])).toEqual([
      ['30个工作日内', expectedDueOn(30), null],
      ['立行立改', expectedDueOn(defaultDeadlinePolicy.immediateWorkingDays), null],
      ['30个工作日内', expectedDueOn(30), null],
      ['30个工作日内', expectedDueOn(30), null],
    ]);
    const events = await api.database.db
      .selectFrom('events')
      .select(['entity_type', 'entity_id', 'data_json'])
      .where('action', '=', 'deadline_calendar_resolved')
      .orderBy('id')
      .execute();
    expect(events.map((event) => [event.entity_type, event.entity_id]).sort()).toEqual(
      ids.map((id) => ['problem', id]).sort(),
    );
    expect(JSON.parse(events[0]!.data_json)).toMatchObject({ year: 2027, dueOn: expect.any(String) });
    expect(await verifyEventChain(api.database.db, api.officeId)).toMatchObject({ isIntact: true });

    await runEngineOn('2027-02-20');
    expect((await firingsFor(ids)).length).toBeGreaterThan(0);
  });

  it('ends the wait when a day or another deadline is set by hand', async () => {
    // 2027 is imported now; from late 2027 the count reaches 2028, which is not.
    const inspectionId = await newInspection(api.unitIds[1], '2027-12-20');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['问题类别', '问题', '整改措施', '整改时限', '完成情况']);
    sheet.addRow(['作风方面', '问题甲', '措施', '30个工作日内', '整改中']);
    sheet.addRow(['作风方面', '问题乙', '措施', '30个工作日内', '整改中']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await upload(`/api/inspections/${inspectionId}/ledger.xlsx`, 'ledger.xlsx', bytes);
    expect(response.statusCode, response.body).toBe(200);
    const [first, second] = await deadlinesOf(inspectionId);
    expect([first!.awaits_calendar_year, second!.awaits_calendar_year]).toEqual([2028, 2028]);

    const setDeadline = async (problemId: number, body: object) => {
      const { version } = (await api.request('office', 'GET', `/api/problems/${problemId}`)).json();
      const set = await api.request('office', 'PUT', `/api/problems/${problemId}/deadline`, {
        ...body,
        version,
      });
      expect(set.statusCode, set.body).toBe(200);
      return set.json().deadline;
    };
    expect(await setDeadline(first!.id, { dueOn: '2028-01-31' })).toMatchObject({
      dueOn: '2028-01-31',
      awaitsCalendarYear: null,
    });
    expect(await setDeadline(second!.id, { text: '3个月内' })).toMatchObject({
      dueOn: '2028-03-20',
      awaitsCalendarYear: null,
    });
    expect((await deadlinesOf(inspectionId)).map((row) => row.awaits_calendar_year)).toEqual([null, null]);
  });
});
