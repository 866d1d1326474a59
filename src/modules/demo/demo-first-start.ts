/**
 * Loads the demo on the first start of an empty database only, and records that it did, so a
 * restart never loads it twice and a database with real data never gets demo rows.
 */
import { today } from '../common/clock.ts';
import { defaultDemoOptions, generateDemoDataset } from './demo-generator.ts';
import { createDemoLoader, type DemoLoaderDependencies, type DemoLoadSummary } from './demo-loader.ts';
import { loadDemoPublicSide } from './demo-public.ts';
import { createDemoUsers } from './demo-users.ts';

const DEMO_MARKER_KEY = 'demo_loaded_at';

export async function loadDemoOnFirstStart(
  dependencies: DemoLoaderDependencies,
): Promise<DemoLoadSummary | null> {
  const { db, clock } = dependencies;
  const marker = await db
    .selectFrom('app_settings')
    .select('value')
    .where('key', '=', DEMO_MARKER_KEY)
    .executeTakeFirst();
  if (marker) return null;
  const anyOffice = await db.selectFrom('offices').select('id').limit(1).executeTakeFirst();
  if (anyOffice) return null;
  const dataset = generateDemoDataset({ ...defaultDemoOptions, today: today(clock) });
  const summary = await createDemoLoader(dependencies).loadDemo(dataset);
  await createDemoUsers(dependencies, summary.officeId);
  await loadDemoPublicSide(dependencies, summary.officeId);
  await db
    .insertInto('app_settings')
    .values({ key: DEMO_MARKER_KEY, value: clock.now().toISOString() })
    .execute();
  return summary;
}
