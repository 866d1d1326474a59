/** Browser journeys through the real product in Chromium (see browser.ts for the harness). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBrowserAvailable, saveScreenshot, signIn, startE2e, type E2eContext } from './browser.ts';

describe.runIf(isBrowserAvailable())('browser journeys', () => {
  let context: E2eContext;
  beforeAll(async () => {
    context = await startE2e();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
  });

  it.each([
    ['xunchaban', '巡察办', '待审核销号'],
    ['zhenggaiban', '整改办', '7日内到期'],
    ['bumen', '责任部门', '7日内到期'],
    ['lingdao', '责任领导', '待审核销号'],
    ['jijian', '纪检监察', '7日内到期'],
  ])('%s signs in and sees the %s home', async (username, roleName, firstPanel) => {
    const page = await signIn(context, username);
    await expect.poll(() => page.locator('header').textContent()).toContain(roleName);
    const firstCardTitle = page.locator('.ant-card-head-title').first();
    await expect.poll(() => firstCardTitle.textContent()).toBe(firstPanel);
    await page.locator('.ant-statistic').first().waitFor();
    await saveScreenshot(page, `home-${username}`);
    await page.context().close();
  });

  it('admin signs in to account management, without the ledger', async () => {
    const page = await signIn(context, 'admin');
    await page.getByText('系统管理').first().waitFor();
    expect(await page.getByRole('link', { name: '整改台账' }).count()).toBe(0);
    await page.context().close();
  });

  it('the ledger lists the demo problems and filters overdue ones', async () => {
    const page = await signIn(context, 'xunchaban');
    await page.getByRole('link', { name: '整改台账' }).click();
    await page.locator('.ant-table-row').first().waitFor();
    const totalText = await page.locator('.ant-pagination-total-text').textContent();
    const total = Number(/共 (\d+) 项/.exec(totalText ?? '')?.[1]);
    expect(total).toBeGreaterThan(50);
    await page.getByLabel('只看逾期').click();
    await page.waitForURL(/overdue=true/);
    const problemRows = page.locator('.ant-table-row[data-kind="problem"]');
    await expect.poll(async () => problemRows.count()).toBeGreaterThan(0);
    // Polled: right after the URL changes the previous rows may still be on screen.
    await expect
      .poll(async () => {
        const overdueTags = await problemRows.locator('.ant-tag', { hasText: /^逾期$/ }).count();
        return overdueTags === (await problemRows.count());
      })
      .toBe(true);
    await saveScreenshot(page, 'ledger-overdue');
    await page.context().close();
  });

  it('the office dashboard shows the completion rate, a chart per unit, and drills into a unit', async () => {
    const page = await signIn(context, 'xunchaban');
    await page.getByRole('link', { name: '整改总览' }).click();
    await page.getByText('完成率').first().waitFor();
    const rate = await page.locator('[data-figure="completion-rate"] .ant-statistic-content').textContent();
    expect(rate).toMatch(/^\d+\.\d%$/);
    await page.locator('canvas').first().waitFor();
    // Let the charts' entry animation finish so the screenshot shows them whole.
    await page.waitForTimeout(1500);
    await saveScreenshot(page, 'dashboard');
    await page.locator('.ant-table-row a').first().click();
    await page.waitForURL(/\/ledger\?inspectionId=\d+/);
    await page.locator('.ant-table-row').first().waitFor();
    await page.context().close();
  });

  it('an unknown address shows not found', async () => {
    const page = await signIn(context, 'zhenggaiban');
    await page.goto(`${context.baseUrl}/no-such-page`);
    await page.getByText('未找到').first().waitFor();
    await page.context().close();
  });
});
