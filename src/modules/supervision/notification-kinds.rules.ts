/**
 * Notification kinds: the families of supervision rules a user, a robot or an office can choose
 * to receive or not. Choices are stored as the muted kinds, so a kind added later reaches everyone
 * until they opt out; a rule of no known kind is always delivered.
 */
export const notificationKinds = ['due_soon', 'overdue', 'review', 'document', 'notice', 'lookback'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const notificationKindLabels: Record<NotificationKind, string> = {
  due_soon: '临近时限提醒（含长期整改定期报告）',
  overdue: '逾期督办',
  review: '销号审核超期提醒',
  document: '整改方案、整改报告报送提醒',
  notice: '督办单回复提醒',
  lookback: '回头看到期提醒',
};

/** The kind of a rule name such as `due_soon_7`, `overdue_15`, `stale_review`, `notice_overdue`. */
export function notificationKindOf(rule: string): NotificationKind | null {
  // The look-back reminder's name sits in the overdue family only because of 0007's CHECK.
  if (rule === 'overdue_lookback') return 'lookback';
  if (rule.startsWith('due_soon_') || rule === 'checkin_due') return 'due_soon';
  if (rule.startsWith('overdue_')) return 'overdue';
  if (rule === 'stale_review') return 'review';
  if (rule === 'plan_due' || rule === 'report_due') return 'document';
  if (rule.startsWith('notice_')) return 'notice';
  return null;
}

/** Whether a rule passes a muted-kinds choice. */
export function isRuleWanted(rule: string, mutedKinds: readonly NotificationKind[]): boolean {
  const kind = notificationKindOf(rule);
  return kind === null || !mutedKinds.includes(kind);
}

/** The stored muted list from the kinds chosen to receive (unknown values are ignored). */
export function mutedFromWanted(wanted: readonly string[]): NotificationKind[] {
  return notificationKinds.filter((kind) => !wanted.includes(kind));
}

/** The kinds received, from the stored muted JSON (tolerating a malformed value as "none muted"). */
export function wantedFromMutedJson(mutedJson: string): NotificationKind[] {
  const muted = parseMutedKinds(mutedJson);
  return notificationKinds.filter((kind) => !muted.includes(kind));
}

export function parseMutedKinds(mutedJson: string): NotificationKind[] {
  try {
    const parsed: unknown = JSON.parse(mutedJson);
    return Array.isArray(parsed) ? notificationKinds.filter((kind) => parsed.includes(kind)) : [];
  } catch {
    return [];
  }
}
