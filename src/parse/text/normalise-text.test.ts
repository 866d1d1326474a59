import { describe, expect, it } from 'vitest';
import { parseChineseNumeral, parseChineseYear } from './chinese-numerals.ts';
import { foldKey, mapRadicals, normaliseText } from './normalise-text.ts';

describe('normaliseText', () => {
  it.each([
    ['\ufeff一、标题\r\n内容\r\n', '一、标题\n内容'],
    ['  \u3000第一行  \n\n\n第二行\t', '第一行\n第二行'],
    ['零\u200b宽\u00ad字符', '零宽字符'],
    ['旧\r换行\u2028分隔', '旧\n换行\n分隔'],
  ])('cleans %j', (raw, expected) => {
    expect(normaliseText(raw)).toBe(expected);
  });
});

describe('mapRadicals', () => {
  it.each([
    ['\u2f00是', '一是'], // Kangxi ⼀
    ['人\u2ea0群众', '人民群众'], // Supplement ⺠
    ['\u2ed3期坚持', '长期坚持'], // ⻓
    ['\u2ec5面', '见面'], // ⻅
    ['\u2ed4户', '门户'], // ⻔
    ['\u2f2f作', '工作'], // Kangxi ⼯
    ['普通文字', '普通文字'],
  ])('maps %j', (text, expected) => {
    expect(mapRadicals(text)).toBe(expected);
  });
});

describe('foldKey', () => {
  it.each([
    ['（一）整改措施：', '(一)整改措施:'],
    ['責任領導：張三', '责任领导:张三'],
    ['整改時限', '整改时限'],
    ['１．\u3000落实', '1. 落实'],
  ])('folds %j', (text, expected) => {
    expect(foldKey(text)).toBe(expected);
    expect(foldKey(text)).toHaveLength(text.length);
  });
});

describe('Chinese numerals', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十三', 23],
    ['一百零五', 105],
    ['16', 16],
    ['两', 2],
    ['甲', null],
  ])('%s is %s', (text, value) => {
    expect(parseChineseNumeral(text)).toBe(value);
  });

  it.each([
    ['二〇二一', 2021],
    ['二零二三', 2023],
    ['2022', 2022],
    ['二〇二', null],
  ])('year %s is %s', (text, value) => {
    expect(parseChineseYear(text)).toBe(value);
  });
});
