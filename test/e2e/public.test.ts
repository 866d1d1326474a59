/**
 * The public side in Chromium, as a visitor and a staff member would use it: the visitor opens
 * the public list on a phone-sized screen, finds a published notice, opens one problem, sends
 * feedback and gets a reference number; the office signs in, assigns the item, replies and
 * publishes the reply; the visitor looks the reference up and reads the reply. Nothing
 * unpublished is ever visible: a problem added after publication, a title changed after it,
 * and an inspection never published have no public trace. No script runs, no CSP violation.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBrowserAvailable, saveScreenshot, signIn, startE2e, type E2eContext } from './browser.ts';

const INJECTED = '<script>alert(1)</script><img src=x onerror=alert(2)>';

function watchPage(page: Page): { dialogs: string[]; violations: string[] } {
  const watched = { dialogs: [] as string[], violations: [] as string[] };
  page.on('dialog', (dialog) => {
    watched.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) watched.violations.push(message.text());
  });
  return watched;
}

describe.runIf(isBrowserAvailable())('public side in the browser', () => {
  let context: E2eContext;
  beforeAll(async () => {
    context = await startE2e();
  }, 180_000);
  afterAll(async () => {
    await context?.close();
  });

  it('takes a visitor from the notice list to feedback, and back to the published reply', async () => {
    // The visitor, on a phone, without an account.
    const visitorContext = await context.browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
    });
    const visitor = await visitorContext.newPage();
    const watchedVisitor = watchPage(visitor);
    await visitor.goto(`${context.baseUrl}/public/`);
    const noticeLink = visitor.locator('ul.notices a').first();
    await noticeLink.waitFor();
    const noticeTitle = (await noticeLink.textContent())!.trim();
    await saveScreenshot(visitor, 'public-list-mobile');
    await noticeLink.click();
    await visitor.waitForURL(/\/public\/notices\/\d+$/);
    expect(await visitor.locator('h1').textContent()).toBe(noticeTitle);
    expect(await visitor.locator('a[href$="/download"]').count()).toBe(1);
    await saveScreenshot(visitor, 'public-notice-mobile');
    const noticeUrl = visitor.url();

    const problemLink = visitor.locator('ul.problems a').first();
    const problemTitle = (await problemLink.textContent())!.trim();
    await problemLink.click();
    await visitor.waitForURL(/\/problems\/\d+$/);
    const problemUrl = visitor.url();
    expect(await visitor.locator('h1').textContent()).toBe(problemTitle);

    await visitor.getByLabel(/意见内容/).fill(`整改资金去向请公开${INJECTED}`);
    await visitor.getByLabel(/姓名/).fill('张某<script>alert(3)</script>');
    await visitor.getByLabel(/联系方式/).fill('13700000000');
    await visitor.getByRole('button', { name: '提交意见' }).click();
    await visitor.waitForURL(/\/public\/feedback\?ref=FK-/);
    const reference = (await visitor.locator('.reference').textContent())!.trim();
    expect(reference).toMatch(/^FK-\d{4}-[0-9A-Z]{8}$/);
    expect(await visitor.locator('body').textContent()).toContain(`整改资金去向请公开${INJECTED}`);
    expect(await visitor.locator('body').textContent()).not.toContain('13700000000');
    await saveScreenshot(visitor, 'public-feedback-reference');

    // The office triages it in the web app.
    const staff = await signIn(context, 'xunchaban');
    const watchedStaff = watchPage(staff);
    await staff.getByRole('menuitem', { name: /公众意见/ }).click();
    await staff.waitForURL(`${context.baseUrl}/feedback`);
    const row = staff.locator('.ant-table-row', { hasText: reference });
    await row.waitFor();
    await row.getByRole('button', { name: /办\s*理/ }).click();
    const drawer = staff.locator('.ant-drawer-content');
    await drawer.waitFor();
    expect(await drawer.getByTestId('feedback-content').textContent()).toBe(`整改资金去向请公开${INJECTED}`);
    expect(await drawer.textContent()).toContain('张某<script>alert(3)</script>');
    expect(await drawer.textContent()).toContain('13700000000');
    expect(await staff.locator('.ant-drawer-content img[src="x"]').count()).toBe(0);
    await drawer.getByRole('button', { name: /分\s*办/ }).click();
    await drawer.locator('.ant-tag', { hasText: '办理中' }).waitFor();
    await drawer.getByLabel('答复内容').fill('经核实，违规资金已全部清退，感谢监督。');
    await drawer.getByRole('checkbox').check();
    await drawer.getByRole('button', { name: /保存答复/ }).click();
    await drawer.locator('.ant-tag', { hasText: '答复已公开' }).waitFor();
    await saveScreenshot(staff, 'staff-feedback-triage');

    // The visitor looks the reference up and reads the reply; the problem page shows it too.
    await visitor.goto(`${context.baseUrl}/public/feedback`);
    await visitor.getByLabel('查询编号').fill(reference.toLowerCase());
    await visitor.getByRole('button', { name: '查询' }).click();
    await visitor.locator('.lookup-result').waitFor();
    const result = (await visitor.locator('.lookup-result').textContent())!;
    expect(result).toContain('已答复');
    expect(result).toContain('经核实，违规资金已全部清退，感谢监督。');
    expect(result).not.toContain('13700000000');
    expect(result).not.toContain('张某');
    await visitor.goto(problemUrl);
    expect(await visitor.locator('.replies').textContent()).toContain('经核实，违规资金已全部清退');
    await visitor.emulateMedia({ media: 'print' });
    expect(await visitor.locator('.feedback-form').isVisible()).toBe(false);
    await visitor.emulateMedia({ media: 'screen' });
    await saveScreenshot(visitor, 'public-problem-reply');

    expect(watchedVisitor.dialogs).toEqual([]);
    expect(watchedVisitor.violations).toEqual([]);
    expect(watchedStaff.dialogs).toEqual([]);
    expect(watchedStaff.violations).toEqual([]);
    // A unit and inspection the office sets up but never publishes.
    const round = (await (await staff.request.get(`${context.baseUrl}/api/rounds`)).json()) as {
      items: Array<{ id: number }>;
    };
    const unit = await staff.request.post(`${context.baseUrl}/api/units`, {
      data: { name: '从未公开的草稿单位' },
    });
    expect(unit.status()).toBe(201);
    const draft = await staff.request.post(`${context.baseUrl}/api/inspections`, {
      data: {
        roundId: round.items[0]!.id,
        unitId: ((await unit.json()) as { id: number }).id,
        feedbackOn: '2026-10-15',
      },
    });
    expect(draft.status()).toBe(201);
    await staff.context().close();

    // Nothing unpublished: a problem added and a title changed after publication, a draft inspection.
    const publicationId = Number(/\/notices\/(\d+)/.exec(noticeUrl)![1]);
    const db = context.application.database.db;
    const publication = await db
      .selectFrom('public_reports')
      .select(['inspection_id', 'office_id'])
      .where('id', '=', publicationId)
      .executeTakeFirstOrThrow();
    const aspect = await db
      .selectFrom('aspects')
      .select('id')
      .where('inspection_id', '=', publication.inspection_id)
      .executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const added = await db
      .insertInto('problems')
      .values({
        office_id: publication.office_id,
        inspection_id: publication.inspection_id,
        aspect_id: aspect.id,
        position: 999,
        title: '发布之后新增的问题',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('problems')
      .set({ title: '发布之后改过的标题' })
      .where('inspection_id', '=', publication.inspection_id)
      .where('id', '!=', added.id)
      .execute();
    await visitor.goto(noticeUrl);
    const noticeText = (await visitor.locator('main').textContent())!;
    expect(noticeText).not.toContain('发布之后新增的问题');
    expect(noticeText).not.toContain('发布之后改过的标题');
    const hidden = await visitor.goto(
      `${context.baseUrl}/public/notices/${publicationId}/problems/${added.id}`,
    );
    expect(hidden?.status()).toBe(404);
    await visitor.goto(`${context.baseUrl}/public/`);
    expect(await visitor.locator('main').textContent()).not.toContain('从未公开的草稿单位');
    const privateApi = await visitor.request.get(`${context.baseUrl}/api/problems/${added.id}`);
    expect(privateApi.status()).toBe(401);
    await visitorContext.close();
  }, 180_000);

  it('lets the unit office publish a new version of its notice from 巡察管理', async () => {
    const staff = await signIn(context, 'zhenggaiban');
    const watched = watchPage(staff);
    await staff.goto(`${context.baseUrl}/inspections`);
    const publishLink = staff.locator('.ant-table-row').first().getByText('公开通报');
    await publishLink.waitFor();
    await publishLink.click();
    await staff
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /发\s*布/ })
      .click();
    const link = staff.locator('.ant-message a', { hasText: '查看公开页面' });
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/public\/notices\/\d+$/);
    const page = await staff.context().newPage();
    await page.goto(`${context.baseUrl}${href}`);
    expect(await page.locator('main').textContent()).toMatch(/第 \d+ 版/);
    expect(await page.locator('.notice-banner').count()).toBe(0);
    expect(watched.dialogs).toEqual([]);
    expect(watched.violations).toEqual([]);
    await staff.context().close();
  }, 120_000);
});
