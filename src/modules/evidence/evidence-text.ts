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
import { mediaTypeRules, type EvidenceKind } from './media-type.rules.ts';

/** The evidence kinds (media-type.rules.ts) whose text is read. */
const TEXT_KINDS: readonly EvidenceKind[] = ['docx', 'pdf', 'text_utf8', 'text_gbk'];

/** The stored media type of each kind whose text is read (evidence rows keep no kind). */
export const textKindByMediaType: ReadonlyMap<string, EvidenceKind> = new Map(
  TEXT_KINDS.map((kind) => [mediaTypeRules[kind].mediaType, kind]),
);

/** Longer texts are cut: dates that matter sit in the title and the 落款, not page 300. */
export const MAX_EVIDENCE_TEXT_CHARS = 200_000;

/** The text of a document, or why there is none (a reason a person can act on). */
export type EvidenceTextReading = { text: string } | { text: null; reason: string };

export async function readEvidenceTextExplained(
  kind: string,
  bytes: Uint8Array,
  fileName: string,
): Promise<EvidenceTextReading> {
  if (!(TEXT_KINDS as readonly string[]).includes(kind)) {
    return { text: null, reason: '该类型文件没有可读取的文字' };
  }
  try {
    const text = await extractDocumentText(bytes, fileName);
    if (text.trim() === '') return { text: null, reason: '文件中没有文字（可能是扫描件）' };
    // Keep the head and the tail, where titles and signatures are.
    return {
      text:
        text.length <= MAX_EVIDENCE_TEXT_CHARS
          ? text
          : `${text.slice(0, MAX_EVIDENCE_TEXT_CHARS / 2)}\n…\n${text.slice(-MAX_EVIDENCE_TEXT_CHARS / 2)}`,
    };
  } catch (error) {
    if (error instanceof DocumentParseError) return { text: null, reason: error.message };
    throw error;
  }
}

export async function readEvidenceText(
  kind: string,
  bytes: Uint8Array,
  fileName: string,
): Promise<string | null> {
  return (await readEvidenceTextExplained(kind, bytes, fileName)).text;
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
