/**
 * Starts rectify: opens the database (SQLite in the data folder, or PostgreSQL), takes the data
 * folder's lock, migrates, loads the demo on first start, and serves HTTP. Returns a stop
 * function that closes the server, then the database, then releases the lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from './config.ts';
import { buildServer } from './http/server.ts';
import { systemClock, type Clock } from './modules/common/clock.ts';
import { defaultDeadlinePolicy } from './modules/deadlines/deadline.rules.ts';
import { buildAllSearchIndexes } from './modules/search/search-index-builder.ts';
import { loadDemoOnFirstStart } from './modules/demo/demo-first-start.ts';
import { createCalendarService } from './modules/deadlines/calendar.service.ts';
import { warmOfficeGrades } from './modules/quality/grade-warmup.ts';
import { createSupervisionEngine } from './modules/supervision/supervision-engine.ts';
import { startSupervisionScheduler } from './modules/supervision/supervision-scheduler.ts';
import { createChannels } from './modules/supervision/channels/channel-senders.ts';
import { deliverPending } from './modules/supervision/channels/delivery-dispatcher.ts';
import { defaultSessionPolicy } from './modules/users/session.service.ts';
import { lockDataDir } from './storage/data-dir-lock.ts';
import { openDatabase, SQLITE_FILE_NAME, type DatabaseHandle } from './storage/database.ts';
import { createFileStore } from './storage/file-store.ts';
import { migrateToLatest } from './storage/migrate.ts';

export interface RunningApplication {
  url: string;
  database: DatabaseHandle;
  stop(): Promise<void>;
}

/** The product version, from package.json. */
export function readVersion(): string {
  const packageJson = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return packageJson.version;
}

/** Opens the configured database and brings its schema up to date. */
export async function openConfiguredDatabase(config: AppConfig): Promise<DatabaseHandle> {
  const database = config.databaseUrl
    ? openDatabase({ kind: 'postgres', url: config.databaseUrl })
    : openDatabase({ kind: 'sqlite', file: path.join(config.dataDir, SQLITE_FILE_NAME) });
  try {
    await migrateToLatest(database.db, database.dialect);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

export async function startApplication(
  config: AppConfig,
  clock: Clock = systemClock,
): Promise<RunningApplication> {
  const lock = lockDataDir(config.dataDir);
  let database: DatabaseHandle | undefined;
  try {
    database = await openConfiguredDatabase(config);
    const fileStore = createFileStore(path.join(config.dataDir, 'files'));
    const channels = createChannels(config);
    const app = await buildServer({
      database,
      clock,
      version: readVersion(),
      logLevel: config.logLevel,
      fileStore,
      evidenceMaxBytes: config.evidenceMaxBytes,
      publicOrigin: config.publicOrigin,
      trustProxy: config.trustProxy,
      ldap: config.ldap ?? null,
      channels,
      sessionPolicy: {
        ...defaultSessionPolicy,
        idleMs: config.sessionIdleMs ?? defaultSessionPolicy.idleMs,
        absoluteMs: config.sessionAbsoluteMs ?? defaultSessionPolicy.absoluteMs,
      },
    });
    const calendars = createCalendarService({ db: database.db, clock });
    if (config.isDemoEnabled) {
      const summary = await loadDemoOnFirstStart({
        db: database.db,
        clock,
        fileStore,
        calendar: await calendars.getCalendar(),
        deadlinePolicy: defaultDeadlinePolicy,
      });
      if (summary) app.log.info(summary, 'demo data loaded (first start)');
    }
    const url = await app.listen({ port: config.port, host: config.host });
    // After migrations and the demo: a first search then finds the index built (or building).
    const stopIndexing = new AbortController();
    const indexing = buildAllSearchIndexes(database.db, { log: app.log, signal: stopIndexing.signal });
    const openDatabaseHandle = database;
    // Grades take seconds to compute for a large office: have them ready before anyone asks.
    const warmGrades = () =>
      warmOfficeGrades({
        db: openDatabaseHandle.db,
        clock,
        onError: (error) => app.log.error({ err: error }, 'quality grade computation failed'),
      });
    void warmGrades().catch((error: unknown) => app.log.error({ err: error }, 'grade warm-up failed'));
    const supervision =
      (config.superviseIntervalMinutes ?? 0) > 0
        ? startSupervisionScheduler({
            engine: createSupervisionEngine({
              db: database.db,
              clock,
              getCalendar: () => calendars.getCalendar(),
            }),
            intervalMinutes: config.superviseIntervalMinutes!,
            onScan: (summary) =>
              app.log.info(
                { newFirings: summary.newFirings, newNotifications: summary.newNotifications },
                'supervision scan',
              ),
            onError: (error) => app.log.error({ err: error }, 'supervision scan failed'),
            afterScan: async () => {
              const delivery = await deliverPending({ db: openDatabaseHandle.db, clock, channels });
              if (delivery.attempted > 0) app.log.info(delivery, 'notification deliveries');
              // A scan may append events (and a new day starts a new grade list): recompute now.
              await warmGrades();
            },
          })
        : null;
    return {
      url,
      database,
      async stop() {
        await supervision?.stop();
        stopIndexing.abort();
        await indexing;
        await app.close();
        await openDatabaseHandle.close();
        lock.release();
      },
    };
  } catch (error) {
    await database?.close();
    lock.release();
    throw error;
  }
}
