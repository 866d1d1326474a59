/**
 * Small text rules the document builders share: sentence ends, measure lists (一是…；二是…),
 * name lists and the inspection's opening sentence.
 */
import { chineseDate, ordinalMarker } from './official-document-layout.ts';
import type { ReportModel } from './report-model.ts';

const TRAILING_PUNCTUATION = /[。；;，,、\s]+$/u;

/** The text without its trailing sentence punctuation. */
export function withoutEnd(text: string): string {
  return text.trim().replace(TRAILING_PUNCTUATION, '');
}

/** The text ended with one "。" (unless it already ends with a closing mark such as "”" or "）"). */
export function asSentence(text: string): string {
  const trimmed = withoutEnd(text);
  if (trimmed === '') return '';
  return /[。！？!?]$/u.test(trimmed) ? trimmed : `${trimmed}。`;
}

/** Measures as one run: "一是…；二是…。" */
export function measureList(measures: readonly string[]): string {
  if (measures.length === 0) return '';
  if (measures.length === 1) return asSentence(measures[0]!);
  return `${measures.map((measure, index) => `${ordinalMarker(index)}${withoutEnd(measure)}`).join('；')}。`;
}

/** Names joined with 、 */
export function nameList(names: readonly string[]): string {
  return names.join('、');
}

/**
 * "2020年11月1日至2021年1月31日，双牌县第四巡察组对双牌县融媒体中心党组开展了巡察。2021年3月11日，
 * 双牌县第四巡察组向双牌县融媒体中心党组反馈了巡察意见。" — only the parts that are known.
 */
export function inspectionOpening(model: ReportModel): string {
  const group = model.groupName ?? '巡察组';
  const parts: string[] = [];
  const period =
    model.periodStart && model.periodEnd
      ? `${chineseDate(model.periodStart)}至${chineseDate(model.periodEnd)}，`
      : '';
  parts.push(`${period}${group}对${model.unitName}开展了巡察。`);
  if (model.feedbackOn)
    parts.push(`${chineseDate(model.feedbackOn)}，${group}向${model.unitName}反馈了巡察意见。`);
  else parts.push(`${group}向${model.unitName}反馈了巡察意见。`);
  return parts.join('');
}
