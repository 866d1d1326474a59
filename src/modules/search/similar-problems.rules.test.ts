import { describe, expect, it } from 'vitest';
import { coreTitle, groupSimilarProblems, type SimilarityInput } from './similar-problems.rules.ts';

const problem = (
  key: number,
  unitId: number,
  title: string,
  manifestations: string[] = [],
): SimilarityInput => ({
  key,
  unitId,
  title,
  manifestations,
});

/** Filler problems so that boilerplate and rarity mean something (each about its own topic). */
const filler = [
  '意识形态工作责任制落实不到位',
  '三会一课制度执行不严格',
  '固定资产管理混乱账实不符',
  '选人用人程序不规范',
  '政府采购程序不合规',
  '公务接待超标准',
  '办公用房超面积',
  '党费收缴不及时',
  '档案管理不规范',
  '民主生活会批评不深刻',
  '巡察整改不深不细',
  '财政资金结余未上缴',
].map((title, index) => problem(100 + index, 10 + index, title));

describe('similar problems', () => {
  it('strips the framing a progress report puts around the feedback', () => {
    expect(coreTitle('关于“多报差旅费”的问题整改进展情况')).toBe('多报差旅费');
    expect(coreTitle('针对“执行财经纪律不严”问题')).toBe('执行财经纪律不严');
    expect(coreTitle('公务用车管理不规范')).toBe('公务用车管理不规范');
  });

  it('groups a short problem recurring inside a longer one of another unit, and keeps single units out', () => {
    const groups = groupSimilarProblems([
      problem(1, 1, '针对“财务支出审核把关不严，违规报销差旅费问题依然存在”问题'),
      problem(2, 2, '关于“多报差旅费”的问题整改进展情况'),
      problem(3, 2, '关于“虚报差旅费”的问题整改进展情况'),
      problem(4, 3, '公车私用'),
      problem(5, 3, '公车私用现象时有发生', ['个别干部节假日驾驶公车回老家']),
      ...filler,
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.unitCount).toBe(2);
    expect(groups[0]!.members.map((member) => member.key).sort()).toEqual([1, 2, 3]);
    expect(groups[0]!.members[0]!.similarity).toBe(1);
  });

  it('does not chain: every member is similar to its group’s centre, the ends of a chain stay apart', () => {
    // 1–2 share 报销审批, 2–3 会议记录, 3–4 归档缺失; single linkage would join all four.
    const groups = groupSimilarProblems([
      problem(1, 1, '差旅费报销审批'),
      problem(2, 2, '报销审批会议记录'),
      problem(3, 3, '会议记录归档缺失'),
      problem(4, 4, '归档缺失人员缺位'),
      ...filler,
    ]);
    const chainGroups = groups.filter((group) => group.members.some((member) => member.key < 100));
    expect(chainGroups).toHaveLength(1);
    expect(chainGroups[0]!.members.map((member) => member.key)).toEqual([2, 1, 3]);
  });

  it('joins identical texts of different units and orders groups by units', () => {
    const groups = groupSimilarProblems([
      problem(1, 1, '公务用车管理不规范'),
      problem(2, 2, '公务用车管理不规范'),
      problem(3, 3, '公务用车管理不规范'),
      problem(4, 1, '差旅费报销审核不严'),
      problem(5, 2, '差旅费报销审核不严'),
      ...filler,
    ]);
    expect(groups.map((group) => group.unitCount)).toEqual([3, 2]);
    expect(groups[0]!.members.map((member) => member.key)).toEqual([1, 2, 3]);
  });
});
