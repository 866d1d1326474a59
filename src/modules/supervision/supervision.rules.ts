/**
 * Supervision rules (跟踪督办), pure: for one subject (a ledger item, an inspection, a supervision
 * notice) and a day, which rule fires and to whom. Each firing names its key day — the day the
 * rule is for — so the engine stores it once per subject × rule × day; a rule whose day has come
 * fires on the next scan even if the server was down that day, and only the latest step of a
 * family fires (a missed 7-day reminder is superseded by the 3-day one, not sent late).
 */
import { addDays, addMonths, daysBetween } from '../deadlines/calendar-date.rules.ts';
import { addWorkingDays, type WorkingCalendar } from '../deadlines/working-calendar.rules.ts';
import type { LedgerState } from '../../storage/schema.ts';
import type { NotificationKind } from './notification-kinds.rules.ts';

/** An office's supervision policy; defaults from practice in `defaultSupervisionPolicy`. */
export interface SupervisionPolicy {
  /** The plan (整改方案) is due this many months after feedback. */
  planDueMonths: number;
  /** The report to the inspection office is due this many months after feedback. */
  reportDueMonths: number;
  /** The concentrated period (集中整改期) lasts this many months after feedback. */
  concentratedMonths: number;
  /** The look-back (回头看) comes this many months after feedback. */
  lookbackMonths: number;
  /** 立行立改 means done within this many working days. */
  immediateWorkingDays: number;
  /** Long-term items check in every this many days after the concentrated period. */
  longTermCheckinDays: number;
  /** Days before a due day that remind the owner, e.g. [7, 3]. */
  dueSoonDays: number[];
  /** Days overdue that escalate, counted from the first overdue day: [0, 7, 15]. */
  escalationDays: number[];
  /** A closing pending review longer than this many working days reminds the reviewer. */
  staleReviewWorkingDays: number;
  /** Rule kinds the office does not supervise by: they never fire. */
  mutedKinds: NotificationKind[];
}

export const defaultSupervisionPolicy: SupervisionPolicy = {
  planDueMonths: 1,
  reportDueMonths: 2,
  concentratedMonths: 3,
  lookbackMonths: 6,
  immediateWorkingDays: 10,
  longTermCheckinDays: 30,
  dueSoonDays: [7, 3],
  escalationDays: [0, 7, 15],
  staleReviewWorkingDays: 5,
  mutedKinds: [],
};

/**
 * Who is told. `owner`: the unit's rectification office and responsible departments;
 * `unit_office`: the unit's rectification office only; `leader`: the unit's responsible leaders
 * (including the first responsible, 第一责任人); `office`: the inspection office.
 */
export type Audience = 'owner' | 'unit_office' | 'leader' | 'office';

export interface RuleFiring {
  /** e.g. `due_soon_7`, `overdue_15`, `stale_review`, `checkin_due`, `plan_due`. */
  rule: string;
  /** The key day of the firing: the day the rule is for. */
  firedOn: string;
  audiences: Audience[];
}

/** The escalation chain: owner → responsible leader → first responsible and the inspection office. */
const escalationChain: Audience[][] = [['owner'], ['owner', 'leader'], ['owner', 'leader', 'office']];

export interface DeadlineSubject {
  state: LedgerState;
  dueOn: string | null;
}

/** Due-soon reminders and overdue escalation of an item's deadline. */
export function decideDeadlineRule(
  item: DeadlineSubject,
  today: string,
  policy: SupervisionPolicy,
): RuleFiring | null {
  if (item.state === 'closed' || item.dueOn == null) return null;
  if (today > item.dueOn) {
    // The first overdue day (the day after the due day) is "overdue by 0 days".
    const daysLate = daysBetween(item.dueOn, today) - 1;
    const steps = [...policy.escalationDays].sort((a, b) => a - b);
    let index = -1;
    steps.forEach((threshold, position) => {
      if (threshold <= daysLate) index = position;
    });
    if (index < 0) return null;
    const threshold = steps[index]!;
    return {
      rule: `overdue_${threshold}`,
      firedOn: addDays(item.dueOn, 1 + threshold),
      audiences: escalationChain[Math.min(index, escalationChain.length - 1)]!,
    };
  }
  const daysLeft = daysBetween(today, item.dueOn);
  const reached = policy.dueSoonDays.filter((days) => days >= daysLeft);
  if (reached.length === 0) return null;
  const nearest = Math.min(...reached);
  return { rule: `due_soon_${nearest}`, firedOn: addDays(item.dueOn, -nearest), audiences: ['owner'] };
}

/** A closing pending review for longer than the policy's working days reminds the reviewer. */
export function decideStaleReviewRule(
  item: { state: LedgerState; submittedOn: string | null },
  today: string,
  policy: SupervisionPolicy,
  calendar: WorkingCalendar,
): RuleFiring | null {
  if (item.state !== 'pending_review' || item.submittedOn == null) return null;
  const firedOn = addWorkingDays(item.submittedOn, policy.staleReviewWorkingDays + 1, calendar);
  return today >= firedOn ? { rule: 'stale_review', firedOn, audiences: ['leader'] } : null;
}

/** Long-term items check in every interval, from the end of the concentrated period on. */
export function decideCheckinRule(
  item: {
    state: LedgerState;
    isLongTerm: boolean;
    checkinIntervalDays: number | null;
    concentratedUntil: string | null;
    feedbackOn: string | null;
  },
  today: string,
  policy: SupervisionPolicy,
): RuleFiring | null {
  if (!item.isLongTerm || item.state === 'closed') return null;
  const anchor =
    item.concentratedUntil ??
    (item.feedbackOn ? addMonths(item.feedbackOn, policy.concentratedMonths) : null);
  if (anchor == null || today < anchor) return null;
  const interval = item.checkinIntervalDays ?? policy.longTermCheckinDays;
  const periods = Math.floor(daysBetween(anchor, today) / interval);
  return { rule: 'checkin_due', firedOn: addDays(anchor, periods * interval), audiences: ['owner'] };
}

/**
 * A document due from the unit (the plan or the report to the inspection office): reminders on
 * the due-soon days before it and once on the first overdue day, then to the office too.
 */
export function decideDocumentDueRule(
  rule: 'plan_due' | 'report_due',
  document: { dueOn: string | null; isSubmitted: boolean },
  today: string,
  policy: SupervisionPolicy,
): RuleFiring | null {
  if (document.isSubmitted || document.dueOn == null) return null;
  const overdueOn = addDays(document.dueOn, 1);
  if (today >= overdueOn) return { rule, firedOn: overdueOn, audiences: ['unit_office', 'office'] };
  const triggers = policy.dueSoonDays
    .map((days) => addDays(document.dueOn!, -days))
    .filter((day) => day <= today)
    .sort();
  const latest = triggers.at(-1);
  return latest ? { rule, firedOn: latest, audiences: ['unit_office'] } : null;
}

/** An unanswered supervision notice: a reminder before its reply date, then overdue to the office. */
export function decideNoticeRule(
  notice: { state: 'issued' | 'replied' | 'closed'; replyBy: string },
  today: string,
  policy: SupervisionPolicy,
): RuleFiring | null {
  if (notice.state !== 'issued') return null;
  const overdueOn = addDays(notice.replyBy, 1);
  if (today >= overdueOn)
    return { rule: 'notice_overdue', firedOn: overdueOn, audiences: ['unit_office', 'office'] };
  const reminderDays = policy.dueSoonDays.length > 0 ? Math.min(...policy.dueSoonDays) : 3;
  const reminderOn = addDays(notice.replyBy, -reminderDays);
  return today >= reminderOn
    ? { rule: 'notice_due_soon', firedOn: reminderOn, audiences: ['unit_office'] }
    : null;
}

/**
 * The rule name of the look-back reminder. Migration 0007's CHECK on `supervision_firings.rule`
 * admits the fixed names it lists and the `due_soon_*` / `overdue_*` families; widening it on
 * SQLite would mean rebuilding a table the notifications reference, so the reminder takes a
 * name in the `overdue_` family (docs/decisions/0003-lookback-reminder-rule-name.md).
 */
export const LOOKBACK_DUE_RULE = 'overdue_lookback';

/**
 * A scheduled look-back (回头看) whose planned day has come and which is not completed reminds
 * the inspection office and the unit's rectification office, once, keyed on the planned day.
 */
export function decideLookbackDueRule(
  lookback: { state: 'planned' | 'in_progress' | 'completed'; plannedOn: string },
  today: string,
): RuleFiring | null {
  if (lookback.state === 'completed' || today < lookback.plannedOn) return null;
  return { rule: LOOKBACK_DUE_RULE, firedOn: lookback.plannedOn, audiences: ['office', 'unit_office'] };
}

export type TrafficLight = 'green' | 'yellow' | 'red';

/**
 * The item's traffic light for the UI: red when overdue, yellow when due within the earliest
 * reminder or its review is stale, green otherwise (closed items are green).
 */
export function decideTrafficLight(
  item: DeadlineSubject & { submittedOn?: string | null },
  today: string,
  policy: SupervisionPolicy,
  calendar: WorkingCalendar,
): TrafficLight {
  if (item.state === 'closed') return 'green';
  if (item.dueOn != null && today > item.dueOn) return 'red';
  if (item.dueOn != null && daysBetween(today, item.dueOn) <= Math.max(0, ...policy.dueSoonDays))
    return 'yellow';
  try {
    if (
      decideStaleReviewRule(
        { state: item.state, submittedOn: item.submittedOn ?? null },
        today,
        policy,
        calendar,
      )
    )
      return 'yellow';
  } catch {
    // A year the calendar does not cover yet cannot make a review stale.
  }
  return 'green';
}
