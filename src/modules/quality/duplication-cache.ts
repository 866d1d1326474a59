/**
 * Duplication findings kept across grade computations. Duplication depends only on the texts and
 * files it reads (and where they sit), so its result is kept under a fingerprint of exactly
 * those inputs: a state change, a review or a deadline change leaves the fingerprint as it was
 * and the costly MinHash/LSH run is skipped; any edit of a measure, statement, evidence
 * description or file (or a move of an item) changes it.
 */
import { createHash } from 'node:crypto';
import type { DuplicationResult, DuplicationSources } from './duplication.service.ts';
import type { ItemPlace } from './quality.repository.ts';

const placeOf = (place: ItemPlace) =>
  [
    place.problemId,
    place.parentId ?? '',
    place.problemNumber ?? '',
    place.problemTitle,
    place.inspectionId,
    place.unitId,
    place.unitName,
    place.roundId,
    place.roundName,
  ].join('\u0001');

/** A digest of everything duplication detection reads, in the order it reads it. */
export function duplicationFingerprint(sources: DuplicationSources): string {
  const hash = createHash('sha256');
  for (const kind of ['measure', 'statement', 'evidence_description'] as const) {
    hash.update(`\u0002${kind}\u0002`);
    for (const occurrence of sources.texts[kind]) {
      hash.update(`${occurrence.sourceId}\u0001${placeOf(occurrence)}\u0001${occurrence.text}\u0000`);
    }
  }
  hash.update('\u0002files\u0002');
  for (const file of sources.files) {
    hash.update(`${file.evidenceId}\u0001${placeOf(file)}\u0001${file.sha256}\u0001${file.fileName}\u0000`);
  }
  return hash.digest('hex');
}

export interface DuplicationRun {
  result: DuplicationResult;
  fingerprint: string;
  /** True when the findings were kept from an earlier run with the same inputs. */
  isReused: boolean;
}

export interface DuplicationCache {
  read(key: string, sources: DuplicationSources, detect: () => DuplicationResult): DuplicationRun;
}

/** One kept result per key (a scope): only the newest inputs of a scope are worth keeping. */
export function createDuplicationCache(maxEntries = 16): DuplicationCache {
  const entries = new Map<string, { fingerprint: string; result: DuplicationResult }>();
  return {
    read(key, sources, detect) {
      const fingerprint = duplicationFingerprint(sources);
      const hit = entries.get(key);
      entries.delete(key);
      if (hit && hit.fingerprint === fingerprint) {
        entries.set(key, hit);
        return { result: hit.result, fingerprint, isReused: true };
      }
      const result = detect();
      entries.set(key, { fingerprint, result });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return { result, fingerprint, isReused: false };
    },
  };
}
