/**
 * Reads and writes of supervision notices (督办单): scoped like every ledger read (office, and the
 * units of a unit-scoped user), with optimistic versions on every change.
 */
import type { Executor } from '../../storage/database.ts';
import type { SupervisionNoticeState } from '../../storage/schema.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';

export interface NoticeFilter {
  inspectionId?: number | undefined;
  unitId?: number | undefined;
  problemId?: number | undefined;
  state?: SupervisionNoticeState | undefined;
}

function noticeQuery(db: Executor, scope: LedgerScope) {
  let query = db
    .selectFrom('supervision_notices as n')
    .innerJoin('units', 'units.id', 'n.unit_id')
    .leftJoin('problems', 'problems.id', 'n.problem_id')
    .select([
      'n.id',
      'n.office_id',
      'n.unit_id',
      'units.name as unit_name',
      'n.problem_id',
      'problems.number as problem_number',
      'problems.inspection_id as problem_inspection_id',
      'n.title',
      'n.content',
      'n.reply_by',
      'n.state',
      'n.issued_by',
      'n.issued_at',
      'n.reply_text',
      'n.replied_by',
      'n.replied_at',
      'n.closed_by',
      'n.closed_at',
      'n.version',
    ])
    .where('n.office_id', '=', scope.officeId);
  if (scope.unitIds !== 'all') {
    query =
      scope.unitIds.length === 0
        ? query.where('n.id', '<', 0)
        : query.where('n.unit_id', 'in', [...scope.unitIds]);
  }
  return query;
}

export type NoticeRow = Awaited<ReturnType<ReturnType<typeof noticeQuery>['executeTakeFirstOrThrow']>>;

/** The notices in scope matching the filter, newest first; one query plus one for evidence. */
export async function findNotices(db: Executor, scope: LedgerScope, filter: NoticeFilter) {
  let query = noticeQuery(db, scope);
  if (filter.state) query = query.where('n.state', '=', filter.state);
  if (filter.unitId !== undefined) query = query.where('n.unit_id', '=', filter.unitId);
  if (filter.problemId !== undefined) query = query.where('n.problem_id', '=', filter.problemId);
  if (filter.inspectionId !== undefined) {
    const inspectionId = filter.inspectionId;
    // A notice on one of the inspection's items, or on the inspected unit itself.
    query = query.where((eb) =>
      eb.or([
        eb('problems.inspection_id', '=', inspectionId),
        eb.and([
          eb('n.problem_id', 'is', null),
          eb(
            'n.unit_id',
            '=',
            eb
              .selectFrom('inspections')
              .select('inspections.unit_id')
              .where('inspections.id', '=', inspectionId),
          ),
        ]),
      ]),
    );
  }
  return query.orderBy('n.id', 'desc').limit(500).execute();
}

export async function findNotice(db: Executor, scope: LedgerScope, id: number) {
  return noticeQuery(db, scope).where('n.id', '=', id).executeTakeFirst();
}

/** The evidence ids attached to each notice's reply. */
export async function findNoticeEvidenceIds(db: Executor, noticeIds: readonly number[]) {
  const byNotice = new Map<number, number[]>();
  if (noticeIds.length === 0) return byNotice;
  const rows = await db
    .selectFrom('supervision_notice_evidence')
    .select(['notice_id', 'evidence_id'])
    .where('notice_id', 'in', [...noticeIds])
    .orderBy('evidence_id')
    .execute();
  for (const row of rows) {
    const list = byNotice.get(row.notice_id) ?? [];
    list.push(row.evidence_id);
    byNotice.set(row.notice_id, list);
  }
  return byNotice;
}

/** A problem of the office inside the scope, with its inspection's unit. */
export async function findProblemTarget(db: Executor, scope: LedgerScope, problemId: number) {
  return db
    .selectFrom('problems')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .select(['problems.id', 'problems.inspection_id', 'inspections.unit_id'])
    .where('problems.id', '=', problemId)
    .where((eb) => inScope(eb, scope))
    .executeTakeFirst();
}

/** The unit's latest inspection: where events of a notice on the unit itself are recorded. */
export async function findLatestInspectionOfUnit(db: Executor, officeId: number, unitId: number) {
  const row = await db
    .selectFrom('inspections')
    .select('id')
    .where('office_id', '=', officeId)
    .where('unit_id', '=', unitId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Of the given evidence ids, those that belong to the problem (or to any item of the unit). */
export async function findMatchingEvidenceIds(
  db: Executor,
  officeId: number,
  target: { problemId: number | null; unitId: number },
  evidenceIds: readonly number[],
): Promise<Set<number>> {
  if (evidenceIds.length === 0) return new Set();
  let query = db
    .selectFrom('evidence')
    .innerJoin('problems', 'problems.id', 'evidence.problem_id')
    .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
    .select('evidence.id')
    .where('evidence.office_id', '=', officeId)
    .where('evidence.id', 'in', [...evidenceIds]);
  query =
    target.problemId != null
      ? query.where('evidence.problem_id', '=', target.problemId)
      : query.where('inspections.unit_id', '=', target.unitId);
  const rows = await query.execute();
  return new Set(rows.map((row) => row.id));
}
