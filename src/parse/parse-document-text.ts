/**
 * The structural parse of a decoded document: text in, FORMAT.md JSON out. Pure and total: any
 * string gives a valid ParsedDocument (an internal failure degrades to an empty parse with a
 * warning), in time linear in the input.
 */
import { readContact } from './metadata/contacts.ts';
import {
  detectKindFromText,
  findPublishedDate,
  findSignature,
  findTitle,
  isDateOnlyLine,
  type DocumentKind,
} from './metadata/document-facts.ts';
import {
  findDeclaredTotals,
  findInspectionDates,
  findInspector,
  findUnit,
  type TextSpan,
} from './metadata/inspection-facts.ts';
import { findDates, toIsoDate } from './metadata/dates.ts';
import { isChromeLine, isContactLine } from './metadata/page-chrome.ts';
import type { ParsedAspect, ParsedDocument, ParsedProblem } from './parsed-document.schema.ts';
import { buildAspects } from './structure/build-aspects.ts';
import { mergeRowNumbers } from './structure/ledger-rows.ts';
import { buildOutline, type SourceLine } from './structure/outline.ts';
import { toSourceLines } from './text/line-joining.ts';
import { normaliseLines } from './text/normalise-text.ts';

/** How much of the opening text (characters) is read for the inspection facts. */
const OPENING_LENGTH = 6000;
/** How much of the text (characters) is searched for declared totals. */
const DECLARED_SEARCH_LENGTH = 30000;
/** Title of the single aspect that holds numbered problems when the text has no aspect headings. */
const DEFAULT_ASPECT_TITLE = '巡察反馈问题';

/** An empty parse: what any input degrades to. */
export function emptyDocument(): ParsedDocument {
  return {
    kind: 'other',
    title: null,
    unit: null,
    inspection: { inspector: null, start: null, end: null, feedback_date: null },
    issued_date: null,
    declared: { aspects: null, problems: null },
    contact: { phones: [], emails: [], address: null, postcode: null },
    aspects: [],
  };
}

function joinSpan(lines: SourceLine[], limit: number): TextSpan {
  const texts: string[] = [];
  const keys: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length >= limit) break;
    const take = Math.min(line.text.length, limit - length);
    texts.push(line.text.slice(0, take));
    keys.push(line.key.slice(0, take));
    length += take + 1;
  }
  return { text: texts.join('\n'), key: keys.join('\n') };
}

function countLeaves(problems: ParsedProblem[]): number {
  let count = 0;
  for (const problem of problems) count += problem.children.length > 0 ? countLeaves(problem.children) : 1;
  return count;
}

function kindFromStructure(aspects: ParsedAspect[]): DocumentKind {
  const problems = aspects.flatMap((aspect) => aspect.problems);
  if (problems.length === 0) return 'other';
  const planLike = problems.filter(
    (problem) => problem.deadline !== null || problem.leaders.length > 0 || problem.goal !== null,
  ).length;
  if (planLike * 2 >= problems.length) return 'plan';
  const all = (list: ParsedProblem[]): ParsedProblem[] =>
    list.flatMap((problem) => [problem, ...all(problem.children)]);
  if (all(problems).some((problem) => problem.measures.length > 0 || problem.status !== null))
    return 'progress_report';
  return 'feedback';
}

function titleOrganisation(title: string | null): string | null {
  if (!title) return null;
  const at = title.indexOf('关于');
  return at >= 4 ? title.slice(0, at) : null;
}

function readDocument(raw: string): ParsedDocument {
  const lines = toSourceLines(normaliseLines(raw));
  const title = findTitle(lines);
  const signature = findSignature(lines);
  const excluded = new Set([...title.indices, ...signature.indices]);
  const structureLines: SourceLine[] = [];
  const contactLines: SourceLine[] = [];
  lines.forEach((line, index) => {
    if (excluded.has(index)) return;
    if (isChromeLine(line.key)) return;
    if (isContactLine(line.key)) {
      contactLines.push(line);
      return;
    }
    if (index < 10 && isDateOnlyLine(line.key)) return;
    structureLines.push(line);
  });

  const titleKey = title.indices.map((index) => lines[index]!.key).join('');
  const opening = joinSpan(structureLines, OPENING_LENGTH);
  const openingParagraph = structureLines[0]?.key.slice(0, 600) ?? '';
  const kindFromText = detectKindFromText(titleKey, openingParagraph);
  const outline = buildOutline(mergeRowNumbers(structureLines));
  let aspects = buildAspects(
    outline,
    kindFromText === 'plan',
    DEFAULT_ASPECT_TITLE,
    kindFromText === 'feedback',
  );
  let kind = kindFromText;
  if (kind === null) {
    kind = kindFromStructure(aspects);
    if (kind === 'plan') aspects = buildAspects(outline, true, DEFAULT_ASPECT_TITLE);
  }

  const dates = findInspectionDates(opening.key);
  const declared = findDeclaredTotals(joinSpan(structureLines, DECLARED_SEARCH_LENGTH).key);
  const dateUnderTitle = lines
    .slice(0, 10)
    .find((line) => isDateOnlyLine(line.key) && !signature.indices.includes(lines.indexOf(line)));
  const underTitle = dateUnderTitle ? findDates(dateUnderTitle.key)[0] : undefined;
  const issued =
    signature.date ??
    findPublishedDate(lines) ??
    (underTitle ? toIsoDate(underTitle.year, underTitle.month, underTitle.day) : null);

  const warnings: string[] = [];
  const leafCount = aspects.reduce((sum, aspect) => sum + countLeaves(aspect.problems), 0);
  if (declared.problems !== null && declared.problems !== leafCount) {
    warnings.push(`文中称${declared.problems}个问题，实际识别${leafCount}个`);
  }
  if (declared.aspects !== null && declared.aspects !== aspects.length) {
    warnings.push(`文中称${declared.aspects}个方面，实际识别${aspects.length}个`);
  }
  if (aspects.length === 0 && structureLines.length > 0)
    warnings.push('未识别到问题清单（方面、问题、整改措施）');

  const document: ParsedDocument = {
    kind,
    title: title.title,
    unit: findUnit(opening) ?? signature.unit ?? titleOrganisation(title.title),
    inspection: {
      inspector: findInspector(opening),
      start: dates.start,
      end: dates.end,
      feedback_date: dates.feedbackDate,
    },
    issued_date: issued,
    declared,
    contact: readContact(contactLines),
    aspects,
  };
  if (warnings.length > 0) document.warnings = warnings;
  return document;
}

/** Parses decoded document text into FORMAT.md JSON; never throws. */
export function parseDocumentText(text: string): ParsedDocument {
  try {
    return readDocument(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ...emptyDocument(), warnings: [`解析失败，未能识别文档结构（${reason}）`] };
  }
}
