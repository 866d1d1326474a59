/**
 * 督办通知 — the supervision notice for overdue items: one section per responsible leader,
 * addressed "某某同志：", listing each overdue problem with its deadline, days overdue,
 * department and state, and asking for completion and a written reply.
 */
import type { Paragraph, Table } from 'docx';
import {
  bodyParagraph,
  chineseDate,
  heading1Paragraph,
  renderOfficialDocument,
  signatureParagraphs,
  simpleTable,
  titleParagraph,
} from './official-document-layout.ts';
import { concreteProblems, type ReportModel, type ReportProblem } from './report-model.ts';
import { withoutEnd } from './report-text.ts';

/** Leader name used for overdue items nobody is assigned to. */
export const UNASSIGNED_LEADER = '（未明确责任领导）';

/** The supervision notice's title. */
export function supervisionTitle(model: ReportModel): string {
  return `关于督促${model.unitName}加快巡察反馈问题整改进度的督办通知`;
}

const DAY_MS = 86_400_000;

/** Calendar days from `dueOn` to `asOf`. */
export function daysOverdue(dueOn: string, asOf: string): number {
  return Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / DAY_MS);
}

/** Overdue concrete problems grouped by responsible leader, in document order. */
export function overdueByLeader(model: ReportModel): Map<string, ReportProblem[]> {
  const groups = new Map<string, ReportProblem[]>();
  for (const problem of concreteProblems(model.aspects)) {
    if (!problem.isOverdue) continue;
    const leaders = problem.leaders.length > 0 ? problem.leaders : [UNASSIGNED_LEADER];
    for (const leader of leaders) {
      const list = groups.get(leader);
      if (list) list.push(problem);
      else groups.set(leader, [problem]);
    }
  }
  return groups;
}

const STATE_NAMES: Record<ReportProblem['state'], string> = {
  draft: '未启动',
  in_progress: '整改中',
  pending_review: '待审核销号',
  closed: '已销号',
};

/** The supervision notice's paragraphs and tables in order (title first). */
export function buildSupervisionContent(model: ReportModel, issuedOn: string): Array<Paragraph | Table> {
  const groups = overdueByLeader(model);
  const content: Array<Paragraph | Table> = [titleParagraph(supervisionTitle(model))];
  if (groups.size === 0) {
    content.push(
      bodyParagraph(
        `截至${chineseDate(model.asOf)}，${model.unitName}没有超过整改时限未完成的巡察反馈问题。`,
      ),
    );
  }
  for (const [leader, problems] of groups) {
    content.push(
      bodyParagraph(`${leader === UNASSIGNED_LEADER ? `${model.unitName}整改办` : `${leader}同志`}：`, {
        noIndent: true,
      }),
    );
    content.push(
      bodyParagraph(
        `截至${chineseDate(model.asOf)}，您负责的以下${problems.length}个巡察反馈问题已超过整改时限仍未完成整改。请按照“整改一项、销号一项”的要求，于收到本通知后5个工作日内完成整改或书面说明原因及完成时间，并将佐证材料报送整改办。`,
      ),
    );
    content.push(
      simpleTable(
        ['序号', '问题', '整改时限', '逾期天数', '责任部门', '当前状态'],
        problems.map((problem, index) => [
          `${index + 1}`,
          withoutEnd(problem.title),
          problem.dueOn ? chineseDate(problem.dueOn) : (problem.deadlineText ?? ''),
          problem.dueOn ? `${daysOverdue(problem.dueOn, model.asOf)}` : '',
          problem.departments.join('、'),
          STATE_NAMES[problem.state],
        ]),
      ),
    );
  }
  content.push(heading1Paragraph('督办要求'));
  content.push(
    bodyParagraph(
      '对无正当理由逾期不整改、整改不到位或敷衍整改、弄虚作假的，将按照有关规定提醒、约谈，情节严重的严肃问责。',
    ),
  );
  content.push(...signatureParagraphs(`${model.unitName}巡察整改工作领导小组办公室`, chineseDate(issuedOn)));
  return content;
}

/** The supervision notice as .docx bytes. */
export async function exportSupervisionDocx(
  model: ReportModel,
  issuedOn: string = model.asOf,
): Promise<Buffer> {
  return renderOfficialDocument({
    title: supervisionTitle(model),
    subject: '巡察整改督办通知',
    children: buildSupervisionContent(model, issuedOn),
  });
}
