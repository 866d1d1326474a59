// Measure concreteness as the server scores it (src/modules/quality/measure-concreteness.rules.ts):
// draft texts are sent in one batched POST per tick and cached by text, so a plan of hundreds of
// measures costs one request, and an unchanged measure is never scored twice.
import { api } from '../../api/client.ts';

export interface ConcretenessScore {
  score: number;
  level: 'concrete' | 'partial' | 'vague';
  reasons: string[];
  summary: string;
}

export const levelLabels: Record<ConcretenessScore['level'], string> = {
  concrete: '具体',
  partial: '一般',
  vague: '空泛',
};

export const levelColors: Record<ConcretenessScore['level'], string> = {
  concrete: 'success',
  partial: 'warning',
  vague: 'error',
};

const cache = new Map<string, Promise<ConcretenessScore>>();
let pending: Array<{
  text: string;
  resolve: (score: ConcretenessScore) => void;
  reject: (error: unknown) => void;
}> = [];

function flush(): void {
  const batch = pending;
  pending = [];
  api
    .post<{ scores: ConcretenessScore[] }>('/api/quality/measures/score', {
      texts: batch.map((item) => item.text),
    })
    .then(({ scores }) => batch.forEach((item, index) => item.resolve(scores[index]!)))
    .catch((error: unknown) => {
      batch.forEach((item) => {
        cache.delete(item.text);
        item.reject(error);
      });
    });
}

/** The score of a draft measure text; batched with every other text asked for in the same tick. */
export function scoreDraftText(text: string): Promise<ConcretenessScore> {
  const cached = cache.get(text);
  if (cached) return cached;
  const promise = new Promise<ConcretenessScore>((resolve, reject) => {
    if (pending.length === 0) setTimeout(flush, 0);
    pending.push({ text, resolve, reject });
  });
  cache.set(text, promise);
  return promise;
}
