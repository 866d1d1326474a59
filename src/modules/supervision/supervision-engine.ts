/**
 * The supervision engine: for every office, reads the items each rule family looks at (one query
 * per family for the whole office), asks the pure rules which fire today, and writes the firings
 * and their notifications in one transaction per office. Firings are keyed subject × rule × day
 * and inserted with insert-or-ignore, so a rerun on the same day, a restarted server or a second
 * server process scanning at the same moment never notifies twice.
 */
import type { Database, DatabaseTransaction } from '../../storage/database.ts';
import type { SupervisionSubjectType } from '../../storage/schema.ts';
import { addDays, shanghaiDate } from '../deadlines/calendar-date.rules.ts';
import { CalendarRangeError, type WorkingCalendar } from '../deadlines/working-calendar.rules.ts';
import { nowIso, today as todayOf, type Clock } from '../common/clock.ts';
import { findOfficePolicies } from './office-policy.repository.ts';
import { isRuleWanted } from './notification-kinds.rules.ts';
import { createRecipientDirectory, type RecipientDirectory } from './recipients.rules.ts';
import { composeMessage, problemLabel, type Message } from './supervision-messages.ts';
import {
  findDeadlineCandidates,
  findDocumentDueInspections,
  findDueLookbacks,
  findOpenLongTermItems,
  findPendingReviews,
  findRecipientRows,
  findUnansweredNotices,
  firingKey,
  insertNewFirings,
  insertNotifications,
  type NewNotification,
} from './supervision.repository.ts';
import {
  decideCheckinRule,
  decideDeadlineRule,
  decideDocumentDueRule,
  decideLookbackDueRule,
  decideNoticeRule,
  decideStaleReviewRule,
  type RuleFiring,
  type SupervisionPolicy,
} from './supervision.rules.ts';

/**
 * Days a rule's key day may lie in the past and still be caught up. A server that was down for
 * longer misses older steps (the latest step of each family still fires while it is current);
 * it also keeps a first scan of old data from sending a flood of stale reminders.
 */
export const CATCH_UP_DAYS = 30;

/** A rule that fired for a subject, with what its notifications say and who gets them. */
export interface PlannedFiring {
  subjectType: SupervisionSubjectType;
  subjectId: number;
  unitId: number;
  firing: RuleFiring;
  message: Message;
  problemId: number | null;
  inspectionId: number | null;
  noticeId: number | null;
}

export interface OfficeScanResult {
  officeId: number;
  /** Firings due today (new or already recorded). */
  due: number;
  /** Firings recorded by this scan (the rest were recorded before). */
  newFirings: number;
  newNotifications: number;
  /** Items skipped because the calendar does not cover their year (e.g. a year not imported yet). */
  skippedForCalendar: number;
}

export interface ScanSummary {
  today: string;
  offices: OfficeScanResult[];
  newFirings: number;
  newNotifications: number;
}

/**
 * Records planned firings that are new and notifies their recipients, inside the caller's
 * transaction. Firings are written in key order, so two processes racing on PostgreSQL take
 * the unique index's locks in the same order and cannot deadlock.
 */
export async function recordFirings(
  transaction: DatabaseTransaction,
  input: {
    officeId: number;
    planned: readonly PlannedFiring[];
    recipients: RecipientDirectory;
    runOn: string;
    at: string;
  },
): Promise<{ newFirings: number; newNotifications: number }> {
  const planned = [...input.planned].sort((a, b) => {
    const left = firingKey({ ...a, ...a.firing });
    const right = firingKey({ ...b, ...b.firing });
    return left < right ? -1 : left > right ? 1 : 0;
  });
  const inserted = await insertNewFirings(
    transaction,
    input.officeId,
    planned.map((item) => ({
      subjectType: item.subjectType,
      subjectId: item.subjectId,
      unitId: item.unitId,
      rule: item.firing.rule,
      firedOn: item.firing.firedOn,
    })),
    input.runOn,
    input.at,
  );
  const notifications: NewNotification[] = [];
  for (const item of planned) {
    const firingId = inserted.get(firingKey({ ...item, ...item.firing }));
    if (firingId === undefined) continue;
    for (const recipientUserId of input.recipients.resolve(item.unitId, item.firing.audiences)) {
      notifications.push({
        firingId,
        recipientUserId,
        rule: item.firing.rule,
        problemId: item.problemId,
        inspectionId: item.inspectionId,
        noticeId: item.noticeId,
        title: item.message.title,
        body: item.message.body,
      });
    }
  }
  const newNotifications = await insertNotifications(transaction, input.officeId, notifications, input.at);
  return { newFirings: inserted.size, newNotifications };
}

/** Loads the recipients of an office (one query). */
export async function loadRecipientDirectory(db: Database | DatabaseTransaction, officeId: number) {
  return createRecipientDirectory(await findRecipientRows(db, officeId));
}

export interface SupervisionEngineDependencies {
  db: Database;
  clock: Clock;
  /** The official calendar in force (the database's, with the bundled file as default). */
  getCalendar(): Promise<WorkingCalendar>;
}

/** Firings written per transaction. */
const RECORD_CHUNK = 500;

export function createSupervisionEngine(dependencies: SupervisionEngineDependencies) {
  const { db, clock } = dependencies;

  async function planOffice(
    officeId: number,
    policy: SupervisionPolicy,
    today: string,
    calendar: WorkingCalendar,
  ): Promise<{ planned: PlannedFiring[]; skippedForCalendar: number }> {
    const planned: PlannedFiring[] = [];
    let skippedForCalendar = 0;
    const sinceDay = addDays(today, -CATCH_UP_DAYS);
    const add = (
      firing: RuleFiring | null,
      subject: Omit<PlannedFiring, 'firing' | 'message'>,
      label: string,
      dueOn: string | null,
    ) => {
      if (firing == null || firing.firedOn < sinceDay) return;
      if (!isRuleWanted(firing.rule, policy.mutedKinds)) return;
      planned.push({ ...subject, firing, message: composeMessage(firing.rule, { label, dueOn }) });
    };
    const problemSubject = (row: { id: number; unit_id: number; inspection_id: number }) => ({
      subjectType: 'problem' as const,
      subjectId: row.id,
      unitId: row.unit_id,
      problemId: row.id,
      inspectionId: row.inspection_id,
      noticeId: null,
    });

    // Due-soon and overdue: deadlines from the last escalation step's catch-up to the first reminder.
    const lastEscalation = Math.max(0, ...policy.escalationDays);
    const firstReminder = Math.max(0, ...policy.dueSoonDays);
    const deadlines = await findDeadlineCandidates(
      db,
      officeId,
      addDays(sinceDay, -(lastEscalation + 1)),
      addDays(today, firstReminder),
    );
    for (const row of deadlines) {
      add(
        decideDeadlineRule({ state: row.state, dueOn: row.due_on }, today, policy),
        problemSubject(row),
        problemLabel(row),
        row.due_on,
      );
    }

    for (const row of await findPendingReviews(db, officeId)) {
      const submittedOn = row.submitted_at ? shanghaiDate(new Date(row.submitted_at)) : null;
      try {
        add(
          decideStaleReviewRule({ state: 'pending_review', submittedOn }, today, policy, calendar),
          problemSubject(row),
          problemLabel(row),
          null,
        );
      } catch (error) {
        if (!(error instanceof CalendarRangeError)) throw error;
        skippedForCalendar += 1;
      }
    }

    for (const row of await findOpenLongTermItems(db, officeId)) {
      add(
        decideCheckinRule(
          {
            state: row.state,
            isLongTerm: true,
            checkinIntervalDays: row.checkin_interval_days,
            concentratedUntil: row.concentrated_until,
            feedbackOn: row.feedback_on,
          },
          today,
          policy,
        ),
        problemSubject(row),
        problemLabel(row),
        null,
      );
    }

    for (const row of await findDocumentDueInspections(db, officeId, addDays(sinceDay, -1))) {
      const subject = {
        subjectType: 'inspection' as const,
        subjectId: row.id,
        unitId: row.unit_id,
        problemId: null,
        inspectionId: row.id,
        noticeId: null,
      };
      add(
        decideDocumentDueRule(
          'plan_due',
          { dueOn: row.plan_due_on, isSubmitted: Number(row.has_plan) === 1 },
          today,
          policy,
        ),
        subject,
        row.unit_name,
        row.plan_due_on,
      );
      add(
        decideDocumentDueRule(
          'report_due',
          { dueOn: row.report_due_on, isSubmitted: Number(row.has_report) === 1 },
          today,
          policy,
        ),
        subject,
        row.unit_name,
        row.report_due_on,
      );
    }

    for (const row of await findDueLookbacks(db, officeId, sinceDay, today)) {
      add(
        decideLookbackDueRule({ state: row.state, plannedOn: row.planned_on }, today),
        {
          subjectType: 'inspection',
          subjectId: row.inspection_id,
          unitId: row.unit_id,
          problemId: null,
          inspectionId: row.inspection_id,
          noticeId: null,
        },
        row.unit_name,
        row.planned_on,
      );
    }

    for (const row of await findUnansweredNotices(db, officeId, addDays(sinceDay, -1))) {
      add(
        decideNoticeRule({ state: row.state, replyBy: row.reply_by }, today, policy),
        {
          subjectType: 'notice',
          subjectId: row.id,
          unitId: row.unit_id,
          problemId: row.problem_id,
          inspectionId: null,
          noticeId: row.id,
        },
        row.title,
        row.reply_by,
      );
    }
    return { planned, skippedForCalendar };
  }

  return {
    /** Scans every office once for today's firings; safe to run any number of times. */
    async runOnce(): Promise<ScanSummary> {
      const today = todayOf(clock);
      const calendar = await dependencies.getCalendar();
      const offices = await db.selectFrom('offices').select('id').orderBy('id').execute();
      const policies = await findOfficePolicies(
        db,
        offices.map((office) => office.id),
      );
      const results: OfficeScanResult[] = [];
      for (const { id: officeId } of offices) {
        const { policy } = policies.get(officeId)!;
        const { planned, skippedForCalendar } = await planOffice(officeId, policy, today, calendar);
        let written = { newFirings: 0, newNotifications: 0 };
        if (planned.length > 0) {
          const recipients = await loadRecipientDirectory(db, officeId);
          // Written in chunks, each its own transaction, yielding in between: on SQLite a single
          // transaction of thousands of firings would stall every request for its duration.
          // Each firing's key is unique, so a scan cut short is simply completed by the next one.
          for (let start = 0; start < planned.length; start += RECORD_CHUNK) {
            const chunk = planned.slice(start, start + RECORD_CHUNK);
            const chunkWritten = await db.transaction().execute((transaction) =>
              recordFirings(transaction, {
                officeId,
                planned: chunk,
                recipients,
                runOn: today,
                at: nowIso(clock),
              }),
            );
            written = {
              newFirings: written.newFirings + chunkWritten.newFirings,
              newNotifications: written.newNotifications + chunkWritten.newNotifications,
            };
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
        results.push({ officeId, due: planned.length, ...written, skippedForCalendar });
      }
      return {
        today,
        offices: results,
        newFirings: results.reduce((sum, result) => sum + result.newFirings, 0),
        newNotifications: results.reduce((sum, result) => sum + result.newNotifications, 0),
      };
    },
  };
}

export type SupervisionEngine = ReturnType<typeof createSupervisionEngine>;
