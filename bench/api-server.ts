/**
 * The server under load for the ledger API bench, in its own process so the load generator does
 * not share its event loop: starts the real application (startApplication, demo off, logging off)
 * on an already loaded data folder (RECTIFY_DATA_DIR, and DATABASE_URL for PostgreSQL), with the
 * clock fixed at the demo's "today" (BENCH_TODAY) so "overdue" means the same on every run, creates
 * an inspection-office account through the user service, and prints one JSON line
 * `{ url, username, password }`. Stops cleanly on SIGTERM or SIGINT.
 */
import { randomBytes } from 'node:crypto';
import { startApplication } from '../src/app.ts';
import { readConfig } from '../src/config.ts';
import { createFixedClock } from '../src/modules/common/clock.ts';
import { createUserService } from '../src/modules/users/user.service.ts';

const today = process.env.BENCH_TODAY ?? '';
if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`BENCH_TODAY must be YYYY-MM-DD: ${today}`);
const clock = createFixedClock(`${today}T02:00:00.000Z`);

const config = readConfig({
  ...process.env,
  PORT: '0',
  HOST: '127.0.0.1',
  RECTIFY_DEMO: 'off',
  LOG_LEVEL: 'silent',
  // The hourly supervision scan would land inside a measuring window; it is measured on its own.
  RECTIFY_SUPERVISE_INTERVAL_MINUTES: '0',
});
const application = await startApplication(config, clock);

const office = await application.database.db
  .selectFrom('offices')
  .select('id')
  .orderBy('id')
  .limit(1)
  .executeTakeFirst();
if (!office) throw new Error('the data folder holds no inspection office: was the demo loaded?');
const username = `bench-office-${randomBytes(4).toString('hex')}`;
const password = randomBytes(18).toString('base64url');
await createUserService({ db: application.database.db, clock }).createUser('system', {
  username,
  displayName: '压测巡察办',
  role: 'office',
  officeId: office.id,
  unitIds: [],
  password,
});

let isStopping = false;
const stop = () => {
  if (isStopping) return;
  isStopping = true;
  application.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`api-server: stop failed: ${error instanceof Error ? error.message : error}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdout.write(`${JSON.stringify({ url: application.url, username, password })}\n`);
