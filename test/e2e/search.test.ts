/**
 * Full-text search and 举一反三 in the browser: a two-character word typed in the header search
 * finds the problems whose manifestation contains it (with the word highlighted), a result opens
 * the problem; the search page searches while typing; the 举一反三 page lists groups by units and
 * opens one to show each unit's problem and measures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBrowserAvailable, saveScreenshot, signIn, startE2e, type E2eContext } from './browser.ts';

describe.runIf(isBrowserAvailable())('search in the browser', () => {
  let context: E2eContext;
  beforeAll(async () => {
    context = await startE2e();
  }, 180_000);
  afterAll(async () => {
    await context?.close();
  });

  it('finds a problem by a two-character word inside a manifestation and opens it', async () => {
    const db = context.application.database.db;
    // A demo manifestation with the word, in a problem whose title does not have it.
    const target = await db
      .selectFrom('problem_manifestations')
      .innerJoin('problems', 'problems.id', 'problem_manifestations.problem_id')
      .select(['problems.id', 'problems.title', 'problem_manifestations.text'])
      .where('problem_manifestations.text', 'like', '%出差%')
      .where('problems.title', 'not like', '%出差%')
      .orderBy('problems.id')
      .executeTakeFirstOrThrow();

    const page = await signIn(context, 'xunchaban');
    await page.locator('.header-search input').fill('出差');
    await page.locator('.header-search input').press('Enter');
    await page.waitForURL(/\/search\?q=/);
    const hit = page.locator(`.search-hit[data-problem-id="${target.id}"]`);
    await hit.waitFor();
    await expect.poll(() => hit.locator('mark').first().textContent()).toBe('出差');
    expect(await hit.locator('.search-hit-field').textContent()).toBe('具体表现');
    expect(await page.locator('.search-summary').textContent()).toMatch(/共找到 \d+ 个相关问题/);
    await saveScreenshot(page, 'search-results');

    await hit.locator('.search-hit-title').click();
    await page.waitForURL(new RegExp(`/problems/${target.id}$`));
    await expect.poll(() => page.locator('body').textContent()).toContain(target.title);
  });

  it('searches while typing on the search page and pages through the results', async () => {
    const page = await signIn(context, 'jijian');
    await page.goto(`${context.baseUrl}/search`);
    await page.locator('.search-box input').fill('整改');
    // No Enter: the input searches by itself after a pause.
    await page.locator('.search-hit').first().waitFor();
    expect(page.url()).toContain('q=%E6%95%B4%E6%94%B9');
    await expect.poll(() => page.locator('.search-hit mark').first().textContent()).toBe('整改');
    await page.locator('.ant-pagination-item-2').click();
    await page.waitForURL(/page=2/);
    await page.locator('.search-hit').first().waitFor();
  });

  it('shows the 举一反三 groups, most units first, and opens one', async () => {
    const page = await signIn(context, 'xunchaban');
    await page.locator('.ant-menu').getByText('举一反三').click();
    await page.waitForURL(/\/similar-problems/);
    const groups = page.locator('.similar-group');
    await groups.first().waitFor({ timeout: 30_000 });
    const counts = await page
      .locator('.similar-group .ant-tag-volcano')
      .evaluateAll((tags) => tags.map((tag) => Number.parseInt(tag.textContent ?? '0', 10)));
    expect(counts.length).toBeGreaterThan(0);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    await groups.first().locator('.ant-collapse-header').click();
    const links = groups.first().locator('.similar-member-link');
    await links.first().waitFor();
    expect(await links.count()).toBeGreaterThanOrEqual(2);
    await saveScreenshot(page, 'similar-problems');
  });
});
