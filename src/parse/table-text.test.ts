import { describe, expect, it } from 'vitest';
import { tableToLines } from './table-text.ts';

describe('tableToLines', () => {
  it('turns a ledger table into numbered items with labelled fields', () => {
    const lines = tableToLines([
      ['序号', '问题类别', '存在问题', '整改措施', '责任领导', '责任单位', '完成时限'],
      ['1', '党的建设', '学习不深入', '1.制定计划\n2.开展研讨', '张三', '办公室', '立行立改'],
      ['2', '', '制度执行不严', '完善制度', '李四', '财务室', '3个月内'],
      ['', '', '', '开展自查', '', '', ''],
      ['3', '作风建设', '（3）接待不规范', '严格审批', '', '办公室', '长期坚持'],
    ]);
    expect(lines).toEqual([
      '（一）党的建设',
      '1、学习不深入',
      '整改措施：1.制定计划',
      '2.开展研讨',
      '责任领导：张三',
      '责任部门：办公室',
      '整改时限：立行立改',
      '2、制度执行不严',
      '整改措施：完善制度',
      '责任领导：李四',
      '责任部门：财务室',
      '整改时限：3个月内',
      '整改措施：开展自查',
      '（二）作风建设',
      '（3）接待不规范',
      '整改措施：严格审批',
      '责任部门：办公室',
      '整改时限：长期坚持',
    ]);
  });

  it('reads other tables row by row', () => {
    expect(
      tableToLines([['索引号：', '123', '发布机构：', '县委办'], ['很长的正文段落'.repeat(10)]]),
    ).toEqual(['索引号：  123  发布机构：  县委办', '很长的正文段落'.repeat(10)]);
  });

  it('does not take a layout table holding an article for a ledger', () => {
    const article = '一、存在问题\n1.学习不够。\n整改措施：加强学习。';
    expect(tableToLines([['导航', article]])).toEqual([
      '导航',
      '一、存在问题',
      '1.学习不够。',
      '整改措施：加强学习。',
    ]);
  });
});
