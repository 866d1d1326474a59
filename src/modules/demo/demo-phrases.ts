/**
 * Sentence templates shared by all topics: generic measures (concrete ones with dates,
 * quantities, documents and meetings, and vague slogan-like ones that a later quality check
 * should flag), goals, deadline wording, closing statements and meeting topics. Tokens are
 * those of demo-topics.ts plus {subject}, {title}, {doc} (the unit's institution name),
 * {records}, {change} ("制定"/"修订") and {people} (a head count).
 */

export interface MeasureTemplate {
  text: string;
  /** The measure reports people talked to, so the problem also gets a people_reminded outcome. */
  remindsPeople?: boolean;
}

/** Concrete measures: a date, a number, a named document or a meeting makes them checkable. */
export const concreteMeasureTemplates: MeasureTemplate[] = [
  { text: '{change}《{doc}》，经党组会审议通过后于{d}前印发执行' },
  { text: '{month}召开党组会专题研究{subject}问题，逐条分析原因，明确整改责任人和完成时限' },
  { text: '对{y}年以来的{records}开展全面自查，梳理问题{n}个，建立整改台账，实行销号管理' },
  { text: '由{dept}牵头，每季度开展一次{subject}专项检查，检查结果在党组会上通报' },
  { text: '{d}前组织{subject}专题培训，覆盖{whole}干部职工{people}人次' },
  { text: '对{m}名相关责任人进行提醒谈话，责令作出书面检查', remindsPeople: true },
  { text: '将{subject}纳入{whole}年度目标考核，考核结果与评先评优挂钩' },
  { text: '{d}前对照《{doc}》逐条开展一次执行情况检查，形成检查报告报党组' },
];

/** Vague measures: slogans with 进一步/切实/加强 and nothing to check. */
export const vagueMeasureTemplates: MeasureTemplate[] = [
  { text: '进一步提高政治站位，切实加强{subject}' },
  { text: '持续强化责任意识，不断提升{subject}水平' },
  { text: '切实履行主体责任，推动{subject}常态化、长效化' },
  { text: '举一反三，进一步健全完善相关制度机制' },
  { text: '加强学习教育，切实增强做好{subject}的思想自觉和行动自觉' },
  { text: '进一步加强监督检查，确保整改取得实效' },
  { text: '坚持问题导向，以更高标准、更严要求抓好{subject}' },
  { text: '进一步压实工作责任，切实做到真认领、真整改、改到位' },
];

/** Measures written at the level of a problem that groups sub-items. */
export const umbrellaMeasureTemplates: MeasureTemplate[] = [
  { text: '党组召开专题会议研究部署该方面问题整改，逐项明确责任领导、责任股室和完成时限' },
  { text: '由{dept}每月调度一次该方面问题整改进展，形成整改进展报告报党组' },
  { text: '举一反三，对同类问题开展全面排查，做到查缺补漏、应改尽改' },
  { text: '将该方面问题整改情况纳入班子成员{y}年度述职述廉内容' },
  { text: '进一步强化制度执行，切实防止问题反弹' },
];

export const genericGoalTemplates = [
  '彻底解决{title}的问题，确保同类问题不再发生',
  '{subject}制度机制更加健全，整改成效得到巩固',
  '{subject}规范化、制度化水平明显提升',
];

export const umbrellaGoal = '该方面问题全部整改到位，相关制度机制健全完善';

export const immediateDeadlineTexts = ['立行立改', '即知即改', '立行立改，即知即改'];
export const immediateLongTermDeadlineTexts = ['立行立改，长期坚持', '即知即改并长期坚持'];
export const longTermDeadlineTexts = ['长期坚持', '长期坚持，持续整改', '长期坚持，常抓不懈'];
/** "N个月内" wordings; {months} is the count. */
export const withinDeadlineTemplates = ['{months}个月内', '{months}个月内整改到位', '{months}个月内完成'];
/** Months a "N个月内" deadline uses, weighted toward the usual three. */
export const withinMonthChoices = [1, 2, 3, 3, 3, 6];

export const closingStatementTemplates = [
  '{title}问题的{k}项整改措施已全部落实，佐证材料已上传，申请销号',
  '已按整改方案完成整改，经分管领导审核同意，申请销号',
  '该问题已整改完毕，经{dept}自查未发现同类问题，申请销号',
  '整改措施已落实到位，相关制度已印发执行，申请销号',
];

export const longTermStatementSuffix = '；该问题需长期坚持，将按季度报告落实情况';

export const partyGroupMeetingTopics = [
  '听取巡察整改进展情况汇报，研究{subject}问题整改',
  '调度巡察反馈问题整改进度，部署{subject}问题整改',
  '审议{doc}，研究推进巡察整改',
];
