/**
 * The import wizard and the registers in the browser: the inspection office sets up a new round
 * and an inspection of a new unit, imports corpus/002 (a rectification plan) through the wizard —
 * correcting a title on the way — finds every committed problem in that inspection's ledger, then
 * registers an institution linked to a problem and a funds outcome in yuan.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, isCorpusAvailable } from '../support/corpus.ts';
import { isBrowserAvailable, saveScreenshot, signIn, startE2e, type E2eContext } from './browser.ts';

const PLAN_FILE = '002_69abe91761440d5d.txt';
const ROUND_NAME = '县委2026年第二轮巡察（e2e）';
const UNIT_NAME = '县融媒体中心党组（e2e）';
const EDITED_TITLE = '服务群众方面存在短板（已核对）';
const INSTITUTION_NAME = '《新媒体平台便民服务管理办法》';

describe.runIf(isBrowserAvailable() && isCorpusAvailable())(
  'import wizard and registers in the browser',
  () => {
    let context: E2eContext;
    beforeAll(async () => {
      context = await startE2e();
    }, 120_000);
    afterAll(async () => {
      await context?.close();
    });

    it('imports a plan through the wizard, finds it in the ledger and registers outcomes', async () => {
      const page = await signIn(context, 'xunchaban');

      // A new round and a new inspection of a new unit.
      await page.getByRole('link', { name: '巡察管理' }).click();
      await page.waitForURL(/\/inspections$/);
      await page.getByRole('button', { name: /新建轮次/ }).click();
      let dialog = page.getByRole('dialog');
      await dialog.getByLabel('轮次名称').fill(ROUND_NAME);
      await dialog.getByRole('button', { name: /创\s*建/ }).click();
      await page.getByText(`已创建轮次“${ROUND_NAME}”`).waitFor();

      await page.getByRole('button', { name: /新建巡察/ }).click();
      dialog = page.getByRole('dialog');
      await dialog.locator('.ant-select[aria-label="巡察轮次"]').click();
      await page.locator('.ant-select-item-option', { hasText: ROUND_NAME }).click();
      await dialog.getByRole('button', { name: '单位不在列表中？新建单位' }).click();
      await dialog.getByLabel('被巡察单位（新建）').fill(UNIT_NAME);
      await dialog.getByLabel('巡察组').fill('县委第四巡察组');
      await dialog.getByLabel('反馈日期').fill('2026-03-16');
      await dialog.getByLabel('反馈日期').press('Enter');
      await dialog.getByRole('button', { name: /创\s*建/ }).click();
      const row = page.locator('.ant-table-row', { hasText: UNIT_NAME });
      await row.waitFor();
      await saveScreenshot(page, 'inspections');

      // The wizard: upload, review beside the source text, correct a title.
      await row.getByRole('link', { name: '导入方案' }).click();
      await page.waitForURL(/\/inspections\/\d+\/import/);
      const inspectionId = Number(/\/inspections\/(\d+)\/import/.exec(page.url())?.[1]);
      await page.locator('input[type=file]').setInputFiles(path.join(corpusDir, PLAN_FILE));
      await page.locator('.draft-tree').waitFor();
      expect(await page.locator('[data-aspect]').count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator('.source-text').textContent()).toContain('整改措施');
      const firstProblem = page.locator('[data-problem="0.0"]');
      await firstProblem.locator('.problem-title .ant-typography-edit').click();
      await firstProblem.locator('textarea').fill(EDITED_TITLE);
      await firstProblem.locator('textarea').press('Enter');
      await expect.poll(() => page.locator('.save-state').textContent()).toBe('草稿已保存（第 2 版）');
      // Merge the first two measures, then split them again at the separator the merge put in.
      const measures = firstProblem.locator('.measures > li');
      expect(await measures.count()).toBe(4);
      await firstProblem.getByRole('button', { name: '与下一条合并' }).first().click();
      await expect.poll(() => measures.count()).toBe(3);
      await expect.poll(() => page.locator('.save-state').textContent()).toBe('草稿已保存（第 3 版）');
      await firstProblem.getByRole('button', { name: '拆分措施' }).first().click();
      dialog = page.getByRole('dialog');
      await dialog.getByLabel('分隔符').fill('；');
      await dialog.getByRole('button', { name: '按分隔符拆分' }).click();
      await expect.poll(() => measures.count()).toBe(4);
      await expect.poll(() => page.locator('.save-state').textContent()).toBe('草稿已保存（第 4 版）');
      await firstProblem.click();
      await page.locator('.source-text [data-line]').first().waitFor();
      await page.waitForTimeout(600); // the source pane scrolls smoothly to the problem
      await page.locator('.source-text [data-line]').first().waitFor();
      await saveScreenshot(page, 'import-wizard-review');

      // Confirm and commit.
      await page.getByRole('button', { name: '下一步' }).click();
      // Defaults: one more responsible department for every problem.
      await page.locator('.ant-select[aria-label="默认责任部门"]').click();
      await page.getByRole('combobox', { name: '默认责任部门' }).fill('纪检组');
      await page.getByRole('combobox', { name: '默认责任部门' }).press('Enter');
      await page.getByRole('combobox', { name: '默认责任部门' }).press('Escape');
      await page.getByRole('switch').click();
      await page.getByRole('button', { name: '应用到草稿' }).click();
      await expect.poll(() => page.locator('.save-state').textContent()).toBe('草稿已保存（第 5 版）');
      await page.getByRole('button', { name: '下一步（可跳过）' }).click();
      const counted = Number(
        await page
          .locator('.ant-statistic', { hasText: '问题（含子项）' })
          .locator('.ant-statistic-content-value')
          .textContent(),
      );
      expect(counted).toBeGreaterThan(5);
      await saveScreenshot(page, 'import-wizard-confirm');
      await page.getByRole('button', { name: '确认导入' }).click();
      await page.getByText('导入完成').waitFor();
      const summary = await page.locator('.ant-result-subtitle').textContent();
      const committed = Number(/(\d+) 个问题/.exec(summary ?? '')?.[1]);
      expect(committed).toBe(counted);

      // The ledger of that inspection holds every committed problem, the corrected title first.
      await page.getByRole('button', { name: '查看该巡察的整改台账' }).click();
      await page.waitForURL(new RegExp(`/ledger\\?inspectionId=${inspectionId}`));
      await page.locator('.ant-table-row').first().waitFor();
      const totalText = await page.locator('.ant-pagination-total-text').textContent();
      expect(Number(/共 (\d+) 项/.exec(totalText ?? '')?.[1])).toBe(committed);
      const editedRow = page.locator('.ant-table-row', { hasText: EDITED_TITLE });
      await editedRow.waitFor();
      expect(await editedRow.textContent()).toContain('纪检组');
      await page.locator('.ant-table-row', { hasText: '项目资金结余未上缴财政' }).waitFor();
      await page.locator('.ant-table-row', { hasText: '资产管理不严格' }).waitFor();

      // Registers: an institution linked to a problem, and a funds outcome in yuan.
      await page.goto(`${context.baseUrl}/inspections/${inspectionId}/registers`);
      await page.getByRole('button', { name: /登记制度/ }).click();
      dialog = page.getByRole('dialog');
      await dialog.getByLabel('制度名称').fill(INSTITUTION_NAME);
      await dialog.locator('.ant-select[aria-label="关联问题"]').click();
      await dialog.getByRole('combobox', { name: '关联问题' }).fill('资金结余');
      await page.locator('.ant-select-item-option', { hasText: '项目资金结余未上缴财政' }).click();
      await dialog.locator('.ant-modal-title').click(); // closes the picker's dropdown
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      const institution = page.locator('[data-register="institutions"] .ant-table-row', {
        hasText: INSTITUTION_NAME,
      });
      await institution.waitFor();
      expect(await institution.textContent()).toContain('项目资金结余未上缴财政');

      await page.getByRole('tab', { name: '成果（资金与问责）' }).click();
      await page.getByRole('button', { name: /登记成果/ }).click();
      dialog = page.getByRole('dialog');
      await dialog.getByLabel('金额（元）').fill('12345.67');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      const outcome = page.locator('[data-register="outcomes"] .ant-table-row', { hasText: '退还资金' });
      await outcome.waitFor();
      expect(await outcome.locator('.amount').textContent()).toBe('12,345.67 元');
      await page.getByText('资金合计（元）').waitFor();
      await saveScreenshot(page, 'registers-outcomes');
      await page.getByRole('tab', { name: '制度' }).click();
      await page.waitForTimeout(500); // the tab's ink bar slides over
      await saveScreenshot(page, 'registers-institutions');
      await page.context().close();
    }, 180_000);
  },
);
