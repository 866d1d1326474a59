/**
 * 整改方案 — the rectification plan, structured like corpus 002: the opening, 一、总体要求,
 * 二、整改任务 per aspect and problem (具体表现, 整改措施 as 一是/二是…, 成效目标, 责任领导,
 * 责任部门, 责任人, 整改时限), 三、整改要求, and the 落款.
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
  titleParagraph,
} from './official-document-layout.ts';
import type { ReportModel, ReportProblem } from './report-model.ts';
import { asSentence, measureList, nameList, withoutEnd } from './report-text.ts';

/** The plan's title. */
export function planTitle(model: ReportModel): string {
  return `${model.unitName}关于落实${model.groupName ?? '巡察组'}反馈意见的整改方案`;
}

function deadlineText(problem: ReportProblem): string | null {
  if (problem.deadlineText) return problem.deadlineText;
  if (problem.dueOn) return `${chineseDate(problem.dueOn)}前`;
  if (problem.isLongTerm) return '长期坚持';
  return null;
}

function problemParagraphs(problem: ReportProblem, marker: string, out: Paragraph[]): void {
  out.push(bodyParagraph(`${marker}${asSentence(problem.title)}`));
  if (problem.manifestations.length > 0) {
    out.push(bodyParagraph('具体表现在：'));
    problem.manifestations.forEach((manifestation, index) => {
      out.push(bodyParagraph(`${index + 1}.${asSentence(manifestation)}`));
    });
  }
  const measures = problem.measures.map((measure) => measure.text);
  if (measures.length > 0) out.push(bodyParagraph(measureList(measures), { lead: '整改措施：' }));
  if (problem.goal) out.push(bodyParagraph(asSentence(problem.goal), { lead: '成效目标：' }));
  if (problem.leaders.length > 0) out.push(bodyParagraph(nameList(problem.leaders), { lead: '责任领导：' }));
  if (problem.departments.length > 0)
    out.push(bodyParagraph(nameList(problem.departments), { lead: '责任部门：' }));
  if (problem.people.length > 0) out.push(bodyParagraph(nameList(problem.people), { lead: '责任人：' }));
  const deadline = deadlineText(problem);
  if (deadline) out.push(bodyParagraph(deadline, { lead: '整改时限：' }));
  problem.children.forEach((child, index) => {
    problemParagraphs(child, `（${child.number ?? index + 1}）`, out);
  });
}

/** The plan's paragraphs in order (title first). */
export function buildPlanContent(model: ReportModel, issuedOn: string): Array<Paragraph | Table> {
  const group = model.groupName ?? '巡察组';
  const tasks: Paragraph[] = [];
  model.aspects.forEach((aspect, aspectIndex) => {
    tasks.push(heading2Paragraph(`（${chineseNumeral(aspectIndex + 1)}）${withoutEnd(aspect.title)}`));
    aspect.problems.forEach((problem, index) => {
      problemParagraphs(problem, `问题${problem.number ?? index + 1}：`, tasks);
    });
  });
  return [
    titleParagraph(planTitle(model)),
    bodyParagraph(
      `按照${group}对${model.unitName}巡察情况的反馈意见，${model.unitName}对照巡察反馈的具体问题，制定如下整改落实方案。`,
    ),
    heading1Paragraph('一、总体要求'),
    bodyParagraph(
      '坚持问题导向，把巡察整改作为重大政治任务，逐项明确整改措施、责任领导、责任部门和整改时限，做到一个具体问题、一个整改方案、一套整改班子、一抓到底，确保反馈问题件件有着落、事事有回音。',
    ),
    heading1Paragraph('二、整改任务'),
    ...tasks,
    heading1Paragraph('三、整改要求'),
    bodyParagraph(
      '各责任领导、责任部门要严格按照方案推进整改，整改完成一项、销号一项，佐证材料及时归档；整改办定期调度、跟踪督办，对敷衍整改、弄虚作假的严肃问责。',
    ),
    ...signatureParagraphs(model.unitName, chineseDate(issuedOn)),
  ];
}

/** The plan as .docx bytes. */
export async function exportPlanDocx(model: ReportModel, issuedOn: string = model.asOf): Promise<Buffer> {
  return renderOfficialDocument({
    title: planTitle(model),
    subject: '巡察整改方案',
    children: buildPlanContent(model, issuedOn),
  });
}
