/**
 * 整改情况报告 — the rectification report to the inspection office: addressed to the office,
 * the overall situation with the computed totals, a statistics table (problems by state,
 * completion rate, measures, institutions, funds, people, meetings), the state of each problem
 * by aspect, and the next steps.
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
  return [
    titleParagraph(reportTitle(model)),
    bodyParagraph(`${model.officeName}：`, { noIndent: true }),
    bodyParagraph(`${inspectionOpening(model)}现将整改情况报告如下：`),
    heading1Paragraph('一、整改工作总体情况'),
    bodyParagraph(`截至${chineseDate(model.asOf)}，${totalsSentence(model.totals)}。`),
    heading1Paragraph('二、整改统计'),
    simpleTable(['指标', '数值'], statisticsRows(model)),
    heading1Paragraph('三、问题整改情况'),
    ...perAspect,
    heading1Paragraph('四、下一步工作'),
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
