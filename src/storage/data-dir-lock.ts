/**
 * Keeps a second server process off a SQLite data folder. It holds an exclusive SQLite lock on
 * `server.lock` for the life of the process: the operating system releases it when the process
 * dies, even by kill -9, so there is never a stale lock to clean up by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `数据目录 ${dataDir} 正被另一个 rectify 服务器进程使用，本进程不会启动。请先停止那个进程，或用 RECTIFY_DATA_DIR 指定其他目录。` +
        ` (data folder ${dataDir} is in use by another rectify server process)`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): void;
}

/** Takes the folder's server lock or throws DataDirLockedError at once. */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = new BetterSqlite3(path.join(dataDir, 'server.lock'), { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('create table if not exists holder (pid integer, started_at text)');
    lock.exec('begin exclusive');
    lock.prepare('delete from holder').run();
    lock.prepare('insert into holder values (?, ?)').run(process.pid, new Date().toISOString());
    lock.exec('commit');
  } catch (error) {
    lock.close();
    if (
      error instanceof Error &&
      /SQLITE_BUSY|database is locked/i.test(`${(error as { code?: string }).code} ${error.message}`)
    ) {
      throw new DataDirLockedError(dataDir);
    }
    throw error;
  }
  return { release: () => lock.close() };
}
