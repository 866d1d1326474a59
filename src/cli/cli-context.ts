/**
 * What CLI commands share: the configured database (migrated) and the domain dependencies,
 * opened the same way the server opens them.
 */
import path from 'node:path';
import { openConfiguredDatabase } from '../app.ts';
import { readConfig, type AppConfig } from '../config.ts';
import { AppError } from '../modules/common/app-error.ts';
import { systemClock, type Clock } from '../modules/common/clock.ts';
import { defaultDeadlinePolicy, type DeadlinePolicy } from '../modules/deadlines/deadline.rules.ts';
import { createCalendarService } from '../modules/deadlines/calendar.service.ts';
import type { WorkingCalendar } from '../modules/deadlines/working-calendar.rules.ts';
import type { DatabaseHandle } from '../storage/database.ts';
import { createFileStore, type FileStore } from '../storage/file-store.ts';

export interface CliContext {
  config: AppConfig;
  database: DatabaseHandle;
  clock: Clock;
  fileStore: FileStore;
  calendar: WorkingCalendar;
  deadlinePolicy: DeadlinePolicy;
}

/** Opens the configured database, runs `work`, and always closes it. */
export async function withCliContext<T>(work: (context: CliContext) => Promise<T>): Promise<T> {
  const config = readConfig();
  const database = await openConfiguredDatabase(config);
  try {
    return await work({
      config,
      database,
      clock: systemClock,
      fileStore: createFileStore(path.join(config.dataDir, 'files')),
      // The calendar in force (bundled years and the admin's imports) when the command starts.
      calendar: await createCalendarService({ db: database.db, clock: systemClock }).getCalendar(),
      deadlinePolicy: defaultDeadlinePolicy,
    });
  } finally {
    await database.close();
  }
}

/** Writes a failure in a form both a user and a log can read, and returns the exit code. */
export function reportCliError(command: string, error: unknown): number {
  const message =
    error instanceof AppError
      ? `${error.userMessage} (${error.logMessage})`
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`rectify ${command}: ${message}\n`);
  return 1;
}
