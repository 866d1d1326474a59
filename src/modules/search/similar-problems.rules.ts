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
 * problems: the text with the most unassigned neighbouring problems (similarity ≥ threshold)
 * starts a group with them; repeat. Only groups that span at least two units are kept.
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

/** A binary max-heap of (score, id), ties to the smaller id. */
class MaxHeap {
  private readonly items: Array<[number, number]> = [];
  private isAbove(left: [number, number], right: [number, number]): boolean {
    return left[0] > right[0] || (left[0] === right[0] && left[1] < right[1]);
  }
  push(score: number, id: number): void {
    const items = this.items;
    items.push([score, id]);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.isAbove(items[index]!, items[parent]!)) break;
      [items[index], items[parent]] = [items[parent]!, items[index]!];
      index = parent;
    }
  }
  pop(): [number, number] | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let best = index;
        if (left < items.length && this.isAbove(items[left]!, items[best]!)) best = left;
        if (right < items.length && this.isAbove(items[right]!, items[best]!)) best = right;
        if (best === index) break;
        [items[index], items[best]] = [items[best]!, items[index]!];
        index = best;
      }
    }
    return top;
  }
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

  // Centres on distinct texts: a text's score is how many other problems would join it (its own
  // copies and the problems of its unassigned neighbours). Scores only fall as texts are taken,
  // so a lazily refreshed max-heap picks the same centre as a full scan, ties to the first text.
  const assigned = new Uint8Array(bigramsOf.length);
  const scoreOf = (id: number) => {
    let score = problemsOf[id]!.length - 1;
    for (const other of neighbours[id]!.keys()) if (!assigned[other]) score += problemsOf[other]!.length;
    return score;
  };
  const heap = new MaxHeap();
  for (let id = 0; id < bigramsOf.length; id++) {
    const score = scoreOf(id);
    if (score > 0) heap.push(score, id);
  }
  const groups: SimilarProblemGroup[] = [];
  for (let top = heap.pop(); top; top = heap.pop()) {
    const [stored, centre] = top;
    if (assigned[centre]) continue;
    const score = scoreOf(centre);
    if (score < stored) {
      if (score > 0) heap.push(score, centre);
      continue;
    }
    const joined = [...neighbours[centre]!]
      .filter(([other]) => !assigned[other])
      .flatMap(([other, similarity]) => problemsOf[other]!.map((index) => [index, similarity] as const))
      .sort((left, right) => right[1] - left[1] || left[0] - right[0]);
    assigned[centre] = 1;
    for (const other of neighbours[centre]!.keys()) assigned[other] = 1;
    const members = [...problemsOf[centre]!.map((index) => [index, 1] as const), ...joined];
    const unitCount = new Set(members.map(([index]) => inputs[index]!.unitId)).size;
    if (unitCount < 2) continue;
    groups.push({
      members: members.map(([index, similarity]) => ({
        key: inputs[index]!.key,
        similarity: Math.round(similarity * 1000) / 1000,
      })),
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
