/**
 * Supervision settings and notices in the browser: the inspection office adds a generic webhook
 * robot pointed at a receiver this test starts and sends a test message, which arrives; then it
 * issues a 督办单 on a problem, the unit's rectification office replies, the office closes it,
 * and the problem's timeline shows all three steps.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { isBrowserAvailable, saveScreenshot, signIn, startE2e, type E2eContext } from './browser.ts';

/** A local receiver of webhook posts; keeps each body. */
function startReceiver() {
  const bodies: string[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  return new Promise<{ url: string; bodies: string[]; close(): Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/rectify-hook`,
        bodies,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

async function noticeStates(page: Page): Promise<string[]> {
  return page.locator('[data-testid="notice-state"]').allTextContents();
}

describe.runIf(isBrowserAvailable())('browser: supervision settings and notices', () => {
  let context: E2eContext;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let problemId: number;
  const noticeTitle = '关于整改进度滞后的督办单（浏览器测试）';

  beforeAll(async () => {
    context = await startE2e();
    receiver = await startReceiver();
    // A problem of the unit the demo's rectification office (zhenggaiban) is responsible for.
    const db = context.application.database.db;
    const row = await db
      .selectFrom('problems')
      .innerJoin('inspections', 'inspections.id', 'problems.inspection_id')
      .innerJoin('user_scopes', 'user_scopes.unit_id', 'inspections.unit_id')
      .innerJoin('users', 'users.id', 'user_scopes.user_id')
      .select('problems.id')
      .where('users.username', '=', 'zhenggaiban')
      .where('problems.state', '=', 'in_progress')
      .orderBy('problems.id')
      .executeTakeFirstOrThrow();
    problemId = row.id;
  }, 120_000);
  afterAll(async () => {
    await receiver?.close();
    await context?.close();
  });

  it('the office adds a webhook robot and 发送测试消息 reaches the receiver', async () => {
    const page = await signIn(context, 'xunchaban');
    await page.getByRole('link', { name: '督办设置' }).click();
    await page.waitForURL(/\/supervision\/settings$/);
    await page.getByLabel('临期提醒：到期前天数').waitFor();
    const dueSoon = page.getByLabel('临期提醒：到期前天数');
    expect(await dueSoon.inputValue()).toBe('7, 3');
    await dueSoon.fill('七天');
    await dueSoon.press('Enter');
    await page.getByText('请填写以逗号分隔的天数，如 7, 3').waitFor();
    await dueSoon.fill('10, 3');
    await dueSoon.press('Enter');
    await page.getByText('督办规则已保存，下次督办扫描起生效').waitFor();
    const policy = (await (await page.request.get(`${context.baseUrl}/api/office/policy`)).json()) as {
      dueSoonDays: number[];
      version: number;
    };
    expect(policy).toMatchObject({ dueSoonDays: [10, 3], version: 1 });

    await page.getByRole('button', { name: '添加机器人' }).click();
    const dialog = page.getByRole('dialog', { name: '添加机器人' });
    await dialog.locator('.ant-form-item', { hasText: '类型' }).locator('.ant-select-selector').click();
    await page.locator('.ant-select-item-option', { hasText: '通用 Webhook' }).click();
    await dialog.getByLabel('名称').fill('本地测试接收端');
    await dialog.getByLabel('机器人地址').fill(receiver.url);
    await dialog.getByLabel('签名密钥').fill('browser-test-secret');
    await dialog.getByLabel('机器人地址').press('Enter');
    const row = page.locator('.ant-table-row', { hasText: '本地测试接收端' });
    await row.waitFor();
    // The secret is never shown again in full.
    expect(await row.textContent()).not.toContain('browser-test-secret');

    await row.getByRole('button', { name: '发送测试消息' }).click();
    await row.getByText('测试成功').waitFor();
    // The server's own scans may post real reminders to the new robot meanwhile: only the test
    // message is looked at here.
    const tests = receiver.bodies
      .map((body) => JSON.parse(body) as { notification: { rule: string; title: string; body: string } })
      .filter((posted) => posted.notification.rule === 'robot_test');
    expect(tests).toHaveLength(1);
    expect(tests[0]!.notification.title).toBe('测试消息');
    expect(tests[0]!.notification.body).toContain('本地测试接收端');
    await saveScreenshot(page, 'supervision-settings');
    await page.context().close();
  });

  it('the office issues a 督办单 on a problem, the unit office replies, the office closes it', async () => {
    const office = await signIn(context, 'xunchaban');
    await office.goto(`${context.baseUrl}/problems/${problemId}`);
    await office.getByRole('button', { name: '下发督办单' }).click();
    const issue = office.getByRole('dialog', { name: '下发督办单' });
    await issue.getByLabel('标题').fill(noticeTitle);
    await issue.getByLabel('督办事项').fill('该问题整改进度滞后，请于要求日期前报送整改进展和佐证材料。');
    await issue.getByRole('button', { name: /下\s*发/ }).click();
    await expect.poll(() => noticeStates(office)).toEqual(['待回复']);
    await office.context().close();

    const unit = await signIn(context, 'zhenggaiban');
    await unit.getByRole('link', { name: '督办单' }).click();
    await unit.waitForURL(/\/notices$/);
    const filter = (label: string) => unit.locator('.ant-segmented-item', { hasText: label }).click();
    await filter('待回复');
    const row = unit.locator('.ant-table-row', { hasText: noticeTitle });
    await row.getByRole('button', { name: /回\s*复/ }).click();
    const reply = unit.getByRole('dialog', { name: '回复督办单' });
    const text = reply.getByLabel('回复内容');
    await expect.poll(() => text.evaluate((element) => element.matches(':focus'))).toBe(true);
    await text.fill('已召开专题会议部署整改，相关制度已修订印发。');
    await reply.getByRole('button', { name: '提交回复' }).click();
    // Replied, it leaves the 待回复 filter and is listed under 已回复.
    await unit.locator('.ant-table-row', { hasText: noticeTitle }).waitFor({ state: 'detached' });
    await filter('已回复');
    await expect.poll(() => noticeStates(unit)).toEqual(['已回复']);
    await saveScreenshot(unit, 'supervision-notices');
    await unit.context().close();

    const closer = await signIn(context, 'xunchaban');
    await closer.goto(`${context.baseUrl}/problems/${problemId}`);
    await expect.poll(() => noticeStates(closer)).toEqual(['已回复']);
    await closer.getByRole('button', { name: /办\s*结/ }).click();
    await closer
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /办\s*结/ })
      .click();
    await expect.poll(() => noticeStates(closer)).toEqual(['已办结']);

    const timeline = closer.locator('[data-section="timeline"]');
    await expect
      .poll(async () =>
        (
          await timeline
            .locator('[data-event]')
            .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-event')))
        ).filter((action) => action?.startsWith('notice_')),
      )
      .toEqual(['notice_issued', 'notice_replied', 'notice_closed']);
    await timeline.getByText('办结督办单').waitFor();
    await saveScreenshot(closer, 'supervision-notice-problem');
    await closer.context().close();
  });

  it('a user chooses e-mail and kinds on 通知设置; a missing address is named beside the field', async () => {
    const page = await signIn(context, 'zhenggaiban');
    await page.getByRole('link', { name: '通知设置' }).click();
    await page.waitForURL(/\/settings\/notifications$/);
    const dueSoon = page.getByRole('checkbox', { name: '临近时限提醒（含长期整改定期报告）' });
    await expect.poll(() => dueSoon.isChecked()).toBe(true);
    await page.getByRole('switch', { name: '邮件通知' }).click();
    await dueSoon.click();
    await expect.poll(() => dueSoon.isChecked()).toBe(false);
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('开启邮件通知须填写邮箱地址').waitFor();
    await page.getByLabel('邮箱地址').fill('zhenggaiban@example.gov.cn');
    await page.getByLabel('邮箱地址').press('Enter');
    await page.getByText('通知设置已保存').waitFor();
    const saved = (await (
      await page.request.get(`${context.baseUrl}/api/me/notification-settings`)
    ).json()) as {
      email: string;
      emailEnabled: boolean;
      kinds: string[];
    };
    expect(saved).toMatchObject({
      email: 'zhenggaiban@example.gov.cn',
      emailEnabled: true,
      kinds: ['overdue', 'review', 'document', 'notice', 'lookback'],
    });
    await saveScreenshot(page, 'notification-settings');
    await page.context().close();
  });
});
