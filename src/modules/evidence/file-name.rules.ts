/**
 * File names of evidence are metadata only: shown in lists and offered on download, never used
 * to build a path. They are cleaned for display (no folders, control or bidirectional-override
 * characters that could disguise an extension) and encoded per RFC 5987/6266 on download.
 */

/** Longest kept file name, in characters; the extension survives shortening. */
const MAX_FILE_NAME_LENGTH = 200;
const FALLBACK_FILE_NAME = '佐证材料';

/** The display form of an uploaded file name. */
export function sanitiseFileName(raw: string): string {
  const lastSegment = raw.split(/[/\\]/).pop() ?? '';
  // Control characters and bidi overrides (U+202A–U+202E, U+2066–U+2069) can make "gpj.exe"
  // read as "exe.jpg"; zero-width characters hide differences between names.
  const cleaned = lastSegment
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/^[\s.]+/, '')
    .trim();
  if (cleaned === '') return FALLBACK_FILE_NAME;
  const characters = [...cleaned];
  if (characters.length <= MAX_FILE_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return characters.slice(0, MAX_FILE_NAME_LENGTH - extension.length).join('') + extension;
}

/** `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 5987 `filename*`). */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
