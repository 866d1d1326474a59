/**
 * 整改进展情况通报 — the public progress notice, structured like the notices units publish
 * (corpus 000/001/003/004): the opening, 一、组织落实情况 (meetings, the leading group,
 * institutions, outcomes and the computed totals), 二、整改进展情况 per aspect and problem with
 * its measures and state, 三、下一步工作 (long-term and open items), the contact paragraph for
 * public feedback, and the 落款.
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
import {
  concreteProblems,
  formatYuan,
  totalsSentence,
  type ReportModel,
  type ReportProblem,
} from './report-model.ts';
import { asSentence, inspectionOpening, measureList, withoutEnd } from './report-text.ts';

/** Shown instead of contact details the unit has not recorded yet; never invented numbers. */
export const CONTACT_PLACEHOLDER = '〔请整改办补充联系电话、电子邮箱和通信地址〕';

/** The notice's title. */
export function noticeTitle(model: ReportModel): string {
  return `${model.unitName}关于巡察整改进展情况的通报`;
}

function meetingSentence(model: ReportModel): string | null {
  const { meetingsByKind } = model.totals;
  const parts: string[] = [];
  if (meetingsByKind.party_group > 0) parts.push(`党组（党委）会议${meetingsByKind.party_group}次`);
  if (meetingsByKind.democratic_life > 0) parts.push(`专题民主生活会${meetingsByKind.democratic_life}次`);
  if (meetingsByKind.leading_group > 0) parts.push(`整改工作领导小组会议${meetingsByKind.leading_group}次`);
  if (meetingsByKind.mobilisation > 0) parts.push(`整改动员部署会${meetingsByKind.mobilisation}次`);
  if (meetingsByKind.other > 0) parts.push(`其他专题会议${meetingsByKind.other}次`);
  if (parts.length === 0) return null;
  return `开展巡察整改工作以来，共召开${parts.join('、')}，听取整改进展情况，研究解决整改中的突出问题。`;
}

function resultSentences(model: ReportModel): string[] {
  const totals = model.totals;
  const sentences: string[] = [];
  const institutions = totals.institutionsNew + totals.institutionsRevised;
  if (institutions > 0)
    sentences.push(
      `坚持建章立制，共建立完善制度${institutions}项，其中新制定${totals.institutionsNew}项、修订完善${totals.institutionsRevised}项。`,
    );
  const funds: string[] = [];
  if (totals.fundsReturnedYuan > 0) funds.push(`退还资金${formatYuan(totals.fundsReturnedYuan)}元`);
  if (totals.fundsRecoveredYuan > 0) funds.push(`追缴资金${formatYuan(totals.fundsRecoveredYuan)}元`);
  if (totals.fundsSavedYuan > 0) funds.push(`挽回经济损失${formatYuan(totals.fundsSavedYuan)}元`);
  if (funds.length > 0) sentences.push(`${funds.join('，')}。`);
  const people: string[] = [];
  if (totals.peopleReminded > 0) people.push(`提醒谈话${totals.peopleReminded}人次`);
  if (totals.peopleAdmonished > 0) people.push(`约谈${totals.peopleAdmonished}人次`);
  if (totals.peopleAccountable > 0) people.push(`问责${totals.peopleAccountable}人`);
  if (totals.peopleDisciplined > 0) people.push(`给予党纪政务处分${totals.peopleDisciplined}人`);
  if (people.length > 0) sentences.push(`强化跟踪督办和执纪问责，${people.join('，')}。`);
  return sentences;
}

/** The state line of one problem; measures follow it in the same paragraph. */
export function stateLabel(problem: ReportProblem): string {
  switch (problem.state) {
    case 'closed':
      return '已完成。';
    case 'pending_review':
      return '已申请销号，待审核。';
    default:
      return problem.isLongTerm ? '长期坚持，持续推进。' : '';
  }
}

function problemParagraphs(problem: ReportProblem, marker: string, out: Paragraph[]): void {
  out.push(bodyParagraph(`${marker}${asSentence(problem.title)}`));
  const measures = problem.measures.map((measure) => measure.text);
  const state = stateLabel(problem);
  if (measures.length > 0 || state !== '' || problem.children.length === 0) {
    const text = `${state}${measureList(measures)}`;
    out.push(bodyParagraph(text === '' ? '正在整改。' : text, { lead: '整改情况：' }));
  }
  problem.children.forEach((child, index) => {
    problemParagraphs(child, `（${child.number ?? index + 1}）`, out);
  });
}

/** The paragraphs of 二、整改进展情况. */
function progressParagraphs(model: ReportModel): Paragraph[] {
  const out: Paragraph[] = [];
  model.aspects.forEach((aspect, aspectIndex) => {
    out.push(heading2Paragraph(`（${chineseNumeral(aspectIndex + 1)}）${withoutEnd(aspect.title)}`));
    const [only] = aspect.problems;
    // An aspect that carries its measures directly is one problem named like the aspect.
    if (aspect.problems.length === 1 && only && only.number == null && only.title === aspect.title) {
      const text = `${stateLabel(only)}${measureList(only.measures.map((measure) => measure.text))}`;
      out.push(bodyParagraph(text === '' ? '正在整改。' : text, { lead: '整改情况：' }));
      return;
    }
    aspect.problems.forEach((problem, index) => {
      problemParagraphs(problem, `${problem.number ?? index + 1}.`, out);
    });
  });
  return out;
}

function nextStepParagraphs(model: ReportModel): Paragraph[] {
  const concrete = concreteProblems(model.aspects);
  const open = concrete.filter((problem) => problem.state !== 'closed');
  const longTerm = concrete.filter((problem) => problem.isLongTerm);
  const sentences: string[] = [];
  if (open.length > 0)
    sentences.push(
      `对尚未完成整改的${open.length}个问题，盯住不放、挂图作战，逐项明确完成时间，确保按期整改到位${
        model.totals.overdue > 0 ? `，其中已超过整改时限的${model.totals.overdue}个问题列入重点督办` : ''
      }。`,
    );
  if (longTerm.length > 0)
    sentences.push(`对需要长期坚持的${longTerm.length}个问题，定期跟踪检查，持续巩固，久久为功。`);
  sentences.push('对已完成整改的问题，适时组织“回头看”，巩固整改成果，坚决防止问题反弹。');
  return [heading1Paragraph('三、下一步工作'), bodyParagraph(sentences.join(''))];
}

function contactParagraph(model: ReportModel): Paragraph {
  const contact = model.contact;
  const details: string[] = [];
  if (contact) {
    if (contact.phones.length > 0) details.push(`联系电话：${contact.phones.join('、')}`);
    if (contact.emails.length > 0) details.push(`电子邮箱：${contact.emails.join('、')}`);
    if (contact.address) details.push(`通信地址：${contact.address}`);
    if (contact.postcode) details.push(`邮政编码：${contact.postcode}`);
  }
  const channel = details.length > 0 ? `${details.join('；')}。` : CONTACT_PLACEHOLDER;
  return bodyParagraph(
    `欢迎广大干部群众对巡察整改落实情况进行监督，如有意见建议，请及时向我们反映。${channel}`,
  );
}

/** The notice's paragraphs in order (title first). */
export function buildNoticeContent(model: ReportModel, issuedOn: string): Array<Paragraph | Table> {
  const totals = model.totals;
  const organisation: string[] = [
    `对巡察反馈的${totals.aspects}个方面${totals.problems}个问题，${model.unitName}认真履行整改主体责任，逐项制定整改措施，明确责任领导、责任部门和整改时限，推动整改落实。`,
  ];
  const meetings = meetingSentence(model);
  if (meetings) organisation.push(meetings);
  return [
    titleParagraph(noticeTitle(model)),
    bodyParagraph(
      `${inspectionOpening(model)}按照党务公开原则和巡察工作有关要求，现将巡察整改进展情况通报如下：`,
    ),
    heading1Paragraph('一、组织落实情况'),
    bodyParagraph(organisation.join('')),
    ...resultSentences(model).map((sentence) => bodyParagraph(sentence)),
    bodyParagraph(`截至${chineseDate(model.asOf)}，${totalsSentence(totals)}。`),
    heading1Paragraph('二、整改进展情况'),
    ...progressParagraphs(model),
    ...nextStepParagraphs(model),
    contactParagraph(model),
    ...signatureParagraphs(model.unitName, chineseDate(issuedOn)),
  ];
}

/** The public progress notice as .docx bytes. */
export async function exportNoticeDocx(model: ReportModel, issuedOn: string = model.asOf): Promise<Buffer> {
  return renderOfficialDocument({
    title: noticeTitle(model),
    subject: '巡察整改进展情况通报',
    children: buildNoticeContent(model, issuedOn),
  });
}
