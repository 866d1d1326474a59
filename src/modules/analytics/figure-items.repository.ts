/**
 * The drill-down: the rows behind one figure for a round and/or unit (or all), paginated —
 * problems for the ledger figures, measures, register rows (institutions, outcomes, meetings)
 * or supervision notices. Built on the same selection and conditions as the counts, so the
 * list's row count (or, for summed figures, its sum) equals the figure.
 */
import { sql } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import { shanghaiDate } from '../deadlines/calendar-date.rules.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import { institutionLinks, meetingLinks } from '../registers/registers.repository.ts';
import {
  FIGURE_DEFINITIONS,
  OUTCOME_FIGURES,
  type FigureKey,
  type FigureSource,
  type OutcomeFigureKey,
  type ProblemFigureKey,
} from './figure-keys.ts';
import {
  concreteProblemsOf,
  findAttributedNotices,
  findSelectedInspections,
  isNoticeAnswered,
  problemCondition,
  type FigureSelection,
  type SelectedInspection,
} from './figure-selection.repository.ts';

/** One row behind a figure, in one shape whatever its source, for one drill-down table. */
export interface FigureItem {
  source: FigureSource;
  id: number;
  inspectionId: number;
  unitName: string;
  roundName: string;
  /** The problem's number, when the row is a problem. */
  number: string | null;
  /** Problem title, measure text, institution name, meeting topic, notice title or outcome note. */
  title: string;
  /** The row's state or kind as stored (ledger state, notice state, new/revised, outcome kind…). */
  state: string | null;
  /** Its day: deadline, done, adopted, held, issued or recorded. */
  date: string | null;
  /** What the row adds to a summed figure (yuan, people, rebounds); null for counted figures. */
  value: number | null;
  /** The problem to open, when the row is about one. */
  problemId: number | null;
  /** Every problem the row is linked to (institutions and meetings may name several). */
  problemIds: number[];
}

export interface FigureItemsPage {
  key: FigureKey;
  label: string;
  source: FigureSource;
  aggregate: 'count' | 'sum';
  /** Rows behind the figure (all pages). */
  total: number;
  /** The figure itself: `total` for counted figures, the sum of `value` for summed ones. */
  figure: number;
  page: number;
  pageSize: number;
  items: FigureItem[];
}

export interface FigureItemsQuery extends FigureSelection {
  key: FigureKey;
  page: number;
  pageSize: number;
  today: string;
}

type Context = {
  db: Executor;
  ids: number[];
  inspections: Map<number, SelectedInspection>;
  query: FigureItemsQuery;
};

const offsetOf = (query: FigureItemsQuery) => (query.page - 1) * query.pageSize;

function placed(context: Context, inspectionId: number) {
  const inspection = context.inspections.get(inspectionId);
  return {
    inspectionId,
    unitName: inspection?.unit_name ?? '',
    roundName: inspection?.round_name ?? '',
  };
}

/** The rows behind one figure in scope; an empty page when the selection has no inspection. */
export async function findFigureItems(
  db: Executor,
  scope: LedgerScope,
  query: FigureItemsQuery,
): Promise<Omit<FigureItemsPage, 'key' | 'label' | 'source' | 'aggregate' | 'page' | 'pageSize'>> {
  const selected = await findSelectedInspections(db, scope, query);
  if (selected.length === 0) return { total: 0, figure: 0, items: [] };
  const context: Context = {
    db,
    ids: selected.map((row) => row.inspection_id),
    inspections: new Map(selected.map((row) => [row.inspection_id, row])),
    query,
  };
  const definition = FIGURE_DEFINITIONS[query.key];
  switch (definition.source) {
    case 'problems':
      return problemItems(context, query.key as ProblemFigureKey);
    case 'measures':
      return measureItems(context);
    case 'institutions':
      return institutionItems(context, query.key === 'institutionsNew' ? 'new' : 'revised');
    case 'outcomes':
      return outcomeItems(context, query.key as OutcomeFigureKey);
    case 'meetings':
      return meetingItems(context);
    case 'notices':
      return noticeItems(context, scope, selected, query.key === 'noticesAnswered');
  }
}

async function problemItems(context: Context, key: ProblemFigureKey) {
  const { db, ids, query } = context;
  const condition = problemCondition(key, query.today);
  const base = () => concreteProblemsOf(db, ids).where(condition);
  const [summary, rows] = await Promise.all([
    base()
      .select([
        (eb) => eb.fn.countAll<number>().as('total'),
        sql<number>`coalesce(sum(p.rebound_count), 0)`.as('rebounds'),
      ])
      .executeTakeFirstOrThrow(),
    base()
      .select(['p.id', 'p.inspection_id', 'p.number', 'p.title', 'p.state', 'p.rebound_count', 'd.due_on'])
      .orderBy('p.inspection_id')
      .orderBy('p.id')
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .execute(),
  ]);
  const isRebounds = key === 'rebounds';
  const total = Number(summary.total);
  return {
    total,
    figure: isRebounds ? Number(summary.rebounds) : total,
    items: rows.map((row): FigureItem => ({
      source: 'problems',
      id: row.id,
      ...placed(context, row.inspection_id),
      number: row.number,
      title: row.title,
      state: row.state,
      date: row.due_on,
      value: isRebounds ? row.rebound_count : null,
      problemId: row.id,
      problemIds: [row.id],
    })),
  };
}

async function measureItems(context: Context) {
  const { db, ids, query } = context;
  const base = () =>
    db
      .selectFrom('measures')
      .innerJoin('problems', 'problems.id', 'measures.problem_id')
      .where('problems.inspection_id', 'in', ids);
  const [summary, rows] = await Promise.all([
    base()
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow(),
    base()
      .select([
        'measures.id',
        'measures.problem_id',
        'measures.text',
        'measures.is_done',
        'measures.done_on',
        'problems.inspection_id',
        'problems.number',
      ])
      .orderBy('problems.inspection_id')
      .orderBy('measures.problem_id')
      .orderBy('measures.position')
      .orderBy('measures.id')
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .execute(),
  ]);
  const total = Number(summary.total);
  return {
    total,
    figure: total,
    items: rows.map((row): FigureItem => ({
      source: 'measures',
      id: row.id,
      ...placed(context, row.inspection_id),
      number: row.number,
      title: row.text,
      state: row.is_done ? 'done' : 'not_done',
      date: row.done_on,
      value: null,
      problemId: row.problem_id,
      problemIds: [row.problem_id],
    })),
  };
}

/** A register row (institution or meeting) as the drill-down names it. */
interface RegisterRow {
  id: number;
  inspectionId: number | null;
  title: string;
  state: string;
  date: string | null;
}

/** Institutions and meetings are counted, and each may name several problems through its link table. */
async function registerPage(
  context: Context,
  source: 'institutions' | 'meetings',
  total: number,
  rows: readonly RegisterRow[],
) {
  const linksOf = source === 'institutions' ? institutionLinks : meetingLinks;
  const links = await linksOf(
    context.db,
    rows.map((row) => row.id),
  );
  return {
    total,
    figure: total,
    items: rows.map((row): FigureItem => {
      const problemIds = links.get(row.id) ?? [];
      return {
        source,
        id: row.id,
        ...placed(context, row.inspectionId ?? 0),
        number: null,
        title: row.title,
        state: row.state,
        date: row.date,
        value: null,
        problemId: problemIds[0] ?? null,
        problemIds,
      };
    }),
  };
}

async function institutionItems(context: Context, change: 'new' | 'revised') {
  const { db, ids, query } = context;
  const base = () =>
    db.selectFrom('institutions').where('inspection_id', 'in', ids).where('change', '=', change);
  const [summary, rows] = await Promise.all([
    base()
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow(),
    base()
      .select(['id', 'inspection_id', 'name', 'change', 'adopted_on'])
      .orderBy('inspection_id')
      .orderBy('id')
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .execute(),
  ]);
  return registerPage(
    context,
    'institutions',
    Number(summary.total),
    rows.map((row) => ({
      id: row.id,
      inspectionId: row.inspection_id,
      title: row.name,
      state: row.change,
      date: row.adopted_on,
    })),
  );
}

async function outcomeItems(context: Context, key: OutcomeFigureKey) {
  const { db, ids, query } = context;
  const { kind, column } = OUTCOME_FIGURES[key];
  const isMoney = column === 'amount_fen';
  const base = () => db.selectFrom('outcomes').where('inspection_id', 'in', ids).where('kind', '=', kind);
  const [summary, rows] = await Promise.all([
    base()
      .select([
        (eb) => eb.fn.countAll<number>().as('total'),
        sql<number>`coalesce(sum(${sql.ref(column)}), 0)`.as('sum'),
      ])
      .executeTakeFirstOrThrow(),
    base()
      .select([
        'id',
        'inspection_id',
        'problem_id',
        'kind',
        'amount_fen',
        'people_count',
        'note',
        'recorded_on',
      ])
      .orderBy('inspection_id')
      .orderBy('id')
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .execute(),
  ]);
  const sum = Number(summary.sum);
  return {
    total: Number(summary.total),
    figure: isMoney ? Math.round(sum) / 100 : sum,
    items: rows.map((row): FigureItem => ({
      source: 'outcomes',
      id: row.id,
      ...placed(context, row.inspection_id),
      number: null,
      title: row.note ?? FIGURE_DEFINITIONS[key].label,
      state: row.kind,
      date: row.recorded_on,
      value: isMoney ? Math.round(Number(row.amount_fen ?? 0)) / 100 : Number(row.people_count ?? 0),
      problemId: row.problem_id,
      problemIds: row.problem_id === null ? [] : [row.problem_id],
    })),
  };
}

async function meetingItems(context: Context) {
  const { db, ids, query } = context;
  const base = () => db.selectFrom('meetings').where('inspection_id', 'in', ids);
  const [summary, rows] = await Promise.all([
    base()
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow(),
    base()
      .select(['id', 'inspection_id', 'kind', 'held_on', 'topic'])
      .orderBy('inspection_id')
      .orderBy('held_on')
      .orderBy('id')
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .execute(),
  ]);
  return registerPage(
    context,
    'meetings',
    Number(summary.total),
    rows.map((row) => ({
      id: row.id,
      inspectionId: row.inspection_id,
      title: row.topic,
      state: row.kind,
      date: row.held_on,
    })),
  );
}

async function noticeItems(
  context: Context,
  scope: LedgerScope,
  selected: readonly SelectedInspection[],
  isAnsweredOnly: boolean,
) {
  const { db, query } = context;
  const notices = (await findAttributedNotices(db, scope, selected))
    .filter((notice) => !isAnsweredOnly || isNoticeAnswered(notice.state))
    .sort((a, b) => b.id - a.id);
  const page = notices.slice(offsetOf(query), offsetOf(query) + query.pageSize);
  const inspectionOf = new Map(page.map((notice) => [notice.id, notice.inspectionId]));
  const rows =
    page.length === 0
      ? []
      : await db
          .selectFrom('supervision_notices')
          .select(['id', 'title', 'state', 'issued_at', 'problem_id'])
          .where(
            'id',
            'in',
            page.map((notice) => notice.id),
          )
          .orderBy('id', 'desc')
          .execute();
  return {
    total: notices.length,
    figure: notices.length,
    items: rows.map((row): FigureItem => ({
      source: 'notices',
      id: row.id,
      ...placed(context, inspectionOf.get(row.id) ?? 0),
      number: null,
      title: row.title,
      state: row.state,
      date: shanghaiDate(new Date(row.issued_at)),
      value: null,
      problemId: row.problem_id,
      problemIds: row.problem_id === null ? [] : [row.problem_id],
    })),
  };
}
