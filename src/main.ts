/**
 * `npm start`: runs the server until SIGINT/SIGTERM, then shuts down gracefully (in-flight
 * requests finish, the database closes cleanly).
 */
import { startApplication } from './app.ts';
import { ConfigError, readConfig } from './config.ts';
import { DataDirLockedError } from './storage/data-dir-lock.ts';

try {
  const config = readConfig();
  const application = await startApplication(config);
  process.stdout.write(`rectify 已启动 ${application.url} (database: ${application.database.dialect})\n`);
  let isStopping = false;
  const shutdown = (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    process.stdout.write(`收到 ${signal}，正在停止…\n`);
    application.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `rectify 启动失败 failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
}
