import { describe, expect, it } from 'vitest';
import { parseDocumentText } from './parse-document-text.ts';
import { ParsedDocumentSchema } from './parsed-document.schema.ts';

const TRADITIONAL_PLAN = `關於落實縣委第二巡察組反饋意見的整改方案
按照縣委第二巡察組反饋意見，某局黨組制定如下整改方案。
一、總體要求
以習近平新時代中國特色社會主義思想為指導，全面整改。
二、整改任務
（一）黨的建設方面
問題1：理論學習不深入。
具體表現：
1.學習流於形式。
2.研討不充分。
整改措施：一是制定學習計劃。二是開展專題研討。
成效目標：學習制度化。
責任領導：張三
責任部門：辦公室、黨建辦
整改時限：即知即改，3個月內
問題2：制度執行不嚴。
具體表現：會議記錄不規範。
整改措施：完善會議制度。
責任領導：
責任部門：辦公室
整改時限：長期堅持
三、整改要求
（一）提高認識。要高度重視，確保整改到位。
（二）加強督查。定期檢查整改進度。`;

const PROGRESS_REPORT = `某县档案馆党组关于巡察整改进展情况的通报
根据县委统一部署，2022年3月1日至4月30日，县委第三巡察组对某县档案馆党组开展了常规巡察。2022年5月20日，县委第三巡察组向某县档案馆党组反馈了巡察意见。现将巡察整改进展情况通报如下：
一、组织落实情况
（一）加强组织领导。成立整改工作领导小组。
（二）压实整改责任。逐项明确责任领导。
二、巡察反馈问题整改情况
（一）党的领导弱化方面
1.理论学习不深入。
整改情况：已完成。1.制定学习计划；2.开展专题研讨。
2.意识形态工作责任制落实不到位。
整改情况：基本完成。正在修订意识形态工作制度。
3.财务管理不规范。
（1）针对“报销审核不严”问题。
整改情况：一是开展财务自查。二是退还违规资金。
（2）针对“固定资产未入账”问题。
整改情况：正在整改。已完成资产清查。
（二）持续抓好以往巡察问题整改不够有力
整改落实情况：一是建立整改台账。二是开展回头看。
三、下一步工作
（一）持续抓好整改。坚持标准不降。
欢迎广大干部群众监督。联系电话：0731-1234567；电子邮箱：dag@example.cn；邮编：410000
某县档案馆党组
2022年9月1日`;

const FEEDBACK = `关于对某镇党委巡察情况的反馈意见
根据县委统一部署，县委第一巡察组于2023年3月1日至4月15日对某镇党委进行了巡察。现将巡察发现的问题反馈如下：
一、党的领导方面
1.学习贯彻上级决策部署不到位。
2.落实意识形态工作责任制不力。
二、全面从严治党方面
1.落实中央八项规定精神不严格。
2.财务管理不规范。
3.选人用人不规范。`;

describe('parseDocumentText', () => {
  it('reads a plan in Traditional characters', () => {
    const document = parseDocumentText(TRADITIONAL_PLAN);
    expect(ParsedDocumentSchema.safeParse(document).success).toBe(true);
    expect(document.kind).toBe('plan');
    expect(document.title).toBe('關於落實縣委第二巡察組反饋意見的整改方案');
    expect(document.inspection.inspector).toBe('縣委第二巡察組');
    expect(document.aspects).toHaveLength(1);
    const [aspect] = document.aspects;
    expect(aspect).toMatchObject({ number: '一', title: '黨的建設方面' });
    expect(aspect!.problems).toHaveLength(2);
    expect(aspect!.problems[0]).toEqual({
      number: '1',
      title: '理論學習不深入',
      manifestations: ['學習流於形式', '研討不充分'],
      status: null,
      measures: ['制定學習計劃', '開展專題研討'],
      goal: '學習制度化',
      leaders: ['張三'],
      departments: ['辦公室', '黨建辦'],
      deadline: { text: '即知即改，3個月內', immediate: true, long_term: false, months: 3 },
      children: [],
    });
    expect(aspect!.problems[1]).toMatchObject({
      number: '2',
      manifestations: ['會議記錄不規範'],
      measures: ['完善會議制度'],
      leaders: [],
      deadline: { text: '長期堅持', immediate: false, long_term: true, months: null },
    });
  });

  it('reads a progress report: statuses, sub-items, an aspect with its own measures, metadata', () => {
    const document = parseDocumentText(PROGRESS_REPORT);
    expect(document).toMatchObject({
      kind: 'progress_report',
      title: '某县档案馆党组关于巡察整改进展情况的通报',
      unit: '某县档案馆党组',
      inspection: {
        inspector: '县委第三巡察组',
        start: '2022-03-01',
        end: '2022-04-30',
        feedback_date: '2022-05-20',
      },
      issued_date: '2022-09-01',
      contact: { phones: ['0731-1234567'], emails: ['dag@example.cn'], address: null, postcode: '410000' },
    });
    expect(document.aspects.map((aspect) => aspect.title)).toEqual([
      '党的领导弱化方面',
      '持续抓好以往巡察问题整改不够有力',
    ]);
    const [first, second] = document.aspects;
    expect(first!.problems.map((problem) => [problem.number, problem.status, problem.measures])).toEqual([
      ['1', 'completed', ['制定学习计划', '开展专题研讨']],
      ['2', 'in_progress', ['正在修订意识形态工作制度']],
      ['3', null, []],
    ]);
    expect(first!.problems[2]!.children.map((child) => [child.number, child.status, child.measures])).toEqual(
      [
        ['1', null, ['开展财务自查', '退还违规资金']],
        ['2', 'in_progress', ['已完成资产清查']],
      ],
    );
    expect(second!.problems).toEqual([
      expect.objectContaining({
        number: null,
        title: '持续抓好以往巡察问题整改不够有力',
        measures: ['建立整改台账', '开展回头看'],
      }),
    ]);
  });

  it('reads feedback: numbered problem statements without measures', () => {
    const document = parseDocumentText(FEEDBACK);
    expect(document.kind).toBe('feedback');
    expect(document.unit).toBe('某镇党委');
    expect(document.aspects.map((aspect) => aspect.problems.length)).toEqual([2, 3]);
    expect(document.aspects[1]!.problems[2]).toMatchObject({
      number: '3',
      title: '选人用人不规范',
      measures: [],
    });
  });

  it('warns when the declared totals differ from what was found', () => {
    const document = parseDocumentText(
      '巡察反馈的2个方面3个问题已整改。\n二、整改情况\n（一）甲方面\n1.问题一。\n整改情况：已完成。\n（二）乙方面\n1.问题二。\n整改情况：已完成。',
    );
    expect(document.declared).toEqual({ aspects: 2, problems: 3 });
    expect(document.warnings).toEqual(['文中称3个问题，实际识别2个']);
  });

  it('reads several labels on one line, fields in parentheses after a measure, and a status in a title', () => {
    const document = parseDocumentText(
      [
        '某局关于巡察反馈意见整改方案',
        '一、党的建设方面',
        '1.理论学习不深入（已完成）',
        '整改措施：1.制定学习计划（责任领导：张三；责任单位：办公室；完成时限：立行立改）',
        '2.开展专题研讨（责任领导：李四，责任单位：党建办）',
        '2.制度执行不严',
        '整改措施：完善制度。',
        '责任领导：王五  责任部门：办公室、财务室  整改时限：3个月内',
      ].join('\n'),
    );
    const [first, second] = document.aspects[0]!.problems;
    expect(first).toMatchObject({
      status: 'completed',
      measures: ['制定学习计划', '开展专题研讨'],
      leaders: ['张三', '李四'],
      departments: ['办公室', '党建办'],
      deadline: { text: '立行立改', immediate: true, long_term: false, months: null },
    });
    expect(second).toMatchObject({
      status: null,
      measures: ['完善制度'],
      leaders: ['王五'],
      departments: ['办公室', '财务室'],
      deadline: { text: '3个月内', months: 3 },
    });
  });

  it('reads sub-sections that carry their own fields as the problems of an aspect', () => {
    const document = parseDocumentText(
      [
        '一、政治建设方面',
        '（一）理论学习不深入',
        '整改措施：一是制定计划。二是开展研讨。',
        '责任部门：办公室',
        '（二）意识形态责任制落实不到位',
        '整改措施：修订制度。',
        '二、作风建设方面',
        '（一）公务接待不规范',
        '整改措施：严格审批。',
      ].join('\n'),
    );
    expect(
      document.aspects.map((aspect) => [aspect.title, aspect.problems.map((problem) => problem.number)]),
    ).toEqual([
      ['政治建设方面', ['一', '二']],
      ['作风建设方面', ['一']],
    ]);
    expect(document.aspects[0]!.problems[0]).toMatchObject({
      measures: ['制定计划', '开展研讨'],
      departments: ['办公室'],
    });
  });

  it('drops page furniture written without colons and takes the date from it', () => {
    const document = parseDocumentText(
      [
        '索引号  11431123/2022-00012  发布机构  某县档案馆',
        '发布日期  2022-09-02',
        '（一）甲方面',
        '1.问题。',
        '整改情况：已完成。',
      ].join('\n'),
    );
    expect(document.issued_date).toBe('2022-09-02');
    expect(document.aspects).toHaveLength(1);
  });

  it('keeps a long one-line title apart from the opening paragraph', () => {
    const document = parseDocumentText(
      '中共某市某区融媒体中心委员会关于落实区委第四巡察组反馈意见整改情况的报告\n根据区委巡察工作安排，区委第四巡察组于2022年4月15日至6月15日对区融媒体中心开展了常规巡察。',
    );
    expect(document.title).toBe('中共某市某区融媒体中心委员会关于落实区委第四巡察组反馈意见整改情况的报告');
    expect(document.inspection).toMatchObject({
      inspector: '区委第四巡察组',
      start: '2022-04-15',
      end: '2022-06-15',
    });
  });

  it.each([[''], ['   \n\n'], ['随便一段文字。'], ['一、\n二、\n（一）\n1.\n(1)']])(
    'returns a valid document for %j',
    (text) => {
      expect(ParsedDocumentSchema.safeParse(parseDocumentText(text)).success).toBe(true);
    },
  );
});

describe('layouts outside the corpus', () => {
  it('reads 一是/二是 prose in a feedback section as its problems', () => {
    const parsed = parseDocumentText(`关于对某局党组巡察情况的反馈意见
县委第一巡察组于2023年3月1日至4月30日对某局党组开展了巡察。现将主要问题反馈如下：
一、党的建设方面
一是理论学习不深入，集中学习次数不足。二是组织生活不规范，记录不全。
二、作风建设方面
一是公务接待不规范。
二是差旅费报销超标准。
三、整改意见
要逐项整改，一是建立台账，二是按时报送。`);
    expect(parsed.kind).toBe('feedback');
    expect(parsed.aspects.map((aspect) => aspect.title)).toEqual(['党的建设方面', '作风建设方面']);
    expect(parsed.aspects[0]!.problems.map((problem) => [problem.number, problem.title])).toEqual([
      ['一', '理论学习不深入，集中学习次数不足'],
      ['二', '组织生活不规范，记录不全'],
    ]);
    expect(parsed.aspects[1]!.problems.map((problem) => problem.title)).toEqual([
      '公务接待不规范',
      '差旅费报销超标准',
    ]);
  });

  it('reads a ledger table written out as 序号：/问题：/整改措施： rows', () => {
    const parsed = parseDocumentText(`某局党组巡察整改方案
（一）党的建设方面
序号：1
问题：理论学习不深入
整改措施：1.制定学习计划；2.开展专题研讨
责任领导：张三
责任部门：办公室、人事股
整改时限：3个月内
序号：2
问题：组织生活不规范
整改措施：1.规范“三会一课”
责任领导：李四
整改时限：立行立改`);
    const problems = parsed.aspects.flatMap((aspect) => aspect.problems);
    expect(problems.map((problem) => [problem.number, problem.title])).toEqual([
      ['1', '理论学习不深入'],
      ['2', '组织生活不规范'],
    ]);
    expect(problems[0]!.measures).toEqual(['制定学习计划', '开展专题研讨']);
    expect(problems[0]!.departments).toEqual(['办公室', '人事股']);
    expect(problems[1]!.deadline?.immediate).toBe(true);
  });

  it('drops the problem cell name from a numbered row title ("1.问题：…")', () => {
    const parsed = parseDocumentText(`某局党组巡察整改方案
一、党的建设方面
1.问题：理论学习不深入
整改措施：制定学习计划
2.问题：组织生活不规范
整改措施：规范“三会一课”`);
    expect(parsed.aspects[0]!.problems.map((problem) => problem.title)).toEqual([
      '理论学习不深入',
      '组织生活不规范',
    ]);
  });

  it('reads 1. / （1） / ① as aspects, problems and measures when there are no Chinese headings', () => {
    const parsed = parseDocumentText(`某局党组关于巡察整改情况的报告
现将整改情况报告如下。
1.党的建设方面
（1）理论学习不深入。
①制定学习计划。
②开展专题研讨。
（2）组织生活不规范。
①规范“三会一课”记录。
②开展支部标准化建设。
2.作风建设方面
（1）公务接待不规范。
①严格执行公函制度。
②逐笔审核接待费用。`);
    expect(parsed.aspects.map((aspect) => [aspect.number, aspect.title])).toEqual([
      ['1', '党的建设方面'],
      ['2', '作风建设方面'],
    ]);
    expect(parsed.aspects[0]!.problems.map((problem) => problem.title)).toEqual([
      '理论学习不深入',
      '组织生活不规范',
    ]);
    expect(parsed.aspects[0]!.problems[0]!.measures).toEqual(['制定学习计划', '开展专题研讨']);
    expect(parsed.aspects[1]!.problems[0]!.children).toEqual([]);
  });

  it('keeps numbered problems with their own measures as problems, not aspects', () => {
    const parsed = parseDocumentText(`某局党组关于巡察整改情况的报告
1.理论学习不深入。
整改情况：制定学习计划。
2.组织生活不规范。
整改情况：规范“三会一课”记录。`);
    expect(parsed.aspects).toHaveLength(1);
    expect(parsed.aspects[0]!.problems.map((problem) => problem.title)).toEqual([
      '理论学习不深入',
      '组织生活不规范',
    ]);
  });

  it('leaves web page footer links and site credits out of the measures', () => {
    const parsed = parseDocumentText(`关于巡察整改进展情况的通报
一、党的建设方面
1.理论学习不深入。
整改情况：制定学习计划。
【打印】【关闭】
【我要纠错】【加入收藏】
主办：县人民政府办公室 承办：县大数据服务中心`);
    expect(parsed.aspects[0]!.problems[0]!.measures).toEqual(['制定学习计划']);
  });
});
