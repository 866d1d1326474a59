/**
 * The text of an evidence document (Word, PDF, plain text) read with the document parser's own
 * readers at upload, kept with the dates found in it so quality checks can compare them with the
 * ledger.
 * Other kinds (images, video, spreadsheets) have no text to read; a file the readers refuse is
 * stored without text rather than refused — it is still valid evidence.
 */
import { DocumentParseError, extractDocumentText } from '../../parse/parse-document.ts';
import type { Executor } from '../../storage/database.ts';
import { readDocumentDates } from '../quality/document-dates.rules.ts';

/** The evidence kinds (media-type.rules.ts) whose text is read. */
const TEXT_KINDS: ReadonlySet<string> = new Set(['docx', 'pdf', 'text_utf8', 'text_gbk']);

/** Longer texts are cut: dates that matter sit in the title and the 落款, not page 300. */
export const MAX_EVIDENCE_TEXT_CHARS = 200_000;

export async function readEvidenceText(
  kind: string,
  bytes: Uint8Array,
  fileName: string,
): Promise<string | null> {
  if (!TEXT_KINDS.has(kind)) return null;
  try {
    const text = await extractDocumentText(bytes, fileName);
    if (text.trim() === '') return null;
    // Keep the head and the tail, where titles and signatures are.
    return text.length <= MAX_EVIDENCE_TEXT_CHARS
      ? text
      : `${text.slice(0, MAX_EVIDENCE_TEXT_CHARS / 2)}\n…\n${text.slice(-MAX_EVIDENCE_TEXT_CHARS / 2)}`;
  } catch (error) {
    if (error instanceof DocumentParseError) return null;
    throw error;
  }
}

/** Keeps the text with the dates found in it, which is what quality checks read. */
export async function insertEvidenceText(
  db: Executor,
  row: { evidenceId: number; officeId: number; text: string; at: string },
): Promise<void> {
  const dates = readDocumentDates(row.text);
  await db
    .insertInto('evidence_texts')
    .values({
      evidence_id: row.evidenceId,
      office_id: row.officeId,
      text: row.text,
      signed_on: dates.signedOn?.day ?? null,
      signed_written: dates.signedOn?.written ?? null,
      latest_on: dates.latest?.day ?? null,
      latest_written: dates.latest?.written ?? null,
      extracted_at: row.at,
    })
    .execute();
}
