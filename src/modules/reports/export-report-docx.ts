/**
 * 整改情况报告 — the rectification report to the inspection office: addressed to the office,
 * the overall situation with the computed totals, a statistics table (problems by state,
 * completion rate, measures, institutions, funds, people, meetings), the unit's rectification
 * quality grade with every indicator's weight, points and reason, the state of each problem by
 * aspect, and the next steps.
 */
import type { Paragraph, Table } from 'docx';
import {
  bodyParagraph,
  chineseDate,
  chineseNumeral,
  heading1Paragraph,
  heading2Paragraph,
  renderOfficialDocument,
  signatureParagraphs,
  simpleTable,
  titleParagraph,
} from './official-document-layout.ts';
import {
  allProblems,
  concreteProblems,
  formatRate,
  formatYuan,
  totalsSentence,
  type ReportModel,
  type ReportProblem,
  type ReportQuality,
} from './report-model.ts';
import { asSentence, inspectionOpening, withoutEnd } from './report-text.ts';

const STATE_NAMES: Record<ReportProblem['state'], string> = {
  draft: '未启动',
  in_progress: '整改中',
  pending_review: '待审核销号',
  closed: '已销号',
};

/** The report's title. */
export function reportTitle(model: ReportModel): string {
  return `${model.unitName}关于巡察反馈意见整改情况的报告`;
}

/** The statistics table's rows: [指标, 数值]. */
export function statisticsRows(model: ReportModel): Array<[string, string]> {
  const totals = model.totals;
  return [
    ['反馈问题（个）', `${totals.problems}`],
    ['已销号（个）', `${totals.closed}`],
    ['待审核销号（个）', `${totals.pendingReview}`],
    ['整改中（个）', `${totals.inProgress}`],
    ['未启动（个）', `${totals.draft}`],
    ['逾期未完成（个）', `${totals.overdue}`],
    ['长期坚持（个）', `${totals.longTerm}`],
    ['完成率', formatRate(totals.completionRate)],
    ['整改措施（条）', `${totals.measures}`],
    ['已落实措施（条）', `${totals.measuresDone}`],
    ['新制定制度（项）', `${totals.institutionsNew}`],
    ['修订完善制度（项）', `${totals.institutionsRevised}`],
    ['退还资金（元）', formatYuan(totals.fundsReturnedYuan)],
    ['追缴资金（元）', formatYuan(totals.fundsRecoveredYuan)],
    ['挽回损失（元）', formatYuan(totals.fundsSavedYuan)],
    ['提醒谈话（人次）', `${totals.peopleReminded}`],
    ['约谈（人次）', `${totals.peopleAdmonished}`],
    ['问责（人）', `${totals.peopleAccountable}`],
    ['党纪政务处分（人）', `${totals.peopleDisciplined}`],
    ['召开会议（次）', `${totals.meetings}`],
    ['收到公众意见（件）', `${totals.feedbackReceived}`],
    ['已答复公众意见（件）', `${totals.feedbackReplied}`],
    ['已办结公众意见（件）', `${totals.feedbackClosed}`],
  ];
}

/** The quality table's rows: [评价指标, 权重, 得分, 评价依据]. */
export function qualityRows(quality: ReportQuality): Array<[string, string, string, string]> {
  return quality.indicators.map((indicator) => [
    indicator.label,
    `${indicator.weight}`,
    indicator.points === null ? '不计分' : `${indicator.points}`,
    indicator.basis,
  ]);
}

/** The sentence stating the grade, e.g. 截至2026年11月20日，本单位整改质量评价等次为“较好”，得分82.5分。 */
export function qualitySentence(quality: ReportQuality): string {
  const when = `截至${chineseDate(quality.computedOn)}`;
  if (quality.grade === null || quality.score === null) {
    return `${when}，暂无可计分的评价指标，未评定整改质量等次。`;
  }
  return `${when}，按巡察机构确定的评价指标和权重，本单位整改质量评价等次为“${quality.grade}”，得分${quality.score}分。各项指标如下：`;
}

function qualitySection(quality: ReportQuality | null): Array<Paragraph | Table> {
  if (!quality) return [];
  return [
    heading1Paragraph('三、整改质量评价'),
    bodyParagraph(qualitySentence(quality)),
    ...(quality.grade === null
      ? []
      : [simpleTable(['评价指标', '权重', '得分', '评价依据'], qualityRows(quality))]),
  ];
}

function problemLine(problem: ReportProblem, marker: string): string {
  const owners = [...problem.leaders, ...problem.departments].join('、');
  return `${marker}${withoutEnd(problem.title)}（${STATE_NAMES[problem.state]}${owners ? `；${owners}` : ''}）。`;
}

/** The report's paragraphs and table in order (title first). */
export function buildReportContent(model: ReportModel, issuedOn: string): Array<Paragraph | Table> {
  const perAspect: Paragraph[] = [];
  model.aspects.forEach((aspect, aspectIndex) => {
    perAspect.push(heading2Paragraph(`（${chineseNumeral(aspectIndex + 1)}）${withoutEnd(aspect.title)}`));
    aspect.problems.forEach((problem, index) => {
      perAspect.push(bodyParagraph(problemLine(problem, `${problem.number ?? index + 1}.`)));
      problem.children.forEach((child, childIndex) => {
        perAspect.push(bodyParagraph(problemLine(child, `（${child.number ?? childIndex + 1}）`)));
      });
    });
  });
  const open = concreteProblems(model.aspects).filter((problem) => problem.state !== 'closed');
  const nextSteps =
    open.length === 0
      ? '反馈问题已全部完成整改。下一步将巩固整改成果，适时开展“回头看”，防止问题反弹。'
      : `尚未完成整改的${open.length}个问题，将逐项明确完成时间，确保按期整改到位：${open
          .map((problem) => withoutEnd(problem.title))
          .join('；')}。`;
  // Sections after the statistics are numbered on from whether the quality section is present.
  const quality = qualitySection(model.quality);
  const numberAfterStatistics = (offset: number) =>
    `${chineseNumeral(offset + (quality.length > 0 ? 3 : 2))}、`;
  return [
    titleParagraph(reportTitle(model)),
    bodyParagraph(`${model.officeName}：`, { noIndent: true }),
    bodyParagraph(`${inspectionOpening(model)}现将整改情况报告如下：`),
    heading1Paragraph('一、整改工作总体情况'),
    bodyParagraph(`截至${chineseDate(model.asOf)}，${totalsSentence(model.totals)}。`),
    heading1Paragraph('二、整改统计'),
    simpleTable(['指标', '数值'], statisticsRows(model)),
    ...quality,
    heading1Paragraph(`${numberAfterStatistics(1)}问题整改情况`),
    ...perAspect,
    heading1Paragraph(`${numberAfterStatistics(2)}下一步工作`),
    bodyParagraph(asSentence(nextSteps)),
    bodyParagraph(
      `整改措施共${allProblems(model.aspects).reduce((sum, problem) => sum + problem.measures.length, 0)}条，详见整改台账。`,
    ),
    ...signatureParagraphs(model.unitName, chineseDate(issuedOn)),
  ];
}

/** The report to the inspection office as .docx bytes. */
export async function exportReportDocx(model: ReportModel, issuedOn: string = model.asOf): Promise<Buffer> {
  return renderOfficialDocument({
    title: reportTitle(model),
    subject: '巡察整改情况报告',
    children: buildReportContent(model, issuedOn),
  });
}
