/** The duplication fingerprint and the findings kept under it (pure, no database). */
import { describe, expect, it } from 'vitest';
import { createDuplicationCache, duplicationFingerprint } from './duplication-cache.ts';
import { detectDuplicates, type DuplicationSources } from './duplication.service.ts';
import type { ItemPlace } from './quality.repository.ts';

const place = (problemId: number, inspectionId: number): ItemPlace => ({
  problemId,
  problemNumber: `${problemId}`,
  problemTitle: `问题${problemId}`,
  parentId: null,
  inspectionId,
  unitId: inspectionId,
  unitName: `单位${inspectionId}`,
  roundId: 1,
  roundName: '第一轮',
  roundYear: 2026,
  feedbackOn: null,
});

function sources(measureText: string, sha256 = 'a'.repeat(64)): DuplicationSources {
  const file = (evidenceId: number, problemId: number, inspectionId: number) => ({
    ...place(problemId, inspectionId),
    evidenceId,
    sha256,
    fileName: `材料${evidenceId}.docx`,
    description: null,
    effectiveOn: null,
    uploadedAt: '2026-11-01T02:00:00.000Z',
  });
  return {
    texts: {
      measure: [
        { ...place(1, 10), kind: 'measure', sourceId: 100, text: '建立健全党委会议事规则并严格执行到位' },
        { ...place(2, 20), kind: 'measure', sourceId: 200, text: measureText },
      ],
      statement: [],
      evidence_description: [],
    },
    files: [file(1, 1, 10), file(2, 3, 30)],
  };
}

describe('duplication fingerprint', () => {
  it('is the same for the same texts and files, and changes with a text, a file or a place', () => {
    const base = duplicationFingerprint(sources('每季度开展一次专项检查'));
    expect(duplicationFingerprint(sources('每季度开展一次专项检查'))).toBe(base);
    expect(duplicationFingerprint(sources('每月开展一次专项检查'))).not.toBe(base);
    expect(duplicationFingerprint(sources('每季度开展一次专项检查', 'b'.repeat(64)))).not.toBe(base);
    const moved = sources('每季度开展一次专项检查');
    moved.texts.measure = [
      moved.texts.measure[0]!,
      { ...moved.texts.measure[1]!, problemTitle: '改过的标题' },
    ];
    expect(duplicationFingerprint(moved)).not.toBe(base);
  });

  it('keeps findings while the fingerprint holds and detects again when a text changes', () => {
    const cache = createDuplicationCache();
    let runs = 0;
    const read = (input: DuplicationSources) =>
      cache.read('office', input, () => {
        runs += 1;
        return detectDuplicates(input);
      });
    const first = read(sources('每季度开展一次专项检查'));
    expect(first.isReused).toBe(false);
    expect(first.result.findings.map((finding) => finding.kind)).toEqual(['evidence_file']);
    const again = read(sources('每季度开展一次专项检查'));
    expect(again).toMatchObject({ isReused: true, fingerprint: first.fingerprint });
    expect(again.result).toBe(first.result);
    expect(runs).toBe(1);
    const copied = read(sources('建立健全党委会议事规则并严格执行到位'));
    expect(copied.isReused).toBe(false);
    expect(copied.result.findings.map((finding) => finding.kind).sort()).toEqual([
      'evidence_file',
      'measure',
    ]);
    expect(runs).toBe(2);
  });
});
