import { describe, expect, it } from 'vitest';
import {
  findClaimsAfterClosing,
  findCompletionClaims,
  findDocumentDateConflicts,
  findTextDates,
  readDocumentDates,
  SIGNATURE_WINDOW_CHARS,
  type LedgerDays,
} from './document-dates.rules.ts';

const days = (text: string) => findTextDates(text).map((date) => date.day);

describe('findTextDates', () => {
  it.each([
    ['会议于2024年3月5日召开', ['2024-03-05']],
    ['落款：2024.3.5', ['2024-03-05']],
    ['日期 2024-03-05', ['2024-03-05']],
    ['二〇二四年三月五日', ['2024-03-05']],
    ['二〇二四年十二月三十一日', ['2024-12-31']],
    ['２０２４年３月５日（全角）', ['2024-03-05']],
    ['2024年3月5日部署，3月20日完成', ['2024-03-05', '2024-03-20']],
    ['2024/03/05', ['2024-03-05']],
  ])('%s', (text, expected) => {
    expect(days(text)).toEqual(expected);
  });

  it.each([
    ['于2024年6月30日前完成', 'a deadline (…前)'],
    ['2024年6月30日以前整改到位', 'a deadline (…以前)'],
    ['3月5日召开会议', 'no year anywhere before it'],
    ['2024年2月30日', 'a day that does not exist'],
    ['2024年13月5日', 'no 13th month'],
    ['电话 2024-0305-1234', 'not a date'],
    ['共计2024.35万元', 'an amount'],
  ])('finds nothing in %s (%s)', (text) => {
    expect(days(text)).toEqual([]);
  });

  it('keeps the text as written and its position', () => {
    const [date] = findTextDates('落款日期：二〇二四年三月五日');
    expect(date).toEqual({ day: '2024-03-05', index: 5, written: '二〇二四年三月五日' });
  });
});

describe('readDocumentDates', () => {
  it('takes the last date of the closing lines as the 落款 and the latest date mentioned', () => {
    const text =
      '根据2023年10月8日巡察反馈意见，我单位于2024年1月15日召开专题会议。\n\n某某局党组\n2024年1月20日';
    const dates = readDocumentDates(text);
    expect(dates.signedOn?.day).toBe('2024-01-20');
    expect(dates.latest?.day).toBe('2024-01-20');
  });

  it('has no 落款 when the last date is far from the end, but still the latest date', () => {
    const text = `2024年1月15日召开会议。${'会议研究部署了整改工作。'.repeat(20)}`;
    expect(text.length).toBeGreaterThan(SIGNATURE_WINDOW_CHARS);
    const dates = readDocumentDates(text);
    expect(dates.signedOn).toBeNull();
    expect(dates.latest?.day).toBe('2024-01-15');
  });

  it('has neither in a text without dates', () => {
    expect(readDocumentDates('整改工作情况说明')).toEqual({ signedOn: null, latest: null });
  });
});

describe('findDocumentDateConflicts', () => {
  const ledger: LedgerDays = { closedOn: '2024-06-30', feedbackOn: '2024-01-10', effectiveOn: '2024-03-05' };
  const kinds = (text: string, days = ledger) =>
    findDocumentDateConflicts(readDocumentDates(text), days).map((conflict) => [
      conflict.kind,
      conflict.document.day,
      conflict.ledgerDay,
    ]);

  it('finds a document made after the item was closed', () => {
    expect(kinds('整改完成情况\n某某局\n2024年7月8日', { ...ledger, effectiveOn: '2024-07-08' })).toEqual([
      ['document_after_close', '2024-07-08', '2024-06-30'],
    ]);
  });

  it('finds a document signed before the feedback', () => {
    expect(kinds('管理办法\n某某局\n2023年12月1日', { ...ledger, effectiveOn: null })).toEqual([
      ['document_before_feedback', '2023-12-01', '2024-01-10'],
    ]);
  });

  it('finds a 落款 far from the stated effective date, within tolerance not', () => {
    expect(kinds('会议纪要\n2024年4月20日')).toEqual([['document_vs_effective', '2024-04-20', '2024-03-05']]);
    expect(kinds('会议纪要\n2024年3月8日')).toEqual([]);
  });

  it('finds nothing in a document dated inside the rectification and matching its stated date', () => {
    expect(kinds('根据2023年10月8日巡察反馈意见制定。\n某某局\n2024年3月5日')).toEqual([]);
  });

  it('does not call an earlier date mentioned in the body the 落款', () => {
    // The body cites an older regulation; the document itself is dated inside the period.
    expect(kinds('依据2019年5月1日印发的规定整改。\n2024年3月5日')).toEqual([]);
  });

  it('judges nothing against days the ledger does not have', () => {
    expect(kinds('2030年1月1日', { closedOn: null, feedbackOn: null, effectiveOn: null })).toEqual([]);
  });
});

describe('completion claims in statements', () => {
  it.each([
    ['已于3月5日完成整改', '2024-03-20', ['2024-03-05']],
    ['该问题已于2024年3月5日全部完成', '2024-06-01', ['2024-03-05']],
    ['已于二〇二四年三月五日完成', '2024-06-01', ['2024-03-05']],
    ['已经于12月28日整改到位', '2025-01-05', ['2024-12-28']],
    ['已在6月1日办结', '2024-05-20', ['2024-06-01']],
  ])('%s (written %s)', (statement, writtenOn, expected) => {
    expect(findCompletionClaims(statement, writtenOn).map((claim) => claim.day)).toEqual(expected);
  });

  it.each([
    ['计划于6月30日前完成', 'a plan, not a claim'],
    ['已于3月5日召开会议', 'done something else'],
    ['3月5日完成', 'no 已于'],
    ['整改已全部完成', 'no date'],
  ])('finds no claim in %s (%s)', (statement) => {
    expect(findCompletionClaims(statement, '2024-06-01')).toEqual([]);
  });

  it('keeps only claims after the closing day', () => {
    expect(findClaimsAfterClosing('已于7月10日完成', '2024-06-20', '2024-06-30').map((c) => c.day)).toEqual([
      '2024-07-10',
    ]);
    expect(findClaimsAfterClosing('已于6月10日完成', '2024-06-20', '2024-06-30')).toEqual([]);
  });
});
