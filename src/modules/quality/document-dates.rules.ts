/**
 * Dates written in evidence documents and closing statements, and where they contradict the
 * ledger (文中日期与台账矛盾). Pure: the caller supplies the extracted text and the ledger's days.
 *
 * Dates are read as documents write them (2024年3月5日, 2024.3.5, 2024-03-05, 二〇二四年三月五日;
 * src/parse/metadata/dates.ts). A date followed by 前/以前/之前 is a deadline, not something that
 * happened, and is ignored. A date without a year takes the year of the nearest dated one before it.
 *
 * - A document mentions events up to the day it was made, so its latest date after the item's
 *   closing day means the paper was made after the item was closed.
 * - Its own date (落款, the last date in its closing lines; else its latest date) before the
 *   inspection's feedback day means it predates the rectification.
 * - Its 落款 more than `toleranceDays` from the effective date stated at upload contradicts it.
 * - A statement saying 已于X月X日完成 with X after the closing day claims work done after closing.
 */
import { findDates, withYear, type FoundDate } from '../../parse/metadata/dates.ts';
import { foldKey } from '../../parse/text/normalise-text.ts';
import { daysBetween } from '../deadlines/calendar-date.rules.ts';

export interface TextDate {
  /** YYYY-MM-DD. */
  day: string;
  /** Position in the text. */
  index: number;
  /** The date as written. */
  written: string;
}

/** How many characters at the end of a document hold its 落款 (unit name, then the date). */
export const SIGNATURE_WINDOW_CHARS = 120;

const DEADLINE_AFTER = /^\s?(?:以前|之前|前)/;

/** The dated events of a text, in order of position; deadlines and undatable days are left out. */
export function findTextDates(text: string): TextDate[] {
  const key = foldKey(text);
  const found: TextDate[] = [];
  let reference: FoundDate | null = null;
  for (const date of findDates(key)) {
    const day = withYear(date, reference);
    if (date.year !== null) reference = date;
    if (day === null || DEADLINE_AFTER.test(key.slice(date.end, date.end + 3))) continue;
    found.push({ day, index: date.index, written: text.slice(date.index, date.end) });
  }
  return found;
}

/** A day a document names, as written. */
export interface DateMention {
  day: string;
  written: string;
}

export interface DocumentDates {
  /** The 落款: the last date within the last SIGNATURE_WINDOW_CHARS characters, or null. */
  signedOn: DateMention | null;
  /** The latest day the text mentions, or null when it mentions none. */
  latest: DateMention | null;
}

export function readDocumentDates(text: string): DocumentDates {
  const trimmed = text.trimEnd();
  const dates = findTextDates(trimmed);
  const last = dates.at(-1);
  const mention = (date: TextDate): DateMention => ({ day: date.day, written: date.written });
  const signedOn = last && last.index >= trimmed.length - SIGNATURE_WINDOW_CHARS ? mention(last) : null;
  let latest: TextDate | null = null;
  for (const date of dates) if (!latest || date.day > latest.day) latest = date;
  return { signedOn, latest: latest && mention(latest) };
}

export type DocumentDateConflictKind =
  'document_after_close' | 'document_before_feedback' | 'document_vs_effective';

export interface DocumentDateConflict {
  kind: DocumentDateConflictKind;
  /** The date found in the document. */
  document: DateMention;
  /** The ledger's day it contradicts (closing day, feedback day or stated effective date). */
  ledgerDay: string;
}

export interface LedgerDays {
  /** The item's closing day, when closed. */
  closedOn: string | null;
  feedbackOn: string | null;
  /** The effective date stated when the evidence was uploaded. */
  effectiveOn: string | null;
}

/** Days a 落款 may differ from the stated effective date: filing often follows signing. */
export const DEFAULT_EFFECTIVE_TOLERANCE_DAYS = 3;

export function findDocumentDateConflicts(
  dates: DocumentDates,
  ledger: LedgerDays,
  toleranceDays: number = DEFAULT_EFFECTIVE_TOLERANCE_DAYS,
): DocumentDateConflict[] {
  const conflicts: DocumentDateConflict[] = [];
  if (ledger.closedOn && dates.latest && dates.latest.day > ledger.closedOn) {
    conflicts.push({ kind: 'document_after_close', document: dates.latest, ledgerDay: ledger.closedOn });
  }
  const own = dates.signedOn ?? dates.latest;
  if (ledger.feedbackOn && own && own.day < ledger.feedbackOn) {
    conflicts.push({ kind: 'document_before_feedback', document: own, ledgerDay: ledger.feedbackOn });
  }
  if (
    ledger.effectiveOn &&
    dates.signedOn &&
    Math.abs(daysBetween(ledger.effectiveOn, dates.signedOn.day)) > toleranceDays
  ) {
    conflicts.push({
      kind: 'document_vs_effective',
      document: dates.signedOn,
      ledgerDay: ledger.effectiveOn,
    });
  }
  return conflicts;
}

/** A claim 已于X月X日完成 in a statement, with the day it names. */
export type CompletionClaim = TextDate;

const CLAIM_BEFORE = /已(?:经)?\s?(?:于|在)\s?$/;
const CLAIM_AFTER = /^\s?(?:全部|基本|均|已)?\s?(?:完成|整改完毕|整改到位|办结)/;

/** Half a year: a month-day further than this after the writing day belongs to the year before. */
const LATEST_FORWARD_DAYS = 183;

/**
 * The days a statement claims work was completed on. A claim without a year takes the year of
 * the day the statement was written, or the year before when that would put it more than half a
 * year ahead (written in January about December).
 */
export function findCompletionClaims(statement: string, writtenOn: string): CompletionClaim[] {
  const key = foldKey(statement);
  const claims: CompletionClaim[] = [];
  for (const date of findDates(key)) {
    if (!CLAIM_BEFORE.test(key.slice(Math.max(0, date.index - 4), date.index))) continue;
    if (!CLAIM_AFTER.test(key.slice(date.end, date.end + 8))) continue;
    let day = withYear(date, null);
    if (day === null) {
      const year = Number(writtenOn.slice(0, 4));
      day = withYear(date, { year, month: 1 });
      if (day !== null && daysBetween(writtenOn, day) > LATEST_FORWARD_DAYS) {
        day = withYear(date, { year: year - 1, month: 1 });
      }
    }
    if (day === null) continue;
    claims.push({ day, index: date.index, written: statement.slice(date.index, date.end) });
  }
  return claims;
}

/** The claims naming a day after the item's closing day. */
export function findClaimsAfterClosing(
  statement: string,
  writtenOn: string,
  closedOn: string,
): CompletionClaim[] {
  return findCompletionClaims(statement, writtenOn).filter((claim) => claim.day > closedOn);
}
