import { describe, expect, it } from 'vitest';
import { foldKey } from '../text/normalise-text.ts';
import { readMarker } from './numbering.ts';

describe('readMarker', () => {
  it.each([
    ['一、组织落实情况', 'chinese', '一', 1],
    ['十二、其他', 'chinese', '十二', 12],
    ['（一）贯彻落实方面', 'chinese_paren', '一', 1],
    ['(三)履行党建主体责任', 'chinese_paren', '三', 3],
    ['问题1：服务群众方面存在短板。', 'problem', '1', 1],
    ['问题*：内控制度不规范。', 'problem', '*', null],
    ['问题二：学风不实', 'problem', '二', 2],
    ['1.关于党中央重大决策部署', 'arabic', '1', 1],
    ['12、干部', 'arabic', '12', 12],
    ['1．　落实新时代', 'arabic', '1', 1],
    ['2、3月29日党组召开会议', 'arabic', '2', 2],
    ['（1）针对问题', 'arabic_paren', '1', 1],
    ['(12)针对问题', 'arabic_paren', '12', 12],
    ['①对约谈工作重视不够', 'circled', '1', 1],
    ['⑵第二项', 'arabic_paren', '2', 2],
    ['3）第三项', 'arabic_paren', '3', 3],
  ])('%s → %s %s', (line, family, number, value) => {
    const marker = readMarker(foldKey(line));
    expect(marker).toMatchObject({ family, number, value });
  });

  it.each([
    ['一是创新学习方式'],
    ['2021年3月11日'],
    ['1.5万元资金'],
    ['问题清单'],
    ['十分重要'],
    ['(注：略)'],
    [''],
  ])('%j has no marker', (line) => {
    expect(readMarker(foldKey(line))).toBeNull();
  });
});
