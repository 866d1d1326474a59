/**
 * Duplication (雷同): near-identical measures, closing statements and evidence descriptions
 * within a unit, across the office's units and against the unit's earlier rounds, and the same
 * evidence file (sha256) attached to unrelated problems. Detection always runs over everything in
 * the caller's scope (a copy from another unit or round can only be seen that way); a filter by
 * inspection or round then keeps the findings that touch it. Texts are compared by character
 * bigram MinHash/LSH, verified by exact Jaccard ≥ 0.8 (text-similarity.rules.ts).
 */
import type { Database } from '../../storage/database.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import type { DuplicationCache } from './duplication-cache.ts';
import {
  findEvidenceFiles,
  findTextOccurrences,
  type EvidenceFileRow,
  type ItemPlace,
  type QualityFilter,
  type TextKind,
  type TextOccurrence,
} from './quality.repository.ts';
import {
  defaultSimilarityParameters,
  findSimilarGroups,
  type SimilarityParameters,
} from './text-similarity.rules.ts';

export type DuplicateKind = TextKind | 'evidence_file';
/** Both sides in one inspection; in different units; the same unit in different rounds. */
export type DuplicateScope = 'same_unit' | 'cross_unit' | 'earlier_round';

export const duplicateKindLabels: Record<DuplicateKind, string> = {
  measure: '整改措施雷同',
  statement: '销号说明雷同',
  evidence_description: '佐证说明雷同',
  evidence_file: '同一佐证文件用于不相关问题',
};

export const duplicateScopeLabels: Record<DuplicateScope, string> = {
  same_unit: '本单位内',
  cross_unit: '跨单位',
  earlier_round: '与往轮次',
};

export interface DuplicateOccurrence {
  problemId: number;
  problemNumber: string | null;
  problemTitle: string;
  inspectionId: number;
  unitId: number;
  unitName: string;
  roundId: number;
  roundName: string;
  /** The measure, transition or evidence id. */
  sourceId: number;
  /** The text as written, or the file name for an evidence file. */
  text: string;
}

export interface DuplicateFinding {
  /** Stable within a data set: kind and the first occurrence's source id. */
  id: string;
  kind: DuplicateKind;
  scopes: DuplicateScope[];
  /** The smallest verified Jaccard similarity inside the group (1: identical). */
  similarity: number;
  sha256: string | null;
  /** Every side of the finding, at least two unrelated problems. */
  occurrences: DuplicateOccurrence[];
  /** Chinese, e.g. "整改措施雷同（跨单位）：3处". */
  description: string;
}

export interface DuplicationResult {
  findings: DuplicateFinding[];
  statistics: {
    texts: number;
    distinctTexts: number;
    candidatesVerified: number;
    evidenceFiles: number;
  };
  parameters: SimilarityParameters;
}

/** A problem and its sub-items count as one family: a copy between them is not a finding. */
const familyOf = (place: ItemPlace) => place.parentId ?? place.problemId;

function scopesOf(places: readonly ItemPlace[]): DuplicateScope[] {
  const scopes = new Set<DuplicateScope>();
  for (let i = 0; i < places.length; i++) {
    for (let j = i + 1; j < places.length; j++) {
      const left = places[i]!;
      const right = places[j]!;
      if (familyOf(left) === familyOf(right)) continue;
      if (left.unitId !== right.unitId) scopes.add('cross_unit');
      else if (left.inspectionId !== right.inspectionId) scopes.add('earlier_round');
      else scopes.add('same_unit');
      if (scopes.size === 3) break;
    }
    if (scopes.size === 3) break;
  }
  return (['same_unit', 'cross_unit', 'earlier_round'] as const).filter((scope) => scopes.has(scope));
}

/** The scopes of a large group, found from distinct (unit, inspection, family) keys only. */
function scopesOfGroup(places: readonly ItemPlace[]): DuplicateScope[] {
  const distinct = new Map<string, ItemPlace>();
  for (const place of places) distinct.set(`${place.inspectionId}:${familyOf(place)}`, place);
  const keys = [...distinct.values()];
  // Distinct families per inspection decide same_unit; units and inspections the rest.
  if (keys.length <= 200) return scopesOf(keys);
  const scopes = new Set<DuplicateScope>();
  const familiesByInspection = new Map<number, number>();
  const inspectionsByUnit = new Map<number, Set<number>>();
  for (const place of keys) {
    familiesByInspection.set(place.inspectionId, (familiesByInspection.get(place.inspectionId) ?? 0) + 1);
    const inspections = inspectionsByUnit.get(place.unitId) ?? new Set<number>();
    inspections.add(place.inspectionId);
    inspectionsByUnit.set(place.unitId, inspections);
  }
  if ([...familiesByInspection.values()].some((count) => count > 1)) scopes.add('same_unit');
  if (inspectionsByUnit.size > 1) scopes.add('cross_unit');
  if ([...inspectionsByUnit.values()].some((inspections) => inspections.size > 1))
    scopes.add('earlier_round');
  return (['same_unit', 'cross_unit', 'earlier_round'] as const).filter((scope) => scopes.has(scope));
}

function toOccurrence(place: ItemPlace, sourceId: number, text: string): DuplicateOccurrence {
  return {
    problemId: place.problemId,
    problemNumber: place.problemNumber,
    problemTitle: place.problemTitle,
    inspectionId: place.inspectionId,
    unitId: place.unitId,
    unitName: place.unitName,
    roundId: place.roundId,
    roundName: place.roundName,
    sourceId,
    text,
  };
}

function describe(kind: DuplicateKind, scopes: readonly DuplicateScope[], count: number): string {
  return `${duplicateKindLabels[kind]}（${scopes.map((scope) => duplicateScopeLabels[scope]).join('、')}）：${count}处`;
}

function touches(finding: DuplicateFinding, filter: QualityFilter): boolean {
  return finding.occurrences.some(
    (occurrence) =>
      (filter.inspectionId === undefined || occurrence.inspectionId === filter.inspectionId) &&
      (filter.roundId === undefined || occurrence.roundId === filter.roundId),
  );
}

/** The texts and files duplication looks at, as the repository reads them. */
export interface DuplicationSources {
  texts: Record<TextKind, readonly TextOccurrence[]>;
  files: readonly EvidenceFileRow[];
}

/** Evidence descriptions are the evidence rows that have one. */
export function evidenceDescriptions(files: readonly EvidenceFileRow[]): TextOccurrence[] {
  return files.flatMap((file) =>
    file.description === null
      ? []
      : [
          {
            ...file,
            kind: 'evidence_description' as const,
            sourceId: file.evidenceId,
            text: file.description,
          },
        ],
  );
}

/** Every duplicate among the sources (all in the caller's scope), unfiltered. */
export function detectDuplicates(
  sources: DuplicationSources,
  parameters: SimilarityParameters = defaultSimilarityParameters,
): DuplicationResult {
  const findings: DuplicateFinding[] = [];
  let texts = 0;
  let distinctTexts = 0;
  let candidatesVerified = 0;
  for (const kind of ['measure', 'statement', 'evidence_description'] as const) {
    const occurrences = sources.texts[kind];
    texts += occurrences.length;
    const run = findSimilarGroups(
      occurrences.map((occurrence) => occurrence.text),
      parameters,
    );
    distinctTexts += run.statistics.distinctTexts;
    candidatesVerified += run.statistics.candidatesVerified;
    for (const group of run.groups) {
      const members = group.members.map((index) => occurrences[index]!);
      if (new Set(members.map(familyOf)).size < 2) continue;
      const scopes = scopesOfGroup(members);
      findings.push({
        id: `${kind}:${members[0]!.sourceId}`,
        kind,
        scopes,
        similarity: Math.round(group.minimumSimilarity * 1000) / 1000,
        sha256: null,
        occurrences: members.map((member) => toOccurrence(member, member.sourceId, member.text)),
        description: describe(kind, scopes, members.length),
      });
    }
  }

  const byHash = new Map<string, EvidenceFileRow[]>();
  for (const file of sources.files) {
    const list = byHash.get(file.sha256);
    if (list) list.push(file);
    else byHash.set(file.sha256, [file]);
  }
  for (const [sha256, list] of byHash) {
    if (list.length < 2 || new Set(list.map(familyOf)).size < 2) continue;
    const scopes = scopesOfGroup(list);
    findings.push({
      id: `evidence_file:${list[0]!.evidenceId}`,
      kind: 'evidence_file',
      scopes,
      similarity: 1,
      sha256,
      occurrences: list.map((file) => toOccurrence(file, file.evidenceId, file.fileName)),
      description: describe('evidence_file', scopes, list.length),
    });
  }
  return {
    findings,
    statistics: { texts, distinctTexts, candidatesVerified, evidenceFiles: sources.files.length },
    parameters,
  };
}

/** The findings that touch an inspection or round (all of them without a filter). */
export function filterDuplicates(result: DuplicationResult, filter: QualityFilter): DuplicationResult {
  if (filter.inspectionId === undefined && filter.roundId === undefined) return result;
  return { ...result, findings: result.findings.filter((finding) => touches(finding, filter)) };
}

export function createDuplicationService(dependencies: {
  db: Database;
  parameters?: SimilarityParameters;
  /** Keeps findings while the texts are unchanged (the quality service's shared cache). */
  cache?: DuplicationCache;
}) {
  const { db, cache } = dependencies;
  const parameters = dependencies.parameters ?? defaultSimilarityParameters;

  return {
    /** Duplicates among everything in scope; with a filter, those touching that inspection or round. */
    async findDuplicates(scope: LedgerScope, filter: QualityFilter = {}): Promise<DuplicationResult> {
      const [measure, statement, files] = await Promise.all([
        findTextOccurrences(db, scope, 'measure'),
        findTextOccurrences(db, scope, 'statement'),
        findEvidenceFiles(db, scope),
      ]);
      const sources = {
        texts: { measure, statement, evidence_description: evidenceDescriptions(files) },
        files,
      };
      const detect = () => detectDuplicates(sources, parameters);
      // Its own key: these rows are read apart from the grade list's and may be ordered otherwise.
      const key = JSON.stringify(['findings', scope.officeId, scope.unitIds, parameters]);
      return filterDuplicates(cache ? cache.read(key, sources, detect).result : detect(), filter);
    },
  };
}
