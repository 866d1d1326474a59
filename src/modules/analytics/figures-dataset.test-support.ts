/**
 * A small hand-made dataset for the figures tests, written through the product's repositories
 * and services: two rounds, two units (one inspected in both rounds), problems in every state
 * (a parent with sub-items, a rebound, long-term and overdue items), register rows and
 * supervision notices. `HAND_COUNT` is what a person counts from the description below.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../storage/database.ts';
import type { LedgerState } from '../../storage/schema.ts';
import { createTestDatabase, type Backend, type TestDatabase } from '../../../test/support/databases.ts';
import { buildInspection, buildOffice, buildUser } from '../../../test/support/fixtures.ts';
import { createFixedClock } from '../common/clock.ts';
import { recordTransition } from '../ledger/ledger.repository.ts';
import {
  insertAspect,
  insertDeadline,
  insertMeasures,
  insertProblem,
} from '../problems/problem.repository.ts';
import { insertInstitution, insertMeeting, insertOutcome } from '../registers/registers.repository.ts';
import { createSupervisionNoticeService } from '../supervision/supervision-notice.service.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import type { Actor } from '../users/actor.ts';

export const HAND_COUNT_TODAY = '2026-11-20';
export const HAND_COUNT_ROUND_1 = '2024年第一轮巡察';
export const HAND_COUNT_ROUND_2 = '2025年第二轮巡察';
export const HAND_COUNT_UNIT_A = '某县甲局党组';
export const HAND_COUNT_UNIT_B = '某县乙中心党组';

/** The path from draft to each state; `rebound` closes and then reopens the item once. */
const PATHS: Record<LedgerState | 'rebound', Array<[LedgerState, LedgerState, string]>> = {
  draft: [],
  in_progress: [['draft', 'in_progress', 'start']],
  pending_review: [
    ['draft', 'in_progress', 'start'],
    ['in_progress', 'pending_review', 'apply_close'],
  ],
  closed: [
    ['draft', 'in_progress', 'start'],
    ['in_progress', 'pending_review', 'apply_close'],
    ['pending_review', 'closed', 'approve'],
  ],
  rebound: [
    ['draft', 'in_progress', 'start'],
    ['in_progress', 'pending_review', 'apply_close'],
    ['pending_review', 'closed', 'approve'],
    ['closed', 'in_progress', 'reopen_rebound'],
  ],
};

interface ProblemSpec {
  title: string;
  state: LedgerState | 'rebound';
  dueOn?: string;
  isLongTerm?: boolean;
  /** Each measure: done or not, and whether its own deadline is 长期坚持. */
  measures: Array<{ done: boolean; longTerm?: boolean }>;
  children?: ProblemSpec[];
}

/** The figures a person counts from the dataset (today 2026-11-20). */
export const HAND_COUNT = {
  round1UnitA: {
    // concrete: 1 closed, 2 pending (all done), 3 long-term (done + long-term open), 4 overdue
    // in progress, 5 overdue draft, 6a closed, 6b rebound (6 itself only groups them)
    problems: 7,
    closed: 2,
    basicallyClosed: 2,
    open: 5,
    inProgress: 3,
    pendingReview: 1,
    draft: 1,
    overdue: 2,
    longTerm: 1,
    rebounds: 1,
    measures: 12,
    institutionsNew: 2,
    institutionsRevised: 1,
    fundsReturnedYuan: 12_845.67,
    fundsRecoveredYuan: 3000,
    fundsSavedYuan: 0,
    peopleReminded: 4,
    peopleAdmonished: 1,
    peopleAccountable: 2,
    peopleDisciplined: 0,
    meetings: 3,
    noticesIssued: 1,
    noticesAnswered: 1,
  },
  round1UnitB: {
    problems: 3,
    closed: 2,
    basicallyClosed: 0,
    open: 1,
    inProgress: 1,
    pendingReview: 0,
    draft: 0,
    overdue: 0,
    longTerm: 0,
    rebounds: 0,
    measures: 3,
    institutionsNew: 0,
    institutionsRevised: 1,
    fundsReturnedYuan: 0,
    fundsRecoveredYuan: 0,
    fundsSavedYuan: 100,
    peopleReminded: 0,
    peopleAdmonished: 0,
    peopleAccountable: 0,
    peopleDisciplined: 0,
    meetings: 1,
    noticesIssued: 1,
    noticesAnswered: 1,
  },
  round2UnitA: {
    // 1 closed; 2 pending review with a measure still open (not 基本完成)
    problems: 2,
    closed: 1,
    basicallyClosed: 0,
    open: 1,
    inProgress: 0,
    pendingReview: 1,
    draft: 0,
    overdue: 0,
    longTerm: 0,
    rebounds: 0,
    measures: 3,
    institutionsNew: 1,
    institutionsRevised: 0,
    fundsReturnedYuan: 0.33,
    fundsRecoveredYuan: 0,
    fundsSavedYuan: 0,
    peopleReminded: 0,
    peopleAdmonished: 0,
    peopleAccountable: 1,
    peopleDisciplined: 0,
    meetings: 0,
    // the unit-level notice issued today belongs to the unit's latest feedback (round 2)
    noticesIssued: 2,
    noticesAnswered: 1,
  },
} as const;

export interface HandCountDataset {
  officeId: number;
  inspections: { round1UnitA: number; round1UnitB: number; round2UnitA: number };
}

export async function buildHandCountDataset(db: Database): Promise<HandCountDataset> {
  const clock = createFixedClock(`${HAND_COUNT_TODAY}T02:00:00.000Z`);
  const officeId = await buildOffice(db);
  const setUp = (round: string, year: number, unitName: string, feedbackOn: string) =>
    buildInspection(db, clock, {
      officeId,
      round: { name: round, year },
      unitName,
      feedbackOn,
    });
  const round1UnitA = await setUp(HAND_COUNT_ROUND_1, 2024, HAND_COUNT_UNIT_A, '2024-06-15');
  const round1UnitB = await setUp(HAND_COUNT_ROUND_1, 2024, HAND_COUNT_UNIT_B, '2024-06-20');
  const round2UnitA = await setUp(HAND_COUNT_ROUND_2, 2025, HAND_COUNT_UNIT_A, '2025-07-01');

  const longTermDeadline = () =>
    insertDeadline(db, {
      officeId,
      kind: 'long_term',
      text: '长期坚持',
      dueOn: null,
      months: null,
      checkinIntervalDays: 90,
    });
  const problemIds = new Map<string, number>();
  async function addProblems(inspectionId: number, specs: ProblemSpec[]) {
    const aspectId = await insertAspect(db, {
      officeId,
      inspectionId,
      position: 0,
      number: '一',
      title: '落实全面从严治党方面',
    });
    const add = async (spec: ProblemSpec, position: number, parentId: number | null) => {
      const deadlineId = spec.isLongTerm
        ? await longTermDeadline()
        : spec.dueOn
          ? await insertDeadline(db, {
              officeId,
              kind: 'date',
              text: spec.dueOn,
              dueOn: spec.dueOn,
              months: null,
              checkinIntervalDays: null,
            })
          : null;
      const id = await insertProblem(db, {
        officeId,
        inspectionId,
        aspectId,
        parentId,
        position,
        number: String(position + 1),
        title: spec.title,
        goal: null,
        state: 'draft',
        isLongTerm: spec.isLongTerm ?? false,
        deadlineId,
        closedAt: null,
        createdAt: '2024-07-01T02:00:00.000Z',
      });
      problemIds.set(`${inspectionId}:${spec.title}`, id);
      const measures = [];
      for (const [index, measure] of spec.measures.entries()) {
        measures.push({
          text: `${spec.title}措施${index + 1}`,
          deadlineId: measure.longTerm ? await longTermDeadline() : null,
          doneOn: measure.done ? '2024-09-01' : null,
        });
      }
      await insertMeasures(db, officeId, id, measures);
      await db.transaction().execute(async (transaction) => {
        for (const [from, to, action] of PATHS[spec.state]) {
          await recordTransition(transaction, {
            officeId,
            problemId: id,
            from,
            to,
            action,
            actorUserId: null,
            at: '2024-10-01T02:00:00.000Z',
            reason: action === 'reopen_rebound' ? '回头看发现反弹' : null,
            statement: null,
            evidence: [],
          });
        }
      });
      for (const [index, child] of (spec.children ?? []).entries()) await add(child, index, id);
    };
    for (const [index, spec] of specs.entries()) await add(spec, index, null);
  }

  const done = { done: true };
  const notDone = { done: false };
  await addProblems(round1UnitA, [
    { title: '问题1', state: 'closed', dueOn: '2024-09-30', measures: [done, done] },
    { title: '问题2', state: 'pending_review', dueOn: '2026-12-31', measures: [done, done] },
    {
      title: '问题3',
      state: 'in_progress',
      isLongTerm: true,
      measures: [done, { done: false, longTerm: true }],
    },
    { title: '问题4', state: 'in_progress', dueOn: '2025-01-31', measures: [done, notDone] },
    { title: '问题5', state: 'draft', dueOn: '2026-10-01', measures: [notDone] },
    {
      title: '问题6',
      state: 'in_progress',
      measures: [notDone],
      children: [
        { title: '问题6甲', state: 'closed', measures: [done] },
        { title: '问题6乙', state: 'rebound', measures: [done] },
      ],
    },
  ]);
  await addProblems(round1UnitB, [
    { title: '问题1', state: 'closed', measures: [done] },
    { title: '问题2', state: 'closed', measures: [done] },
    { title: '问题3', state: 'in_progress', dueOn: '2027-01-01', measures: [notDone] },
  ]);
  await addProblems(round2UnitA, [
    { title: '问题1', state: 'closed', measures: [done] },
    { title: '问题2', state: 'pending_review', measures: [done, notDone] },
  ]);

  const units = await db.selectFrom('inspections').select(['id', 'unit_id']).execute();
  const unitOf = (inspectionId: number) => units.find((row) => row.id === inspectionId)!.unit_id;
  const problem = (inspectionId: number, title: string) => problemIds.get(`${inspectionId}:${title}`)!;
  const link = (inspectionId: number, titles: string[]) => ({
    officeId,
    unitId: unitOf(inspectionId),
    inspectionId,
    problemIds: titles.map((title) => problem(inspectionId, title)),
  });
  const at = '2024-10-01T02:00:00.000Z';
  for (const [inspectionId, change, name] of [
    [round1UnitA, 'new', '公务接待管理办法'],
    [round1UnitA, 'new', '差旅费报销实施细则'],
    [round1UnitA, 'revised', '党组议事规则'],
    [round1UnitB, 'revised', '财务管理制度'],
    [round2UnitA, 'new', '固定资产管理办法'],
  ] as const) {
    await insertInstitution(db, {
      ...link(inspectionId, ['问题1']),
      name,
      change,
      adoptedOn: '2024-09-01',
      createdAt: at,
    });
  }
  for (const [inspectionId, heldOn] of [
    [round1UnitA, '2024-07-01'],
    [round1UnitA, '2024-08-01'],
    [round1UnitA, '2024-09-01'],
    [round1UnitB, '2024-07-05'],
  ] as const) {
    await insertMeeting(db, {
      ...link(inspectionId, ['问题1']),
      kind: 'party_group',
      heldOn,
      topic: '研究整改',
    });
  }
  for (const [inspectionId, kind, amountFen, peopleCount] of [
    [round1UnitA, 'funds_returned', 1_234_567, null],
    [round1UnitA, 'funds_returned', 50_000, null],
    [round1UnitA, 'funds_recovered', 300_000, null],
    [round1UnitA, 'people_reminded', null, 3],
    [round1UnitA, 'people_reminded', null, 1],
    [round1UnitA, 'people_admonished', null, 1],
    [round1UnitA, 'people_accountable', null, 2],
    [round1UnitB, 'funds_saved', 10_000, null],
    [round2UnitA, 'funds_returned', 11, null],
    [round2UnitA, 'funds_returned', 22, null],
    [round2UnitA, 'people_accountable', null, 1],
  ] as const) {
    await insertOutcome(db, {
      officeId,
      inspectionId,
      problemId: problem(inspectionId, '问题1'),
      kind,
      amountFen,
      peopleCount,
      note: null,
      recordedOn: '2024-09-15',
    });
  }

  const actor = async (role: 'office' | 'unit_office'): Promise<Actor> => ({
    userId: await buildUser(db, { officeId, role }),
    username: role,
    displayName: role,
    role,
    officeId,
    unitIds: 'all',
  });
  const office = await actor('office');
  const unitOffice = await actor('unit_office');
  const notices = createSupervisionNoticeService({ db, clock });
  const issue = (target: { problemId: number } | { unitId: number }) =>
    notices.issue(office, { ...target, title: '督办单', content: '请按期回复。', replyBy: '2026-12-01' });
  const reply = (notice: { id: number; version: number }) =>
    notices.reply(unitOffice, notice.id, { text: '已整改', evidenceIds: [], version: notice.version });
  await reply(await issue({ problemId: problem(round1UnitA, '问题4') }));
  const onUnitB = await reply(await issue({ unitId: unitOf(round1UnitB) }));
  await notices.close(office, onUnitB.id, { version: onUnitB.version });
  await issue({ unitId: unitOf(round2UnitA) });
  await reply(await issue({ problemId: problem(round2UnitA, '问题2') }));

  return { officeId, inspections: { round1UnitA, round1UnitB, round2UnitA } };
}

export interface HandCountDatabase {
  db: TestDatabase['db'];
  dataset: HandCountDataset;
  /** The whole office, as the office's own staff see it. */
  scope: LedgerScope;
}

/**
 * A fresh database with the hand-count dataset for the enclosing describe block, disposed of
 * after it; its fields are filled in once beforeAll has run.
 */
export function useHandCountDatabase(backend: Backend): HandCountDatabase {
  const fixture = {} as HandCountDatabase;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    fixture.db = database.db;
    fixture.dataset = await buildHandCountDataset(database.db);
    fixture.scope = { officeId: fixture.dataset.officeId, unitIds: 'all' };
  }, 60_000);
  afterAll(async () => {
    await database?.dispose();
  });
  return fixture;
}
