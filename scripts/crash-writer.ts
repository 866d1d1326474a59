/**
 * The victim of the crash test (scripts/crash-test.ts): starts the rectify server on a data folder
 * exactly as `npm start` does (lock, migrations, HTTP on a free port), then writes demo
 * inspections through the product's demo loader on the server's own database handle, printing one
 * acknowledgement line per inspection after it is committed:
 *
 *   ready <url>
 *   ack <k> <unit name>     (inspection k, with all its problems and workflow steps, is committed)
 *
 * It is meant to be killed with SIGKILL at a random moment; if it ever finishes it prints `done`.
 *
 *   node --import tsx scripts/crash-writer.ts --data-dir DIR [--units N] [--seed S]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startApplication } from '../src/app.ts';
import { systemClock } from '../src/modules/common/clock.ts';
import { defaultDeadlinePolicy } from '../src/modules/deadlines/deadline.rules.ts';
import { getOfficialCalendar } from '../src/modules/deadlines/official-calendar.ts';
import { generateDemoInspections } from '../src/modules/demo/demo-generator.ts';
import { createDemoLoader } from '../src/modules/demo/demo-loader.ts';
import { createFileStore } from '../src/storage/file-store.ts';
import { crashWriterDemoOptions } from './crash-test.ts';

/**
 * Writes straight to file descriptor 1: a synchronous write means that once the line is out, the
 * commit it acknowledges happened before it, and no acknowledgement sits in a buffer at the kill.
 */
const acknowledge = (line: string) => fs.writeSync(1, `${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      units: { type: 'string', default: '400' },
      seed: { type: 'string', default: '1' },
    },
    strict: true,
  });
  const dataDir = values['data-dir'];
  if (!dataDir) throw new Error('--data-dir is required');
  const application = await startApplication({
    port: 0,
    host: '127.0.0.1',
    dataDir: path.resolve(dataDir),
    databaseUrl: null,
    isDemoEnabled: false,
    logLevel: 'silent',
    evidenceMaxBytes: 50 * 1024 * 1024,
  });
  acknowledge(`ready ${application.url}`);
  const dataset = generateDemoInspections({
    ...crashWriterDemoOptions,
    units: Number(values.units),
    seed: Number(values.seed),
  });
  const loader = createDemoLoader({
    db: application.database.db,
    clock: systemClock,
    fileStore: createFileStore(path.join(dataDir, 'files')),
    calendar: getOfficialCalendar(),
    deadlinePolicy: defaultDeadlinePolicy,
  });
  // The loader calls back only after the inspection's last transaction has committed.
  await loader.loadDemo(dataset, (loaded) =>
    acknowledge(`ack ${loaded} ${dataset.units[loaded - 1]?.name ?? '?'}`),
  );
  acknowledge('done');
  await application.stop();
}

await main();
