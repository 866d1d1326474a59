import { describe, expect, it } from 'vitest';
import {
  characterBigrams,
  findSimilarGroups,
  jaccardSimilarity,
  normaliseText,
} from './text-similarity.rules.ts';

const similarity = (left: string, right: string) =>
  jaccardSimilarity(characterBigrams(normaliseText(left)), characterBigrams(normaliseText(right)));

describe('bigram Jaccard similarity', () => {
  it.each([
    ['组织全体党员干部集中学习党章党规三次', '组织全体党员干部集中学习党章党规三次。', 1],
    ['组织全体党员干部集中学习党章党规三次', '组织全体党员干部 集中学习党章、党规三次', 1],
  ])('ignores punctuation and spaces: %s', (left, right, expected) => {
    expect(similarity(left, right)).toBe(expected);
  });

  it('is high for a copy with one word changed and low for a different text', () => {
    expect(
      similarity(
        '由办公室牵头，对2023年以来的公务接待费用逐笔核查，形成核查报告报党组',
        '由办公室牵头，对2022年以来的公务接待费用逐笔核查，形成核查报告报党组',
      ),
    ).toBeGreaterThanOrEqual(0.8);
    expect(
      similarity(
        '由办公室牵头，对公务接待费用逐笔核查，形成核查报告',
        '财务股清理往来账款，追缴欠款二十三万元',
      ),
    ).toBeLessThan(0.2);
  });
});

describe('findSimilarGroups', () => {
  const texts = [
    '由办公室牵头，对2023年以来的公务接待费用逐笔核查，形成核查报告报党组', // 0
    '财务股清理往来账款，追缴欠款二十三万元并建立催收台账', // 1
    '由办公室牵头，对2022年以来的公务接待费用逐笔核查，形成核查报告报党组', // 2
    '召开专题民主生活会，班子成员逐一对照检查并开展批评与自我批评', // 3
    '财务股清理往来账款，追缴欠款二十三万元并建立催收台账。', // 4
    '已完成', // 5: too short to compare
    '已完成', // 6
    '组织人事股对干部人事档案逐卷审核，补齐缺失材料并登记造册', // 7
  ];

  it('groups the near-identical and identical texts, and nothing else', () => {
    const run = findSimilarGroups(texts);
    expect(run.groups.map((group) => group.members)).toEqual([
      [0, 2],
      [1, 4],
    ]);
    expect(run.groups[1]!.minimumSimilarity).toBe(1);
    expect(run.groups[0]!.minimumSimilarity).toBeGreaterThanOrEqual(0.8);
  });

  it('costs linear work for many copies of one text', () => {
    const copies = Array.from({ length: 2000 }, (_, index) =>
      index % 2 === 0 ? texts[0]! : `${texts[3]!}第${index}次`,
    );
    const run = findSimilarGroups(copies);
    expect(run.groups.length).toBeGreaterThanOrEqual(1);
    expect(run.statistics.candidatesVerified).toBeLessThan(40_000);
  });
});
