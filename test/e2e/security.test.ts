/**
 * Browser security checks in Chromium: a problem title carrying HTML and script (set through
 * the API by the office demo user) renders as text on the ledger and problem pages with no
 * dialog firing, and every page is served under the Content-Security-Policy without the app
 * tripping it (no CSP violation reports in the page).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CSP } from '../../src/http/security-headers.ts';
import { isBrowserAvailable, saveScreenshot, signIn, startE2e, type E2eContext } from './browser.ts';

const INJECTED = '<img src=x onerror=alert(1)><script>alert(1)</script>';

/** Collects dialogs (alert/confirm/prompt) and CSP violations the page reports. */
function watchPage(page: Page): { dialogs: string[]; violations: string[] } {
  const watched = { dialogs: [] as string[], violations: [] as string[] };
  page.on('dialog', (dialog) => {
    watched.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) watched.violations.push(message.text());
  });
  return watched;
}

describe.runIf(isBrowserAvailable())('browser security', () => {
  let context: E2eContext;
  beforeAll(async () => {
    context = await startE2e();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
  });

  it('serves the app under the CSP, and the pages load without violating it', async () => {
    const page = await signIn(context, 'xunchaban');
    const watched = watchPage(page);
    const response = await page.goto(`${context.baseUrl}/ledger`);
    expect(response?.headers()['content-security-policy']).toBe(APP_CSP);
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    await page.locator('.ant-table-row').first().waitFor();
    await page.goto(`${context.baseUrl}/dashboard`);
    await page.locator('canvas').first().waitFor();
    expect(watched.violations).toEqual([]);
    expect(watched.dialogs).toEqual([]);
    await page.context().close();
  });

  it('renders an injected problem title as text on the ledger and problem pages; no script runs', async () => {
    const page = await signIn(context, 'xunchaban');
    const watched = watchPage(page);
    const ledger = (await (
      await page.request.get(`${context.baseUrl}/api/ledger?state=in_progress&page=1&pageSize=5`)
    ).json()) as { items: { id: number }[] };
    const problemId = ledger.items[0]!.id;
    const detail = (await (
      await page.request.get(`${context.baseUrl}/api/problems/${problemId}`)
    ).json()) as {
      version: number;
    };
    const patched = await page.request.patch(`${context.baseUrl}/api/problems/${problemId}`, {
      data: { title: INJECTED, version: detail.version },
    });
    expect(patched.status()).toBe(200);
    const stored = (await (
      await page.request.get(`${context.baseUrl}/api/problems/${problemId}`)
    ).json()) as {
      title: string;
    };
    expect(stored.title).toBe(INJECTED);

    await page.goto(`${context.baseUrl}/ledger?q=${encodeURIComponent('onerror')}`);
    const link = page.locator(`.ant-table-row a[href="/problems/${problemId}"]`).first();
    await link.waitFor();
    expect(await link.textContent()).toContain(INJECTED);
    expect(await page.locator('.ant-table-row img[src="x"]').count()).toBe(0);
    expect(await page.locator('.ant-table-row script').count()).toBe(0);
    await saveScreenshot(page, 'security-ledger-injected-title');

    await link.click();
    await page.waitForURL(new RegExp(`/problems/${problemId}$`));
    await page.getByText(INJECTED, { exact: false }).first().waitFor();
    expect(await page.locator('main img[src="x"], img[src="x"]').count()).toBe(0);
    await page.waitForTimeout(500);
    await saveScreenshot(page, 'security-problem-injected-title');
    expect(watched.dialogs).toEqual([]);
    expect(watched.violations).toEqual([]);
    await page.context().close();
  });

  it('serves the API browser under its own policy without violations', async () => {
    const page = await signIn(context, 'xunchaban');
    const watched = watchPage(page);
    const response = await page.goto(`${context.baseUrl}/api/docs/`);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.locator('.swagger-ui .info').first().waitFor();
    expect(watched.violations).toEqual([]);
    await page.context().close();
  });
});
