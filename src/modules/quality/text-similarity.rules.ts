/**
 * Near-duplicate detection for short Chinese texts, without comparing all pairs.
 *
 * Algorithm: each text is normalised (NFKC, punctuation and spaces removed) and cut into its set
 * of character bigrams (Chinese has no spaces; bigrams are more dependable than word
 * segmentation). Identical normalised texts are merged first. Each distinct text gets a MinHash
 * signature of `bands × rows` = 20 × 5 = 100 values (one 32-bit mixing hash per row over the
 * bigram codes); texts that agree on all 5 values of any band fall in the same LSH bucket and
 * become candidates. With 20 bands of 5 rows a pair of Jaccard similarity s is a candidate with
 * probability 1 − (1 − s⁵)²⁰: 0.9996 at s = 0.8, 0.47 at 0.5, 0.05 at 0.3. Every candidate is
 * verified by the exact Jaccard similarity of the two bigram sets (≥ 0.8), and verified pairs are
 * joined into groups (union–find, single linkage). Inside a bucket each text is compared only with
 * one representative of each group already seen there, so a bucket of many copies costs linear
 * work rather than all its pairs.
 */

export interface SimilarityParameters {
  /** Signature rows per band (r). */
  rows: number;
  /** LSH bands (b); the signature has rows × bands values. */
  bands: number;
  /** Jaccard similarity of bigram sets at or above which two texts are near-duplicates. */
  threshold: number;
  /** Normalised texts shorter than this many characters are never compared (e.g. "已完成"). */
  minLength: number;
  /** Seed of the row hashes; the same seed gives the same signatures. */
  seed: number;
}

export const defaultSimilarityParameters: SimilarityParameters = {
  rows: 5,
  bands: 20,
  threshold: 0.8,
  minLength: 12,
  seed: 20260611,
};

/** Text as compared: NFKC, without whitespace and punctuation; letters, digits and CJK kept. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '');
}

/** The sorted, distinct character-bigram codes of a normalised text. */
export function characterBigrams(normalised: string): Int32Array {
  const codes = new Set<number>();
  for (let index = 0; index + 1 < normalised.length; index++) {
    codes.add((normalised.charCodeAt(index) << 16) | normalised.charCodeAt(index + 1) | 0);
  }
  return Int32Array.from(codes).sort();
}

/** Jaccard similarity of two sorted code sets. */
export function jaccardSimilarity(left: Int32Array, right: Int32Array): number {
  if (left.length === 0 && right.length === 0) return 1;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const a = left[i]!;
    const b = right[j]!;
    if (a === b) {
      shared++;
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
  return shared / (left.length + right.length - shared);
}

/** A 32-bit finaliser (MurmurHash3 fmix32): good avalanche for integer keys. */
function mix32(value: number): number {
  let hash = value | 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

function rowSeeds(parameters: SimilarityParameters): Uint32Array {
  const seeds = new Uint32Array(parameters.rows * parameters.bands);
  let state = parameters.seed >>> 0;
  for (let index = 0; index < seeds.length; index++) {
    state = mix32(state + 0x9e3779b9);
    seeds[index] = state;
  }
  return seeds;
}

/** The MinHash signature of a bigram set: per row, the smallest hash of any bigram. */
export function minHashSignature(bigrams: Int32Array, seeds: Uint32Array): Uint32Array {
  const signature = new Uint32Array(seeds.length).fill(0xffffffff);
  for (let b = 0; b < bigrams.length; b++) {
    const base = mix32(bigrams[b]!);
    for (let row = 0; row < seeds.length; row++) {
      const hash = mix32(base ^ seeds[row]!);
      if (hash < signature[row]!) signature[row] = hash;
    }
  }
  return signature;
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(size: number) {
    this.parent = Int32Array.from({ length: size }, (_, index) => index);
  }
  find(node: number): number {
    let root = node;
    while (this.parent[root] !== root) root = this.parent[root]!;
    let current = node;
    while (this.parent[current] !== root) {
      const next = this.parent[current]!;
      this.parent[current] = root;
      current = next;
    }
    return root;
  }
  union(left: number, right: number): void {
    const a = this.find(left);
    const b = this.find(right);
    if (a !== b) this.parent[Math.max(a, b)] = Math.min(a, b);
  }
}

export interface SimilarGroup {
  /** Indexes into the input texts, ascending; at least two. */
  members: number[];
  /** The smallest verified similarity that joined the group (1 for identical texts). */
  minimumSimilarity: number;
}

export interface SimilarityRun {
  groups: SimilarGroup[];
  /** Distinct normalised texts that were hashed, candidate pairs verified, pairs accepted. */
  statistics: { distinctTexts: number; candidatesVerified: number; pairsAccepted: number };
}

/**
 * Groups of near-identical texts (Jaccard of bigram sets ≥ threshold), found by MinHash/LSH and
 * verified exactly. Identical normalised texts always group together.
 */
export function findSimilarGroups(
  texts: readonly string[],
  parameters: SimilarityParameters = defaultSimilarityParameters,
): SimilarityRun {
  // Merge identical normalised texts first: copies cost nothing beyond one map lookup.
  const distinctIndex = new Map<string, number>();
  const distinctTexts: string[] = [];
  const occurrencesOf: number[][] = [];
  texts.forEach((text, index) => {
    const normalised = normaliseText(text);
    if (normalised.length < parameters.minLength) return;
    let id = distinctIndex.get(normalised);
    if (id === undefined) {
      id = distinctTexts.length;
      distinctIndex.set(normalised, id);
      distinctTexts.push(normalised);
      occurrencesOf.push([]);
    }
    occurrencesOf[id]!.push(index);
  });

  const seeds = rowSeeds(parameters);
  const bigrams = distinctTexts.map(characterBigrams);
  const unions = new UnionFind(distinctTexts.length);
  const similarityOfRoot = new Map<number, number>();
  let candidatesVerified = 0;
  let pairsAccepted = 0;

  const buckets: Array<Map<number, number[]>> = Array.from({ length: parameters.bands }, () => new Map());
  for (let id = 0; id < distinctTexts.length; id++) {
    const signature = minHashSignature(bigrams[id]!, seeds);
    for (let band = 0; band < parameters.bands; band++) {
      let key = band;
      for (let row = 0; row < parameters.rows; row++) {
        key = mix32(key ^ signature[band * parameters.rows + row]!);
      }
      const bucket = buckets[band]!.get(key);
      if (bucket) bucket.push(id);
      else buckets[band]!.set(key, [id]);
    }
  }

  for (const bandBuckets of buckets) {
    for (const bucket of bandBuckets.values()) {
      if (bucket.length < 2) continue;
      const representatives: number[] = [];
      for (const id of bucket) {
        const root = unions.find(id);
        if (representatives.some((representative) => unions.find(representative) === root)) continue;
        let joined = false;
        for (const representative of representatives) {
          candidatesVerified++;
          const similarity = jaccardSimilarity(bigrams[id]!, bigrams[representative]!);
          if (similarity >= parameters.threshold) {
            const before = Math.min(
              similarityOfRoot.get(unions.find(id)) ?? 1,
              similarityOfRoot.get(unions.find(representative)) ?? 1,
              similarity,
            );
            unions.union(id, representative);
            similarityOfRoot.set(unions.find(id), before);
            pairsAccepted++;
            joined = true;
            break;
          }
        }
        if (!joined) representatives.push(id);
      }
    }
  }

  const membersOfRoot = new Map<number, number[]>();
  for (let id = 0; id < distinctTexts.length; id++) {
    const root = unions.find(id);
    const members = membersOfRoot.get(root);
    if (members) members.push(...occurrencesOf[id]!);
    else membersOfRoot.set(root, [...occurrencesOf[id]!]);
  }
  const groups: SimilarGroup[] = [];
  for (const [root, members] of membersOfRoot) {
    if (members.length < 2) continue;
    groups.push({
      members: members.sort((left, right) => left - right),
      minimumSimilarity: similarityOfRoot.get(root) ?? 1,
    });
  }
  groups.sort((left, right) => left.members[0]! - right.members[0]!);
  return { groups, statistics: { distinctTexts: distinctTexts.length, candidatesVerified, pairsAccepted } };
}
