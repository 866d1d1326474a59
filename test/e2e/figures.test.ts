/**
 * 整改统计 in the browser, as the inspection office: the totals row over every round, any number
 * opening the rows behind it (as many as the number says) with links to the problem pages, the
 * 基本完成 definition in a tooltip, a round chosen from the selector, and the aggregate notice
 * downloaded as .docx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBrowserAvailable, saveScreenshot, signIn, startE2e, type E2eContext } from './browser.ts';

describe.runIf(isBrowserAvailable())('office figures in the browser', () => {
  let context: E2eContext;
  beforeAll(async () => {
    context = await startE2e();
  }, 180_000);
  afterAll(async () => {
    await context?.close();
  });

  it('opens the rows behind a number and links them to their problems', async () => {
    const page = await signIn(context, 'xunchaban');
    await page.getByRole('menuitem', { name: '整改统计' }).click();
    await page.waitForURL(`${context.baseUrl}/figures`);
    const totals = page.locator('.figures-totals').last();
    await totals.waitFor({ timeout: 20_000 });
    const problems = totals.locator('[data-figure=problems]');
    const count = Number((await problems.textContent())?.trim());
    expect(count).toBeGreaterThan(0);
    await problems.click();
    const drawer = page.locator('.ant-drawer-content');
    await expect
      .poll(() => drawer.locator('[data-testid=figure-items-total]').textContent())
      .toBe(String(count));
    expect(await drawer.locator('.ant-drawer-title').textContent()).toContain('合计 · 反馈问题');
    await saveScreenshot(page, 'figures-drill-down');
    const link = drawer.locator('a.figure-item-link').first();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/problems\/\d+$/);
    await link.click();
    await page.waitForURL(`${context.baseUrl}${href}`);
  });

  it('explains 基本完成, filters by round and downloads the aggregate notice', async () => {
    const page = await signIn(context, 'xunchaban');
    await page.goto(`${context.baseUrl}/figures`);
    await page.locator('.figures-totals').last().waitFor({ timeout: 20_000 });
    await page.locator('.figure-hint').filter({ hasText: '基本完成' }).first().hover();
    await page.locator('.ant-tooltip').filter({ hasText: '长期坚持' }).first().waitFor();

    await page.locator('.ant-select[aria-label="轮次"]').click();
    const option = page.locator('.ant-select-item-option').nth(1);
    const roundName = (await option.textContent())?.trim() ?? '';
    await option.click();
    await page.waitForURL(/roundId=\d+/);
    await expect.poll(() => page.locator('[data-testid=figures-summary]').textContent()).toContain(roundName);
    await saveScreenshot(page, 'figures-round');

    const href = await page.getByRole('link', { name: /生成整改情况通报/ }).getAttribute('href');
    expect(href).toMatch(/^\/api\/reports\/aggregate-notice\?roundId=\d+$/);
    const response = await page.request.get(`${context.baseUrl}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('wordprocessingml');
  });
});
