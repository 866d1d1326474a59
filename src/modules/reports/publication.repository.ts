/**
 * public_reports rows: published notices are append-only (the database refuses UPDATE and
 * DELETE), so a new version of a notice is a new row with the next version number.
 */
import type { Executor } from '../../storage/database.ts';
import { inScope, type LedgerScope } from '../ledger/ledger-scope.ts';

export interface NewPublication {
  officeId: number;
  inspectionId: number;
  version: number;
  title: string;
  publishedAt: string;
  publishedBy: number | null;
  snapshotJson: string;
  contentSha256: string;
}

/** The highest published version of an inspection's notice, 0 when none. */
export async function findLatestPublicationVersion(db: Executor, inspectionId: number): Promise<number> {
  const row = await db
    .selectFrom('public_reports')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('inspection_id', '=', inspectionId)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

export async function insertPublication(db: Executor, publication: NewPublication): Promise<number> {
  const row = await db
    .insertInto('public_reports')
    .values({
      office_id: publication.officeId,
      inspection_id: publication.inspectionId,
      version: publication.version,
      title: publication.title,
      published_at: publication.publishedAt,
      published_by: publication.publishedBy,
      snapshot_json: publication.snapshotJson,
      content_sha256: publication.contentSha256,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** One publication whose inspection is in the scope. */
export async function findPublicationInScope(db: Executor, scope: LedgerScope, publicationId: number) {
  return db
    .selectFrom('public_reports')
    .innerJoin('inspections', 'inspections.id', 'public_reports.inspection_id')
    .select([
      'public_reports.id',
      'public_reports.office_id',
      'public_reports.inspection_id',
      'public_reports.version',
      'public_reports.title',
      'public_reports.published_at',
      'public_reports.published_by',
      'public_reports.snapshot_json',
      'public_reports.content_sha256',
    ])
    .where('public_reports.id', '=', publicationId)
    .where((eb) => inScope(eb, scope))
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Public reads: a published notice is public by being published, so these take no scope.

/** Published versions joined to the office, round and unit the public pages name. */
function publishedWithNames(db: Executor) {
  return db
    .selectFrom('public_reports')
    .innerJoin('inspections', 'inspections.id', 'public_reports.inspection_id')
    .innerJoin('units', 'units.id', 'inspections.unit_id')
    .innerJoin('offices', 'offices.id', 'public_reports.office_id')
    .innerJoin('inspection_rounds', 'inspection_rounds.id', 'inspections.round_id');
}

/** One published notice version with its snapshot, for the public pages. */
export async function findPublishedNotice(db: Executor, publicationId: number) {
  return publishedWithNames(db)
    .select([
      'public_reports.id',
      'public_reports.office_id',
      'public_reports.inspection_id',
      'public_reports.version',
      'public_reports.title',
      'public_reports.published_at',
      'public_reports.snapshot_json',
      'public_reports.content_sha256',
      'offices.name as office_name',
      'inspection_rounds.name as round_name',
      'units.name as unit_name',
    ])
    .where('public_reports.id', '=', publicationId)
    .executeTakeFirst();
}

/** Every published version (no snapshots), grouped for the public list by office, round, unit. */
export async function listPublishedNotices(db: Executor) {
  return publishedWithNames(db)
    .select([
      'public_reports.id',
      'public_reports.inspection_id',
      'public_reports.version',
      'public_reports.title',
      'public_reports.published_at',
      'offices.id as office_id',
      'offices.name as office_name',
      'inspection_rounds.id as round_id',
      'inspection_rounds.name as round_name',
      'units.name as unit_name',
    ])
    .orderBy('offices.id')
    .orderBy('inspection_rounds.id', 'desc')
    .orderBy('units.name')
    .orderBy('public_reports.version', 'desc')
    .execute();
}

/** The versions of one inspection's notice, newest first. */
export async function listNoticeVersions(db: Executor, inspectionId: number) {
  return db
    .selectFrom('public_reports')
    .select(['id', 'version', 'published_at'])
    .where('inspection_id', '=', inspectionId)
    .orderBy('version', 'desc')
    .execute();
}
