import { describe, expect, it } from 'vitest';
import { foldKey } from '../text/normalise-text.ts';
import { mergeRowNumbers } from './ledger-rows.ts';

const line = (text: string) => ({ text, key: foldKey(text) });

describe('mergeRowNumbers', () => {
  it('merges 序号：N with the problem cell that follows into 问题N：', () => {
    const merged = mergeRowNumbers([
      line('序号：3'),
      line('存在问题：学习不深入'),
      line('整改措施：制定计划'),
    ]);
    expect(merged.map((entry) => entry.text)).toEqual(['问题3：学习不深入', '整改措施：制定计划']);
    expect(merged.every((entry) => entry.key.length === entry.text.length)).toBe(true);
  });

  it('leaves a row number without a problem cell, and other lines, alone', () => {
    const lines = [line('序号：3'), line('整改措施：制定计划'), line('问题：学习不深入')];
    expect(mergeRowNumbers(lines)).toEqual(lines);
  });
});
