import { describe, expect, it } from 'vitest';
import { attributeNotice, isBasicallyClosed, percentText, tenThousandYuan } from './figure.rules.ts';

const done = { isDone: true, hasLongTermDeadline: false };
const open = { isDone: false, hasLongTermDeadline: false };
const openLongTerm = { isDone: false, hasLongTermDeadline: true };

describe('基本完成', () => {
  it('is a long-term item whose concentrated-period measures are all done', () => {
    expect(
      isBasicallyClosed({ state: 'in_progress', isLongTerm: true, measures: [done, openLongTerm] }),
    ).toBe(true);
    expect(isBasicallyClosed({ state: 'in_progress', isLongTerm: true, measures: [done, open] })).toBe(false);
  });

  it('is an item applied for closing with every measure done', () => {
    expect(isBasicallyClosed({ state: 'pending_review', isLongTerm: false, measures: [done, done] })).toBe(
      true,
    );
    expect(isBasicallyClosed({ state: 'pending_review', isLongTerm: false, measures: [done, open] })).toBe(
      false,
    );
  });

  it('is never a closed, draft or merely busy item, nor one with nothing done', () => {
    expect(isBasicallyClosed({ state: 'closed', isLongTerm: true, measures: [done] })).toBe(false);
    expect(isBasicallyClosed({ state: 'draft', isLongTerm: true, measures: [done] })).toBe(false);
    expect(isBasicallyClosed({ state: 'in_progress', isLongTerm: false, measures: [done] })).toBe(false);
    expect(isBasicallyClosed({ state: 'pending_review', isLongTerm: false, measures: [] })).toBe(false);
    expect(isBasicallyClosed({ state: 'in_progress', isLongTerm: true, measures: [openLongTerm] })).toBe(
      false,
    );
  });
});

describe('notice attribution', () => {
  const inspections = [
    { id: 1, feedbackOn: '2024-06-15' },
    { id: 2, feedbackOn: '2025-06-15' },
  ];
  it('keeps a notice on a problem with the problem’s inspection', () => {
    expect(attributeNotice({ problemInspectionId: 1, issuedOn: '2025-10-01' }, inspections)).toBe(1);
  });
  it('gives a notice on a unit to the latest feedback on or before its issue day, else the first', () => {
    expect(attributeNotice({ problemInspectionId: null, issuedOn: '2025-10-01' }, inspections)).toBe(2);
    expect(attributeNotice({ problemInspectionId: null, issuedOn: '2025-06-15' }, inspections)).toBe(2);
    expect(attributeNotice({ problemInspectionId: null, issuedOn: '2024-12-01' }, inspections)).toBe(1);
    expect(attributeNotice({ problemInspectionId: null, issuedOn: '2023-01-01' }, inspections)).toBe(1);
    expect(attributeNotice({ problemInspectionId: null, issuedOn: '2023-01-01' }, [])).toBeNull();
  });
});

describe('money and rates in text', () => {
  it('writes 万元 and percentages with two decimals', () => {
    expect(tenThousandYuan(665_700)).toBe('66.57');
    expect(tenThousandYuan(12_345.67)).toBe('1.23');
    expect(tenThousandYuan(0)).toBe('0.00');
    expect(percentText(688 / 697)).toBe('98.71%');
    expect(percentText(1)).toBe('100.00%');
  });
});
