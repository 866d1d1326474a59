import { describe, expect, it } from 'vitest';
import {
  assessMeasureConcreteness,
  findConcretenessSignals,
  findVaguePhrases,
} from './measure-concreteness.rules.ts';

describe('date or period', () => {
  it.each([
    ['2024年6月底前完成全部整改', '2024年6月底前'],
    ['于6月30日前召开专题会议', '6月30日前'],
    ['3个月内完成清理', '3个月内'],
    ['三个月内完成清理', '三个月内'],
    ['10个工作日内报送', '10个工作日内'],
    ['年底前建立台账', '年底前'],
    ['每月调度一次整改进展', '每月'],
    ['立行立改，退还违规资金', '立行立改'],
    ['二〇二四年十二月底前完成', '二〇二四年十二月底前'],
  ])('finds one in %s', (text, expected) => {
    expect(findConcretenessSignals(text).date).toContain(expected);
  });

  it.each([['进一步加强学习教育，切实提高认识'], ['组织全体党员学习党章党规'], ['第一责任人要扛起责任']])(
    'finds none in %s',
    (text) => {
      expect(findConcretenessSignals(text).date).toEqual([]);
    },
  );
});

describe('quantity', () => {
  it.each([
    ['开展专题培训3次', '3次'],
    ['清理问题12项', '12项'],
    ['对50人进行提醒谈话', '50人'],
    ['退缴违规资金2.3万元', '2.3万元'],
    ['覆盖率达到100%', '100%'],
    ['组织集中学习两次', '两次'],
    ['谈话提醒8人次', '8人次'],
  ])('finds one in %s', (text, expected) => {
    expect(findConcretenessSignals(text).quantity).toContain(expected);
  });

  it.each([['3个月内完成整改'], ['进一步加强监督检查'], ['持续推进作风建设']])('finds none in %s', (text) => {
    expect(findConcretenessSignals(text).quantity).toEqual([]);
  });
});

describe('named deliverable', () => {
  it.each([
    ['制定《公务接待管理办法》', '《公务接待管理办法》'],
    ['修订差旅费报销管理办法', '修订差旅费报销管理办法'],
    ['建立问题整改台账', '建立问题整改台账'],
    ['召开专题民主生活会对照检查', '专题民主生活会'],
    ['党组会专题研究整改方案', '党组会'],
    ['举办财务知识培训班', '培训班'],
  ])('finds one in %s', (text, expected) => {
    expect(findConcretenessSignals(text).deliverable).toContain(expected);
  });

  it.each([['举一反三，进一步健全完善相关制度机制'], ['建立健全长效机制'], ['切实加强学习教育']])(
    'finds none in %s',
    (text) => {
      expect(findConcretenessSignals(text).deliverable).toEqual([]);
    },
  );
});

describe('responsible department or person', () => {
  it.each([
    ['由办公室负责清理', {}],
    ['财务股牵头开展自查', {}],
    ['责任人：张三', {}],
    ['组织人事股对档案逐一核查', { departmentNames: ['组织人事股'] }],
    ['开展档案核查', { hasAssignee: true }],
  ])('finds someone in %s', (text, context) => {
    const assessment = assessMeasureConcreteness(text, context);
    expect(assessment.reasons).not.toContain('无责任主体');
  });

  it.each([['开展档案核查'], ['进一步加强监督检查']])('finds no one in %s', (text) => {
    expect(assessMeasureConcreteness(text).reasons).toContain('无责任主体');
  });
});

describe('vague phrases (from data/vague-phrases.json)', () => {
  it.each([
    ['进一步加强学习，切实提高认识', ['进一步', '加强', '切实', '提高认识']],
    ['持续推进作风建设', ['持续推进']],
    ['高度重视，认真落实整改要求', ['高度重视', '认真落实']],
    ['2024年6月底前修订《财务管理制度》', []],
  ])('in %s', (text, expected) => {
    expect(findVaguePhrases(text)).toEqual(expected);
  });

  it('matches the longest phrase once, not its parts too', () => {
    expect(findVaguePhrases('持续加强')).toEqual(['持续加强']);
  });
});

describe('evidence context', () => {
  it('is not judged before the ledger exists', () => {
    const signals = findConcretenessSignals('开展培训3次');
    expect(signals.evidence).toBeNull();
    expect(signals.reviewed).toBeNull();
  });

  it.each([
    [{ evidenceCount: 0, isEvidenceReviewed: false }, ['无佐证材料', '佐证未经审核']],
    [{ evidenceCount: 2, isEvidenceReviewed: false }, ['佐证未经审核']],
    [{ evidenceCount: 2, isEvidenceReviewed: true }, []],
  ])('%o gives %o', (context, expected) => {
    const reasons = assessMeasureConcreteness('由办公室负责，2024年6月底前修订《财务管理制度》并培训3次', {
      ...context,
    }).reasons;
    expect(reasons).toEqual(expected);
  });
});

describe('score and reasons', () => {
  it.each([
    ['由办公室负责，2024年6月底前修订《财务管理制度》并培训3次', 100, 'concrete', '要素齐全'],
    ['3个月内建立问题整改台账', 60, 'partial', '无量化指标、无责任主体'],
    [
      '进一步提高政治站位，切实加强党建工作',
      0,
      'vague',
      '无时限、无量化指标、无具体成果、无责任主体、4处空泛表述',
    ],
    [
      '举一反三，进一步健全完善相关制度机制',
      0,
      'vague',
      '无时限、无量化指标、无具体成果、无责任主体、3处空泛表述',
    ],
  ])('%s → %i %s', (text, score, level, summary) => {
    const assessment = assessMeasureConcreteness(text);
    expect(assessment.score).toBe(score);
    expect(assessment.level).toBe(level);
    expect(assessment.summary).toBe(summary);
  });

  it('names the vague phrases in the reason', () => {
    expect(assessMeasureConcreteness('进一步加强学习，切实提高认识').reasons).toContain(
      '4处空泛表述（进一步、加强、切实、提高认识）',
    );
  });

  it('keeps a concrete measure concrete despite one vague word', () => {
    const assessment = assessMeasureConcreteness(
      '由财务股负责，2024年6月底前切实清理往来账款12项并形成清理报告',
    );
    expect(assessment.level).toBe('concrete');
    expect(assessment.score).toBe(92);
  });
});
