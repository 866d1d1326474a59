/**
 * The aggregate notice opened again with the .docx reader: its title, the totals sentence and
 * the per-round and per-unit tables carry exactly the hand-counted figures, in the official
 * layout; only the office and the observer may generate it.
 */
import { describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/databases.ts';
import {
  HAND_COUNT_ROUND_1,
  HAND_COUNT_ROUND_2,
  HAND_COUNT_TODAY,
  HAND_COUNT_UNIT_A,
  HAND_COUNT_UNIT_B,
  useHandCountDatabase,
} from '../analytics/figures-dataset.test-support.ts';
import { createFixedClock } from '../common/clock.ts';
import { createAggregateNoticeService } from './aggregate-notice.service.ts';
import { findAll, findOne, openDocx, textOf } from './docx-reader.test-support.ts';
import { PAGE_TWIPS } from './official-document-layout.ts';

const clock = createFixedClock(`${HAND_COUNT_TODAY}T02:00:00.000Z`);

async function tablesOf(bytes: Buffer) {
  const docx = await openDocx(bytes);
  const tables = findAll(docx.document, 'w:tbl').map((table) =>
    findAll(table, 'w:tr').map((row) => findAll(row, 'w:tc').map(textOf)),
  );
  return { docx, tables };
}

describe.each(backends)('aggregate notice on %s', (backend) => {
  const hand = useHandCountDatabase(backend);

  it('over every round: totals in the text, a row per round and per unit with a totals row', async () => {
    const notice = await createAggregateNoticeService({ db: hand.db, clock }).generate(hand.scope, 'office');
    const { docx, tables } = await tablesOf(notice.bytes);
    expect(notice.fileName).toBe(`历轮巡察-整改情况通报-${HAND_COUNT_TODAY}.docx`);
    expect(docx.paragraphs[0]).toBe('关于历轮巡察整改情况的通报');
    expect(docx.paragraphs).toContain(
      '截至2026年11月20日，历轮巡察共涉及被巡察单位2个，反馈问题12个，完成整改5个，完成率41.67%，' +
        '基本完成2个，尚未完成7个（其中逾期2个）；完善和新建制度5项，清退违规资金1.28万元。',
    );
    expect(docx.paragraphs).toContain(
      '各被巡察单位共制定整改措施18条，新建制度3项、完善制度2项；清退违规资金1.28万元，追缴资金0.30万元，' +
        '挽回经济损失0.01万元；提醒谈话4人，诫勉谈话1人，问责3人，给予党纪政务处分0人；召开专题会议4次。' +
        '巡察办下发督办单4份，已回复3份。',
    );
    const [byRound, byUnit] = tables;
    expect(byRound).toEqual([
      [
        '序号',
        '巡察轮次',
        '单位数',
        '反馈问题',
        '完成整改',
        '基本完成',
        '完成率',
        '逾期',
        '建章立制（项）',
        '清退资金（万元）',
      ],
      ['1', HAND_COUNT_ROUND_2, '1', '2', '1', '0', '50.00%', '0', '1', '0.00'],
      ['2', HAND_COUNT_ROUND_1, '2', '10', '4', '2', '40.00%', '2', '4', '1.28'],
      ['', '合计', '2', '12', '5', '2', '41.67%', '2', '5', '1.28'],
    ]);
    expect(byUnit!.slice(1)).toEqual([
      // Units in pinyin order: 甲 (jiǎ) before 乙 (yǐ).
      ['1', HAND_COUNT_UNIT_A, '9', '3', '2', '33.33%', '2', '4', '1.28'],
      ['2', HAND_COUNT_UNIT_B, '3', '2', '0', '66.67%', '0', '1', '0.00'],
      ['', '合计', '12', '5', '2', '41.67%', '2', '5', '1.28'],
    ]);
    expect(
      docx.paragraphs.some((text) => text.startsWith(`${HAND_COUNT_UNIT_A}等1个单位仍有超过整改时限`)),
    ).toBe(true);
    const section = findOne(docx.document, 'w:sectPr');
    expect(findOne(section, 'w:pgSz').attributes).toMatchObject({
      'w:w': String(PAGE_TWIPS.width),
      'w:h': String(PAGE_TWIPS.height),
    });
  });

  it('over one round: the round in the title and only its units', async () => {
    const rounds = await hand.db.selectFrom('inspection_rounds').select(['id', 'name']).execute();
    const round = rounds.find((row) => row.name === HAND_COUNT_ROUND_1)!;
    const notice = await createAggregateNoticeService({ db: hand.db, clock }).generate(
      hand.scope,
      'observer',
      round.id,
    );
    const { docx, tables } = await tablesOf(notice.bytes);
    expect(docx.paragraphs[0]).toBe(`关于${HAND_COUNT_ROUND_1}整改情况的通报`);
    expect(docx.paragraphs.some((text) => text.includes('反馈问题10个，完成整改4个，完成率40.00%'))).toBe(
      true,
    );
    expect(tables).toHaveLength(1);
    expect(tables[0]!.slice(1).map((row) => row[1])).toEqual([HAND_COUNT_UNIT_A, HAND_COUNT_UNIT_B, '合计']);
    expect(tables[0]!.at(-1)).toEqual(['', '合计', '10', '4', '2', '40.00%', '2', '4', '1.28']);
  });

  it('is refused to the units’ own roles, and a round of another office is not found', async () => {
    const service = createAggregateNoticeService({ db: hand.db, clock });
    await expect(service.generate(hand.scope, 'unit_office')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service.generate(hand.scope, 'office', 999_999)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
