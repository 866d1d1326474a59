/** The ledger page in Chromium: filters, columns, saved views, bulk deadline change, keyboard. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBrowserAvailable, saveScreenshot, signIn, startE2e, type E2eContext } from './browser.ts';

interface LedgerItem {
  id: number;
  unitId: number;
  dueOn: string | null;
  departments: string[];
  state: string;
}

const problemRows = (page: Page) => page.locator('.ant-table-row[data-kind="problem"]');

/** Waits until the ledger has loaded after a change of the URL. */
async function waitForLedger(page: Page, urlPart: RegExp): Promise<void> {
  await page.waitForURL(urlPart);
  await page.locator('[data-ledger-ready="true"]').waitFor();
}

async function pickOption(page: Page, label: string, optionText?: string): Promise<string> {
  await page.locator(`.ant-select:has(input[aria-label="${label}"])`).click();
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  const option = optionText
    ? dropdown.locator('.ant-select-item-option', { hasText: optionText }).first()
    : dropdown.locator('.ant-select-item-option').first();
  await option.waitFor();
  const text = (await option.textContent()) ?? '';
  await option.click();
  return text;
}

describe.runIf(isBrowserAvailable())('ledger page', () => {
  let context: E2eContext;
  beforeAll(async () => {
    context = await startE2e();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
  });

  it('filters by unit, department, deadline range and text; hides a column; saves and re-applies a view', async () => {
    const page = await signIn(context, 'xunchaban');
    await page.getByRole('link', { name: '整改台账' }).click();
    await page.locator('[data-ledger-ready="true"]').waitFor();
    await problemRows(page).first().waitFor();
    await saveScreenshot(page, 'ledger-tree');

    const unitName = await pickOption(page, '单位');
    await waitForLedger(page, /unitId=\d+/);
    const department = await pickOption(page, '责任部门');
    await waitForLedger(page, /departmentId=\d+/);
    await expect.poll(async () => problemRows(page).count()).toBeGreaterThan(0);
    const departmentCells = await problemRows(page).locator('td').allTextContents();
    expect(departmentCells.join('|')).toContain(department);
    expect(await page.locator('.ledger-row-aspect').first().textContent()).toContain(unitName);

    // A deadline range that keeps some of this department's problems and drops others.
    const url = new URL(page.url());
    const listing = (await (
      await page.request.get(`${context.baseUrl}/api/ledger?${url.searchParams.toString()}&pageSize=500`)
    ).json()) as { items: LedgerItem[] };
    const days = [
      ...new Set(listing.items.map((item) => item.dueOn).filter((day): day is string => !!day)),
    ].sort();
    expect(days.length).toBeGreaterThan(1);
    const from = days[0]!;
    const to = days[Math.floor((days.length - 1) / 2)]!;
    await page.getByPlaceholder('时限起').click();
    await page.getByPlaceholder('时限起').fill(from);
    await page.keyboard.press('Enter');
    await page.getByPlaceholder('时限止').fill(to);
    await page.keyboard.press('Enter');
    await waitForLedger(page, new RegExp(`dueTo=${to}`));
    expect(page.url()).toContain(`dueFrom=${from}`);
    const expected = listing.items.filter(
      (item) => item.dueOn && item.dueOn >= from && item.dueOn <= to,
    ).length;
    await expect.poll(async () => problemRows(page).count()).toBe(expected);
    for (const day of await page
      .locator('[data-due-on]')
      .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-due-on')))) {
      expect(day! >= from && day! <= to).toBe(true);
    }

    // Text search narrows to rows mentioning the word.
    const firstTitle = (await problemRows(page).first().locator('.ledger-title').textContent())!;
    const word = firstTitle.slice(0, 4);
    await page.getByLabel('搜索').fill(word);
    await waitForLedger(page, /q=/);
    await expect.poll(async () => problemRows(page).count()).toBeGreaterThan(0);
    expect(await problemRows(page).first().locator('.ledger-title').textContent()).toContain(word);

    // Column chooser: hide 责任人, and it stays hidden after a reload.
    expect(await page.locator('.ant-table-thead th', { hasText: /^责任人$/ }).count()).toBe(1);
    await page.getByRole('button', { name: '列设置' }).click();
    await page.getByTestId('column-chooser').getByText('责任人', { exact: true }).click();
    await expect.poll(() => page.locator('.ant-table-thead th', { hasText: /^责任人$/ }).count()).toBe(0);
    await page.reload();
    await page.locator('[data-ledger-ready="true"]').waitFor();
    await problemRows(page).first().waitFor();
    expect(await page.locator('.ant-table-thead th', { hasText: /^责任人$/ }).count()).toBe(0);
    expect(await page.locator('.ant-table-thead th', { hasText: /^责任部门$/ }).count()).toBe(1);

    // Save the filters as a view, clear them, and apply the view again.
    const filtered = new URL(page.url()).searchParams;
    await page.getByRole('button', { name: /保存视图/ }).click();
    await page.getByLabel('视图名称').fill('本部门前半程');
    await page.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByRole('button', { name: '清除筛选' }).click();
    await page.waitForURL((current) => !current.search.includes('departmentId'));
    await page.getByRole('button', { name: /视图/ }).first().click();
    await page.getByRole('menuitem', { name: /本部门前半程/ }).click();
    await waitForLedger(page, /departmentId=\d+/);
    const applied = new URL(page.url()).searchParams;
    for (const key of ['unitId', 'departmentId', 'dueFrom', 'dueTo', 'q']) {
      expect(applied.get(key)).toBe(filtered.get(key));
    }
    await page.context().close();
  });

  it('selects two rows and changes their deadline after confirmation', async () => {
    const page = await signIn(context, 'xunchaban');
    await page.goto(`${context.baseUrl}/ledger?state=in_progress`);
    await page.locator('[data-ledger-ready="true"]').waitFor();
    const rows = problemRows(page);
    await rows.nth(1).waitFor();
    const ids = [
      await rows.nth(0).getAttribute('data-problem-id'),
      await rows.nth(1).getAttribute('data-problem-id'),
    ];
    await rows.nth(0).locator('.ant-checkbox-input').check();
    await rows.nth(1).locator('.ant-checkbox-input').check();
    await page.getByText('已选 2 项').waitFor();
    await page.getByRole('button', { name: '批量修改时限' }).click();
    const dialog = page.locator('.ant-modal-content');
    await dialog.getByLabel('新的整改时限').click();
    await dialog.getByLabel('新的整改时限').fill('2027-05-31');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: '下一步' }).click();
    await dialog.getByText('将修改 2 个问题的整改时限为 2027-05-31').waitFor();
    await saveScreenshot(page, 'ledger-bulk-deadline');
    await dialog.getByRole('button', { name: '确认修改' }).click();
    await page.getByText('已将 2 个问题的整改时限改为 2027-05-31').waitFor();
    await page.locator('[data-ledger-ready="true"]').waitFor();
    for (const id of ids) {
      await expect
        .poll(() => page.locator(`[data-problem-id="${id}"] [data-due-on]`).getAttribute('data-due-on'))
        .toBe('2027-05-31');
    }
    await page.context().close();
  });

  it('moves with the keyboard: / searches, ↓ ↓ Enter opens the second row', async () => {
    const page = await signIn(context, 'xunchaban');
    await page.getByRole('link', { name: '整改台账' }).click();
    await page.locator('[data-ledger-ready="true"]').waitFor();
    await problemRows(page).first().waitFor();
    // Leave any input without clicking: the side menu's links fill the left edge.
    await page.evaluate('document.activeElement?.blur()');
    await page.keyboard.press('/');
    await expect.poll(() => page.locator(':focus').getAttribute('aria-label')).toBe('搜索');
    await page.keyboard.type('制度');
    await waitForLedger(page, /q=/);
    await problemRows(page).nth(1).waitFor();
    const secondId = await problemRows(page).nth(1).getAttribute('data-problem-id');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => page.locator('.ledger-row-focused').getAttribute('data-problem-id'))
      .toBe(secondId);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/problems/${secondId}$`));
    await page.context().close();
  });
});
