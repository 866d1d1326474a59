/**
 * Applies the numbered migrations with Kysely's migrator (which keeps its own bookkeeping
 * table and lock), on either backend.
 */
import { Migrator, type Kysely, type Migration } from 'kysely';
import type { Database } from './database.ts';
import type { Dialect, SchemaMigration } from './migrations/migration-helpers.ts';
import { domainModelMigration } from './migrations/0001-domain-model.ts';
import { accountsMigration } from './migrations/0002-accounts.ts';
import { importDraftsMigration } from './migrations/0003-import-drafts.ts';
import { commentKindMigration } from './migrations/0004-comment-kind.ts';
import { ledgerReadIndexesMigration } from './migrations/0005-ledger-read-indexes.ts';
import { problemSearchMigration } from './migrations/0006-problem-search.ts';
import { supervisionMigration } from './migrations/0007-supervision.ts';
import { qualityWeightsMigration } from './migrations/0008-quality-weights.ts';
import { notificationDeliveriesMigration } from './migrations/0009-notification-deliveries.ts';
import { publicFeedbackMigration } from './migrations/0010-public-feedback.ts';
import { lookbacksMigration } from './migrations/0011-lookbacks.ts';
import { searchTermsMigration } from './migrations/0012-search-terms.ts';
import { notificationPreferencesMigration } from './migrations/0014-notification-preferences.ts';
import { evidenceTextsMigration } from './migrations/0015-evidence-texts.ts';
import { userDepartmentMigration } from './migrations/0016-user-department.ts';
import { pendingWorkingDayDeadlinesMigration } from './migrations/0018-pending-working-day-deadlines.ts';

/** All migrations, in order. Append new ones; never edit one that has shipped. */
export const schemaMigrations: readonly SchemaMigration[] = [
  domainModelMigration,
  accountsMigration,
  importDraftsMigration,
  commentKindMigration,
  ledgerReadIndexesMigration,
  problemSearchMigration,
  supervisionMigration,
  qualityWeightsMigration,
  notificationDeliveriesMigration,
  publicFeedbackMigration,
  lookbacksMigration,
  searchTermsMigration,
  notificationPreferencesMigration,
  evidenceTextsMigration,
  userDepartmentMigration,
  pendingWorkingDayDeadlinesMigration,
];

/** Brings the database schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(database: Database, dialect: Dialect): Promise<string[]> {
  // Migrations build tables that do not exist yet, so they work on an untyped handle.
  const db = database as unknown as Kysely<unknown>;
  const migrator = new Migrator({
    db,
    // Numbers are handed out to parallel work in advance, so one may land after a higher one
    // has shipped (0010 after 0014); each runs once whatever the order, as none depends on a
    // later-numbered one.
    allowUnorderedMigrations: true,
    provider: {
      async getMigrations() {
        const migrations: Record<string, Migration> = {};
        for (const migration of schemaMigrations) {
          migrations[migration.name] = { up: (database) => migration.up({ db: database, dialect }) };
        }
        return migrations;
      },
    },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, { cause: error });
  }
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}
