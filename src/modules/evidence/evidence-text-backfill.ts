/**
 * Reads and keeps the text of evidence uploaded before texts were read at upload (migration
 * 0015), so document-date checks see it too. Works in chunks by evidence id: each chunk's files
 * are parsed outside any transaction, then its rows are written with one event per office in one
 * short transaction (the event moves the quality freshness mark, so cached grades are recomputed).
 * Idempotent: only evidence without a text row is read, and the check is repeated when writing.
 */
import type { Database } from '../../storage/database.ts';
import type { FileStore } from '../../storage/file-store.ts';
import { notFound } from '../common/app-error.ts';
import { nowIso, type Clock } from '../common/clock.ts';
import { appendEvent } from '../events/event.repository.ts';
import { insertEvidenceText, readEvidenceTextExplained, textKindByMediaType } from './evidence-text.ts';

export interface BackfillFailure {
  evidenceId: number;
  fileName: string;
  reason: string;
}

export interface BackfillProgress {
  /** Evidence looked at so far, of `total`. */
  checked: number;
  total: number;
  written: number;
  failed: number;
}

export interface BackfillResult {
  /** Text documents without text found at the start. */
  total: number;
  written: number;
  failures: BackfillFailure[];
}

export interface BackfillOptions {
  officeName?: string;
  chunkSize?: number;
  onProgress?: (progress: BackfillProgress) => void;
}

const DEFAULT_CHUNK_SIZE = 25;

export async function backfillEvidenceTexts(
  dependencies: { db: Database; fileStore: FileStore; clock: Clock },
  options: BackfillOptions = {},
): Promise<BackfillResult> {
  const { db, fileStore, clock } = dependencies;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  let officeId: number | null = null;
  if (options.officeName !== undefined) {
    const office = await db
      .selectFrom('offices')
      .select('id')
      .where('name', '=', options.officeName)
      .executeTakeFirst();
    if (!office) throw notFound('巡察办', 'office', options.officeName);
    officeId = office.id;
  }
  // Only documents whose text is read at upload; images and the like never get a row.
  const mediaTypes = [...textKindByMediaType.keys()];
  const withoutText = () => {
    let query = db
      .selectFrom('evidence')
      .leftJoin('evidence_texts', 'evidence_texts.evidence_id', 'evidence.id')
      .where('evidence_texts.evidence_id', 'is', null)
      .where('evidence.media_type', 'in', mediaTypes);
    if (officeId !== null) query = query.where('evidence.office_id', '=', officeId);
    return query;
  };
  const counted = await withoutText()
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const total = Number(counted.n);
  const failures: BackfillFailure[] = [];
  let written = 0;
  let checked = 0;
  let afterId = 0;
  for (;;) {
    // Keyset by id, so documents that yield no text are not read again in the same run.
    const chunk = await withoutText()
      .select([
        'evidence.id',
        'evidence.office_id',
        'evidence.file_name',
        'evidence.media_type',
        'evidence.storage_key',
      ])
      .where('evidence.id', '>', afterId)
      .orderBy('evidence.id')
      .limit(chunkSize)
      .execute();
    if (chunk.length === 0) break;
    afterId = chunk[chunk.length - 1]!.id;
    const texts: Array<{ evidenceId: number; officeId: number; text: string }> = [];
    for (const row of chunk) {
      try {
        const bytes = fileStore.read(row.storage_key);
        const reading = await readEvidenceTextExplained(
          textKindByMediaType.get(row.media_type)!,
          bytes,
          row.file_name,
        );
        if (reading.text === null) {
          failures.push({ evidenceId: row.id, fileName: row.file_name, reason: reading.reason });
        } else {
          texts.push({ evidenceId: row.id, officeId: row.office_id, text: reading.text });
        }
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? '文件缺失' : String(error);
        failures.push({ evidenceId: row.id, fileName: row.file_name, reason });
      }
    }
    written += await writeTexts(db, texts, nowIso(clock));
    checked += chunk.length;
    options.onProgress?.({ checked, total, written, failed: failures.length });
  }
  return { total, written, failures };
}

/** Writes the texts still missing (an upload or another run may have written some meanwhile). */
async function writeTexts(
  db: Database,
  texts: Array<{ evidenceId: number; officeId: number; text: string }>,
  at: string,
): Promise<number> {
  if (texts.length === 0) return 0;
  return db.transaction().execute(async (transaction) => {
    const ids = texts.map((text) => text.evidenceId);
    const open = await transaction
      .selectFrom('evidence')
      .leftJoin('evidence_texts', 'evidence_texts.evidence_id', 'evidence.id')
      .select('evidence.id')
      .where('evidence.id', 'in', ids)
      .where('evidence_texts.evidence_id', 'is', null)
      .execute();
    const stillOpen = new Set(open.map((row) => row.id));
    const byOffice = new Map<number, number[]>();
    for (const text of texts) {
      if (!stillOpen.has(text.evidenceId)) continue;
      await insertEvidenceText(transaction, { ...text, at });
      byOffice.set(text.officeId, [...(byOffice.get(text.officeId) ?? []), text.evidenceId]);
    }
    for (const [officeId, evidenceIds] of byOffice) {
      await appendEvent(transaction, {
        officeId,
        at,
        actorUserId: null,
        entityType: 'evidence_texts',
        entityId: null,
        action: 'evidence_texts_backfilled',
        data: { evidenceIds },
      });
    }
    return [...byOffice.values()].reduce((sum, evidenceIds) => sum + evidenceIds.length, 0);
  });
}
