// The ledger page's model: the tree (aspect → problem → child → measure) built from one page of
// rows, the focusable rows for keyboard navigation, and the choices kept in localStorage.
import type { LedgerRow } from '../../api/types.ts';

export interface LedgerMeasure {
  id: number;
  text: string;
  isDone: boolean;
  doneOn: string | null;
}

/** A ledger row as GET /api/ledger?includeMeasures=true returns it. */
export interface LedgerRowWithMeasures extends LedgerRow {
  measures?: LedgerMeasure[];
}

export interface LedgerPageWithMeasures {
  items: LedgerRowWithMeasures[];
  total: number;
  page: number;
  pageSize: number;
}

export type LedgerNode =
  | {
      kind: 'aspect';
      key: string;
      title: string;
      unitName: string;
      problemCount: number;
      children: LedgerNode[];
    }
  | { kind: 'problem'; key: string; row: LedgerRowWithMeasures; children?: LedgerNode[] }
  | { kind: 'measure'; key: string; measure: LedgerMeasure; position: number; problem: LedgerRow };

export const problemKey = (id: number) => `p-${id}`;

/**
 * Groups one page of rows into the tree. Rows arrive in document order (or another sort); a
 * child whose parent is not on the page hangs directly under its aspect, so nothing is lost.
 */
export function buildLedgerTree(rows: readonly LedgerRowWithMeasures[]): LedgerNode[] {
  const aspects = new Map<string, Extract<LedgerNode, { kind: 'aspect' }>>();
  const problems = new Map<number, Extract<LedgerNode, { kind: 'problem' }>>();
  const roots: LedgerNode[] = [];
  for (const row of rows) {
    const node: Extract<LedgerNode, { kind: 'problem' }> = { kind: 'problem', key: problemKey(row.id), row };
    const measures = (row.measures ?? []).map((measure, index): LedgerNode => ({
      kind: 'measure',
      key: `m-${measure.id}`,
      measure,
      position: index + 1,
      problem: row,
    }));
    if (measures.length > 0) node.children = measures;
    problems.set(row.id, node);
    const parent = row.parentId == null ? undefined : problems.get(row.parentId);
    if (parent) {
      // Child problems come before the parent's measures.
      const children = parent.children ?? [];
      const firstMeasure = children.findIndex((child) => child.kind === 'measure');
      children.splice(firstMeasure < 0 ? children.length : firstMeasure, 0, node);
      parent.children = children;
      continue;
    }
    const aspectKey = `a-${row.inspectionId}-${row.aspectId}`;
    let aspect = aspects.get(aspectKey);
    if (!aspect) {
      aspect = {
        kind: 'aspect',
        key: aspectKey,
        title: row.aspectTitle,
        unitName: row.unitName,
        problemCount: 0,
        children: [],
      };
      aspects.set(aspectKey, aspect);
      roots.push(aspect);
    }
    aspect.children.push(node);
  }
  for (const aspect of aspects.values()) aspect.problemCount = countProblems(aspect.children);
  return roots;
}

function countProblems(nodes: readonly LedgerNode[]): number {
  let count = 0;
  for (const node of nodes) {
    if (node.kind !== 'problem') continue;
    count += 1 + countProblems(node.children ?? []);
  }
  return count;
}

/** Keys of every aspect, and of every problem with child problems: the tree as first shown. */
export function defaultExpandedKeys(tree: readonly LedgerNode[]): string[] {
  const keys: string[] = [];
  const walk = (nodes: readonly LedgerNode[]) => {
    for (const node of nodes) {
      if (node.kind === 'aspect') {
        keys.push(node.key);
        walk(node.children);
      } else if (node.kind === 'problem' && node.children?.some((child) => child.kind === 'problem')) {
        keys.push(node.key);
        walk(node.children);
      }
    }
  };
  walk(tree);
  return keys;
}

/** Every expandable key: aspects and problems with children. */
export function allExpandableKeys(tree: readonly LedgerNode[]): string[] {
  const keys: string[] = [];
  const walk = (nodes: readonly LedgerNode[]) => {
    for (const node of nodes) {
      if (node.kind === 'measure' || !node.children?.length) continue;
      keys.push(node.key);
      walk(node.children);
    }
  };
  walk(tree);
  return keys;
}

/** The problem rows the user can see (parents expanded), top to bottom: ↑/↓ move among these. */
export function visibleProblemRows(tree: readonly LedgerNode[], expanded: ReadonlySet<string>): LedgerRow[] {
  const rows: LedgerRow[] = [];
  const walk = (nodes: readonly LedgerNode[]) => {
    for (const node of nodes) {
      if (node.kind === 'problem') rows.push(node.row);
      if (node.kind !== 'measure' && node.children && expanded.has(node.key)) walk(node.children);
    }
  };
  walk(tree);
  return rows;
}

// ---- choices kept in this browser ----

export type LedgerColumnKey = 'leaders' | 'departments' | 'people' | 'deadline' | 'state' | 'evidence';

export const optionalColumns: Array<{ key: LedgerColumnKey; label: string }> = [
  { key: 'leaders', label: '责任领导' },
  { key: 'departments', label: '责任部门' },
  { key: 'people', label: '责任人' },
  { key: 'deadline', label: '整改时限' },
  { key: 'state', label: '状态' },
  { key: 'evidence', label: '佐证' },
];

const columnsStorageKey = 'rectify.ledger.hiddenColumns';
const viewsStorageKey = 'rectify.ledger.views';

function readJson<T>(key: string, fallback: T): T {
  try {
    const text = window.localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

function writeJson(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // A full or disabled storage only loses the preference.
  }
}

export function readHiddenColumns(): LedgerColumnKey[] {
  const keys = readJson<unknown>(columnsStorageKey, []);
  const known = new Set(optionalColumns.map((column) => column.key));
  return Array.isArray(keys) ? keys.filter((key): key is LedgerColumnKey => known.has(key)) : [];
}

export function writeHiddenColumns(keys: readonly LedgerColumnKey[]): void {
  writeJson(columnsStorageKey, keys);
}

/** A saved view: a name for the ledger's URL filters (without the page number). */
export interface SavedView {
  name: string;
  query: string;
}

export function readSavedViews(): SavedView[] {
  const views = readJson<unknown>(viewsStorageKey, []);
  return Array.isArray(views)
    ? views.filter(
        (view): view is SavedView =>
          typeof view === 'object' &&
          view !== null &&
          typeof (view as SavedView).name === 'string' &&
          typeof (view as SavedView).query === 'string',
      )
    : [];
}

export function writeSavedViews(views: readonly SavedView[]): void {
  writeJson(viewsStorageKey, views);
}

/** The URL filters a view keeps: everything but the page number. */
export function viewQuery(params: URLSearchParams): string {
  const copy = new URLSearchParams(params);
  copy.delete('page');
  copy.sort();
  return copy.toString();
}

export const filterLabels: Record<string, string> = {
  q: '搜索',
  state: '状态',
  overdue: '逾期',
  longTerm: '长期坚持',
  returned: '被退回',
  unitId: '单位',
  inspectionId: '巡察',
  aspectId: '方面',
  departmentId: '责任部门',
  leaderId: '责任领导',
  personId: '责任人',
  dueFrom: '时限起',
  dueTo: '时限止',
  sort: '排序',
  pageSize: '每页',
};
