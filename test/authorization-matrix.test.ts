/**
 * The authorisation matrix (issue 4): every role × every endpoint × a resource in scope and one
 * out of scope. In scope, a role that may act passes authorisation (any answer but 401/403/404:
 * bodies are valid, versions deliberately stale so nothing is overwritten) and a role that may
 * not gets 403; out of scope every role gets 404, so existence never leaks. The system admin
 * has no ledger at all (403) and is the only one on the account routes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/http/server.ts';
import { createFixedClock } from '../src/modules/common/clock.ts';
import { defaultDeadlinePolicy } from '../src/modules/deadlines/deadline.rules.ts';
import { getOfficialCalendar } from '../src/modules/deadlines/official-calendar.ts';
import { createDocumentImportService } from '../src/modules/imports/document-import.service.ts';
import { findOrCreateOffice } from '../src/modules/inspections/inspection.repository.ts';
import { createInspectionService } from '../src/modules/inspections/inspection.service.ts';
import { insertFeedback } from '../src/modules/feedback/feedback.repository.ts';
import { insertEvidence } from '../src/modules/ledger/ledger.repository.ts';
import { insertLookback } from '../src/modules/lookbacks/lookback.repository.ts';
import { createPublicationService } from '../src/modules/reports/publication.service.ts';
import {
  insertInstitution,
  insertMeeting,
  insertOutcome,
} from '../src/modules/registers/registers.repository.ts';
import { defaultSupervisionPolicy } from '../src/modules/supervision/supervision.rules.ts';
import { createUserService } from '../src/modules/users/user.service.ts';
import type { Database } from '../src/storage/database.ts';
import { createFileStore, type FileStore } from '../src/storage/file-store.ts';
import type { Role } from '../src/storage/schema.ts';
import { backends, type TestDatabase } from './support/databases.ts';
import { createDemoDatabase, DEMO_TODAY } from './support/demo-database.ts';

const PASSWORD = 'matrix-test-2026!';
const STALE = 999_999;
const roles: Role[] = ['admin', 'office', 'unit_office', 'department', 'leader', 'observer'];
const readers: Role[] = ['office', 'unit_office', 'department', 'leader', 'observer'];
const editors: Role[] = ['office', 'unit_office'];

/** The ids one scope's requests address. */
interface Target {
  unitId: number;
  inspectionId: number;
  problemId: number;
  measureId: number;
  manifestationId: number;
  evidenceId: number;
  feedbackId: number;
  institutionId: number;
  meetingId: number;
  outcomeId: number;
  lookbackId: number;
}

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: (target: Target) => string;
  body?: (target: Target) => object;
  /** Roles that pass authorisation on an in-scope target. */
  allowed: readonly Role[];
  /** Whether the endpoint addresses a scoped resource (else only the in-scope row applies). */
  isScoped: boolean;
}

const cases: Case[] = [
  { name: 'ledger listing', method: 'GET', url: () => '/api/ledger', allowed: readers, isScoped: false },
  { name: 'figures', method: 'GET', url: () => '/api/analytics/figures', allowed: readers, isScoped: false },
  { name: 'rounds', method: 'GET', url: () => '/api/rounds', allowed: readers, isScoped: false },
  { name: 'units', method: 'GET', url: () => '/api/units', allowed: readers, isScoped: false },
  { name: 'inspections', method: 'GET', url: () => '/api/inspections', allowed: readers, isScoped: false },
  {
    name: 'create round',
    method: 'POST',
    url: () => '/api/rounds',
    body: () => ({ name: `矩阵轮次${Math.random()}`, year: 2026 }),
    allowed: ['office'],
    isScoped: false,
  },
  {
    name: 'create unit',
    method: 'POST',
    url: () => '/api/units',
    body: () => ({ name: `矩阵单位${Math.random()}` }),
    allowed: ['office'],
    isScoped: false,
  },
  {
    name: 'inspection',
    method: 'GET',
    url: (t) => `/api/inspections/${t.inspectionId}`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'update inspection',
    method: 'PATCH',
    url: (t) => `/api/inspections/${t.inspectionId}`,
    body: () => ({ version: STALE, groupName: '第九巡察组' }),
    allowed: ['office'],
    isScoped: true,
  },
  {
    name: 'problem',
    method: 'GET',
    url: (t) => `/api/problems/${t.problemId}`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'update problem',
    method: 'PATCH',
    url: (t) => `/api/problems/${t.problemId}`,
    body: () => ({ version: STALE, title: '改' }),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'set deadline',
    method: 'PUT',
    url: (t) => `/api/problems/${t.problemId}/deadline`,
    body: () => ({ version: STALE, text: '3个月内' }),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'set assignments',
    method: 'PUT',
    url: (t) => `/api/problems/${t.problemId}/assignments`,
    body: () => ({ version: STALE }),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'add measure',
    method: 'POST',
    url: (t) => `/api/problems/${t.problemId}/measures`,
    body: () => ({ text: '新增措施' }),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'update measure',
    method: 'PATCH',
    url: (t) => `/api/measures/${t.measureId}`,
    body: () => ({ version: STALE, isDone: true }),
    allowed: ['office', 'unit_office', 'department'],
    isScoped: true,
  },
  {
    name: 'delete measure',
    method: 'DELETE',
    url: (t) => `/api/measures/${t.measureId}?version=${STALE}`,
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'add manifestation',
    method: 'POST',
    url: (t) => `/api/problems/${t.problemId}/manifestations`,
    body: () => ({ text: '新增表现' }),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'update manifestation',
    method: 'PATCH',
    url: (t) => `/api/manifestations/${t.manifestationId}`,
    body: () => ({ version: STALE, text: '改' }),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'delete manifestation',
    method: 'DELETE',
    url: (t) => `/api/manifestations/${t.manifestationId}?version=${STALE}`,
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'start',
    method: 'POST',
    url: (t) => `/api/problems/${t.problemId}/transitions`,
    body: () => ({ action: 'start', version: STALE }),
    allowed: ['office', 'unit_office'],
    isScoped: true,
  },
  {
    name: 'apply to close',
    method: 'POST',
    url: (t) => `/api/problems/${t.problemId}/transitions`,
    body: () => ({ action: 'apply_close', statement: '完成', version: STALE }),
    allowed: ['unit_office', 'department'],
    isScoped: true,
  },
  {
    name: 'approve',
    method: 'POST',
    url: (t) => `/api/problems/${t.problemId}/transitions`,
    body: () => ({ action: 'approve', version: STALE }),
    allowed: ['leader', 'office'],
    isScoped: true,
  },
  {
    name: 'reject',
    method: 'POST',
    url: (t) => `/api/problems/${t.problemId}/transitions`,
    body: () => ({ action: 'reject', reason: '不足', version: STALE }),
    allowed: ['leader', 'office'],
    isScoped: true,
  },
  {
    name: 'reopen as rebound',
    method: 'POST',
    url: (t) => `/api/problems/${t.problemId}/transitions`,
    body: () => ({ action: 'reopen_rebound', reason: '反弹', version: STALE }),
    allowed: ['office', 'unit_office'],
    isScoped: true,
  },
  {
    name: 'timeline',
    method: 'GET',
    url: (t) => `/api/problems/${t.problemId}/timeline`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'comments',
    method: 'GET',
    url: (t) => `/api/problems/${t.problemId}/comments`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'comment',
    method: 'POST',
    url: (t) => `/api/problems/${t.problemId}/comments`,
    body: () => ({ kind: 'comment', body: '请补充材料' }),
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'flag',
    method: 'POST',
    url: (t) => `/api/problems/${t.problemId}/comments`,
    body: () => ({ kind: 'flag', body: '疑似形式整改' }),
    allowed: ['office', 'observer'],
    isScoped: true,
  },
  {
    name: 'evidence list',
    method: 'GET',
    url: (t) => `/api/problems/${t.problemId}/evidence`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'evidence content',
    method: 'GET',
    url: (t) => `/api/evidence/${t.evidenceId}/content`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'delete evidence',
    method: 'DELETE',
    url: (t) => `/api/evidence/${t.evidenceId}?version=${STALE}`,
    allowed: ['unit_office', 'department'],
    isScoped: true,
  },
  {
    name: 'institutions',
    method: 'GET',
    url: (t) => `/api/inspections/${t.inspectionId}/institutions`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'add institution',
    method: 'POST',
    url: (t) => `/api/inspections/${t.inspectionId}/institutions`,
    body: () => ({ name: '财务管理办法', change: 'new', problemIds: [] }),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'update institution',
    method: 'PUT',
    url: (t) => `/api/institutions/${t.institutionId}`,
    body: () => ({ name: '财务管理办法', change: 'revised', problemIds: [], version: STALE }),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'delete institution',
    method: 'DELETE',
    url: (t) => `/api/institutions/${t.institutionId}?version=${STALE}`,
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'meetings',
    method: 'GET',
    url: (t) => `/api/inspections/${t.inspectionId}/meetings`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'update meeting',
    method: 'PUT',
    url: (t) => `/api/meetings/${t.meetingId}`,
    body: () => ({
      kind: 'party_group',
      heldOn: '2026-10-01',
      topic: '专题研究',
      problemIds: [],
      version: STALE,
    }),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'outcomes',
    method: 'GET',
    url: (t) => `/api/inspections/${t.inspectionId}/outcomes`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'delete outcome',
    method: 'DELETE',
    url: (t) => `/api/outcomes/${t.outcomeId}?version=${STALE}`,
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'unit people',
    method: 'GET',
    url: (t) => `/api/organisation/units/${t.unitId}/people`,
    allowed: readers,
    isScoped: true,
  },
  { name: 'users', method: 'GET', url: () => '/api/users', allowed: ['admin'], isScoped: false },
  {
    name: 'office directory',
    method: 'GET',
    url: () => '/api/admin/offices',
    allowed: ['admin'],
    isScoped: false,
  },
  { name: 'me', method: 'GET', url: () => '/api/auth/me', allowed: roles, isScoped: false },
  {
    name: 'supervision policy',
    method: 'GET',
    url: () => '/api/office/policy',
    allowed: ['office', 'observer'],
    isScoped: false,
  },
  {
    name: 'update supervision policy',
    method: 'PUT',
    url: () => '/api/office/policy',
    body: () => ({ ...policyBody, version: STALE }),
    allowed: ['office'],
    isScoped: false,
  },
  // Robots belong to the office, not to a unit: another office's robot answers 404, tested in
  // notification-channels.routes.test.ts.
  { name: 'robots', method: 'GET', url: () => '/api/office/robots', allowed: ['office'], isScoped: false },
  {
    name: 'add robot',
    method: 'POST',
    url: () => '/api/office/robots',
    body: () => ({ kind: 'webhook', name: '矩阵机器人', url: 'http://127.0.0.1:9/matrix', enabled: false }),
    allowed: ['office'],
    isScoped: false,
  },
  {
    name: 'update robot',
    method: 'PUT',
    url: () => `/api/office/robots/${matrixRobotId}`,
    body: () => ({ version: STALE, enabled: true }),
    allowed: ['office'],
    isScoped: false,
  },
  {
    name: 'delete robot',
    method: 'DELETE',
    url: () => `/api/office/robots/${matrixRobotId}`,
    body: () => ({ version: STALE }),
    allowed: ['office'],
    isScoped: false,
  },
  {
    name: 'robot test message',
    method: 'POST',
    url: () => `/api/office/robots/${matrixRobotId}/test`,
    allowed: ['office'],
    isScoped: false,
  },
  {
    name: 'my notification settings',
    method: 'GET',
    url: () => '/api/me/notification-settings',
    allowed: roles,
    isScoped: false,
  },
  {
    name: 'update my notification settings',
    method: 'PUT',
    url: () => '/api/me/notification-settings',
    body: () => ({ version: STALE, email: null, emailEnabled: false, kinds: [] }),
    allowed: roles,
    isScoped: false,
  },
  {
    name: 'look-backs of an inspection',
    method: 'GET',
    url: (t) => `/api/inspections/${t.inspectionId}/lookbacks`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'schedule look-back',
    method: 'POST',
    url: (t) => `/api/inspections/${t.inspectionId}/lookbacks`,
    body: () => ({ plannedOn: '2027-05-01' }),
    allowed: ['office'],
    isScoped: true,
  },
  {
    name: 'look-back',
    method: 'GET',
    url: (t) => `/api/lookbacks/${t.lookbackId}`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'record look-back check',
    method: 'PUT',
    url: (t) => `/api/lookbacks/${t.lookbackId}/checks/${t.problemId}`,
    body: () => ({ result: 'holds', version: STALE }),
    allowed: ['office', 'unit_office'],
    isScoped: true,
  },
  {
    name: 'complete look-back',
    method: 'POST',
    url: (t) => `/api/lookbacks/${t.lookbackId}/complete`,
    body: () => ({ version: STALE }),
    allowed: ['office'],
    isScoped: true,
  },
  {
    name: 'rebound rates',
    method: 'GET',
    url: () => '/api/analytics/rebound-rates',
    allowed: readers,
    isScoped: false,
  },
  { name: 'public feedback', method: 'GET', url: () => '/api/feedback', allowed: editors, isScoped: false },
  {
    name: 'one public feedback',
    method: 'GET',
    url: (t) => `/api/feedback/${t.feedbackId}`,
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'public feedback attachment',
    method: 'GET',
    url: (t) => `/api/feedback/${t.feedbackId}/attachment`,
    allowed: editors,
    isScoped: true,
  },
  ...(['assign', 'reply', 'publish', 'close'] as const).map((action): Case => ({
    name: `${action} public feedback`,
    method: 'POST',
    url: (t) => `/api/feedback/${t.feedbackId}/${action}`,
    body: () => ({ version: STALE, reply: '答复', isPublished: true }),
    allowed: editors,
    isScoped: true,
  })),
];

/** A valid policy body (the defaults as the API names them). */
const { mutedKinds: _mutedKinds, ...policyBody } = defaultSupervisionPolicy;
/** A robot of the demo office, pointing at a closed local port (a test message fails quickly). */
let matrixRobotId = 0;

/** Builds the same resources the demo has, in a second office, through the product's services. */
async function buildOtherOfficeTarget(db: Database, fileStore: FileStore): Promise<Target> {
  const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);
  const officeId = await findOrCreateOffice(db, '另一个县委巡察办', '另一县', '2026-01-01T00:00:00.000Z');
  const inspectionId = await createInspectionService({ db, clock }).setUpInspection({
    officeId,
    round: { name: '另一轮巡察', year: 2026 },
    unitName: '另一县财政局党组',
    groupName: '县委第二巡察组',
    periodStart: null,
    periodEnd: null,
    feedbackOn: '2026-06-01',
    actorUserId: null,
  });
  await createDocumentImportService({
    db,
    clock,
    calendar: getOfficialCalendar(),
    deadlinePolicy: defaultDeadlinePolicy,
  }).importDocument({
    officeId,
    inspectionId,
    fileName: null,
    actorUserId: null,
    document: {
      kind: 'plan',
      title: null,
      unit: '另一县财政局党组',
      inspection: { inspector: null, start: null, end: null, feedback_date: null },
      issued_date: null,
      declared: { aspects: null, problems: null },
      contact: { phones: [], emails: [], address: null, postcode: null },
      aspects: [
        {
          number: '一',
          title: '财务管理方面',
          problems: [
            {
              number: '1',
              title: '差旅费报销不规范',
              manifestations: ['超标准报销'],
              status: null,
              measures: ['清退违规资金'],
              goal: null,
              leaders: ['李某'],
              departments: ['财务股'],
              deadline: null,
              children: [],
            },
          ],
        },
      ],
    },
  });
  return describeInspection(db, fileStore, inspectionId);
}

/** Finds (and where missing, adds) one of each resource in an inspection. */
async function describeInspection(db: Database, fileStore: FileStore, inspectionId: number): Promise<Target> {
  const inspection = await db
    .selectFrom('inspections')
    .select(['office_id', 'unit_id'])
    .where('id', '=', inspectionId)
    .executeTakeFirstOrThrow();
  const problem = await db
    .selectFrom('problems')
    .select('id')
    .where('inspection_id', '=', inspectionId)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const measure = await db
    .selectFrom('measures')
    .select('id')
    .where('problem_id', '=', problem.id)
    .executeTakeFirstOrThrow();
  const manifestation = await db
    .selectFrom('problem_manifestations')
    .select('id')
    .where('problem_id', '=', problem.id)
    .executeTakeFirstOrThrow();
  const officeId = inspection.office_id;
  const stored = fileStore.put(new TextEncoder().encode(`佐证材料 ${inspectionId}`));
  const evidenceId = await db.transaction().execute((transaction) =>
    insertEvidence(transaction, {
      officeId,
      problemId: problem.id,
      measureId: null,
      fileName: '说明.txt',
      mediaType: 'text/plain',
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      storageKey: stored.storageKey,
      description: null,
      effectiveOn: null,
      uploadedBy: null,
      uploadedAt: '2026-11-01T00:00:00.000Z',
    }),
  );
  const link = { officeId, unitId: inspection.unit_id, inspectionId, problemIds: [problem.id] };
  const publication = await createPublicationService({
    db,
    clock: createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`),
  }).publishNotice({ officeId, unitIds: 'all' }, inspectionId, { actorUserId: null });
  const attachment = fileStore.put(new TextEncoder().encode(`%PDF-1.4 公众意见附件 ${inspectionId}`));
  const feedbackId = await insertFeedback(db, {
    officeId,
    reference: `FK-2026-${String(inspectionId).padStart(8, '0')}`,
    publicReportId: publication.id,
    problemId: problem.id,
    content: '公众意见',
    senderName: null,
    senderContact: null,
    receivedAt: '2026-11-01T00:00:00.000Z',
    attachment: {
      fileName: '附件.pdf',
      mediaType: 'application/pdf',
      sizeBytes: attachment.sizeBytes,
      sha256: attachment.sha256,
      storageKey: attachment.storageKey,
    },
  });
  return {
    feedbackId,
    unitId: inspection.unit_id,
    inspectionId,
    problemId: problem.id,
    measureId: measure.id,
    manifestationId: manifestation.id,
    evidenceId,
    institutionId: await insertInstitution(db, {
      ...link,
      name: '制度',
      change: 'new',
      adoptedOn: null,
      createdAt: '2026-11-01T00:00:00.000Z',
    }),
    meetingId: await insertMeeting(db, {
      ...link,
      kind: 'party_group',
      heldOn: '2026-10-01',
      topic: '研究整改',
    }),
    // An open look-back whose checklist holds the problem (so scheduling another one answers 409).
    lookbackId: await db.transaction().execute((transaction) =>
      insertLookback(transaction, {
        officeId,
        inspectionId,
        plannedOn: '2027-02-01',
        scheduledBy: null,
        at: '2026-11-01T00:00:00.000Z',
        problemIds: [problem.id],
      }),
    ),
    outcomeId: await insertOutcome(db, {
      officeId,
      inspectionId,
      problemId: problem.id,
      kind: 'people_reminded',
      amountFen: null,
      peopleCount: 1,
      note: null,
      recordedOn: '2026-10-01',
    }),
  };
}

describe.each(backends)('authorisation matrix on %s', (backend) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let filesDir: string;
  const cookies = new Map<Role, string>();
  /** The target in scope of every role, and for each role a target outside its scope. */
  let inScope: Target;
  const outOfScope = new Map<Role, Target>();

  beforeAll(async () => {
    const demo = await createDemoDatabase(backend);
    database = demo.database;
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-matrix-'));
    const fileStore = createFileStore(filesDir);
    const clock = createFixedClock(`${DEMO_TODAY}T02:00:00.000Z`);
    app = await buildServer({ database, clock, version: 'test', logLevel: 'silent', fileStore });
    const inspections = await database.db
      .selectFrom('inspections')
      .select(['id', 'unit_id'])
      .orderBy('id')
      .execute();
    inScope = await describeInspection(database.db, fileStore, inspections[0]!.id);
    matrixRobotId = (
      await database.db
        .insertInto('office_robots')
        .values({
          office_id: demo.summary.officeId,
          kind: 'webhook',
          name: '矩阵测试机器人',
          url: 'http://127.0.0.1:9/matrix',
          secret: null,
          created_at: `${DEMO_TODAY}T02:00:00.000Z`,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const otherUnit = await describeInspection(database.db, fileStore, inspections[1]!.id);
    const otherOffice = await buildOtherOfficeTarget(database.db, fileStore);
    const officeId = demo.summary.officeId;
    const users = createUserService({ db: database.db, clock, hashParameters: { N: 1024, r: 8, p: 1 } });
    for (const role of roles) {
      const isUnitScoped = role === 'unit_office' || role === 'department' || role === 'leader';
      await users.createUser('system', {
        username: `matrix_${role}`,
        displayName: role,
        role,
        officeId: role === 'admin' ? null : officeId,
        unitIds: isUnitScoped ? [inScope.unitId] : [],
        password: PASSWORD,
      });
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: `matrix_${role}`, password: PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      const cookie = login.cookies.find((candidate) => candidate.name === 'rectify_session')!;
      cookies.set(role, `${cookie.name}=${cookie.value}`);
      outOfScope.set(role, isUnitScoped ? otherUnit : otherOffice);
    }
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  async function call(role: Role, testCase: Case, target: Target): Promise<number> {
    const response = await app.inject({
      method: testCase.method,
      url: testCase.url(target),
      headers: { cookie: cookies.get(role)! },
      ...(testCase.body && { payload: testCase.body(target) }),
    });
    return response.statusCode;
  }

  const rows = cases.flatMap((testCase) => roles.map((role) => [testCase.name, role, testCase] as const));

  it.each(rows)('%s as %s', async (_name, role, testCase) => {
    const status = await call(role, testCase, inScope);
    if (testCase.allowed.includes(role)) {
      expect([401, 403, 404], `in scope, ${role} should pass authorisation`).not.toContain(status);
    } else {
      expect(status, `in scope, ${role} should be refused`).toBe(403);
    }
    if (testCase.isScoped && role !== 'admin') {
      expect(
        await call(role, testCase, outOfScope.get(role)!),
        `out of scope, ${role} should see nothing`,
      ).toBe(404);
    }
  });

  it('refuses every endpoint without a session', async () => {
    for (const testCase of cases) {
      const response = await app.inject({
        method: testCase.method,
        url: testCase.url(inScope),
        ...(testCase.body && { payload: testCase.body(inScope) }),
      });
      expect(response.statusCode, testCase.name).toBe(401);
    }
  });
});
