/**
 * 关于X巡察整改情况的通报 — the inspection office's aggregate notice over a round (or every round):
 * the totals in one sentence ("反馈问题697个，完成整改688个，完成率98.71%…"), the results beyond
 * the ledger (institutions, money in 万元 with two decimals, people, meetings, supervision
 * notices), a table per round when several are covered, a table per unit with a totals row,
 * and the units with overdue items named. Every number comes from the office's figures.
 */
import type { Paragraph, Table } from 'docx';
import type { FigureTotals, RoundFigures } from '../analytics/figure-totals.ts';
import { percentText, tenThousandYuan } from '../analytics/figure.rules.ts';
import {
  bodyParagraph,
  chineseDate,
  chineseNumeral,
  heading1Paragraph,
  renderOfficialDocument,
  signatureParagraphs,
  simpleTable,
  titleParagraph,
} from './official-document-layout.ts';

/** One table row: a unit (in one round, or across the rounds covered). */
export type AggregateUnitRow = FigureTotals & { unitName: string };

export interface AggregateNoticeInput {
  officeName: string;
  /** The round covered, or null for every round of the office. */
  roundName: string | null;
  /** The day the figures stand at. */
  asOf: string;
  totals: FigureTotals;
  rounds: readonly RoundFigures[];
  units: readonly AggregateUnitRow[];
}

/** "十二届市委第三轮巡察" as the notice names it; every round when null. */
function roundPhrase(roundName: string | null): string {
  if (roundName === null) return '历轮巡察';
  return roundName.endsWith('巡察') || roundName.endsWith('巡视') ? roundName : `${roundName}巡察`;
}

export function aggregateNoticeTitle(roundName: string | null): string {
  return `关于${roundPhrase(roundName)}整改情况的通报`;
}

/** The totals sentence, e.g. "反馈问题697个，完成整改688个，完成率98.71%，…". */
export function aggregateTotalsSentence(input: AggregateNoticeInput): string {
  const { totals } = input;
  const institutions = totals.institutionsNew + totals.institutionsRevised;
  return (
    `截至${chineseDate(input.asOf)}，${roundPhrase(input.roundName)}共涉及被巡察单位${totals.units}个，` +
    `反馈问题${totals.problems}个，完成整改${totals.closed}个，完成率${percentText(totals.completionRate)}，` +
    `基本完成${totals.basicallyClosed}个，尚未完成${totals.open}个（其中逾期${totals.overdue}个）；` +
    `完善和新建制度${institutions}项，清退违规资金${tenThousandYuan(totals.fundsReturnedYuan)}万元。`
  );
}

/** The results beyond the ledger, in one paragraph. */
export function aggregateResultsSentence(totals: FigureTotals): string {
  return (
    `各被巡察单位共制定整改措施${totals.measures}条，新建制度${totals.institutionsNew}项、` +
    `完善制度${totals.institutionsRevised}项；清退违规资金${tenThousandYuan(totals.fundsReturnedYuan)}万元，` +
    `追缴资金${tenThousandYuan(totals.fundsRecoveredYuan)}万元，挽回经济损失${tenThousandYuan(totals.fundsSavedYuan)}万元；` +
    `提醒谈话${totals.peopleReminded}人，诫勉谈话${totals.peopleAdmonished}人，问责${totals.peopleAccountable}人，` +
    `给予党纪政务处分${totals.peopleDisciplined}人；召开专题会议${totals.meetings}次。` +
    `巡察办下发督办单${totals.noticesIssued}份，已回复${totals.noticesAnswered}份。`
  );
}

const FIGURE_HEADER = [
  '反馈问题',
  '完成整改',
  '基本完成',
  '完成率',
  '逾期',
  '建章立制（项）',
  '清退资金（万元）',
];

function figureCells(figures: FigureTotals): string[] {
  return [
    `${figures.problems}`,
    `${figures.closed}`,
    `${figures.basicallyClosed}`,
    percentText(figures.completionRate),
    `${figures.overdue}`,
    `${figures.institutionsNew + figures.institutionsRevised}`,
    tenThousandYuan(figures.fundsReturnedYuan),
  ];
}

/** The aggregate notice's paragraphs and tables in order (title first). */
export function buildAggregateNoticeContent(input: AggregateNoticeInput): Array<Paragraph | Table> {
  let section = 0;
  const heading = (text: string) => {
    section += 1;
    return heading1Paragraph(`${chineseNumeral(section)}、${text}`);
  };
  const content: Array<Paragraph | Table> = [
    titleParagraph(aggregateNoticeTitle(input.roundName)),
    bodyParagraph('各被巡察单位党组织：', { noIndent: true }),
    bodyParagraph('为压紧压实巡察整改主体责任，推动巡察反馈问题整改落实落地，现将巡察整改情况通报如下。'),
    heading('总体情况'),
    bodyParagraph(aggregateTotalsSentence(input)),
    bodyParagraph(aggregateResultsSentence(input.totals)),
  ];
  if (input.rounds.length > 1) {
    content.push(heading('各轮次整改情况'));
    content.push(
      simpleTable(
        ['序号', '巡察轮次', '单位数', ...FIGURE_HEADER],
        [
          ...input.rounds.map((round, index) => [
            `${index + 1}`,
            round.roundName,
            `${round.units}`,
            ...figureCells(round),
          ]),
          ['', '合计', `${input.totals.units}`, ...figureCells(input.totals)],
        ],
      ),
    );
  }
  content.push(heading('各单位整改情况'));
  content.push(
    simpleTable(
      ['序号', '被巡察单位', ...FIGURE_HEADER],
      [
        ...input.units.map((unit, index) => [`${index + 1}`, unit.unitName, ...figureCells(unit)]),
        ['', '合计', ...figureCells(input.totals)],
      ],
    ),
  );
  content.push(heading('下一步工作要求'));
  const overdueUnits = input.units.filter((unit) => unit.overdue > 0);
  if (overdueUnits.length > 0) {
    content.push(
      bodyParagraph(
        `${overdueUnits.map((unit) => unit.unitName).join('、')}等${overdueUnits.length}个单位仍有超过整改时限未完成的问题，` +
          '要逐项说明原因、明确完成时限，巡察办将跟踪督办，对敷衍整改、虚假整改的严肃追责问责。',
      ),
    );
  }
  content.push(
    bodyParagraph(
      '各单位要坚持“整改一项、销号一项”，对基本完成和长期坚持的事项持续推进、巩固成效，防止问题反弹，' +
        '并举一反三、建章立制，切实把巡察整改成果转化为推动高质量发展的实际成效。',
    ),
  );
  content.push(...signatureParagraphs(input.officeName, chineseDate(input.asOf)));
  return content;
}

/** The aggregate notice as .docx bytes. */
export async function exportAggregateNoticeDocx(input: AggregateNoticeInput): Promise<Buffer> {
  return renderOfficialDocument({
    title: aggregateNoticeTitle(input.roundName),
    subject: '巡察整改情况通报',
    children: buildAggregateNoticeContent(input),
  });
}
