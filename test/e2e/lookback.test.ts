/**
 * The look-back (回头看) in the browser: the inspection office schedules one from the inspection
 * list with the default planned day; the unit's rectification office marks one item "holds"
 * with the keyboard and one "rebound" with a note; the rebound item is back in the ledger as in
 * progress, and the rates show on the look-back page and on the office dashboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { isBrowserAvailable, saveScreenshot, signIn, startE2e, type E2eContext } from './browser.ts';

interface CheckJson {
  problemId: number;
  number: string | null;
  title: string;
}

const labelOf = (check: CheckJson) => (check.number ? `问题${check.number} ${check.title}` : check.title);

async function getJson<T>(page: Page, context: E2eContext, path: string): Promise<T> {
  const response = await page.request.get(`${context.baseUrl}${path}`);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

describe.runIf(isBrowserAvailable())('browser: a look-back with one item holding and one rebounding', () => {
  let context: E2eContext;
  let inspectionId: number;
  let unitName: string;
  let checks: CheckJson[];

  beforeAll(async () => {
    context = await startE2e();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
  });

  it('the office schedules a look-back from the inspection list, on the default day', async () => {
    const unitOffice = await signIn(context, 'zhenggaiban');
    const own = await getJson<{ items: Array<{ id: number; unit: { name: string } }> }>(
      unitOffice,
      context,
      '/api/inspections',
    );
    await unitOffice.context().close();
    inspectionId = own.items[0]!.id;
    unitName = own.items[0]!.unit.name;

    const office = await signIn(context, 'xunchaban');
    const overview = await getJson<{ defaultPlannedOn: string; canSchedule: boolean }>(
      office,
      context,
      `/api/inspections/${inspectionId}/lookbacks`,
    );
    expect(overview.canSchedule).toBe(true);
    await office.getByRole('link', { name: '巡察管理' }).click();
    await office.locator(`a[href="/inspections/${inspectionId}/lookbacks"]`).click();
    await office.waitForURL(new RegExp(`/inspections/${inspectionId}/lookbacks$`));
    const plannedOn = office.locator('#lookback-planned-on');
    await plannedOn.waitFor();
    expect(await plannedOn.inputValue()).toBe(overview.defaultPlannedOn);
    await office.getByRole('button', { name: '安排回头看' }).click();
    const checklist = office.locator('[data-testid="lookback-checklist"]');
    await checklist.locator('.ant-table-row').first().waitFor();
    await office.getByText(/检查进度 0\/\d+/).waitFor();

    const listed = await getJson<{ lookbacks: Array<{ id: number; plannedOn: string }> }>(
      office,
      context,
      `/api/inspections/${inspectionId}/lookbacks`,
    );
    expect(listed.lookbacks[0]!.plannedOn).toBe(overview.defaultPlannedOn);
    const detail = await getJson<{ checks: CheckJson[] }>(
      office,
      context,
      `/api/lookbacks/${listed.lookbacks[0]!.id}`,
    );
    checks = detail.checks;
    expect(checks.length).toBeGreaterThanOrEqual(2);
    await office.context().close();
  });

  it('the unit office marks one item holds by keyboard and one rebound with a note', async () => {
    const page = await signIn(context, 'zhenggaiban');
    await page.goto(`${context.baseUrl}/inspections/${inspectionId}/lookbacks`);
    const [first, second] = checks as [CheckJson, CheckJson];

    const firstNote = page.getByLabel(`${labelOf(first)} 情况说明`);
    await firstNote.fill('抽查相关账目，未发现同类问题');
    await firstNote.press('Tab');
    await expect.poll(() => page.locator(':focus').getAttribute('aria-label')).toBe(`${labelOf(first)} 巩固`);
    await page.keyboard.press('Enter');
    await page.getByText(new RegExp(`检查进度 1/${checks.length}`)).waitFor();

    // A rebound without a note is not sent: the note field is focused instead.
    await page.getByRole('button', { name: `${labelOf(second)} 反弹` }).click();
    const secondNote = page.getByLabel(`${labelOf(second)} 情况说明`);
    await expect.poll(() => secondNote.evaluate((element) => element.matches(':focus'))).toBe(true);
    await secondNote.fill('又发现违规发放津补贴的情况');
    await page.getByRole('button', { name: `${labelOf(second)} 反弹` }).click();
    await page.getByText(new RegExp(`检查进度 2/${checks.length}`)).waitFor();
    await expect
      .poll(() =>
        page.locator('.ant-statistic', { hasText: '反弹率' }).locator('.ant-statistic-content').textContent(),
      )
      .toBe('50.0%');
    const rates = page.locator('[data-testid="lookback-aspect-rates"]');
    await rates.locator('.ant-table-row').first().waitFor();
    expect(await rates.textContent()).toMatch(/(50\.0|100\.0)%/);
    await saveScreenshot(page, 'lookback-page');

    // The rebound item is back in the ledger, in progress.
    await page.goto(`${context.baseUrl}/ledger?inspectionId=${inspectionId}&state=in_progress`);
    await page.locator(`.ant-table-row a[href="/problems/${second.problemId}"]`).waitFor();
    await page.locator(`.ant-table-row a[href="/problems/${second.problemId}"]`).click();
    await expect.poll(() => page.locator('[data-testid="problem-state"]').textContent()).toContain('整改中');
    await page.getByText(/反弹 \d+ 次/).waitFor();
    await page
      .locator('[data-section="timeline"]')
      .getByText('又发现违规发放津补贴的情况', { exact: false })
      .waitFor();
    await page.context().close();
  });

  it('the office dashboard shows the unit’s rebound rate', async () => {
    const page = await signIn(context, 'xunchaban');
    await page.goto(`${context.baseUrl}/dashboard`);
    const table = page.locator('[data-testid="unit-rebound-rates"]');
    const row = table.locator('.ant-table-row', { hasText: unitName });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/\d+\.\d%/);
    await page.context().close();
  });
});
