import { describe, expect, it } from 'vitest';
import { getOfficialCalendar } from '../deadlines/official-calendar.ts';
import {
  decideCheckinRule,
  decideDeadlineRule,
  decideDocumentDueRule,
  decideLookbackDueRule,
  decideNoticeRule,
  decideStaleReviewRule,
  decideTrafficLight,
  defaultSupervisionPolicy as policy,
} from './supervision.rules.ts';

const calendar = getOfficialCalendar();

describe('deadline reminders and escalation (due 2024-10-15)', () => {
  const item = { state: 'in_progress' as const, dueOn: '2024-10-15' };
  it.each([
    ['2024-10-07', null],
    ['2024-10-08', { rule: 'due_soon_7', firedOn: '2024-10-08', audiences: ['owner'] }],
    ['2024-10-11', { rule: 'due_soon_7', firedOn: '2024-10-08', audiences: ['owner'] }],
    ['2024-10-12', { rule: 'due_soon_3', firedOn: '2024-10-12', audiences: ['owner'] }],
    ['2024-10-15', { rule: 'due_soon_3', firedOn: '2024-10-12', audiences: ['owner'] }],
    ['2024-10-16', { rule: 'overdue_0', firedOn: '2024-10-16', audiences: ['owner'] }],
    ['2024-10-22', { rule: 'overdue_0', firedOn: '2024-10-16', audiences: ['owner'] }],
    ['2024-10-23', { rule: 'overdue_7', firedOn: '2024-10-23', audiences: ['owner', 'leader'] }],
    ['2024-10-30', { rule: 'overdue_7', firedOn: '2024-10-23', audiences: ['owner', 'leader'] }],
    ['2024-10-31', { rule: 'overdue_15', firedOn: '2024-10-31', audiences: ['owner', 'leader', 'office'] }],
    ['2025-03-01', { rule: 'overdue_15', firedOn: '2024-10-31', audiences: ['owner', 'leader', 'office'] }],
  ])('on %s: %o', (today, expected) => {
    expect(decideDeadlineRule(item, today, policy)).toEqual(expected);
  });

  it.each([
    [{ state: 'closed' as const, dueOn: '2024-10-15' }],
    [{ state: 'in_progress' as const, dueOn: null }],
  ])('never fires for %o', (subject) => {
    expect(decideDeadlineRule(subject, '2024-10-20', policy)).toBeNull();
  });

  it('follows an office policy with other steps', () => {
    const custom = { ...policy, dueSoonDays: [10], escalationDays: [2] };
    expect(decideDeadlineRule(item, '2024-10-05', custom)).toMatchObject({ rule: 'due_soon_10' });
    expect(decideDeadlineRule(item, '2024-10-17', custom)).toBeNull();
    expect(decideDeadlineRule(item, '2024-10-18', custom)).toEqual({
      rule: 'overdue_2',
      firedOn: '2024-10-18',
      audiences: ['owner'],
    });
  });
});

describe('stale review over National Day 2024 (submitted 2024-09-27, 5 working days)', () => {
  // Working days after 09-27: 09-29 (调休 Sunday), 09-30, 10-08, 10-09, 10-10 are five; the sixth is 10-11.
  it.each([
    ['2024-10-10', null],
    ['2024-10-11', { rule: 'stale_review', firedOn: '2024-10-11', audiences: ['leader'] }],
    ['2024-10-13', { rule: 'stale_review', firedOn: '2024-10-11', audiences: ['leader'] }],
  ])('on %s: %o', (today, expected) => {
    expect(
      decideStaleReviewRule({ state: 'pending_review', submittedOn: '2024-09-27' }, today, policy, calendar),
    ).toEqual(expected);
  });

  it('does not fire once reviewed', () => {
    expect(
      decideStaleReviewRule({ state: 'closed', submittedOn: '2024-09-27' }, '2024-10-20', policy, calendar),
    ).toBeNull();
  });
});

describe('long-term check-ins (concentrated period until 2024-09-15, every 30 days)', () => {
  const item = {
    state: 'in_progress' as const,
    isLongTerm: true,
    checkinIntervalDays: null,
    concentratedUntil: '2024-09-15',
    feedbackOn: '2024-06-15',
  };
  it.each([
    ['2024-09-14', null],
    ['2024-09-15', '2024-09-15'],
    ['2024-10-14', '2024-09-15'],
    ['2024-10-15', '2024-10-15'],
    ['2024-11-14', '2024-11-14'],
  ])('on %s: key day %s', (today, firedOn) => {
    const firing = decideCheckinRule(item, today, policy);
    expect(firing?.firedOn ?? null).toBe(firedOn);
    if (firing) expect(firing).toMatchObject({ rule: 'checkin_due', audiences: ['owner'] });
  });

  it('uses the item interval, the feedback day when the period end is unknown, and skips others', () => {
    expect(decideCheckinRule({ ...item, checkinIntervalDays: 7 }, '2024-09-23', policy)?.firedOn).toBe(
      '2024-09-22',
    );
    expect(decideCheckinRule({ ...item, concentratedUntil: null }, '2024-09-15', policy)?.firedOn).toBe(
      '2024-09-15',
    );
    expect(decideCheckinRule({ ...item, isLongTerm: false }, '2024-10-15', policy)).toBeNull();
    expect(decideCheckinRule({ ...item, state: 'closed' }, '2024-10-15', policy)).toBeNull();
  });
});

describe('plan and report due (plan due 2024-07-15)', () => {
  it.each([
    ['2024-07-07', null],
    ['2024-07-08', { rule: 'plan_due', firedOn: '2024-07-08', audiences: ['unit_office'] }],
    ['2024-07-12', { rule: 'plan_due', firedOn: '2024-07-12', audiences: ['unit_office'] }],
    ['2024-07-15', { rule: 'plan_due', firedOn: '2024-07-12', audiences: ['unit_office'] }],
    ['2024-07-16', { rule: 'plan_due', firedOn: '2024-07-16', audiences: ['unit_office', 'office'] }],
    ['2024-09-01', { rule: 'plan_due', firedOn: '2024-07-16', audiences: ['unit_office', 'office'] }],
  ])('on %s: %o', (today, expected) => {
    expect(
      decideDocumentDueRule('plan_due', { dueOn: '2024-07-15', isSubmitted: false }, today, policy),
    ).toEqual(expected);
  });

  it('stops once the document is in', () => {
    expect(
      decideDocumentDueRule('report_due', { dueOn: '2024-08-15', isSubmitted: true }, '2024-08-20', policy),
    ).toBeNull();
  });
});

describe('supervision notices (reply by 2024-10-15)', () => {
  it.each([
    ['issued', '2024-10-11', null],
    ['issued', '2024-10-12', { rule: 'notice_due_soon', firedOn: '2024-10-12', audiences: ['unit_office'] }],
    ['issued', '2024-10-15', { rule: 'notice_due_soon', firedOn: '2024-10-12', audiences: ['unit_office'] }],
    [
      'issued',
      '2024-10-16',
      { rule: 'notice_overdue', firedOn: '2024-10-16', audiences: ['unit_office', 'office'] },
    ],
    ['replied', '2024-10-16', null],
    ['closed', '2024-10-16', null],
  ] as const)('%s on %s: %o', (state, today, expected) => {
    expect(decideNoticeRule({ state, replyBy: '2024-10-15' }, today, policy)).toEqual(expected);
  });
});

describe('traffic light', () => {
  it.each([
    [{ state: 'in_progress' as const, dueOn: '2024-10-15' }, '2024-10-07', 'green'],
    [{ state: 'in_progress' as const, dueOn: '2024-10-15' }, '2024-10-08', 'yellow'],
    [{ state: 'in_progress' as const, dueOn: '2024-10-15' }, '2024-10-15', 'yellow'],
    [{ state: 'in_progress' as const, dueOn: '2024-10-15' }, '2024-10-16', 'red'],
    [{ state: 'closed' as const, dueOn: '2024-10-15' }, '2024-10-16', 'green'],
    [{ state: 'in_progress' as const, dueOn: null }, '2024-10-16', 'green'],
    [
      { state: 'pending_review' as const, dueOn: '2024-12-31', submittedOn: '2024-09-27' },
      '2024-10-11',
      'yellow',
    ],
    [
      { state: 'pending_review' as const, dueOn: '2024-12-31', submittedOn: '2024-09-27' },
      '2024-10-10',
      'green',
    ],
  ])('%o on %s is %s', (item, today, expected) => {
    expect(decideTrafficLight(item, today, policy, calendar)).toBe(expected);
  });
});

describe('look-back due (planned 2027-02-07)', () => {
  const reminder = { rule: 'overdue_lookback', firedOn: '2027-02-07', audiences: ['office', 'unit_office'] };
  it.each([
    ['planned' as const, '2027-02-06', null],
    ['planned' as const, '2027-02-07', reminder],
    ['in_progress' as const, '2027-03-01', reminder],
    ['completed' as const, '2027-03-01', null],
  ])('%s on %s: %o', (state, today, expected) => {
    expect(decideLookbackDueRule({ state, plannedOn: '2027-02-07' }, today)).toEqual(expected);
  });
});
