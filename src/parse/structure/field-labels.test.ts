import { describe, expect, it } from 'vitest';
import { foldKey } from '../text/normalise-text.ts';
import { findInlineLabel, readFieldLabel } from './field-labels.ts';
import { parseDeadline, readLeadingStatus, splitNames } from './field-values.ts';

describe('readFieldLabel', () => {
  it.each([
    ['具体表现在：', 'manifestations', ''],
    ['整改措施：一是加强学习', 'measures', '一是加强学习'],
    ['整改情况:已完成。', 'measures', '已完成。'],
    ['整改落实情况：一是', 'measures', '一是'],
    ['成效目标：规范有序', 'goal', '规范有序'],
    ['责任领导：', 'leaders', ''],
    ['責任領導：張三', 'leaders', '張三'],
    ['责任部门：总编室、新媒体室', 'departments', '总编室、新媒体室'],
    ['责任部室：办公室', 'departments', '办公室'],
    ['责任单位：财务室', 'departments', '财务室'],
    ['責任部門：辦公室', 'departments', '辦公室'],
    ['责任人：李四', 'person', '李四'],
    ['整改时限：立行立改', 'deadline', '立行立改'],
    ['整改時限：3個月內', 'deadline', '3個月內'],
    ['【整改措施】加强', 'measures', '加强'],
    ['整改状态：已完成', 'status', '已完成'],
  ])('%s', (line, field, content) => {
    const key = foldKey(line);
    const label = readFieldLabel(key);
    expect(label?.field).toBe(field);
    expect(line.slice(label?.contentStart)).toBe(content);
  });

  it.each([['整改措施不到位的问题'], ['责任领导要带头'], ['具体表现为形式主义严重，']])(
    '%s is prose',
    (line) => {
      expect(readFieldLabel(foldKey(line))).toBeNull();
    },
  );

  it('finds a label inside a heading line after a sentence end', () => {
    const line = '学习不够。整改情况：已完成。';
    const found = findInlineLabel(foldKey(line));
    expect(found?.index).toBe(5);
    expect(found?.label.field).toBe('measures');
  });
});

describe('field values', () => {
  it.each([
    ['已完成。1、制定', 'completed', 4],
    ['基本完成，正在推进', 'in_progress', 5],
    ['正在整改', 'in_progress', 4],
    ['持续整改。', 'in_progress', 5],
    ['已全面整改,严格执行', null, 0],
    ['完成了制度建设', null, 0],
  ])('status of %s', (text, status, length) => {
    const found = readLeadingStatus(foldKey(text));
    expect(found?.status ?? null).toBe(status);
    if (found) expect(found.length).toBe(length);
  });

  it.each([
    ['（即知即改并长期坚持）*个月内整改到位', true, true, null],
    ['（即知即改）3个月内整改到位', true, false, 3],
    ['立行立改', true, false, null],
    ['长期坚持', false, true, null],
    ['三个月内', false, false, 3],
    ['2021年12月底前', false, false, null],
  ])('deadline %s', (text, immediate, longTerm, months) => {
    expect(parseDeadline(text, foldKey(text))).toEqual({ text, immediate, long_term: longTerm, months });
  });

  it.each([
    ['总编室、新媒体室、播发室', ['总编室', '新媒体室', '播发室']],
    ['张三同志，李四', ['张三', '李四']],
    ['', []],
    ['*', ['*']],
  ])('names %j', (text, names) => {
    expect(splitNames(text)).toEqual(names);
  });
});
