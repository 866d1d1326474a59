/** The JSON of an evidence file: explicit fields, so a new column never leaks by accident. */
import type { EvidenceRow } from './evidence.repository.ts';

export interface EvidenceView {
  id: number;
  problemId: number;
  measureId: number | null;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  description: string | null;
  effectiveOn: string | null;
  uploadedBy: { userId: number; displayName: string } | null;
  uploadedAt: string;
  /** A transition's evidence snapshot rests on this file, so it can no longer be removed. */
  isInSnapshot: boolean;
  version: number;
}

export function presentEvidence(row: EvidenceRow): EvidenceView {
  return {
    id: row.id,
    problemId: row.problem_id,
    measureId: row.measure_id,
    fileName: row.file_name,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    description: row.description,
    effectiveOn: row.effective_on,
    uploadedBy:
      row.uploaded_by == null ? null : { userId: row.uploaded_by, displayName: row.uploaded_by_name ?? '' },
    uploadedAt: row.uploaded_at,
    isInSnapshot: Boolean(row.is_in_snapshot),
    version: row.version,
  };
}
