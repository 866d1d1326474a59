/**
 * Small parsed documents (FORMAT.md) for import tests: a plan of one aspect whose problems each
 * test spells out, so a test shows only what it is about.
 */
import type { ParsedDocument, ParsedProblem } from '../../src/parse/parsed-document.schema.ts';

/** A 整改方案 of 某县融媒体中心党组 with one aspect, 党的建设方面, holding `problems`. */
export function planWith(
  problems: ParsedProblem[],
  options: { feedbackDate?: string | null } = {},
): ParsedDocument {
  return {
    kind: 'plan',
    title: '整改方案',
    unit: '某县融媒体中心党组',
    inspection: {
      inspector: '县委第一巡察组',
      start: null,
      end: null,
      feedback_date: options.feedbackDate ?? null,
    },
    issued_date: null,
    declared: { aspects: 1, problems: problems.length },
    contact: { phones: [], emails: [], address: null, postcode: null },
    aspects: [{ number: '一', title: '党的建设方面', problems }],
  };
}

/** A problem with nothing but its number and title; `fields` adds the rest. */
export function problemWith(
  number: string,
  title: string,
  fields: Partial<Omit<ParsedProblem, 'number' | 'title'>> = {},
): ParsedProblem {
  return {
    number,
    title,
    manifestations: [],
    status: null,
    measures: [],
    goal: null,
    leaders: [],
    departments: [],
    deadline: null,
    children: [],
    ...fields,
  };
}
