// Chinese labels of the supervision and notification settings, in one place for their pages.
import type { NoticeState, NotificationKind, RobotKind } from '../../api/supervisionTypes.ts';

export const notificationKindOptions: { value: NotificationKind; label: string }[] = [
  { value: 'due_soon', label: '临近时限提醒（含长期整改定期报告）' },
  { value: 'overdue', label: '逾期督办' },
  { value: 'review', label: '销号审核超期提醒' },
  { value: 'document', label: '整改方案、整改报告报送提醒' },
  { value: 'notice', label: '督办单回复提醒' },
  { value: 'lookback', label: '回头看到期提醒' },
];

export const allNotificationKinds = notificationKindOptions.map((option) => option.value);

export const notificationKindShort: Record<NotificationKind, string> = {
  due_soon: '临期',
  overdue: '逾期',
  review: '审核',
  document: '报送',
  notice: '督办单',
  lookback: '回头看',
};

export const robotKindLabels: Record<RobotKind, string> = {
  wecom: '企业微信群机器人',
  dingtalk: '钉钉群机器人',
  feishu: '飞书群机器人',
  webhook: '通用 Webhook（JSON）',
};

/** What each kind's secret is for, shown under the secret field. */
export const robotSecretHints: Record<RobotKind, string> = {
  wecom: '企业微信群机器人无需密钥（地址中的 key 即凭证）',
  dingtalk: '钉钉“加签”安全设置中的密钥（SEC 开头）；未启用加签可留空',
  feishu: '飞书“签名校验”中的密钥；未启用可留空',
  webhook: '填写后每次请求附带 X-Rectify-Signature（HMAC-SHA256）；可留空',
};

export const noticeStateLabels: Record<NoticeState, string> = {
  issued: '待回复',
  replied: '已回复',
  closed: '已办结',
};

export const noticeStateColors: Record<NoticeState, string> = {
  issued: 'processing',
  replied: 'warning',
  closed: 'success',
};
