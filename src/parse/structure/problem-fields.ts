/**
 * Turns the entries of one outline node into the fields of a ledger item: measures split on their
 * enumerations, manifestations, goal, leaders, departments, deadline and status.
 */
import type { ParsedDeadline, ParsedProblem } from '../parsed-document.schema.ts';
import { splitEnumeration, type EnumerationState } from './enumeration.ts';
import { findInlineLabel, readFieldLabel, type FieldName } from './field-labels.ts';
import { foldKey } from '../text/normalise-text.ts';
import { parseDeadline, readLeadingStatus, splitNames } from './field-values.ts';
import type { OutlineEntry } from './outline.ts';

/** Text as written, minus surrounding spaces and one trailing 。；; (FORMAT.md rule 5). */
export function cleanText(text: string): string {
  const trimmed = text.trim();
  return trimmed.replace(/[。；;]$/, '').trim();
}

interface Paragraph {
  text: string;
  key: string;
  /** A list item already cut out by its own line marker. */
  isItem: boolean;
}

export interface ProblemFields {
  manifestations: string[];
  status: ParsedProblem['status'];
  measures: string[];
  goal: string | null;
  leaders: string[];
  departments: string[];
  deadline: ParsedDeadline | null;
  /** Whether any labelled field was present (the node is a ledger item by its labels). */
  hasLabels: boolean;
}

/** Splits paragraphs into items on their enumerations; unmarked paragraphs continue the last item. */
export function splitItems(paragraphs: Paragraph[]): string[] {
  const items: string[] = [];
  const state: EnumerationState = { family: null, next: 1 };
  for (const paragraph of paragraphs) {
    if (paragraph.isItem) {
      items.push(paragraph.text);
      continue;
    }
    const split = splitEnumeration(paragraph.text, paragraph.key, state);
    const preface = split.preface.trim();
    if (preface !== '') {
      const introducesList = /[:：]$/.test(preface) && split.items.length > 0;
      if (!introducesList) {
        if (state.family !== null && items.length > 0 && split.items.length === 0) {
          items[items.length - 1] += preface;
        } else {
          items.push(preface);
        }
      }
    }
    for (const item of split.items) items.push(item);
  }
  return items.map(cleanText).filter((item) => item !== '');
}

/** Reads the fields of a node from its entries; `isPlan` routes unlabelled prose to manifestations. */
export function readProblemFields(entries: OutlineEntry[], isPlan: boolean): ProblemFields {
  const buckets = new Map<FieldName | 'plain', Paragraph[]>();
  let current: FieldName | 'plain' = 'plain';
  let status: ParsedProblem['status'] = null;
  let firstMeasure = true;
  const add = (field: FieldName | 'plain', paragraph: Paragraph): void => {
    const list = buckets.get(field);
    if (list) list.push(paragraph);
    else buckets.set(field, [paragraph]);
  };
  for (const entry of entries) {
    if (entry.type === 'label') {
      current = entry.field;
      let { text, key } = entry;
      if (entry.field === 'status' || (entry.field === 'measures' && firstMeasure)) {
        const leading = readLeadingStatus(key);
        if (leading) {
          status ??= leading.status;
          text = text.slice(leading.length);
          key = key.slice(leading.length);
        }
      }
      if (entry.field === 'measures') firstMeasure = false;
      if (entry.field === 'status') {
        // Whatever follows the status word is an account of the work done.
        if (text.trim() !== '') add('measures', { text, key, isItem: false });
        if (!buckets.has('measures')) buckets.set('measures', []);
        continue;
      }
      if (!buckets.has(entry.field)) buckets.set(entry.field, []);
      if (text.trim() !== '') add(entry.field, { text, key, isItem: false });
      continue;
    }
    const target: FieldName | 'plain' = current === 'status' ? 'measures' : current;
    add(target, { text: entry.text, key: entry.key, isItem: entry.type === 'item' });
  }

  const hasLabels = [...buckets.keys()].some((field) => field !== 'plain' && field !== 'person');
  const plain = buckets.get('plain') ?? [];
  const measuresParagraphs = buckets.get('measures');
  let measures: string[];
  let manifestations = splitItems(buckets.get('manifestations') ?? []);
  if (measuresParagraphs !== undefined) {
    measures = splitItems(measuresParagraphs);
    if (isPlan && manifestations.length === 0) manifestations = splitItems(plain);
  } else if (isPlan && (buckets.has('goal') || buckets.has('deadline') || buckets.has('leaders'))) {
    measures = [];
    if (manifestations.length === 0) manifestations = splitItems(plain);
  } else {
    measures = splitItems(plain);
  }

  const joined = (field: FieldName): { text: string; key: string } | null => {
    const paragraphs = buckets.get(field);
    if (!paragraphs) return null;
    return { text: paragraphs.map((p) => p.text).join(''), key: paragraphs.map((p) => p.key).join('') };
  };
  // "1.加强学习。（责任领导：张三；责任单位：办公室；完成时限：立行立改）" carries fields per measure.
  const inlineFields = new Map<FieldName, string[]>();
  measures = measures.map((measure) => {
    const group = readParenthesisedFields(measure);
    if (!group) return measure;
    for (const [field, value] of group.fields) {
      const list = inlineFields.get(field);
      if (list) list.push(value);
      else inlineFields.set(field, [value]);
    }
    return group.rest;
  });

  const goal = joined('goal');
  const leaders = joined('leaders');
  const departments = joined('departments');
  const deadline = joined('deadline');
  const deadlineText = deadline ? cleanText(deadline.text) : '';
  const unique = (names: string[]): string[] => [...new Set(names)];
  const inlineNames = (field: FieldName): string[] => (inlineFields.get(field) ?? []).flatMap(splitNames);
  const inlineDeadline = inlineFields.get('deadline')?.[0];
  return {
    manifestations,
    status,
    measures,
    goal: goal && cleanText(goal.text) !== '' ? cleanText(goal.text) : null,
    leaders: unique([...(leaders ? splitNames(leaders.text) : []), ...inlineNames('leaders')]),
    departments: unique([
      ...(departments ? splitNames(departments.text) : []),
      ...inlineNames('departments'),
    ]),
    deadline:
      deadline && deadlineText !== ''
        ? parseDeadline(deadlineText, deadline.key)
        : inlineDeadline
          ? parseDeadline(inlineDeadline, foldKey(inlineDeadline))
          : null,
    hasLabels,
  };
}

/** Field groups in parentheses at the end of a measure, and the measure without them. */
function readParenthesisedFields(
  measure: string,
): { rest: string; fields: Array<[FieldName, string]> } | null {
  const key = foldKey(measure);
  if (!key.endsWith(')') || key.length > 2000) return null;
  const open = key.lastIndexOf('(');
  if (open === -1) return null;
  const inner = key.slice(open + 1, -1);
  const innerText = measure.slice(open + 1, -1);
  let label = readFieldLabel(inner);
  if (!label || !label.hasColon) return null;
  const fields: Array<[FieldName, string]> = [];
  let text = innerText.slice(label.contentStart);
  let rest = inner.slice(label.contentStart);
  for (let next = findInlineLabel(rest); next; next = findInlineLabel(rest)) {
    fields.push([label.field, cleanValue(text.slice(0, next.index))]);
    label = next.label;
    text = text.slice(next.label.contentStart);
    rest = rest.slice(next.label.contentStart);
  }
  fields.push([label.field, cleanValue(text)]);
  return { rest: cleanText(measure.slice(0, open)), fields };
}

function cleanValue(value: string): string {
  return value.replace(/[;；,，、\s]+$/, '').trim();
}
