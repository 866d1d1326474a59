import { describe, expect, it } from 'vitest';
import { foldKey } from '../text/normalise-text.ts';
import { findDeclaredTotals, findInspectionDates, findInspector, findUnit } from './inspection-facts.ts';

const span = (text: string) => ({ text, key: foldKey(text) });

describe('findInspector', () => {
  it.each([
    ['根据部署,2021年1月1日至2月1日,甲县第二巡察组对乙局党组开展常规巡察。', '甲县第二巡察组'],
    ['按照县委第*巡察组《关于对某中心党组巡察情况的反馈意见》', '县委第*巡察组'],
    ['市委第三提级交叉巡视组对我单位开展了巡视', '市委第三提级交叉巡视组'],
    ['围绕巡察组反馈的问题开展整改', null],
    ['省委第一巡察組對某廳開展巡察', '省委第一巡察組'],
  ])('%s', (text, expected) => {
    expect(findInspector(span(text))).toBe(expected);
  });
});

describe('findUnit', () => {
  it.each([
    ['区委第一巡察组对区文联进行了巡察。', '区文联'],
    ['县委第四巡察组对某县档案馆党组开展常规巡察', '某县档案馆党组'],
    ['巡察组对我单位开展了巡察工作,并向某县委宣传部反馈巡察情况', '某县委宣传部'],
    ['按照《关于对县融媒体中心党组巡察情况的反馈意见》', '县融媒体中心党组'],
    ['对照问题开展整改', null],
  ])('%s', (text, expected) => {
    expect(findUnit(span(text))).toBe(expected);
  });
});

describe('findInspectionDates', () => {
  it.each([
    [
      '2021年4月26日至6月25日期间,市委第七巡察组对我单位开展了巡察工作,并于7月26日召开了巡察反馈会议。',
      { start: '2021-04-26', end: '2021-06-25', feedbackDate: '2021-07-26' },
    ],
    [
      '2020年11月1日至2021年1月31日,第四巡察组开展巡察,2021年3月11日,巡察组反馈了巡察意见。2021年2月26日召开民主生活会,围绕巡察反馈的问题',
      { start: '2020-11-01', end: '2021-01-31', feedbackDate: '2021-03-11' },
    ],
    [
      '巡察组于2022年4月15日至6月15日开展了巡察。',
      { start: '2022-04-15', end: '2022-06-15', feedbackDate: null },
    ],
    ['没有日期的文字。', { start: null, end: null, feedbackDate: null }],
  ])('%s', (text, expected) => {
    expect(findInspectionDates(foldKey(text))).toEqual(expected);
  });
});

describe('findDeclaredTotals', () => {
  it.each([
    ['对巡察反馈的三大类16个问题,主要负责同志认真履行', 3, 16],
    ['建立了3个方面12项具体问题台账', 3, 12],
    ['巡察反馈的*个方面*种问题表现', null, null],
    ['按照“一个具体问题、一个整改方案”的模式', null, null],
    ['巡察反馈的16个具体问题,均已全部整改', null, 16],
    ['先后制定完善26项制度', null, null],
    ['巡察组共反馈问题16个', null, 16],
    // The aspect count written after the problem count.
    ['巡察共发现问题9个，涉及3个方面。', 3, 9],
    // "4个方面问题" counts aspects; a later "21个问题已完成整改17个" is progress, not the total.
    ['对反馈的4个方面问题、反馈问题21个逐条认领。截至目前，21个问题已完成整改17个', 4, 21],
  ])('%s', (text, aspects, problems) => {
    expect(findDeclaredTotals(foldKey(text))).toEqual({ aspects, problems });
  });
});
