/**
 * How concrete a rectification measure is (措施具体性): the signals its text has or lacks — a
 * date or period, a quantity, a named deliverable, a responsible department or person — plus,
 * once it is in the ledger, whether evidence is attached and reviewed; and the vague wording
 * (空泛表述) it leans on, matched against a phrase list kept as data
 * (`data/vague-phrases.json`). Pure: text and context in, a score 0–100 with Chinese reasons
 * out, so the same rules run on a draft plan, on the ledger and on the corpus.
 */
import vaguePhraseData from './data/vague-phrases.json' with { type: 'json' };

/** What is known about a measure beyond its text; an absent field is not judged. */
export interface MeasureContext {
  /** Whether the problem (or the measure) has a responsible department or person assigned. */
  hasAssignee?: boolean;
  /** Department names of the unit, so a text naming one counts as naming who is responsible. */
  departmentNames?: readonly string[];
  /** Evidence files attached to the measure or its problem; undefined before the ledger exists. */
  evidenceCount?: number;
  /** Whether a reviewer accepted the evidence (the item was closed by review). */
  isEvidenceReviewed?: boolean;
}

export type SignalName = 'date' | 'quantity' | 'deliverable' | 'responsible' | 'evidence' | 'reviewed';

export interface ConcretenessSignals {
  /** Each signal's text matches (dates, quantities, deliverables, who) or true/false for context. */
  date: string[];
  quantity: string[];
  deliverable: string[];
  responsible: string[];
  /** null: not judged (no ledger context). */
  evidence: boolean | null;
  reviewed: boolean | null;
  vaguePhrases: string[];
}

export interface ConcretenessAssessment {
  /** 0 (a slogan) … 100 (dated, counted, named, owned, evidenced and reviewed). */
  score: number;
  level: ConcretenessLevel;
  signals: ConcretenessSignals;
  /** Chinese reasons, lacks first: ["无时限", "无具体成果", "3处空泛表述（加强、进一步、切实）"]. */
  reasons: string[];
  /** The reasons joined for a tooltip or a table cell: "无时限、无具体成果、3处空泛表述". */
  summary: string;
}

/** 具体 ≥ 70, 一般 40–69, 空泛 < 40. */
export type ConcretenessLevel = 'concrete' | 'partial' | 'vague';

/** Points each signal contributes; the score is the share of applicable points, less the penalty. */
export const signalWeights: Record<SignalName, number> = {
  date: 30,
  quantity: 20,
  deliverable: 30,
  responsible: 20,
  evidence: 15,
  reviewed: 10,
};

/** Points deducted per vague phrase, and the most that vague wording can deduct. */
export const vaguePenalty = { perPhrase: 8, maximum: 40 };

export const levelThresholds = { concrete: 70, partial: 40 };

const lackReasons: Record<SignalName, string> = {
  date: '无时限',
  quantity: '无量化指标',
  deliverable: '无具体成果',
  responsible: '无责任主体',
  evidence: '无佐证材料',
  reviewed: '佐证未经审核',
};

/** The vague phrases, longest first so "持续推进" wins over "持续". */
export const vaguePhrases: readonly string[] = [...new Set(vaguePhraseData.phrases)].sort(
  (left, right) => right.length - left.length,
);

const numeral = '[0-9０-９]+(?:[.．][0-9]+)?|[一二两三四五六七八九十百千万〇零]+';

/** Dates and periods: 2024年6月底前, 6月30日, 3个月内, 年底前, 每月, 立行立改. */
const datePatterns: RegExp[] = [
  /(?:[0-9０-９]{4}|[一二〇零三四五六七八九]{4})年(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})?(?:月(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})?[日号]?)?(?:底|末|前|以前|之前|中旬|上旬|下旬)*/g,
  /(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})月(?:(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[日号])?(?:底|末|中旬|上旬|下旬)?(?:前|以前|之前)?/g,
  new RegExp(`(?:${numeral})个?(?:工作日|自然日|日|天|周|星期|个月|月|季度|年)(?:内|以内|之内)`, 'g'),
  /(?:年底|年末|月底|月末|季度末|年内|当年|当月|上半年|下半年)(?:前|以前|之前)?/g,
  /每(?:日|天|周|月|季|季度|半年|年)/g,
  /立行立改|即知即改/g,
];

/** Quantities with a unit: 3次, 12项, 50人, 2.3万元, 100%; not "3个月内" (a period). */
const quantityPattern = new RegExp(
  `(?:${numeral})\\s*(?:人次|万元|亿元|元|次|项|人|名|场|期|篇|份|条|家|户|批|套|本|课时|学时|小时|轮|%|％|个(?!月|工作日|季度|星期))`,
  'g',
);

/** Named documents in 《》. */
const titledDocumentPattern = /《[^《》]{2,40}》/g;
/** A document made, revised or issued: 制定…办法, 建立整改台账, 形成…报告. */
const madeDocumentPattern =
  /(?:制定|出台|修订|修改|印发|建立|编制|形成|起草|列出)[^，,。；;、]{0,14}?(?:制度|办法|规定|方案|台账|清单|细则|规程|规则|报告|计划|手册|指南|目录|纪要)/g;
/** A made document that names nothing in particular ("建立健全相关制度") is no deliverable. */
const genericDocumentWords = /相关|有关|各项|各类|规章|长效|机制/;
/** Meetings and trainings that can be checked against minutes. */
const meetingPattern =
  /(?:专题)?(?:党组会(?:议)?|党委会(?:议)?|党组(?:理论)?中心组学习会|中心组学习|专题会(?:议)?|民主生活会|组织生活会|党员大会|支委会|常委会|办公会(?:议)?|警示教育大会|警示教育会|动员会|推进会|座谈会|培训班|专题培训|约谈)/g;

/** Who acts: 由办公室负责, 财务股牵头, 责任人：张三. */
const responsiblePatterns: RegExp[] = [
  /由[^，,。；;]{2,12}?(?:负责|牵头|组织|承办|落实)/g,
  /[\u4e00-\u9fa5]{1,8}(?:办公室|股室|股|科室|科|处|部|中心|委员会|支部)(?:牵头|负责)/g,
  /责任(?:人|部门|领导)[:：]\s*[\u4e00-\u9fa5]{2,10}/g,
];

function findAll(text: string, patterns: readonly RegExp[]): string[] {
  const found: string[] = [];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const value = match[0].trim();
      if (value.length > 0 && !found.includes(value)) found.push(value);
    }
  }
  return found;
}

/** The vague phrases of a text, longest first, without overlap, in order of appearance. */
export function findVaguePhrases(text: string, phrases: readonly string[] = vaguePhrases): string[] {
  const taken = new Array<boolean>(text.length).fill(false);
  const hits: Array<{ at: number; phrase: string }> = [];
  for (const phrase of phrases) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(phrase, from);
      if (at < 0) break;
      from = at + 1;
      let isFree = true;
      for (let index = at; index < at + phrase.length; index++) if (taken[index]) isFree = false;
      if (!isFree) continue;
      for (let index = at; index < at + phrase.length; index++) taken[index] = true;
      hits.push({ at, phrase });
    }
  }
  return hits.sort((left, right) => left.at - right.at).map((hit) => hit.phrase);
}

/** The signals of one measure text in its context. */
export function findConcretenessSignals(text: string, context: MeasureContext = {}): ConcretenessSignals {
  const normalised = text.normalize('NFKC');
  const responsible = findAll(normalised, responsiblePatterns);
  for (const name of context.departmentNames ?? []) {
    if (name.length >= 2 && normalised.includes(name) && !responsible.includes(name)) responsible.push(name);
  }
  return {
    date: findAll(normalised, datePatterns),
    quantity: findAll(normalised, [quantityPattern]),
    deliverable: [
      ...findAll(normalised, [titledDocumentPattern]),
      ...findAll(normalised, [madeDocumentPattern]).filter((match) => !genericDocumentWords.test(match)),
      ...findAll(normalised, [meetingPattern]),
    ],
    responsible,
    evidence: context.evidenceCount === undefined ? null : context.evidenceCount > 0,
    reviewed: context.isEvidenceReviewed === undefined ? null : context.isEvidenceReviewed,
    vaguePhrases: findVaguePhrases(normalised),
  };
}

function levelOf(score: number): ConcretenessLevel {
  if (score >= levelThresholds.concrete) return 'concrete';
  if (score >= levelThresholds.partial) return 'partial';
  return 'vague';
}

/**
 * Scores a measure: the applicable signals' points it earns as a share of 100, less 8 per
 * vague phrase (at most 40), clamped to 0–100. Responsibility counts when the text names who
 * acts or the ledger assigns someone. Evidence and review count only when the context says.
 */
export function assessMeasureConcreteness(
  text: string,
  context: MeasureContext = {},
): ConcretenessAssessment {
  const signals = findConcretenessSignals(text, context);
  const present: Record<SignalName, boolean | null> = {
    date: signals.date.length > 0,
    quantity: signals.quantity.length > 0,
    deliverable: signals.deliverable.length > 0,
    responsible: signals.responsible.length > 0 || context.hasAssignee === true,
    evidence: signals.evidence,
    reviewed: signals.reviewed,
  };
  let earned = 0;
  let applicable = 0;
  const reasons: string[] = [];
  for (const name of Object.keys(signalWeights) as SignalName[]) {
    const value = present[name];
    if (value === null) continue;
    applicable += signalWeights[name];
    if (value) earned += signalWeights[name];
    else reasons.push(lackReasons[name]);
  }
  const vagueCount = signals.vaguePhrases.length;
  const penalty = Math.min(vaguePenalty.maximum, vagueCount * vaguePenalty.perPhrase);
  const base = applicable === 0 ? 0 : (earned / applicable) * 100;
  const score = Math.max(0, Math.min(100, Math.round(base - penalty)));
  if (vagueCount > 0) {
    const distinct = [...new Set(signals.vaguePhrases)];
    reasons.push(
      `${vagueCount}处空泛表述（${distinct.slice(0, 4).join('、')}${distinct.length > 4 ? '等' : ''}）`,
    );
  }
  const summaryParts = reasons.map((reason) => reason.replace(/（.*）$/, ''));
  return {
    score,
    level: levelOf(score),
    signals,
    reasons,
    summary: summaryParts.length > 0 ? summaryParts.join('、') : '要素齐全',
  };
}
