/**
 * Publishing the public progress notice: the generated .docx (base64), the structured report
 * model it was written from, and the sha256 of the .docx bytes are stored as a new version row
 * of public_reports in one transaction with its event. The row is immutable (the database
 * refuses UPDATE/DELETE), so later ledger edits never change what was published; reading a
 * publication returns exactly the stored bytes, checked against the stored hash.
 */
import { createHash } from 'node:crypto';
import type { Role } from '../../storage/schema.ts';
import type { Database } from '../../storage/database.ts';
import { lockTenant } from '../../storage/tenant-lock.ts';
import { AppError, notFound } from '../common/app-error.ts';
import { nowIso, type Clock } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import type { LedgerScope } from '../ledger/ledger-scope.ts';
import { exportNoticeDocx, noticeTitle } from './export-notice-docx.ts';
import type { ReportModel } from './report-model.ts';
import {
  findLatestPublicationVersion,
  findPublicationInScope,
  insertPublication,
} from './publication.repository.ts';
import { createReportService } from './report.service.ts';

/** What a publication row's snapshot_json holds. */
export interface PublicationSnapshot {
  format: 1;
  kind: 'notice';
  fileName: string;
  asOf: string;
  model: ReportModel;
  docxBase64: string;
}

export interface Publication {
  id: number;
  inspectionId: number;
  version: number;
  title: string;
  publishedAt: string;
  publishedBy: number | null;
  contentSha256: string;
  fileName: string;
  asOf: string;
}

export interface PublishedDocument extends Publication {
  bytes: Buffer;
  model: ReportModel;
}

function assertRoleIn(role: Role, allowed: readonly Role[]): void {
  if (!allowed.includes(role)) {
    throw new AppError('forbidden', '只有巡察办和整改办可以执行该操作', `role ${role} may not publish`);
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function createPublicationService(dependencies: { db: Database; clock: Clock }) {
  const { db, clock } = dependencies;
  const reports = createReportService({ db, clock });

  return {
    /** Publishes the inspection's notice as it stands at the end of `asOf` as a new version. */
    async publishNotice(
      scope: LedgerScope,
      inspectionId: number,
      options: { asOf?: string; actorUserId: number | null; actorRole?: Role },
    ): Promise<Publication> {
      const model = await reports.getReportModel(scope, inspectionId, options.asOf);
      // Scope first (404 outside it), then the role: only the offices publish.
      if (options.actorRole) assertRoleIn(options.actorRole, ['office', 'unit_office']);
      const bytes = await exportNoticeDocx(model);
      const contentSha256 = sha256(bytes);
      const title = noticeTitle(model);
      const fileName = `${model.unitName}-整改进展情况通报-${model.asOf}.docx`;
      const snapshot: PublicationSnapshot = {
        format: 1,
        kind: 'notice',
        fileName,
        asOf: model.asOf,
        model,
        docxBase64: bytes.toString('base64'),
      };
      const publishedAt = nowIso(clock);
      return db.transaction().execute(async (transaction) => {
        // The tenant's lock (also taken by the event append) numbers versions one at a time.
        await lockTenant(transaction, scope.officeId);
        const version = (await findLatestPublicationVersion(transaction, inspectionId)) + 1;
        const id = await insertPublication(transaction, {
          officeId: scope.officeId,
          inspectionId,
          version,
          title,
          publishedAt,
          publishedBy: options.actorUserId,
          snapshotJson: JSON.stringify(snapshot),
          contentSha256,
        });
        await appendEvent(transaction, {
          officeId: scope.officeId,
          at: publishedAt,
          actorUserId: options.actorUserId,
          entityType: 'public_report',
          entityId: id,
          action: 'notice_published',
          data: { inspectionId, version, asOf: model.asOf, contentSha256 },
        });
        return {
          id,
          inspectionId,
          version,
          title,
          publishedAt,
          publishedBy: options.actorUserId,
          contentSha256,
          fileName,
          asOf: model.asOf,
        };
      });
    },

    /** A publication with exactly the bytes that were published; not found outside the scope. */
    async getPublication(scope: LedgerScope, publicationId: number): Promise<PublishedDocument> {
      const row = await findPublicationInScope(db, scope, publicationId);
      if (!row) throw notFound('公开通报', 'publication', publicationId);
      const snapshot = JSON.parse(row.snapshot_json) as PublicationSnapshot;
      const bytes = Buffer.from(snapshot.docxBase64, 'base64');
      if (sha256(bytes) !== row.content_sha256) {
        throw new AppError(
          'internal',
          '公开通报的存档内容与其校验值不一致',
          `publication ${row.id}: stored bytes do not match content_sha256`,
        );
      }
      return {
        id: row.id,
        inspectionId: row.inspection_id,
        version: row.version,
        title: row.title,
        publishedAt: row.published_at,
        publishedBy: row.published_by,
        contentSha256: row.content_sha256,
        fileName: snapshot.fileName,
        asOf: snapshot.asOf,
        bytes,
        model: snapshot.model,
      };
    },
  };
}
