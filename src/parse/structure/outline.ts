/**
 * Builds the heading tree of a document from its lines: each numbered heading opens a node under
 * the nearest open heading of a shallower family; labelled fields, list items and prose become the
 * entries of the deepest open node. Numbered lines right after a list label (具体表现在：, 整改措施：)
 * are list items, not headings, unless they continue the heading sequence.
 */
import { readFieldLabel, findInlineLabel, type FieldName } from './field-labels.ts';
import { FAMILY_RANK, readMarker, type Marker } from './numbering.ts';

export interface SourceLine {
  text: string;
  key: string;
}

export type OutlineEntry =
  | { type: 'label'; field: FieldName; text: string; key: string }
  | { type: 'item'; text: string; key: string }
  | { type: 'text'; text: string; key: string };

export interface OutlineNode {
  marker: Marker | null;
  title: string;
  titleKey: string;
  entries: OutlineEntry[];
  children: OutlineNode[];
}

const LIST_FIELDS = new Set<FieldName>(['measures', 'manifestations', 'goal']);

function rankOf(node: OutlineNode): number {
  return node.marker ? FAMILY_RANK[node.marker.family] : 0;
}

interface ListContext {
  field: FieldName;
  items: number;
  lastFamily: Marker['family'] | null;
  lastValue: number | null;
}

/** Builds the outline; never throws, linear in the number of lines (stack depth is at most 7). */
export function buildOutline(lines: SourceLine[]): OutlineNode {
  const root: OutlineNode = { marker: null, title: '', titleKey: '', entries: [], children: [] };
  const stack: OutlineNode[] = [root];
  let list: ListContext | null = null;

  const top = (): OutlineNode => stack[stack.length - 1]!;

  const addLabel = (node: OutlineNode, field: FieldName, text: string, key: string): void => {
    // Several labels on one line ("责任领导：张三  责任部门：办公室") are several fields.
    for (let inline = findInlineLabel(key); inline; inline = findInlineLabel(key)) {
      node.entries.push({
        type: 'label',
        field,
        text: text.slice(0, inline.index),
        key: key.slice(0, inline.index),
      });
      field = inline.label.field;
      text = text.slice(inline.label.contentStart);
      key = key.slice(inline.label.contentStart);
    }
    node.entries.push({ type: 'label', field, text, key });
    // "整改措施：1.xxx" starts the list on the label's own line.
    const first = readMarker(key);
    list = LIST_FIELDS.has(field)
      ? { field, items: first ? 1 : 0, lastFamily: first?.family ?? null, lastValue: first?.value ?? null }
      : null;
  };

  /** The field of the label on the line after `index`, if that line is a label. */
  const nextLabelField = (index: number): FieldName | null => {
    const next = lines[index + 1];
    if (!next) return null;
    const marker = readMarker(next.key);
    return readFieldLabel(next.key, marker ? marker.length : 0)?.field ?? null;
  };

  const isListItem = (marker: Marker, index: number): boolean => {
    if (!list) return false;
    const open = stack.findLast((node) => node.marker?.family === marker.family);
    if (!open) return FAMILY_RANK[marker.family] > rankOf(top());
    if (list.items === 0) return marker.value === 1;
    if (list.lastFamily !== marker.family || list.lastValue === null || marker.value !== list.lastValue + 1)
      return false;
    // The number also continues the headings (item 2 after heading 1): it is the next heading
    // when the next line repeats a field this item already has ("整改情况：" again).
    const openValue = open.marker?.value ?? null;
    if (openValue === null || marker.value !== openValue + 1) return true;
    const field = nextLabelField(index);
    return field === null || !top().entries.some((entry) => entry.type === 'label' && entry.field === field);
  };

  for (let index = 0; index < lines.length; index++) {
    const { text, key } = lines[index]!;
    const marker = readMarker(key);
    const restStart = marker ? marker.length : 0;
    const label = readFieldLabel(key, restStart);
    const labelIsHeading =
      label && marker && FAMILY_RANK[marker.family] <= 2 && label.contentStart >= key.length;
    if (label && !labelIsHeading) {
      addLabel(top(), label.field, text.slice(label.contentStart), key.slice(label.contentStart));
      continue;
    }
    if (!marker) {
      top().entries.push({ type: 'text', text, key });
      continue;
    }
    if (isListItem(marker, index) && list) {
      const context: ListContext = list;
      context.items++;
      context.lastFamily = marker.family;
      context.lastValue = marker.value;
      top().entries.push({ type: 'item', text: text.slice(restStart), key: key.slice(restStart) });
      continue;
    }
    list = null;
    const existing = stack.findLastIndex((node) => node.marker?.family === marker.family);
    if (existing > 0) stack.length = existing;
    else while (stack.length > 1 && rankOf(top()) > FAMILY_RANK[marker.family]) stack.pop();
    let title = text.slice(restStart);
    let titleKey = key.slice(restStart);
    const inline = findInlineLabel(titleKey);
    const node: OutlineNode = { marker, title, titleKey, entries: [], children: [] };
    if (inline) {
      title = title.slice(0, inline.index);
      titleKey = titleKey.slice(0, inline.index);
      node.title = title;
      node.titleKey = titleKey;
      const start = inline.label.contentStart;
      addLabel(node, inline.label.field, text.slice(restStart + start), key.slice(restStart + start));
    }
    top().children.push(node);
    stack.push(node);
  }
  return root;
}
