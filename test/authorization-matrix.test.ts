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
import {
  insertInstitution,
  insertMeeting,
  insertOutcome,
} from '../src/modules/registers/registers.repository.ts';
import { defaultQualityWeights } from '../src/modules/quality/unit-grade.rules.ts';
import { createPublicationService } from '../src/modules/reports/publication.service.ts';
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
  roundId: number;
  departmentId: number;
  personId: number;
  noticeId: number;
  publicationId: number;
  draftId: number;
  /** A second draft, for discarding (which is idempotent: it answers the same each time). */
  discardableDraftId: number;
  /** Each role's own notification in scope; out of scope, one of another user. */
  notificationIds: Partial<Record<Role, number>>;
}

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: (target: Target, role: Role) => string;
  body?: (target: Target) => object;
  /** A multipart upload of one small text file, instead of a JSON body. */
  upload?: { fileName: string };
  /** Roles that pass authorisation on an in-scope target. */
  allowed: readonly Role[];
  /** Whether the endpoint addresses a scoped resource (else only the in-scope row applies). */
  isScoped: boolean;
  /**
   * An administration endpoint (not the ledger) refuses a role that may never use it (403)
   * before looking anything up, which reveals nothing about the id; roles it allows still get
   * 404 outside their scope.
   */
  isRoleCheckedFirst?: boolean;
}

const cases: Case[] = [
  { name: 'ledger listing', method: 'GET', url: () => '/api/ledger', allowed: readers, isScoped: false },
  { name: 'figures', method: 'GET', url: () => '/api/analytics/figures', allowed: readers, isScoped: false },
  {
    name: 'grade preview',
    method: 'POST',
    url: () => '/api/quality/grades/preview',
    body: () => ({
      weights: {
        timeliness: 25,
        evidence: 20,
        concreteness: 15,
        duplication: 10,
        rebound: 10,
        overdue: 15,
        publicFeedback: 5,
      },
      thresholds: { good: 90, fairlyGood: 75, average: 60 },
    }),
    allowed: readers,
    isScoped: false,
  },
  {
    name: 'figures of a unit',
    method: 'GET',
    url: (t) => `/api/analytics/figures?unitId=${t.unitId}`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'figure drill-down',
    method: 'GET',
    url: (t) => `/api/analytics/figures/items?key=overdue&unitId=${t.unitId}`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'aggregate notice',
    method: 'GET',
    url: () => '/api/reports/aggregate-notice',
    allowed: ['office', 'observer'],
    isScoped: false,
  },
  { name: 'rounds', method: 'GET', url: () => '/api/rounds', allowed: readers, isScoped: false },
  { name: 'units', method: 'GET', url: () => '/api/units', allowed: readers, isScoped: false },
  { name: 'inspections', method: 'GET', url: () => '/api/inspections', allowed: readers, isScoped: false },
  {
    name: 'full-text search',
    method: 'GET',
    url: () => `/api/search?q=${encodeURIComponent('整改')}`,
    allowed: readers,
    isScoped: false,
  },
  {
    name: 'similar problems',
    method: 'GET',
    url: () => '/api/similar-problems',
    allowed: readers,
    isScoped: false,
  },
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
  {
    name: 'create inspection',
    method: 'POST',
    url: () => '/api/inspections',
    body: (t) => ({ roundId: t.roundId, unitId: t.unitId, feedbackOn: '2026-06-01' }),
    allowed: ['office'],
    isScoped: false,
  },
  {
    name: 'generated document',
    method: 'GET',
    url: (t) => `/api/inspections/${t.inspectionId}/documents/plan`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'ledger sheet',
    method: 'GET',
    url: (t) => `/api/inspections/${t.inspectionId}/ledger.xlsx`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'import ledger sheet',
    method: 'POST',
    url: (t) => `/api/inspections/${t.inspectionId}/ledger.xlsx`,
    upload: { fileName: '台账.xlsx' },
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'publish notice',
    method: 'POST',
    url: (t) => `/api/inspections/${t.inspectionId}/publications`,
    body: () => ({}),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'publication',
    method: 'GET',
    url: (t) => `/api/publications/${t.publicationId}`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'upload import document',
    method: 'POST',
    url: (t) => `/api/imports?inspectionId=${t.inspectionId}`,
    upload: { fileName: '整改方案.txt' },
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'import draft',
    method: 'GET',
    url: (t) => `/api/imports/${t.draftId}`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'update import draft',
    method: 'PUT',
    url: (t) => `/api/imports/${t.draftId}`,
    body: () => ({ version: STALE, document: draftDocument }),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'commit import draft',
    method: 'POST',
    url: (t) => `/api/imports/${t.draftId}/commit`,
    body: () => ({ version: STALE }),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'discard import draft',
    method: 'DELETE',
    url: (t) => `/api/imports/${t.discardableDraftId}`,
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'bulk deadline',
    method: 'POST',
    url: () => '/api/problems/bulk/deadline',
    body: (t) => ({ items: [{ id: t.problemId, version: STALE }], text: '3个月内' }),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'bulk assignments',
    method: 'POST',
    url: () => '/api/problems/bulk/assignments',
    body: (t) => ({ items: [{ id: t.problemId, version: STALE }], leaderIds: [], mode: 'add' }),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'upload evidence',
    method: 'POST',
    url: (t) => `/api/problems/${t.problemId}/evidence`,
    upload: { fileName: '说明.txt' },
    allowed: ['unit_office', 'department'],
    isScoped: true,
  },
  {
    name: 'unit departments',
    method: 'GET',
    url: (t) => `/api/organisation/units/${t.unitId}/departments`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'add meeting',
    method: 'POST',
    url: (t) => `/api/inspections/${t.inspectionId}/meetings`,
    body: () => ({ kind: 'party_group', heldOn: '2026-10-01', topic: '专题研究', problemIds: [] }),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'delete meeting',
    method: 'DELETE',
    url: (t) => `/api/meetings/${t.meetingId}?version=${STALE}`,
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'add outcome',
    method: 'POST',
    url: (t) => `/api/inspections/${t.inspectionId}/outcomes`,
    body: () => ({ kind: 'people_reminded', peopleCount: 1, recordedOn: '2026-10-01' }),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'update outcome',
    method: 'PUT',
    url: (t) => `/api/outcomes/${t.outcomeId}`,
    body: () => ({ kind: 'people_reminded', peopleCount: 2, recordedOn: '2026-10-01', version: STALE }),
    allowed: editors,
    isScoped: true,
  },
  {
    name: 'measure quality',
    method: 'GET',
    url: (t) => `/api/quality/measures?inspectionId=${t.inspectionId}`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'score measure texts',
    method: 'POST',
    url: () => '/api/quality/measures/score',
    body: () => ({ texts: ['加强学习'] }),
    allowed: readers,
    isScoped: false,
  },
  {
    name: 'quality findings',
    method: 'GET',
    url: (t) => `/api/quality/findings?inspectionId=${t.inspectionId}`,
    allowed: readers,
    isScoped: true,
  },
  { name: 'unit grades', method: 'GET', url: () => '/api/quality/grades', allowed: readers, isScoped: false },
  {
    name: 'quality weights',
    method: 'GET',
    url: () => '/api/quality/weights',
    allowed: readers,
    isScoped: false,
  },
  {
    name: 'update quality weights',
    method: 'PUT',
    url: () => '/api/quality/weights',
    body: () => ({ weights: defaultQualityWeights, version: STALE }),
    allowed: ['office'],
    isScoped: false,
  },
  {
    name: 'traffic lights',
    method: 'GET',
    url: (t) => `/api/supervision/traffic-lights?inspectionId=${t.inspectionId}`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'issue supervision notice',
    method: 'POST',
    url: () => '/api/supervision-notices',
    body: (t) => ({ problemId: t.problemId, title: '督办', content: '请按期整改', replyBy: '2026-12-31' }),
    allowed: ['office'],
    isScoped: true,
  },
  {
    name: 'supervision notices',
    method: 'GET',
    url: () => '/api/supervision-notices',
    allowed: readers,
    isScoped: false,
  },
  {
    name: 'supervision notice',
    method: 'GET',
    url: (t) => `/api/supervision-notices/${t.noticeId}`,
    allowed: readers,
    isScoped: true,
  },
  {
    name: 'reply to supervision notice',
    method: 'POST',
    url: (t) => `/api/supervision-notices/${t.noticeId}/reply`,
    body: () => ({ text: '已整改', version: STALE }),
    allowed: ['unit_office', 'department'],
    isScoped: true,
  },
  {
    name: 'close supervision notice',
    method: 'POST',
    url: (t) => `/api/supervision-notices/${t.noticeId}/close`,
    body: () => ({ version: STALE }),
    allowed: ['office'],
    isScoped: true,
  },
  { name: 'notifications', method: 'GET', url: () => '/api/notifications', allowed: roles, isScoped: false },
  {
    name: 'mark notification read',
    method: 'POST',
    url: (t, role) => `/api/notifications/${t.notificationIds[role]}/read`,
    allowed: roles,
    isScoped: true,
  },
  {
    name: 'mark all notifications read',
    method: 'POST',
    url: () => '/api/notifications/read-all',
    allowed: roles,
    isScoped: false,
  },
  {
    name: 'change own password',
    method: 'POST',
    url: () => '/api/auth/password',
    body: () => ({ currentPassword: 'not-the-password', newPassword: 'another-password-2026!' }),
    allowed: roles,
    isScoped: false,
  },
  { name: 'calendar', method: 'GET', url: () => '/api/admin/calendar', allowed: ['admin'], isScoped: false },
  {
    name: 'import calendar',
    method: 'PUT',
    url: () => '/api/admin/calendar',
    body: () => ({}),
    allowed: ['admin'],
    isScoped: false,
  },
  {
    name: 'create user',
    method: 'POST',
    url: () => '/api/users',
    body: () => ({
      username: `matrix_new_${Math.random().toString(36).slice(2, 10)}`,
      displayName: '新用户',
      role: 'observer',
      officeId: matrixOfficeId,
      password: PASSWORD,
    }),
    allowed: ['admin'],
    isScoped: false,
  },
  {
    name: 'update user',
    method: 'PATCH',
    url: () => `/api/users/${matrixBystanderId}`,
    body: () => ({ version: STALE, displayName: '改' }),
    allowed: ['admin'],
    isScoped: false,
  },
  {
    name: 'revoke user sessions',
    method: 'POST',
    url: () => `/api/users/${matrixBystanderId}/sessions/revoke`,
    allowed: ['admin'],
    isScoped: false,
  },
  {
    name: 'unlock user',
    method: 'POST',
    url: () => `/api/users/${matrixBystanderId}/unlock`,
    allowed: ['admin'],
    isScoped: false,
  },
  // The organisation admin: the system admin everywhere, the office in its own units.
  {
    name: 'admin unit departments',
    method: 'GET',
    url: (t) => `/api/admin/units/${t.unitId}/departments`,
    allowed: ['admin', 'office'],
    isScoped: true,
    isRoleCheckedFirst: true,
  },
  {
    name: 'admin add department',
    method: 'POST',
    url: (t) => `/api/admin/units/${t.unitId}/departments`,
    body: () => ({ name: `矩阵部门${Math.random()}` }),
    allowed: ['admin', 'office'],
    isScoped: true,
    isRoleCheckedFirst: true,
  },
  {
    name: 'admin update department',
    method: 'PATCH',
    url: (t) => `/api/admin/units/${t.unitId}/departments/${t.departmentId}`,
    body: () => ({ name: '改名部门', version: STALE }),
    allowed: ['admin', 'office'],
    isScoped: true,
    isRoleCheckedFirst: true,
  },
  {
    // The department is assigned to a problem, so deleting it is refused (409) when allowed.
    name: 'admin delete department',
    method: 'DELETE',
    url: (t) => `/api/admin/units/${t.unitId}/departments/${t.departmentId}`,
    allowed: ['admin', 'office'],
    isScoped: true,
    isRoleCheckedFirst: true,
  },
  {
    name: 'admin unit people',
    method: 'GET',
    url: (t) => `/api/admin/units/${t.unitId}/people`,
    allowed: ['admin', 'office'],
    isScoped: true,
    isRoleCheckedFirst: true,
  },
  {
    name: 'admin add person',
    method: 'POST',
    url: (t) => `/api/admin/units/${t.unitId}/people`,
    body: () => ({ name: `矩阵人员${Math.random()}` }),
    allowed: ['admin', 'office'],
    isScoped: true,
    isRoleCheckedFirst: true,
  },
  {
    name: 'admin update person',
    method: 'PATCH',
    url: (t) => `/api/admin/units/${t.unitId}/people/${t.personId}`,
    body: () => ({ name: '改名', version: STALE }),
    allowed: ['admin', 'office'],
    isScoped: true,
    isRoleCheckedFirst: true,
  },
  {
    // The person leads a problem, so deleting them is refused (409) when allowed.
    name: 'admin delete person',
    method: 'DELETE',
    url: (t) => `/api/admin/units/${t.unitId}/people/${t.personId}`,
    allowed: ['admin', 'office'],
    isScoped: true,
    isRoleCheckedFirst: true,
  },
];

/** A valid policy body (the defaults as the API names them). */
const { mutedKinds: _mutedKinds, ...policyBody } = defaultSupervisionPolicy;
/** A robot of the demo office, pointing at a closed local port (a test message fails quickly). */
let matrixRobotId = 0;
/** The demo office, and an account of it that no request signs in as (the user admin acts on it). */
let matrixOfficeId = 0;
let matrixBystanderId = 0;

/** A valid parsed document (FORMAT.md) for the import drafts. */
const draftDocument = {
  kind: 'plan',
  title: null,
  unit: '矩阵测试单位',
  inspection: { inspector: null, start: null, end: null, feedback_date: null },
  issued_date: null,
  declared: { aspects: null, problems: null },
  contact: { phones: [], emails: [], address: null, postcode: null },
  aspects: [],
};

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
    .select(['office_id', 'unit_id', 'round_id'])
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
  const assignment = (role: 'leader' | 'department') =>
    db
      .selectFrom('assignments')
      .innerJoin('problems', 'problems.id', 'assignments.problem_id')
      .select(['assignments.person_id', 'assignments.department_id'])
      .where('problems.inspection_id', '=', inspectionId)
      .where('assignments.role', '=', role)
      .orderBy('assignments.id')
      .executeTakeFirstOrThrow();
  const notice = await db
    .insertInto('supervision_notices')
    .values({
      office_id: officeId,
      unit_id: inspection.unit_id,
      problem_id: problem.id,
      title: '矩阵督办单',
      content: '请按期整改',
      reply_by: '2026-12-31',
      issued_by: null,
      issued_at: '2026-11-01T00:00:00.000Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const insertDraft = async () =>
    (
      await db
        .insertInto('import_drafts')
        .values({
          office_id: officeId,
          inspection_id: inspectionId,
          created_by: null,
          created_at: '2026-11-01T00:00:00.000Z',
          file_name: '整改方案.txt',
          sha256: '0'.repeat(64),
          source_text: '整改方案',
          parsed_json: JSON.stringify(draftDocument),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
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
    roundId: inspection.round_id,
    departmentId: (await assignment('department')).department_id!,
    personId: (await assignment('leader')).person_id!,
    noticeId: notice.id,
    publicationId: publication.id,
    draftId: await insertDraft(),
    discardableDraftId: await insertDraft(),
    notificationIds: {},
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

/**
 * Registered /api routes that are deliberately not in the matrix, each with its reason. Every
 * other route must have a case: a new endpoint without one fails the guard below.
 */
const outsideMatrix: ReadonlyArray<{ route: string; reason: string }> = [
  { route: 'GET /api/health', reason: 'public: the health check for monitoring, no session' },
  { route: 'POST /api/auth/login', reason: 'public: starts a session' },
  {
    route: 'POST /api/auth/logout',
    reason: "ends the caller's own session and answers 204 with or without one (it would end the matrix's)",
  },
  { route: 'GET /api/openapi.json', reason: 'public: the API description' },
  { route: 'GET /api/docs*', reason: 'public: the browsable API description and its static files' },
];

/** The routes the server registered, as `METHOD /path/:param`, from Fastify's route tree. */
function registeredRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    for (const method of match[3]?.split(', ') ?? []) {
      if (method !== 'HEAD') routes.push(`${method} ${stack.join('')}`);
    }
  }
  return routes;
}

/** Whether a concrete URL (query ignored) can be served by a route path with `:params` and `*`. */
function routeMatches(routePath: string, url: string): boolean {
  const pattern = routePath
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\\*', '.*'),
    )
    .join('/');
  return new RegExp(`^${pattern}$`).test(url.split('?')[0]!);
}

/** How specific a route path is: static segments win over parameters, as in Fastify's router. */
function staticSegments(routePath: string): number {
  return routePath.split('/').filter((segment) => !segment.startsWith(':') && !segment.includes('*')).length;
}

/** A case's headers and payload: its JSON body, or its upload as multipart form data. */
function requestContent(testCase: Case, target: Target, headers: Record<string, string>) {
  if (testCase.upload) {
    const boundary = '----rectify-matrix-boundary';
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${testCase.upload.fileName}"\r\n` +
        `Content-Type: text/plain\r\n\r\n矩阵测试\r\n--${boundary}--\r\n`,
    );
    return { headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload };
  }
  return { headers, ...(testCase.body && { payload: testCase.body(target) }) };
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
    matrixOfficeId = officeId;
    matrixBystanderId = (
      await users.createUser('system', {
        username: 'matrix_bystander',
        displayName: '旁观者',
        role: 'observer',
        officeId,
        unitIds: [],
        password: PASSWORD,
      })
    ).id;
    // Each role reads its own notification; another user's answers 404 like any out-of-scope id.
    const notifyUser = async (username: string) => {
      const user = await database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      const firing = await database.db
        .insertInto('supervision_firings')
        .values({
          office_id: officeId,
          subject_type: 'problem',
          subject_id: inScope.problemId,
          unit_id: inScope.unitId,
          rule: `due_soon_matrix_${username}`,
          fired_on: DEMO_TODAY,
          run_on: DEMO_TODAY,
          created_at: `${DEMO_TODAY}T02:00:00.000Z`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return (
        await database.db
          .insertInto('notifications')
          .values({
            office_id: officeId,
            firing_id: firing.id,
            recipient_user_id: user.id,
            rule: 'due_soon',
            problem_id: inScope.problemId,
            inspection_id: null,
            notice_id: null,
            title: '矩阵消息',
            body: '矩阵消息',
            created_at: `${DEMO_TODAY}T02:00:00.000Z`,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    };
    const foreignNotificationId = await notifyUser('matrix_bystander');
    for (const role of roles) {
      inScope.notificationIds[role] = await notifyUser(`matrix_${role}`);
      otherUnit.notificationIds[role] = foreignNotificationId;
      otherOffice.notificationIds[role] = foreignNotificationId;
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
      url: testCase.url(target, role),
      ...requestContent(testCase, target, { cookie: cookies.get(role)! }),
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
      const expected = testCase.isRoleCheckedFirst && !testCase.allowed.includes(role) ? 403 : 404;
      expect(
        await call(role, testCase, outOfScope.get(role)!),
        `out of scope, ${role} should see nothing`,
      ).toBe(expected);
    }
  });

  it('has a case for every registered /api route (or names why not)', () => {
    const routes = registeredRoutes(app).filter((route) => route.split(' ')[1]!.startsWith('/api/'));
    expect(routes.length).toBeGreaterThan(90);
    const covered = new Set<string>();
    for (const testCase of cases) {
      const url = testCase.url(inScope, 'office');
      const candidates = routes.filter((route) => {
        const [method, routePath] = route.split(' ') as [string, string];
        return method === testCase.method && routeMatches(routePath, url);
      });
      const best = candidates.sort(
        (left, right) => staticSegments(right.split(' ')[1]!) - staticSegments(left.split(' ')[1]!),
      )[0];
      expect(best, `case "${testCase.name}" (${testCase.method} ${url}) matches no route`).toBeDefined();
      covered.add(best!);
    }
    const isAllowed = (route: string) =>
      outsideMatrix.some((entry) =>
        entry.route.endsWith('*') ? route.startsWith(entry.route.slice(0, -1)) : route === entry.route,
      );
    expect(routes.filter((route) => !covered.has(route) && !isAllowed(route))).toEqual([]);
  });

  it('refuses every endpoint without a session', async () => {
    for (const testCase of cases) {
      const response = await app.inject({
        method: testCase.method,
        url: testCase.url(inScope, 'office'),
        ...requestContent(testCase, inScope, {}),
      });
      expect(response.statusCode, testCase.name).toBe(401);
    }
  });
});
