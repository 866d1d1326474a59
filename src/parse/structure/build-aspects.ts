/**
 * Reads aspects (方面) and problems (问题) out of the heading tree. Aspects are the Chinese-numbered
 * headings (一、 or （一）) that hold numbered ledger items; a Chinese-numbered heading that carries
 * labelled measures itself, beside such aspects, is an aspect with one unnumbered problem
 * (FORMAT.md rule 2). Sections that are not problems (总体要求, 组织落实情况, 下一步…) are skipped.
 */
import type { ParsedAspect, ParsedProblem } from '../parsed-document.schema.ts';
import { FAMILY_RANK } from './numbering.ts';
import type { OutlineEntry, OutlineNode } from './outline.ts';
import { readLeadingStatus } from './field-values.ts';
import { splitEnumeration, type EnumerationState } from './enumeration.ts';
import { cleanText, readProblemFields } from './problem-fields.ts';

/** Section titles that introduce context, requirements or next steps rather than problems. */
const NON_PROBLEM_SECTION =
  /总体要求|指导思想|基本原则|工作原则|工作措施|主要措施|工作安排|工作机制|组织(?:整改)?落实情况|组织领导|整改目标|工作目标|目标任务|整改要求|工作要求|保障措施|下一步|长效机制|整改意见|整改建议|意见建议|后续整改|巩固整改成果|工作步骤|方法步骤|时间安排|进度安排|主要做法|基本情况|整改成效|工作成效|阶段性成效|整改工作开展情况|总体情况/;
/** Words that mark a title as describing a shortcoming, which a non-problem section never does. */
const SHORTCOMING =
  /不[够足力严实到好高强深准细规及全]|未|差距|薄弱|欠缺|弱化|缺位|偏差|滞后|缺失|问题|方面$/;

function isChineseHeading(node: OutlineNode): boolean {
  return node.marker !== null && FAMILY_RANK[node.marker.family] <= 2;
}

function isProblemHeading(node: OutlineNode): boolean {
  return node.marker !== null && FAMILY_RANK[node.marker.family] >= 3;
}

function isNonProblemSection(node: OutlineNode): boolean {
  return NON_PROBLEM_SECTION.test(node.titleKey) && !SHORTCOMING.test(node.titleKey);
}

/**
 * A numbered heading that holds a ledger item: it has content, sub-items that do, or bare
 * sub-headings that are its list ("（1）…" followed by "①…" "②…" lines, each alone).
 */
function holdsProblem(node: OutlineNode): boolean {
  if (!isProblemHeading(node)) return false;
  if (node.entries.length > 0) return true;
  if (node.children.some(holdsProblem)) return true;
  return node.children.length >= 2 && foldListChildren(node).children.length === 0;
}

/**
 * Whether a section lists ledger items: numbered items with content, or (as feedback documents
 * write them) at least two bare numbered problem statements.
 */
function listsProblems(section: OutlineNode): boolean {
  if (section.children.some(holdsProblem)) return true;
  return section.children.filter(isProblemHeading).length >= 2;
}

function hasLabelEntries(node: OutlineNode): boolean {
  return node.entries.some((entry) => entry.type === 'label' && entry.field !== 'person');
}

/** A ledger row written out as text names its problem cell: "1.问题：…" — the cell name is not the title. */
const PROBLEM_CELL_NAME = /^(?:反馈问题|存在问题|问题描述|问题)\s?[:：]\s*/;

function titleOf(node: OutlineNode): string {
  const title = cleanText(node.title.replace(PROBLEM_CELL_NAME, ''));
  return title !== '' ? title : (node.marker?.number ?? '—');
}

/**
 * Sub-headings that are really a list under the item (问题4 followed by 1. 2. and then 整改措施：):
 * none but the last has content, and the last has labelled content only. They become list items
 * of the parent, and the last one's fields move up to the parent.
 */
function foldListChildren(node: OutlineNode): { entries: OutlineEntry[]; children: OutlineNode[] } {
  const children = node.children;
  if (children.length === 0) return { entries: node.entries, children };
  const last = children[children.length - 1]!;
  const leadingEmpty = children
    .slice(0, -1)
    .every((child) => child.entries.length === 0 && child.children.length === 0);
  const lastIsListTail =
    last.children.length === 0 && (last.entries.length === 0 || last.entries[0]?.type === 'label');
  if (!leadingEmpty || !lastIsListTail || children.length < 2) return { entries: node.entries, children };
  const items: OutlineEntry[] = children.map((child) => ({
    type: 'item',
    text: child.title,
    key: child.titleKey,
  }));
  return { entries: [...node.entries, ...items, ...last.entries], children: [] };
}

/** A status written at the end of an item's title: "…不到位的问题（已完成）". */
function statusInTitle(titleKey: string): ParsedProblem['status'] {
  const match = /[(【[]\s?([^()【】[\]]{2,8})\s?[)】\]][。;]?$/.exec(titleKey);
  return match ? (readLeadingStatus(match[1] ?? '')?.status ?? null) : null;
}

function buildProblem(
  node: OutlineNode,
  isPlan: boolean,
  number: string | null,
  title: string,
): ParsedProblem {
  const { entries, children } = foldListChildren(node);
  const fields = readProblemFields(entries, isPlan);
  const childProblems = children.some(holdsProblem)
    ? children
        .filter(isProblemHeading)
        .map((child) => buildProblem(child, isPlan, child.marker?.number ?? null, titleOf(child)))
    : [];
  return {
    number,
    title,
    manifestations: fields.manifestations,
    status: fields.status ?? statusInTitle(node.titleKey),
    measures: fields.measures,
    goal: fields.goal,
    leaders: fields.leaders,
    departments: fields.departments,
    deadline: fields.deadline,
    children: childProblems,
  };
}

function aspectFromProblems(node: OutlineNode, isPlan: boolean): ParsedAspect {
  const problems = node.children
    .filter(isProblemHeading)
    .map((child) => buildProblem(child, isPlan, child.marker?.number ?? null, titleOf(child)));
  return { number: node.marker?.number ?? null, title: titleOf(node), problems };
}

function aspectWithOwnMeasures(node: OutlineNode, isPlan: boolean): ParsedAspect {
  const title = titleOf(node);
  const problem = buildProblem({ ...node, children: [] }, isPlan, null, title);
  return { number: node.marker?.number ?? null, title, problems: [problem] };
}

/**
 * A section whose sub-sections (（一）（二）) are the ledger items themselves, each with its own
 * labelled fields, when no sub-section holds numbered items.
 */
function listsLabelledSubsections(section: OutlineNode): boolean {
  const subsections = section.children.filter(isChineseHeading);
  return (
    subsections.length > 0 &&
    !subsections.some(listsProblems) &&
    subsections.filter(hasLabelEntries).length * 2 >= subsections.length
  );
}

function aspectFromSubsections(node: OutlineNode, isPlan: boolean): ParsedAspect {
  const problems = node.children
    .filter(isChineseHeading)
    .map((child) => buildProblem(child, isPlan, child.marker?.number ?? null, titleOf(child)));
  return { number: node.marker?.number ?? null, title: titleOf(node), problems };
}

function collectAspects(parent: OutlineNode, isPlan: boolean, out: ParsedAspect[]): void {
  const sections = parent.children.filter((child) => isChineseHeading(child) && !isNonProblemSection(child));
  const holding = new Set(sections.filter(listsProblems));
  for (const section of sections) {
    if (holding.has(section)) out.push(aspectFromProblems(section, isPlan));
    else if (holding.size === 0 && listsLabelledSubsections(section))
      out.push(aspectFromSubsections(section, isPlan));
    else if (holding.size > 0 && hasLabelEntries(section)) out.push(aspectWithOwnMeasures(section, isPlan));
    else collectAspects(section, isPlan, out);
  }
}

const SHI_NUMERALS = '一二三四五六七八九十';

/**
 * Feedback (反馈意见) often lists an aspect's problems as running text, "一是……。二是……", with no
 * numbered headings: each enumerated item is then one problem. Null unless the section is only
 * prose and splits into at least two 一是/二是 items.
 */
function aspectFromEnumeratedText(node: OutlineNode): ParsedAspect | null {
  if (node.children.length > 0 || node.entries.some((entry) => entry.type !== 'text')) return null;
  const state: EnumerationState = { family: null, next: 1 };
  const items: string[] = [];
  for (const entry of node.entries) {
    const split = splitEnumeration(entry.text, entry.key, state);
    if (split.items.length === 0 && state.family !== null && items.length > 0) {
      items[items.length - 1] += split.preface; // a paragraph continuing the last item
    }
    for (const item of split.items) items.push(item);
  }
  const titles = items.map(cleanText).filter((item) => item !== '');
  if (state.family !== 'shi' || titles.length < 2) return null;
  const problems = titles.map((title, index) =>
    buildProblem(
      { marker: null, title, titleKey: title, entries: [], children: [] },
      false,
      SHI_NUMERALS[index] ?? String(index + 1),
      title,
    ),
  );
  return { number: node.marker?.number ?? null, title: titleOf(node), problems };
}

/**
 * Whether top-level numbered items ("1.…方面") group the problems rather than being problems: with
 * no Chinese headings, each has no content of its own, only sub-items that hold problems, and either
 * the items are named as aspects (…方面) or the sub-items have a level of their own below them
 * (1. / （1） / ① — three levels make the first one the aspects).
 */
function itemsAreAspects(items: OutlineNode[]): boolean {
  if (items.length < 2) return false;
  const grouping = items.every(
    (item) => item.entries.length === 0 && item.children.length > 0 && item.children.every(holdsProblem),
  );
  if (!grouping) return false;
  const namedAsAspects =
    items.filter((item) => /方面$/.test(cleanText(item.titleKey))).length * 2 >= items.length;
  const threeLevels = items.some((item) => item.children.some((child) => child.children.length > 0));
  return namedAsAspects || threeLevels;
}

/**
 * Aspects of a document from its outline; falls back to flatter shapes when there are no aspects.
 * `isFeedback` lets 一是/二是 prose in a section stand for its problems.
 */
export function buildAspects(
  root: OutlineNode,
  isPlan: boolean,
  fallbackTitle: string,
  isFeedback = false,
): ParsedAspect[] {
  const aspects: ParsedAspect[] = [];
  collectAspects(root, isPlan, aspects);
  if (aspects.length > 0) return aspects;

  // Numbered items with no aspect heading above them: one aspect holds them all, unless the items
  // themselves are the aspects.
  const looseProblems = root.children.filter(holdsProblem);
  if (itemsAreAspects(looseProblems)) return looseProblems.map((item) => aspectFromProblems(item, isPlan));
  if (looseProblems.length > 0) {
    return [{ ...aspectFromProblems(root, isPlan), number: null, title: fallbackTitle }];
  }
  // Chinese-numbered sections that each carry their own labelled measures.
  const labelled: ParsedAspect[] = [];
  const visit = (node: OutlineNode): void => {
    for (const child of node.children) {
      if (!isChineseHeading(child) || isNonProblemSection(child)) continue;
      if (hasLabelEntries(child)) labelled.push(aspectWithOwnMeasures(child, isPlan));
      else visit(child);
    }
  };
  visit(root);
  if (labelled.length > 0 || !isFeedback) return labelled;
  // Feedback whose sections state their problems as 一是/二是 prose.
  const enumerated: ParsedAspect[] = [];
  const visitProse = (node: OutlineNode): void => {
    for (const child of node.children) {
      if (!isChineseHeading(child) || isNonProblemSection(child)) continue;
      const aspect = aspectFromEnumeratedText(child);
      if (aspect) enumerated.push(aspect);
      else visitProse(child);
    }
  };
  visitProse(root);
  return enumerated;
}
