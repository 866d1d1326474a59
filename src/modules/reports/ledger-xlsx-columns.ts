/**
 * The ledger spreadsheet's columns as units keep them, the header names recognised on import
 * (in any column order), the state words, and the formula-injection escape.
 */
import type { LedgerState } from '../../storage/schema.ts';

export type LedgerColumn =
  | 'number'
  | 'aspect'
  | 'title'
  | 'manifestations'
  | 'measures'
  | 'leaders'
  | 'departments'
  | 'people'
  | 'deadline'
  | 'state'
  | 'evidence'
  | 'notes';

/** The exported columns in order, with their headers and widths (characters). */
export const LEDGER_COLUMNS: ReadonlyArray<{ key: LedgerColumn; header: string; width: number }> = [
  { key: 'number', header: '序号', width: 8 },
  { key: 'aspect', header: '问题类别', width: 22 },
  { key: 'title', header: '问题', width: 36 },
  { key: 'manifestations', header: '具体表现', width: 40 },
  { key: 'measures', header: '整改措施', width: 50 },
  { key: 'leaders', header: '责任领导', width: 12 },
  { key: 'departments', header: '责任部门', width: 16 },
  { key: 'people', header: '责任人', width: 12 },
  { key: 'deadline', header: '整改时限', width: 16 },
  { key: 'state', header: '完成情况', width: 12 },
  { key: 'evidence', header: '佐证材料', width: 30 },
  { key: 'notes', header: '备注', width: 16 },
];

/** Header names recognised on import, exact names first; the first match wins. */
export const HEADER_ALIASES: ReadonlyArray<[LedgerColumn, readonly string[]]> = [
  ['number', ['序号', '编号', '问题序号', '问题编号']],
  ['aspect', ['问题类别', '类别', '方面', '问题方面', '大类', '问题类型']],
  ['manifestations', ['具体表现', '表现', '问题表现']],
  ['measures', ['整改措施', '措施', '整改举措']],
  ['leaders', ['责任领导', '牵头领导', '分管领导', '责任校领导']],
  ['departments', ['责任部门', '责任部室', '责任单位', '牵头部门', '牵头单位']],
  ['people', ['责任人', '具体责任人', '经办人']],
  ['deadline', ['整改时限', '完成时限', '时限', '整改期限']],
  ['state', ['完成情况', '整改状态', '状态', '整改进展', '进展情况', '是否完成']],
  ['evidence', ['佐证材料', '佐证', '证明材料']],
  ['notes', ['备注', '说明']],
  ['title', ['问题', '具体问题', '问题描述', '存在问题', '反馈问题', '问题清单', '问题名称']],
];

export const STATE_WORDS: Record<LedgerState, string> = {
  draft: '未启动',
  in_progress: '整改中',
  pending_review: '待审核',
  closed: '已销号',
};

/** State words accepted on import (those exported plus common ones). */
export const STATE_ALIASES: ReadonlyArray<[RegExp, LedgerState]> = [
  [/^(已销号|已完成|完成|已整改|已办结)$/, 'closed'],
  [/^(待审核|申请销号|待销号|待审核销号)$/, 'pending_review'],
  [/^(整改中|正在整改|推进中|未完成|持续整改|部分完成)$/, 'in_progress'],
  [/^(未启动|未开始|草稿)$/, 'draft'],
];

const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes text a spreadsheet would read as a formula with an apostrophe. */
export function escapeCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes escapeCell. */
export function unescapeCell(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** In 备注: the deadline as worded, when 整改时限 holds its date. */
export const DEADLINE_TEXT_NOTE = '时限原文：';
