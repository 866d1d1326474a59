/**
 * The backup archive's format: which tables it holds in which order, how entries are named,
 * and the manifest that describes and hashes them. The format is dialect-neutral — rows are
 * the values both backends already return (dates `YYYY-MM-DD`, instants ISO-8601, numbers) —
 * so an archive taken from SQLite restores into PostgreSQL and the other way round.
 *
 * Archive layout (a gzip-compressed ustar tar):
 *   manifest.json                first, so a reader can validate before touching the target
 *   tables/<table>.ndjson        one JSON array of column values per line, ordered by primary key;
 *                                tables in foreign-key dependency order, as the manifest lists them
 *   files/<2 hex>/<sha256>       every evidence file the evidence table references
 */
import { z } from 'zod';

/** Raised when the archive format changes incompatibly; restore refuses other versions. */
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_FORMAT_NAME = 'rectify-backup';
export const MANIFEST_ENTRY = 'manifest.json';

/** The evidence storage key shape of the file store; anything else is refused (no path tricks). */
export const STORAGE_KEY_PATTERN = /^[0-9a-f]{2}\/[0-9a-f]{64}$/;

export const tableEntryName = (table: string): string => `tables/${table}.ndjson`;
export const fileEntryName = (storageKey: string): string => `files/${storageKey}`;

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

export const BackupManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT_NAME),
  formatVersion: z.number().int(),
  rectifyVersion: z.string(),
  createdAt: z.string(),
  sourceDialect: z.enum(['sqlite', 'postgres']),
  /** The schema migrations applied to the source database, in order. */
  migrations: z.array(z.string()),
  tables: z.array(
    z.object({
      name: z.string(),
      columns: z.array(z.string()).min(1),
      primaryKey: z.array(z.string()).min(1),
      rows: z.number().int().nonnegative(),
      /** sha256 of the table's ndjson entry, byte for byte. */
      sha256: Sha256Schema,
      bytes: z.number().int().nonnegative(),
    }),
  ),
  files: z.array(
    z.object({
      storageKey: z.string().regex(STORAGE_KEY_PATTERN),
      sha256: Sha256Schema,
      sizeBytes: z.number().int().nonnegative(),
    }),
  ),
});

export type BackupManifest = z.infer<typeof BackupManifestSchema>;
export type BackupManifestTable = BackupManifest['tables'][number];
export type BackupManifestFile = BackupManifest['files'][number];

/** One row as an ndjson line: the values in the manifest's column order. */
export function encodeRow(columns: readonly string[], row: Record<string, unknown>): string {
  return `${JSON.stringify(columns.map((column) => row[column] ?? null))}\n`;
}
