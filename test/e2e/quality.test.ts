/**
 * Rectification quality in the browser: concreteness badges with their reasons on the plan
 * review page (import wizard), per measure on the problem page, and the unit grade with its
 * findings count and drill-down on the office dashboard.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/modules/common/clock.ts';
import { createInspectionService } from '../../src/modules/inspections/inspection.service.ts';
import { corpusDir, isCorpusAvailable } from '../support/corpus.ts';
import { isBrowserAvailable, saveScreenshot, signIn, startE2e, type E2eContext } from './browser.ts';

const PLAN_FILE = '002_69abe91761440d5d.txt';

describe.runIf(isBrowserAvailable() && isCorpusAvailable())('rectification quality in the browser', () => {
  let context: E2eContext;
  beforeAll(async () => {
    context = await startE2e();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
  });

  it('shows concreteness on the plan review page with the reasons in a tooltip', async () => {
    const db = context.application.database.db;
    const office = await db.selectFrom('offices').select('id').orderBy('id').executeTakeFirstOrThrow();
    const inspectionId = await createInspectionService({ db, clock: systemClock }).setUpInspection({
      officeId: office.id,
      round: { name: '县委2026年质量评价轮（e2e）', year: 2026 },
      unitName: '县融媒体中心党组（质量e2e）',
      groupName: '县委第四巡察组',
      periodStart: null,
      periodEnd: null,
      feedbackOn: '2026-03-16',
      actorUserId: null,
    });
    const page = await signIn(context, 'xunchaban');
    await page.goto(`${context.baseUrl}/inspections/${inspectionId}/import`);
    await page.locator('input[type=file]').setInputFiles(path.join(corpusDir, PLAN_FILE));
    await page.locator('.draft-tree').waitFor();
    const badges = page.locator('.draft-tree .concreteness-badge');
    await badges.first().waitFor();
    const measures = page.locator('.draft-tree .measures > li');
    await expect.poll(() => badges.count()).toBe(await measures.count());
    const levels = await badges.evaluateAll((elements) =>
      elements.map((element) => element.getAttribute('data-level')),
    );
    expect(levels).toContain('vague');
    await badges.first().hover();
    await expect.poll(() => page.locator('.ant-tooltip').last().textContent()).toContain('措施具体性');
    await saveScreenshot(page, 'quality-plan-review');
  });

  it('scores each measure on the problem page', async () => {
    const db = context.application.database.db;
    const problem = await db
      .selectFrom('problems')
      .innerJoin('measures', 'measures.problem_id', 'problems.id')
      .select(['problems.id', (eb) => eb.fn.countAll<number>().as('measures')])
      .groupBy('problems.id')
      .orderBy('problems.id')
      .executeTakeFirstOrThrow();
    const page = await signIn(context, 'xunchaban');
    await page.goto(`${context.baseUrl}/problems/${problem.id}`);
    const badges = page.locator('.measure-quality .concreteness-badge');
    await badges.first().waitFor();
    expect(await badges.count()).toBe(Number(problem.measures));
    expect(await page.locator('.measure-quality').textContent()).toMatch(/要素齐全|无/);
    await saveScreenshot(page, 'quality-problem');
  });

  it('grades every unit on the office dashboard and drills into the indicators', async () => {
    const page = await signIn(context, 'xunchaban');
    await page.goto(`${context.baseUrl}/dashboard`);
    const grades = page.locator('.unit-grades .unit-grade');
    await grades.first().waitFor({ timeout: 20_000 });
    expect(['好', '较好', '一般', '差']).toContain((await grades.first().textContent())?.trim());
    // Served from the last computation, saying when it was made.
    expect(await page.locator('.unit-grades .grades-freshness').textContent()).toMatch(
      /^计算于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/,
    );
    expect(await page.locator('.unit-grades .finding-count').count()).toBeGreaterThan(0);
    await page.locator('.unit-grades .ant-table-row-expand-icon').first().click();
    const indicators = page.locator('.unit-grades .grade-indicators').first();
    await indicators.waitFor();
    const text = await indicators.textContent();
    expect(text).toContain('按时完成');
    expect(text).toContain('群众评价');
    await saveScreenshot(page, 'quality-dashboard');
  });
});
