/**
 * Labelled fields of a ledger item: 具体表现, 整改措施/整改情况/整改落实情况, 成效目标, 责任领导,
 * 责任部门/责任部室/责任单位, 责任人, 整改时限, 整改状态. Matching runs on the key (Simplified,
 * ASCII punctuation), so 責任領導： and 责任领导: are the same label.
 */

export type FieldName =
  'measures' | 'manifestations' | 'goal' | 'leaders' | 'departments' | 'person' | 'deadline' | 'status';

const LABELS: Record<FieldName, string[]> = {
  manifestations: [
    '具体表现在',
    '具体表现为',
    '具体表现',
    '主要表现在',
    '主要表现为',
    '主要表现',
    '问题表现',
    '表现形式',
    '问题描述',
    '存在问题',
  ],
  measures: [
    '整改落实情况',
    '整改进展情况',
    '整改完成情况',
    '整改推进情况',
    '整改工作情况',
    '整改情况',
    '整改进展',
    '整改措施',
    '整改举措',
    '落实情况',
    '推进情况',
    '进展情况',
    '主要措施',
    '具体措施',
    '工作措施',
    '落实措施',
    '工作举措',
    '措施',
  ],
  goal: ['整改成效目标', '成效目标', '整改目标', '预期目标', '预期成效', '目标要求', '工作目标'],
  leaders: ['责任领导', '牵头领导', '分管领导', '包抓领导', '领导责任人', '责任校领导', '责任领导人'],
  departments: [
    '责任部门',
    '责任部室',
    '责任单位',
    '责任股室',
    '责任科室',
    '责任处室',
    '牵头部门',
    '牵头单位',
    '牵头科室',
    '牵头股室',
    '承办部门',
    '责任主体',
  ],
  person: ['具体责任人', '直接责任人', '责任人员', '责任人', '经办人'],
  deadline: [
    '整改时限',
    '完成时限',
    '整改期限',
    '完成期限',
    '完成时间',
    '整改时间',
    '时限要求',
    '时间要求',
    '时限',
  ],
  status: [
    '整改状态',
    '完成状态',
    '整改进度',
    '办理状态',
    '完成情况',
    '是否完成',
    '当前状态',
    '整改结果',
    '办结情况',
  ],
};

/** Longest labels first, so 整改落实情况 wins over 落实情况. */
const LABEL_LIST: Array<{ label: string; field: FieldName }> = Object.entries(LABELS)
  .flatMap(([field, labels]) => labels.map((label) => ({ label, field: field as FieldName })))
  .sort((a, b) => b.label.length - a.label.length);

const FIRST_CHARS = new Set(LABEL_LIST.map((entry) => entry.label.charCodeAt(0)));

export interface FieldLabel {
  field: FieldName;
  /** Offset in the key where the field's content starts (after the colon and spaces). */
  contentStart: number;
  /** Whether the label was followed by a colon (a bare label line has none). */
  hasColon: boolean;
}

/** Reads a field label at `start` of a key: label, optional brackets, then a colon or the end. */
export function readFieldLabel(key: string, start = 0): FieldLabel | null {
  let index = start;
  const open = key.charCodeAt(index);
  const bracketed = open === 0x3010 /* 【 */ || open === 0x5b; /* [ */
  if (bracketed) index++;
  if (!FIRST_CHARS.has(key.charCodeAt(index))) return null;
  for (const { label, field } of LABEL_LIST) {
    if (!key.startsWith(label, index)) continue;
    let cursor = index + label.length;
    const close = key.charCodeAt(cursor);
    if (bracketed && (close === 0x3011 || close === 0x5d)) cursor++;
    while (key.charCodeAt(cursor) === 0x20) cursor++;
    if (cursor >= key.length) return { field, contentStart: cursor, hasColon: false };
    const colon = key.charCodeAt(cursor);
    if (colon === 0x3a /* : */ || (bracketed && cursor > index + label.length)) {
      cursor += colon === 0x3a ? 1 : 0;
      while (key.charCodeAt(cursor) === 0x20) cursor++;
      return { field, contentStart: cursor, hasColon: true };
    }
    return null;
  }
  return null;
}

/**
 * Finds a label inside a line ("1、标题。整改情况：已完成…", "张三，责任部门：办公室"): only after a
 * sentence end, a comma or a space, and only with a colon, so prose mentioning 整改措施 is not cut.
 */
export function findInlineLabel(key: string): { index: number; label: FieldLabel } | null {
  // Labels inside parentheses belong to a group read elsewhere ("（责任领导：张三；…）").
  let depth = 0;
  for (let index = 0; index < key.length; index++) {
    const code = key.charCodeAt(index);
    if (code === 0x28) depth++;
    else if (code === 0x29) depth = Math.max(0, depth - 1);
    if (code !== 0x3a || depth > 0) continue;
    for (let back = 2; back <= 7 && back <= index; back++) {
      const start = index - back;
      const before = start === 0 ? 0x3002 : key.charCodeAt(start - 1);
      if (before !== 0x3002 && before !== 0x3b && before !== 0x20 && before !== 0x3011 && before !== 0x2c)
        continue;
      const label = readFieldLabel(key, start);
      if (label && label.hasColon && start > 0) return { index: start, label };
    }
  }
  return null;
}
