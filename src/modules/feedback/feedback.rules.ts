/**
 * Public feedback as pure rules: the reference number a visitor keeps (readable, unguessable
 * enough to stand for a password to one item's status), the limits of a submission, the rate
 * limit per client address, and which triage step each status allows.
 */
import type { FeedbackStatus } from '../../storage/schema.ts';

/** Crockford's base-32 alphabet: no I, L, O, U, so a reference read aloud is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Random characters of a reference: 40 bits, about a trillion per year. */
export const REFERENCE_RANDOM_LENGTH = 8;
const REFERENCE_PATTERN = new RegExp(`^FK-\\d{4}-[${ALPHABET}]{${REFERENCE_RANDOM_LENGTH}}$`);

/** `FK-2026-7K3M9Q2X` from a year and at least 5 random bytes. */
export function formatReference(year: number, random: Uint8Array): string {
  let bits = 0n;
  for (const byte of random.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let index = 0; index < REFERENCE_RANDOM_LENGTH; index += 1) {
    code = ALPHABET[Number(bits & 31n)]! + code;
    bits >>= 5n;
  }
  return `FK-${year}-${code}`;
}

/**
 * A typed reference in its stored form: trimmed, upper case, the easily confused letters
 * (O → 0, I/L → 1) read the way Crockford's alphabet means them; null when it cannot be one.
 */
export function normaliseReference(typed: string): string | null {
  const candidate = typed
    .trim()
    .toUpperCase()
    .replace(
      /^FK-(\d{4})-(.*)$/,
      (_whole, year: string, code: string) => `FK-${year}-${code.replace(/O/g, '0').replace(/[IL]/g, '1')}`,
    );
  return REFERENCE_PATTERN.test(candidate) ? candidate : null;
}

/** What one public submission may carry. */
export const feedbackLimits = {
  contentMaxChars: 2000,
  nameMaxChars: 50,
  contactMaxChars: 100,
  attachmentMaxBytes: 5 * 1024 * 1024,
  replyMaxChars: 4000,
  noteMaxChars: 1000,
} as const;

/** Accepted submissions per client address within a window. */
export interface SubmissionRatePolicy {
  windowMs: number;
  maxPerAddress: number;
}

export const defaultSubmissionRatePolicy: SubmissionRatePolicy = {
  windowMs: 10 * 60 * 1000,
  maxPerAddress: 5,
};

/** The instant (ISO) from which submissions still count. */
export function submissionWindowStart(now: Date, policy: SubmissionRatePolicy): string {
  return new Date(now.getTime() - policy.windowMs).toISOString();
}

export function isSubmissionLimited(recent: number, policy: SubmissionRatePolicy): boolean {
  return recent >= policy.maxPerAddress;
}

export type FeedbackAction = 'assign' | 'reply' | 'publish' | 'close';

/** The status after a triage step, or null when the step is not allowed in that status. */
export function nextFeedbackStatus(
  status: FeedbackStatus,
  action: FeedbackAction,
  hasReply: boolean,
): FeedbackStatus | null {
  if (status === 'closed') return action === 'publish' && hasReply ? 'closed' : null;
  switch (action) {
    case 'assign':
      return status === 'received' ? 'assigned' : status;
    case 'reply':
      return 'replied';
    case 'publish':
      return hasReply ? status : null;
    case 'close':
      return 'closed';
  }
}

export const feedbackStatusLabels: Record<FeedbackStatus, string> = {
  received: '已收到，待办理',
  assigned: '办理中',
  replied: '已答复',
  closed: '已办结',
};
