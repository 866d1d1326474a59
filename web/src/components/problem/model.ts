// The problem page's JSON shapes (as src/modules/problems/problem.presenter.ts and the evidence,
// timeline and comment presenters return them), its Chinese labels, and its error handling.
import { ApiError } from '../../api/client.ts';
import type { LedgerState, Role } from '../../api/types.ts';

export type LedgerAction = 'start' | 'apply_close' | 'withdraw' | 'approve' | 'reject' | 'reopen_rebound';
export type DeadlineKind = 'date' | 'immediate' | 'within' | 'long_term' | 'unspecified';

export interface Deadline {
  kind: DeadlineKind;
  text: string | null;
  dueOn: string | null;
  isOverdue: boolean;
  /** Set while the due day waits for this year's official calendar. */
  awaitsCalendarYear: number | null;
}

export interface NamedRef {
  id: number;
  name: string;
}

export interface Owners {
  leaders: NamedRef[];
  departments: NamedRef[];
  people: NamedRef[];
}

export interface Measure {
  id: number;
  problemId: number;
  text: string;
  isDone: boolean;
  doneOn: string | null;
  deadline: Deadline | null;
  owners: Owners;
  version: number;
}

export interface Manifestation {
  id: number;
  problemId: number;
  text: string;
  version: number;
}

export interface ProblemDetail {
  id: number;
  inspection: { id: number; roundName: string | null; feedbackOn: string | null };
  unit: { id: number; name: string };
  aspect: { id: number; number: string | null; title: string };
  number: string | null;
  title: string;
  goal: string | null;
  state: LedgerState;
  stateLabel: string;
  isLongTerm: boolean;
  checkinIntervalDays: number | null;
  deadline: Deadline | null;
  manifestations: Manifestation[];
  measures: Measure[];
  assignments: Owners;
  parent: { id: number; number: string | null; title: string; state: LedgerState } | null;
  children: { id: number; number: string | null; title: string; state: LedgerState; version: number }[];
  evidenceCount: number;
  reboundCount: number;
  closedAt: string | null;
  updatedAt: string;
  version: number;
  allowedActions: LedgerAction[];
  canEdit: boolean;
}

export interface EvidenceItem {
  id: number;
  problemId: number;
  measureId: number | null;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  description: string | null;
  effectiveOn: string | null;
  uploadedBy: { userId: number; displayName: string } | null;
  uploadedAt: string;
  isInSnapshot: boolean;
  version: number;
}

export interface TimelineEntry {
  eventId: number;
  at: string;
  action: string;
  actor: { userId: number; displayName: string } | null;
  transition?: {
    transitionId: number;
    from: LedgerState;
    to: LedgerState;
    reason: string | null;
    statement: string | null;
    evidence: { evidenceId: number; fileName: string; sha256: string }[];
  };
  evidence?: { evidenceId: number; fileName: string; sha256: string; sizeBytes: number };
  details?: Record<string, unknown>;
  hash: string;
}

export interface CommentItem {
  id: number;
  problemId: number;
  kind: 'comment' | 'flag';
  body: string;
  author: { id: number; displayName: string; role: Role; roleName: string };
  createdAt: string;
}

export interface UnitPerson {
  id: number;
  name: string;
  title: string | null;
  isLeader: boolean;
  department: NamedRef | null;
}

/** The action buttons' and the timeline's Chinese names. */
export const actionLabels: Record<LedgerAction, string> = {
  start: '开始整改',
  apply_close: '申请销号',
  withdraw: '撤回申请',
  approve: '审核通过',
  reject: '退回',
  reopen_rebound: '反弹重开',
};

const eventLabels: Record<string, string> = {
  ...actionLabels,
  approve: '审核通过（销号）',
  reject: '退回整改',
  created: '创建',
  planned: '列入整改计划',
  document_imported: '导入方案',
  problem_updated: '修改问题',
  deadline_set: '设定整改时限',
  assignments_set: '调整责任分工',
  measure_added: '新增整改措施',
  measure_updated: '修改整改措施',
  measure_deleted: '删除整改措施',
  manifestation_added: '新增具体表现',
  manifestation_updated: '修改具体表现',
  manifestation_deleted: '删除具体表现',
  evidence_added: '上传佐证材料',
  evidence_removed: '删除佐证材料',
  comment_added: '发表评论',
  flag_added: '纪检提示',
  notice_issued: '下发督办单',
  notice_replied: '回复督办单',
  notice_closed: '办结督办单',
};

export function eventLabel(action: string): string {
  return eventLabels[action] ?? `其他操作（${action}）`;
}

export const deadlineKindLabels: Record<DeadlineKind, string> = {
  date: '按日期',
  immediate: '立行立改',
  within: '限期完成',
  long_term: '长期坚持',
  unspecified: '未明确',
};

/** Roles that upload and remove evidence (the evidence service's writers). */
export const evidenceWriterRoles: readonly Role[] = ['unit_office', 'department'];
/** Roles that may mark a measure done (a department owner only that, not the text). */
export const measureProgressRoles: readonly Role[] = ['office', 'unit_office', 'department'];
/** Roles that may flag a problem (纪检提示). */
export const flaggingRoles: readonly Role[] = ['observer', 'office'];

export const CONFLICT_MESSAGE = '该问题已被他人修改，请刷新后重试';

/** The Chinese message for a failed request; a 409 is someone else's change. */
export function errorText(error: unknown, fallback = '操作失败，请稍后重试'): string {
  if (error instanceof ApiError) return error.status === 409 ? CONFLICT_MESSAGE : error.message;
  return fallback;
}

export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** An ISO instant as a Shanghai wall-clock time, "2026-03-01 14:05". */
export function formatInstant(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Date(time + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function shortHash(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}
