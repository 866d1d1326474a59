/**
 * The review flow in the browser: a department owner uploads evidence and applies to close, the
 * leader rejects and then approves, the dashboard's completion rate rises, an out-of-scope
 * problem is "not found", and the discipline observer flags without any workflow buttons.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  isBrowserAvailable,
  saveScreenshot,
  screenshotDir,
  signIn,
  startE2e,
  type E2eContext,
} from './browser.ts';

/** A tiny but well-formed one-page PDF (header, catalog, pages, page, xref, trailer). */
function tinyPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

interface Row {
  id: number;
  unitId: number;
  title: string;
}

async function readCompletionRate(context: E2eContext): Promise<number> {
  const page = await signIn(context, 'xunchaban');
  await page.goto(`${context.baseUrl}/dashboard`);
  const figure = page.locator('[data-figure="completion-rate"] .ant-statistic-content');
  await figure.waitFor();
  const text = (await figure.textContent()) ?? '';
  await page.context().close();
  const rate = Number(/([\d.]+)%/.exec(text)?.[1]);
  expect(rate).not.toBeNaN();
  return rate;
}

async function stateText(page: Page): Promise<string> {
  return (await page.locator('[data-testid="problem-state"]').textContent()) ?? '';
}

/** Ticks every measure not yet done (closing needs them all), waiting for each save. */
async function completeAllMeasures(page: Page): Promise<void> {
  const open = page.locator('input[type="checkbox"][aria-label^="措施"]:not(:checked)');
  while ((await open.count()) > 0) {
    const before = await open.count();
    await open.first().click();
    await expect.poll(() => open.count()).toBeLessThan(before);
  }
}

async function applyToClose(page: Page, statement: string, screenshot?: string): Promise<void> {
  await completeAllMeasures(page);
  await page.getByRole('button', { name: '申请销号' }).click();
  const dialog = page.getByRole('dialog', { name: '申请销号' });
  const field = dialog.getByLabel('整改情况说明');
  await field.waitFor();
  await expect.poll(() => field.evaluate((element) => element.matches(':focus'))).toBe(true);
  await field.fill(statement);
  // The viewport only: a full-page shot would cut the modal's mask at the first screen.
  if (screenshot) await page.screenshot({ path: path.join(screenshotDir, `${screenshot}.png`) });
  await field.press('Enter');
  await expect.poll(() => stateText(page)).toContain('待审核');
}

describe.runIf(isBrowserAvailable())('browser: evidence, review and scope on the problem page', () => {
  let context: E2eContext;
  let problem: Row;
  let rateBefore: number;

  beforeAll(async () => {
    context = await startE2e();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
  });

  it('a department owner uploads evidence and applies to close', async () => {
    rateBefore = await readCompletionRate(context);
    const page = await signIn(context, 'bumen');
    // The candidate: the first in-progress problem of the ledger's first page without open
    // sub-problems (a parent closes only after its children).
    const ledger = (await (
      await page.request.get(`${context.baseUrl}/api/ledger?state=in_progress&page=1&pageSize=50`)
    ).json()) as { items: Row[] };
    for (const row of ledger.items) {
      const detail = (await (await page.request.get(`${context.baseUrl}/api/problems/${row.id}`)).json()) as {
        children: unknown[];
      };
      if (detail.children.length === 0) {
        problem = row;
        break;
      }
    }
    expect(problem).toBeDefined();

    await page.getByRole('link', { name: '整改台账' }).click();
    await page.locator('.ant-table-row').first().waitFor();
    await page.getByRole('combobox', { name: '状态' }).click();
    await page.locator('.ant-select-item-option', { hasText: '整改中' }).click();
    await page.keyboard.press('Escape');
    await page.waitForURL(/state=in_progress/);
    await page.locator(`.ant-table-row a[href="/problems/${problem.id}"]`).click();
    await page.waitForURL(new RegExp(`/problems/${problem.id}$`));
    await expect.poll(() => stateText(page)).toContain('整改中');
    await expect
      .poll(() => page.locator('[data-testid="problem-title"]').textContent())
      .toContain(problem.title);

    const evidence = page.locator('[data-section="evidence"]');
    await evidence.getByLabel('材料说明').fill('整改专题会议纪要');
    await evidence.locator('input[type="file"]').setInputFiles({
      name: '整改会议纪要.pdf',
      mimeType: 'application/pdf',
      buffer: tinyPdf(),
    });
    await evidence.locator('.ant-upload-list-item-done').waitFor();
    const listed = evidence.locator('[data-testid="evidence-list"] a', { hasText: '整改会议纪要.pdf' });
    await listed.waitFor();
    expect(await listed.getAttribute('href')).toMatch(/^\/api\/evidence\/\d+\/content$/);
    await evidence.getByText('整改专题会议纪要').waitFor();
    await saveScreenshot(page, 'problem-page');

    await applyToClose(page, '已召开整改专题会议，制定完善相关制度并严格执行。', 'problem-apply-modal');
    await page.context().close();
  });

  it('the leader rejects with a reason, the owner applies again, the leader approves', async () => {
    const leader = await signIn(context, 'lingdao');
    await leader.goto(`${context.baseUrl}/problems/${problem.id}`);
    await expect.poll(() => stateText(leader)).toContain('待审核');
    await leader.getByRole('button', { name: /退\s*回/ }).click();
    const dialog = leader.getByRole('dialog', { name: '退回整改' });
    await dialog.getByLabel('退回理由').fill('佐证材料不足，请补充制度文件。');
    await dialog.getByLabel('退回理由').press('Enter');
    await expect.poll(() => stateText(leader)).toContain('整改中');

    const owner = await signIn(context, 'bumen');
    await owner.goto(`${context.baseUrl}/problems/${problem.id}`);
    await expect.poll(() => stateText(owner)).toContain('整改中');
    await applyToClose(owner, '已补充制度文件。');
    await owner.context().close();

    await leader.reload();
    await expect.poll(() => stateText(leader)).toContain('待审核');
    await leader.getByRole('button', { name: '审核通过' }).click();
    await leader.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => stateText(leader)).toContain('已销号');
    expect(await leader.locator('[data-testid="problem-actions"]').count()).toBe(0);

    const timeline = leader.locator('[data-section="timeline"]');
    await expect
      .poll(async () =>
        (
          await timeline
            .locator('[data-event]')
            .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-event')))
        )
          .filter((action) => ['evidence_added', 'apply_close', 'reject', 'approve'].includes(action ?? ''))
          .slice(-5),
      )
      .toEqual(['evidence_added', 'apply_close', 'reject', 'apply_close', 'approve']);
    await timeline.getByText('佐证材料不足，请补充制度文件。').waitFor();
    await timeline.scrollIntoViewIfNeeded();
    await saveScreenshot(leader, 'problem-timeline');
    await leader.context().close();
  });

  it('the dashboard completion rate is higher after the approval', async () => {
    expect(await readCompletionRate(context)).toBeGreaterThan(rateBefore);
  });

  it('a problem of another unit is not found for a unit-scoped account', async () => {
    const office = await signIn(context, 'xunchaban');
    const all = (await (await office.request.get(`${context.baseUrl}/api/ledger?pageSize=200`)).json()) as {
      items: Row[];
    };
    await office.context().close();
    const other = all.items.find((row) => row.unitId !== problem.unitId);
    expect(other).toBeDefined();
    const page = await signIn(context, 'zhenggaiban');
    await page.goto(`${context.baseUrl}/problems/${other!.id}`);
    await page.getByText('未找到').first().waitFor();
    expect(await page.locator('[data-section="header"]').count()).toBe(0);
    await page.context().close();
  });

  it('the discipline observer flags the problem but has no workflow actions', async () => {
    const page = await signIn(context, 'jijian');
    await page.goto(`${context.baseUrl}/problems/${problem.id}`);
    await expect.poll(() => stateText(page)).toContain('已销号');
    expect(await page.locator('[data-testid="problem-actions"] button').count()).toBe(0);
    const comments = page.locator('[data-section="comments"]');
    await comments.getByLabel('评论内容').fill('请关注该问题整改是否存在反弹。');
    await comments.getByRole('button', { name: '发出纪检提示' }).click();
    await comments
      .locator('[data-comment-kind="flag"]', { hasText: '请关注该问题整改是否存在反弹。' })
      .waitFor();
    await saveScreenshot(page, 'problem-observer-flag');
    await page.context().close();
  });
});
