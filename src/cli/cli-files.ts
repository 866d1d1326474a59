/** Small helpers the document and spreadsheet commands share: ids, dates and atomic file writes. */
import fs from 'node:fs';

/** A positive integer id from `--inspection`, or an error naming the option. */
export function readInspectionId(value: string | undefined): number {
  const id = Number(value);
  if (value === undefined || !Number.isInteger(id) || id < 1)
    throw new Error(`--inspection 须为正整数 must be a positive integer: ${value ?? '(missing)'}`);
  return id;
}

/** Writes FILE.tmp and renames it to FILE, so FILE only ever appears complete. */
export function writeFileAtomically(file: string, bytes: Uint8Array): void {
  const temporary = `${file}.tmp`;
  try {
    fs.writeFileSync(temporary, bytes);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
