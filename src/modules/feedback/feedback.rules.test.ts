import { describe, expect, it } from 'vitest';
import {
  formatReference,
  isSubmissionLimited,
  nextFeedbackStatus,
  normaliseReference,
  submissionWindowStart,
  defaultSubmissionRatePolicy,
} from './feedback.rules.ts';

describe('feedback references', () => {
  it('formats 40 random bits as eight Crockford characters after the year', () => {
    expect(formatReference(2026, new Uint8Array([0, 0, 0, 0, 0]))).toBe('FK-2026-00000000');
    expect(formatReference(2026, new Uint8Array([255, 255, 255, 255, 255]))).toBe('FK-2026-ZZZZZZZZ');
    expect(formatReference(2026, new Uint8Array([0, 0, 0, 0, 33]))).toBe('FK-2026-00000011');
  });

  it('normalises what a visitor types, and refuses what cannot be a reference', () => {
    expect(normaliseReference(' fk-2026-7k3m9q2x ')).toBe('FK-2026-7K3M9Q2X');
    expect(normaliseReference('FK-2026-O0IL0000')).toBe('FK-2026-00110000');
    expect(normaliseReference('FK-2026-7K3M9Q2')).toBeNull();
    expect(normaliseReference('FK-2026-7K3M9Q2U')).toBeNull();
    expect(normaliseReference("FK-2026-' or 1=1")).toBeNull();
    expect(normaliseReference('')).toBeNull();
  });
});

describe('submission rate limit', () => {
  it('limits from the fifth accepted submission in ten minutes', () => {
    expect(isSubmissionLimited(4, defaultSubmissionRatePolicy)).toBe(false);
    expect(isSubmissionLimited(5, defaultSubmissionRatePolicy)).toBe(true);
    expect(submissionWindowStart(new Date('2026-11-20T02:10:00.000Z'), defaultSubmissionRatePolicy)).toBe(
      '2026-11-20T02:00:00.000Z',
    );
  });
});

describe('triage steps', () => {
  it('moves received → assigned → replied → closed', () => {
    expect(nextFeedbackStatus('received', 'assign', false)).toBe('assigned');
    expect(nextFeedbackStatus('assigned', 'assign', false)).toBe('assigned');
    expect(nextFeedbackStatus('replied', 'assign', true)).toBe('replied');
    expect(nextFeedbackStatus('assigned', 'reply', false)).toBe('replied');
    expect(nextFeedbackStatus('received', 'reply', false)).toBe('replied');
    expect(nextFeedbackStatus('replied', 'close', true)).toBe('closed');
    expect(nextFeedbackStatus('received', 'close', false)).toBe('closed');
  });

  it('publishes only a reply that exists, and changes nothing once closed but the publication', () => {
    expect(nextFeedbackStatus('assigned', 'publish', false)).toBeNull();
    expect(nextFeedbackStatus('replied', 'publish', true)).toBe('replied');
    expect(nextFeedbackStatus('closed', 'publish', true)).toBe('closed');
    expect(nextFeedbackStatus('closed', 'reply', true)).toBeNull();
    expect(nextFeedbackStatus('closed', 'assign', true)).toBeNull();
    expect(nextFeedbackStatus('closed', 'close', true)).toBeNull();
  });
});
