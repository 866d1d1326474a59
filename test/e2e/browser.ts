/**
 * Browser tests' harness: the real product started in process on a temp data folder with demo
 * data, the web app built, and Debian's Chromium driven by playwright-core. Without
 * /usr/bin/chromium the journeys skip with one loud line, unless RECTIFY_REQUIRE_BROWSER is set
 * (CI), where a missing browser is a failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startApplication, type RunningApplication } from '../../src/app.ts';
import { readConfig } from '../../src/config.ts';
import { buildWebIfStale } from '../../scripts/build-web.ts';

export const CHROMIUM_PATH = process.env.RECTIFY_CHROMIUM ?? '/usr/bin/chromium';

/** Demo accounts' password (README: 演示账号). */
export const DEMO_PASSWORD = 'rectify-demo-2026';

/** True when the browser journeys can run; prints why not (or throws under CI) otherwise. */
export function isBrowserAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  const message = `browser tests need Chromium at ${CHROMIUM_PATH} (apt-get install chromium fonts-noto-cjk)`;
  if (process.env.RECTIFY_REQUIRE_BROWSER) throw new Error(`MISSING BROWSER: ${message}`);
  console.warn(`!!! BROWSER TESTS SKIPPED: ${message}`);
  return false;
}

export const screenshotDir = path.resolve('test/e2e/screenshots');

export interface E2eContext {
  application: RunningApplication;
  browser: Browser;
  baseUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function startE2e(): Promise<E2eContext> {
  await buildWebIfStale();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rectify-e2e-'));
  const application = await startApplication(
    readConfig({ PORT: '0', HOST: '127.0.0.1', RECTIFY_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }),
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  fs.mkdirSync(screenshotDir, { recursive: true });
  return {
    application,
    browser,
    baseUrl: application.url,
    dataDir,
    async close() {
      await browser.close();
      await application.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh browser page at 1440×900, signed in as the given demo account. */
export async function signIn(context: E2eContext, username: string): Promise<Page> {
  const browserContext = await context.browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  });
  const page = await browserContext.newPage();
  await page.goto(`${context.baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(`${context.baseUrl}/`);
  return page;
}

/** Saves a full-page screenshot for a person to look at (not committed). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}
