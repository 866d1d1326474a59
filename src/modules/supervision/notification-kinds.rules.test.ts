import { describe, expect, it } from 'vitest';
import {
  isRuleWanted,
  mutedFromWanted,
  notificationKindOf,
  parseMutedKinds,
  wantedFromMutedJson,
} from './notification-kinds.rules.ts';

describe('notification kinds', () => {
  it('groups every rule the engine fires into a kind', () => {
    expect(notificationKindOf('due_soon_7')).toBe('due_soon');
    expect(notificationKindOf('checkin_due')).toBe('due_soon');
    expect(notificationKindOf('overdue_0')).toBe('overdue');
    expect(notificationKindOf('overdue_15')).toBe('overdue');
    expect(notificationKindOf('stale_review')).toBe('review');
    expect(notificationKindOf('plan_due')).toBe('document');
    expect(notificationKindOf('report_due')).toBe('document');
    expect(notificationKindOf('notice_due_soon')).toBe('notice');
    expect(notificationKindOf('notice_overdue')).toBe('notice');
    expect(notificationKindOf('overdue_lookback')).toBe('lookback');
    expect(notificationKindOf('something_new')).toBeNull();
  });

  it('a muted kind filters its rules; an unknown rule always passes', () => {
    expect(isRuleWanted('due_soon_3', ['due_soon'])).toBe(false);
    expect(isRuleWanted('overdue_7', ['due_soon'])).toBe(true);
    expect(
      isRuleWanted('something_new', ['due_soon', 'overdue', 'review', 'document', 'notice', 'lookback']),
    ).toBe(true);
  });

  it('stores the muted kinds and reads back the wanted ones', () => {
    expect(mutedFromWanted(['overdue', 'notice'])).toEqual(['due_soon', 'review', 'document', 'lookback']);
    expect(wantedFromMutedJson('["due_soon","review","document"]')).toEqual([
      'overdue',
      'notice',
      'lookback',
    ]);
    expect(wantedFromMutedJson('[]')).toHaveLength(6);
    expect(parseMutedKinds('not json')).toEqual([]);
    expect(parseMutedKinds('["bogus","overdue"]')).toEqual(['overdue']);
  });
});
