import { describe, expect, it } from 'vitest';
import { foldKey } from '../text/normalise-text.ts';
import { splitEnumeration, type EnumerationState } from './enumeration.ts';

function split(text: string, state: EnumerationState = { family: null, next: 1 }) {
  return splitEnumeration(text, foldKey(text), state);
}

describe('splitEnumeration', () => {
  it.each([
    ['一是学习。二是整改。三是巩固。', ['学习。', '整改。', '巩固。']],
    ['1、制定制度;2、3月29日召开会议;3、落实', ['制定制度;', '3月29日召开会议;', '落实']],
    ['(1)第一项；(2)第二项', ['第一项；', '第二项']],
    ['①甲。②乙。', ['甲。', '乙。']],
    ['四是甲。五是乙。五是丙。', []],
    ['一是甲。五是乙。五是丙。', ['甲。五是乙。五是丙。']],
    ['一是甲。二是乙。二是丙。', ['甲。', '乙。', '丙。']],
    ['5月28.29日开展活动,4、积极开展', []],
    ['统一是关键，二是其次', []],
  ])('%s', (text, items) => {
    expect(split(text).items).toEqual(items);
  });

  it('keeps the text before the first marker as preface', () => {
    expect(split('采取以下措施：一是甲；二是乙').preface).toBe('采取以下措施：');
  });

  it('continues a sequence across paragraphs', () => {
    const state: EnumerationState = { family: null, next: 1 };
    expect(split('一是甲。', state).items).toEqual(['甲。']);
    expect(split('二是乙。三是丙。', state).items).toEqual(['乙。', '丙。']);
  });
});
