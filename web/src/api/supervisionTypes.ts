// Shapes of the supervision and notification API (督办规则, 督办单, 通知机器人, 通知设置, 消息).

export type NotificationKind = 'due_soon' | 'overdue' | 'review' | 'document' | 'notice' | 'lookback';
export type RobotKind = 'wecom' | 'dingtalk' | 'feishu' | 'webhook';
export type NoticeState = 'issued' | 'replied' | 'closed';

export interface SupervisionPolicy {
  planDueMonths: number;
  reportDueMonths: number;
  concentratedMonths: number;
  lookbackMonths: number;
  immediateWorkingDays: number;
  longTermCheckinDays: number;
  dueSoonDays: number[];
  escalationDays: number[];
  staleReviewWorkingDays: number;
  kinds: NotificationKind[];
  version: number;
  updatedAt: string | null;
  isDefault: boolean;
}

export interface Robot {
  id: number;
  kind: RobotKind;
  name: string;
  /** Masked: host and path kept, tokens hidden. */
  url: string;
  hasSecret: boolean;
  secret: string | null;
  enabled: boolean;
  kinds: NotificationKind[];
  createdAt: string;
  version: number;
  lastDelivery: { status: 'pending' | 'sent' | 'failed'; error: string | null; at: string } | null;
}

export interface RobotTestResult {
  ok: boolean;
  error: string | null;
  at: string;
}

export interface NotificationSettings {
  inApp: true;
  email: string | null;
  emailEnabled: boolean;
  kinds: NotificationKind[];
  isEmailConfigured: boolean;
  version: number;
  updatedAt: string | null;
}

export interface SupervisionNotice {
  id: number;
  unitId: number;
  unitName: string;
  problemId: number | null;
  problemNumber: string | null;
  inspectionId: number | null;
  title: string;
  content: string;
  replyBy: string;
  state: NoticeState;
  isOverdue: boolean;
  issuedBy: number;
  issuedAt: string;
  replyText: string | null;
  repliedBy: number | null;
  repliedAt: string | null;
  evidenceIds: number[];
  closedBy: number | null;
  closedAt: string | null;
  version: number;
}

export interface NotificationItem {
  id: number;
  rule: string;
  title: string;
  body: string;
  problemId: number | null;
  inspectionId: number | null;
  noticeId: number | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationInbox {
  unreadCount: number;
  items: NotificationItem[];
}
