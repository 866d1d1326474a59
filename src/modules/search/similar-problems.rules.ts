/**
 * Similar problems across units (举一反三): which problems of different units are the same kind
 * of problem, e.g. 差旅费 reimbursement found in two units' ledgers.
 *
 * A problem is read as its title without the documents' framing ("关于“…”的问题整改进展情况",
 * "针对“…”问题") plus its manifestations, cut into character bigrams (the quality module's
 * normalisation and bigram codes). Bigrams are weighted by rarity (idf = ln(N / df) over the
 * problems compared); bigrams in more than 10 % of the problems are boilerplate ("整改", "问题",
 * "不到位") and weigh nothing. The similarity of two problems is weighted containment: the weight
 * of the bigrams they share over the total weight of the smaller one. Containment, not Jaccard,
 * because a short title ("多报差旅费") recurring inside a longer one ("财务支出审核把关不严，违规
 * 报销差旅费问题依然存在") is exactly the pattern looked for. Candidate pairs come from an inverted
 * index of the weighted bigrams; identical texts are merged first so copies cost nothing.
 *
 * Grouping is by centres, not single linkage, so chains of weak links cannot join unrelated
 * problems: the problem with the most unassigned neighbours (similarity ≥ threshold) starts a
 * group with those neighbours; repeat. Only groups that span at least two units are kept.
 */
import { characterBigrams, normaliseText } from '../quality/text-similarity.rules.ts';

export interface SimilarityInput {
  /** Any key of the caller's (the problem id). */
  key: number;
  unitId: number;
  title: string;
  manifestations: readonly string[];
}

export interface SimilarProblemsParameters {
  /** Weighted containment at or above which a problem joins a centre's group. */
  threshold: number;
  /** Bigrams in more than this share of the problems weigh nothing. */
  boilerplateShare: number;
  /** Bigrams in more distinct texts than this do not propose candidate pairs (they still weigh). */
  maxPostings: number;
}

export const defaultSimilarProblemsParameters: SimilarProblemsParameters = {
  threshold: 0.4,
  boilerplateShare: 0.1,
  maxPostings: 200,
};

export interface SimilarProblemGroup {
  /** The centre first, then the members by similarity to it (highest first), then input order. */
  members: Array<{ key: number; similarity: number }>;
  unitCount: number;
}

/** The title without the framing a progress report puts around the feedback's words. */
export function coreTitle(title: string): string {
  return title
    .trim()
    .replace(/^(关于|针对)/u, '')
    .replace(/(的?问题)?(整改(进展|落实)?情况)?$/u, '')
    .replace(/[“”"‘’「」『』]/gu, '');
}

function textOf(input: SimilarityInput): string[] {
  return [coreTitle(input.title), ...input.manifestations]
    .map(normaliseText)
    .filter((part) => part.length > 0);
}

/** The grouped problems, in the order: most units first, then most members, then first key. */
export function groupSimilarProblems(
  inputs: readonly SimilarityInput[],
  parameters: SimilarProblemsParameters = defaultSimilarProblemsParameters,
): SimilarProblemGroup[] {
  // Merge identical texts: each distinct text keeps the indexes of its problems.
  const distinctIndex = new Map<string, number>();
  const bigramsOf: Int32Array[] = [];
  const problemsOf: number[][] = [];
  inputs.forEach((input, index) => {
    const parts = textOf(input);
    if (parts.length === 0) return;
    const key = parts.join('\u0001');
    let id = distinctIndex.get(key);
    if (id === undefined) {
      id = bigramsOf.length;
      distinctIndex.set(key, id);
      const codes = new Set<number>();
      for (const part of parts) for (const code of characterBigrams(part)) codes.add(code);
      bigramsOf.push(Int32Array.from(codes).sort());
      problemsOf.push([]);
    }
    problemsOf[id]!.push(index);
  });

  // Document frequency over problems (a copied text counts once per problem).
  const problemCount = inputs.length;
  const documentFrequency = new Map<number, number>();
  bigramsOf.forEach((codes, id) => {
    for (const code of codes)
      documentFrequency.set(code, (documentFrequency.get(code) ?? 0) + problemsOf[id]!.length);
  });
  const boilerplate = Math.max(4, problemCount * parameters.boilerplateShare);
  const weightOf = (code: number) => {
    const frequency = documentFrequency.get(code) ?? 0;
    return frequency === 0 || frequency > boilerplate ? 0 : Math.log(problemCount / frequency);
  };
  const totals = bigramsOf.map((codes) => codes.reduce((sum, code) => sum + weightOf(code), 0));

  // Candidates through the postings of weighted bigrams, shared weight accumulated per pair.
  const postings = new Map<number, number[]>();
  bigramsOf.forEach((codes, id) => {
    for (const code of codes) {
      if (weightOf(code) === 0) continue;
      const list = postings.get(code);
      if (list) list.push(id);
      else postings.set(code, [id]);
    }
  });
  const neighbours: Array<Map<number, number>> = bigramsOf.map(() => new Map());
  const shared = new Float64Array(bigramsOf.length);
  const touched: number[] = [];
  for (let id = 0; id < bigramsOf.length; id++) {
    for (const code of bigramsOf[id]!) {
      const list = postings.get(code);
      if (!list || list.length > parameters.maxPostings) continue;
      const weight = weightOf(code);
      for (const other of list) {
        if (other <= id) continue;
        const before = shared[other]!;
        if (before === 0) touched.push(other);
        shared[other] = before + weight;
      }
    }
    for (const other of touched) {
      const smaller = Math.min(totals[id]!, totals[other]!);
      const similarity = smaller > 0 ? shared[other]! / smaller : 0;
      if (similarity >= parameters.threshold) {
        neighbours[id]!.set(other, similarity);
        neighbours[other]!.set(id, similarity);
      }
      shared[other] = 0;
    }
    touched.length = 0;
  }

  // Back to problems: copies of one text are neighbours of each other (similarity 1).
  const problemNeighbours: Array<Map<number, number>> = inputs.map(() => new Map());
  problemsOf.forEach((members, id) => {
    for (const member of members) {
      for (const copy of members) if (copy !== member) problemNeighbours[member]!.set(copy, 1);
      for (const [other, similarity] of neighbours[id]!) {
        for (const otherMember of problemsOf[other]!) problemNeighbours[member]!.set(otherMember, similarity);
      }
    }
  });

  const assigned = new Uint8Array(inputs.length);
  const groups: SimilarProblemGroup[] = [];
  const connected = inputs.map((_, index) => index).filter((index) => problemNeighbours[index]!.size > 0);
  for (;;) {
    let centre = -1;
    let most = 0;
    for (const index of connected) {
      if (assigned[index]) continue;
      let count = 0;
      for (const other of problemNeighbours[index]!.keys()) if (!assigned[other]) count++;
      if (count > most) {
        centre = index;
        most = count;
      }
    }
    if (centre < 0) break;
    const members = [...problemNeighbours[centre]!]
      .filter(([other]) => !assigned[other])
      .sort((left, right) => right[1] - left[1] || left[0] - right[0]);
    assigned[centre] = 1;
    for (const [other] of members) assigned[other] = 1;
    const indexes = [centre, ...members.map(([other]) => other)];
    const unitCount = new Set(indexes.map((index) => inputs[index]!.unitId)).size;
    if (unitCount < 2) continue;
    groups.push({
      members: [
        { key: inputs[centre]!.key, similarity: 1 },
        ...members.map(([other, similarity]) => ({
          key: inputs[other]!.key,
          similarity: Math.round(similarity * 1000) / 1000,
        })),
      ],
      unitCount,
    });
  }
  return groups.sort(
    (left, right) =>
      right.unitCount - left.unitCount ||
      right.members.length - left.members.length ||
      left.members[0]!.key - right.members[0]!.key,
  );
}
