import { describe, expect, it } from 'vitest';
import { foldKey } from '../text/normalise-text.ts';
import { findEmails, readContact } from './contacts.ts';
import { isChromeLine, isContactLine } from './page-chrome.ts';

const lines = (...texts: string[]) => texts.map((text) => ({ text, key: foldKey(text) }));

describe('readContact', () => {
  it('reads a one-line contact block', () => {
    const contact = readContact(lines('欢迎监督。联系电话:(0746)7726211;电子邮箱:spzw7726211@163.com。'));
    expect(contact).toEqual({
      phones: ['(0746)7726211'],
      emails: ['spzw7726211@163.com'],
      address: null,
      postcode: null,
    });
  });

  it('reads labelled lines with address and postcode', () => {
    const contact = readContact(
      lines(
        '联系电话：0932-5552740',
        '电子邮箱：abc@163.com',
        '邮政信箱：某县文化街102号613室',
        '邮 编：743300',
      ),
    );
    expect(contact).toEqual({
      phones: ['0932-5552740'],
      emails: ['abc@163.com'],
      address: '某县文化街102号613室',
      postcode: '743300',
    });
  });

  it('reads full-width parentheses and mobile numbers as written', () => {
    const contact = readContact(lines('举报电话：（0746）1234567、13812345678'));
    expect(contact.phones).toEqual(['（0746）1234567', '13812345678']);
  });

  it('reads local numbers and the 12345 hotline', () => {
    expect(readContact(lines('联系电话：7726211，监督电话12345，邮箱123456789@qq.com')).phones).toEqual([
      '7726211',
      '12345',
    ]);
  });

  it('finds e-mails in linear time on long lines', () => {
    const long = 'a'.repeat(200_000) + '@' + 'b'.repeat(200_000);
    const started = performance.now();
    expect(findEmails(long, long)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('page furniture', () => {
  it.each([
    ['来源:昭阳信息网 更新时间:2023-12-15 10:58 作者:佚名'],
    ['索引号：11431123/2021-00123'],
    ['发布机构：县委办'],
    ['浏览量：1024'],
    ['【打印】【关闭】'],
    ['本文链接:https://example.cn/a.html'],
    ['版权所有：某县人民政府'],
  ])('%s is chrome', (line) => {
    expect(isChromeLine(foldKey(line))).toBe(true);
  });

  it.each([['来源于群众的意见'], ['一、组织落实情况'], ['作者认为']])('%s is text', (line) => {
    expect(isChromeLine(foldKey(line))).toBe(false);
  });

  it.each([['联系电话：0932-5552740'], ['邮 编：743300'], ['欢迎广大干部群众对巡察整改落实情况进行监督。']])(
    '%s is contact',
    (line) => {
      expect(isContactLine(foldKey(line))).toBe(true);
    },
  );
});
