/**
 * Account management in the browser: an admin creates a department account scoped to one unit
 * (with the form's own and the server's Chinese checks on the way), the new person signs in and
 * sees only that unit in the ledger, and once the admin switches the account off it can neither
 * keep its session nor sign in again. An account locked by failed logins shows as locked until
 * the admin lifts the lockout (解除锁定); forcing an account off (强制下线) ends its session at
 * once. An admin also adds a department and a person to a unit and renames the person (部门与人员).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  DEMO_PASSWORD,
  isBrowserAvailable,
  saveScreenshot,
  signIn,
  startE2e,
  type E2eContext,
} from './browser.ts';

const NEW_USERNAME = 'bumen.e2e';
const NEW_PASSWORD = 'Zhenggai-e2e-2026';

async function signInWith(context: E2eContext, username: string, password: string): Promise<Page> {
  const browserContext = await context.browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  });
  const page = await browserContext.newPage();
  await page.goto(`${context.baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  return page;
}

/** The options of the antd Select whose input has this id (its dropdown holds `#<id>_list`). */
function optionsOf(page: Page, selectId: string) {
  return page.locator(`.ant-select-dropdown:has(#${selectId}_list) .ant-select-item-option`);
}

describe.runIf(isBrowserAvailable())('account management in the browser', () => {
  let context: E2eContext;
  beforeAll(async () => {
    context = await startE2e();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
  });

  it('admin creates a unit-scoped department account, which sees only that unit, then switches it off', async () => {
    const admin = await signIn(context, 'admin');
    await admin.getByRole('link', { name: '进入账号管理' }).waitFor();
    await admin.getByRole('menuitem', { name: '账号管理' }).click();
    await admin.waitForURL(/\/admin\/users$/);
    await admin.locator('tr[data-username="xunchaban"]').waitFor();
    expect(await admin.locator('tr[data-username="xunchaban"]').textContent()).toContain('巡察办');
    await saveScreenshot(admin, 'admin-users');

    // The form checks its fields in Chinese before anything is sent.
    await admin.getByRole('button', { name: /新建账号/ }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    const fieldErrors = dialog.locator('.ant-form-item-explain-error');
    await fieldErrors.filter({ hasText: '请输入用户名' }).waitFor();
    await fieldErrors.filter({ hasText: '请选择角色' }).waitFor();

    await dialog.getByLabel('用户名').fill(NEW_USERNAME);
    await dialog.getByLabel('姓名').fill('测试 责任部门');
    await dialog.getByLabel('角色').click();
    await optionsOf(admin, 'role').and(admin.locator('[title="责任部门"]')).click();
    // One demo office: it is chosen already; pick the second of its units.
    await dialog.getByLabel('被巡察单位（权限范围）').click();
    const unitOption = optionsOf(admin, 'unitIds').nth(1);
    const unitName = (await unitOption.getAttribute('title')) ?? '';
    expect(unitName).toMatch(/党组$/);
    await unitOption.click();
    // Close the still-open multiple-choice dropdown, which covers the fields below.
    await dialog.locator('.ant-modal-title').click();
    await optionsOf(admin, 'unitIds').first().waitFor({ state: 'hidden' });

    // A common password passes the form but the server refuses it, beside the field.
    await dialog.getByLabel('初始密码').fill('1234567890');
    await dialog.getByLabel('初始密码').press('Enter');
    await fieldErrors.filter({ hasText: '密码过于常见，容易被猜中，请换一个' }).waitFor();
    await saveScreenshot(admin, 'admin-users-form');
    await dialog.getByLabel('初始密码').fill(NEW_PASSWORD);
    await dialog.getByLabel('初始密码').press('Enter');
    await dialog.waitFor({ state: 'hidden' });

    await admin.getByLabel('搜索账号').fill(NEW_USERNAME);
    const row = admin.locator(`tr[data-username="${NEW_USERNAME}"]`);
    await row.waitFor();
    expect(await admin.locator('.ant-table-row').count()).toBe(1);
    const rowText = await row.textContent();
    expect(rowText).toContain('责任部门');
    expect(rowText).toContain(unitName);
    await saveScreenshot(admin, 'admin-users-created');

    // The new account signs in and its ledger holds that unit's problems only.
    const person = await signInWith(context, NEW_USERNAME, NEW_PASSWORD);
    await person.waitForURL(`${context.baseUrl}/`);
    await person.getByRole('link', { name: '整改台账' }).click();
    await person.locator('.ant-table-row[data-kind="problem"]').first().waitFor();
    // The ledger groups problems under aspect rows, which name the unit.
    const aspectTexts = await person.locator('.ant-table-row[data-kind="aspect"]').allTextContents();
    expect(aspectTexts.length).toBeGreaterThan(0);
    for (const text of aspectTexts) expect(text).toContain(unitName);
    expect(await person.locator('.ant-table-row[data-kind="problem"]').count()).toBeGreaterThan(0);
    await saveScreenshot(person, 'admin-new-user-ledger');

    // Switched off: the session ends at once and signing in is refused.
    await row.getByRole('switch', { name: `启用 ${NEW_USERNAME}` }).click();
    await admin.getByRole('button', { name: /停\s*用/ }).click();
    await row.getByText('已停用').waitFor();
    expect(await row.getByRole('switch').getAttribute('aria-checked')).toBe('false');
    await saveScreenshot(admin, 'admin-users-deactivated');

    await person.reload();
    await person.waitForURL(/\/login$/);
    await person.getByLabel('用户名').fill(NEW_USERNAME);
    await person.getByLabel('密码').fill(NEW_PASSWORD);
    await person.getByRole('button', { name: /登\s*录/ }).click();
    await person.getByText('用户名或密码错误').waitFor();
    expect(person.url()).toMatch(/\/login$/);

    await person.context().close();
    await admin.context().close();
  });

  it('a change made meanwhile by someone else is refused with a Chinese hint and the list reloads', async () => {
    const admin = await signIn(context, 'admin');
    await admin.goto(`${context.baseUrl}/admin/users`);
    const row = admin.locator('tr[data-username="lingdao"]');
    await row.waitFor();
    await row.getByRole('button', { name: /编\s*辑/ }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('姓名').fill('责任领导 赵书记（分管）');

    // Another admin renames the account while this form is open.
    const listed = (await (await admin.request.get(`${context.baseUrl}/api/users`)).json()) as {
      users: { id: number; username: string; version: number }[];
    };
    const lingdao = listed.users.find((user) => user.username === 'lingdao')!;
    const meanwhile = await admin.request.patch(`${context.baseUrl}/api/users/${lingdao.id}`, {
      data: { version: lingdao.version, displayName: '责任领导 赵副书记' },
    });
    expect(meanwhile.status()).toBe(200);

    await dialog.getByLabel('姓名').press('Enter');
    await admin.getByText('该账号已被他人修改，请刷新后重试').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('责任领导 赵副书记').waitFor();

    // Resetting a password shows the policy and checks it before sending.
    await row.getByRole('button', { name: '重置密码' }).click();
    const reset = admin.getByRole('dialog');
    await reset.getByText('至少10个字符').waitFor();
    await reset.getByLabel('新密码', { exact: true }).fill('lingdao');
    await reset.getByLabel('确认新密码').fill('lingdao');
    await reset.getByLabel('确认新密码').press('Enter');
    await reset.getByText('密码至少需要10个字符').waitFor();
    await saveScreenshot(admin, 'admin-users-reset-password');
    await reset.getByLabel('新密码', { exact: true }).fill('Lingdao-new-2026');
    await reset.getByLabel('确认新密码').fill('Lingdao-new-2026');
    await reset.getByLabel('确认新密码').press('Enter');
    await admin.getByText('已重置 lingdao 的密码').waitFor();
    const person = await signInWith(context, 'lingdao', 'Lingdao-new-2026');
    await person.waitForURL(`${context.baseUrl}/`);
    await person.context().close();
    await admin.context().close();
  });

  it('admin sees a locked account, lifts the lockout so it signs in, then forces it off (next request 401)', async () => {
    // Failed logins through the API, as a script would make them (no browser, so no Origin to check).
    const login = (password: string) =>
      fetch(`${context.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'jijian', password }),
      });
    for (let attempt = 0; attempt < 5; attempt += 1)
      expect((await login('not the password!')).status).toBe(401);
    expect((await login(DEMO_PASSWORD)).status).toBe(429);

    // The department a directory (LDAP) login stores (test/ldap-login.test.ts); the column shows once one exists.
    await context.application.database.db
      .updateTable('users')
      .set({ department: '纪检监察室' })
      .where('username', '=', 'jijian')
      .execute();

    const admin = await signIn(context, 'admin');
    await admin.goto(`${context.baseUrl}/admin/users`);
    const row = admin.locator('tr[data-username="jijian"]');
    await row.getByText('已锁定').waitFor();
    await admin.getByRole('columnheader', { name: '所属部门' }).waitFor();
    await row.getByText('纪检监察室').waitFor();
    expect(await row.getByText('未登录').count()).toBe(1);
    await saveScreenshot(admin, 'admin-users-locked');
    const confirm = admin.locator('.ant-popconfirm:visible');
    await row.getByRole('button', { name: '解除锁定' }).click();
    await confirm.getByText('解除 jijian 的登录锁定？').waitFor();
    await confirm.getByRole('button', { name: '解除锁定' }).click();
    await admin.getByText('已解除 jijian 的登录锁定').waitFor();
    await row.getByText('已锁定').waitFor({ state: 'detached' });
    expect(await row.getByRole('button', { name: '解除锁定' }).count()).toBe(0);

    // Unlocked: the person signs in with the right password.
    const person = await signIn(context, 'jijian');
    expect((await person.request.get(`${context.baseUrl}/api/auth/me`)).status()).toBe(200);

    await admin.getByRole('button', { name: '刷新' }).click();
    await row.getByText('在线 1').waitFor();
    await row.getByRole('button', { name: '强制下线' }).click();
    await confirm.getByText('强制 jijian 下线？').waitFor();
    await confirm.getByRole('button', { name: '强制下线' }).click();
    await admin.getByText('已强制 jijian 下线，结束了 1 个登录会话').waitFor();
    await row.getByText('未登录').waitFor();
    await saveScreenshot(admin, 'admin-users-revoked');

    // The person's next request is refused, and the page falls back to the sign-in.
    expect((await person.request.get(`${context.baseUrl}/api/auth/me`)).status()).toBe(401);
    await person.reload();
    await person.waitForURL(/\/login$/);
    // The admin's own row cannot be forced off.
    expect(
      await admin.locator('tr[data-username="admin"]').getByRole('button', { name: '强制下线' }).isDisabled(),
    ).toBe(true);
    await person.context().close();
    await admin.context().close();
  });

  it('admin adds a department and a person to a unit, then renames the person', async () => {
    const admin = await signIn(context, 'admin');
    await admin.goto(`${context.baseUrl}/admin/users`);
    await admin.getByRole('tab', { name: '部门与人员' }).click();
    // The first unit is chosen; the demo gave it departments already.
    const firstDepartment = admin.locator('tr[data-department]').first();
    await firstDepartment.waitFor();
    const existingName = (await firstDepartment.getAttribute('data-department')) ?? '';
    const dialog = admin.getByRole('dialog');
    const save = dialog.getByRole('button', { name: /保\s*存/ });

    // A name the unit already has is refused beside the field.
    await admin.getByRole('button', { name: /新增部门/ }).click();
    await dialog.getByLabel('部门名称').fill(existingName);
    await save.click();
    await dialog.locator('.ant-form-item-explain-error').filter({ hasText: '本单位已有名为' }).waitFor();
    await dialog.getByLabel('部门名称').fill('e2e 新设科室');
    await save.click();
    await dialog.waitFor({ state: 'hidden' });
    await admin.locator('tr[data-department="e2e 新设科室"]').waitFor();

    await admin.getByRole('button', { name: /新增人员/ }).click();
    await dialog.getByLabel('姓名').fill('测试 李四');
    await dialog.getByLabel('职务').fill('科员');
    await dialog.getByLabel('所属部门').click();
    await admin.locator('.ant-select-item-option[title="e2e 新设科室"]').click();
    await save.click();
    await dialog.waitFor({ state: 'hidden' });
    const person = admin.locator('tr[data-person="测试 李四"]');
    await person.waitFor();
    expect(await person.textContent()).toContain('e2e 新设科室');

    await person.getByRole('button', { name: /编\s*辑/ }).click();
    await dialog.getByLabel('姓名').fill('测试 李四（改）');
    await save.click();
    await dialog.waitFor({ state: 'hidden' });
    const renamed = admin.locator('tr[data-person="测试 李四（改）"]');
    await renamed.waitFor();
    expect(await renamed.textContent()).toContain('科员');
    expect(await admin.locator('tr[data-person="测试 李四"]').count()).toBe(0);
    await saveScreenshot(admin, 'admin-organisation');
    await admin.context().close();
  });

  it('non-admins have no account management: no menu item, and the address shows not found', async () => {
    const page = await signIn(context, 'xunchaban');
    expect(await page.getByRole('link', { name: '账号管理' }).count()).toBe(0);
    await page.goto(`${context.baseUrl}/admin/users`);
    await page.getByText('未找到').first().waitFor();
    await page.context().close();
  });
});
