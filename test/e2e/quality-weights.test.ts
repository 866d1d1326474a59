/**
 * 质量评价权重 in the browser: the office edits weights and thresholds, sees what is wrong before
 * saving, previews how the grades would fall, saves, and the dashboard grades by the new
 * thresholds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBrowserAvailable, saveScreenshot, signIn, startE2e, type E2eContext } from './browser.ts';

describe.runIf(isBrowserAvailable())('quality weights page', () => {
  let context: E2eContext;
  beforeAll(async () => {
    context = await startE2e();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
  });

  it('validates, previews the grade distribution, saves, and the dashboard grades by it', async () => {
    const page = await signIn(context, 'xunchaban');
    await page.locator('.ant-menu').getByText('质量评价权重').click();
    await page.locator('.quality-weights').waitFor();
    expect(await page.locator('.weights-total').textContent()).toBe('100');

    const weight = page.locator('input[aria-label="权重-按时完成"]');
    await weight.fill('30');
    await expect
      .poll(() => page.locator('.weights-problems').textContent())
      .toContain('各项权重之和须为100（现为105）');
    expect(await page.locator('button.save-weights').isDisabled()).toBe(true);
    await weight.fill('25');
    await expect.poll(() => page.locator('.weights-problems').count()).toBe(0);

    // Thresholds so low that every graded unit is 好.
    await page.locator('input[aria-label="分数线-一般"]').fill('1');
    await page.locator('input[aria-label="分数线-较好"]').fill('2');
    await page.locator('input[aria-label="分数线-好"]').fill('3');
    await page.locator('.quality-weights h3').click();
    await expect.poll(() => page.locator('.weights-problems').count()).toBe(0);

    type Grades = {
      state: string;
      isUpdating: boolean;
      units: Array<{ grade: string | null; score: number | null }>;
    };
    const fetchGrades = async () =>
      (await page.evaluate(async () => {
        const response = await fetch('/api/quality/grades', { credentials: 'same-origin' });
        return response.json();
      })) as Grades;
    // Grades are computed in the background after start: wait until they are current.
    await expect
      .poll(async () => {
        const body = await fetchGrades();
        return body.state === 'ready' && !body.isUpdating;
      })
      .toBe(true);
    const grades = await fetchGrades();
    const graded = grades.units.filter((unit) => unit.grade !== null);
    const notGood = graded.filter((unit) => unit.grade !== '好').length;
    expect(notGood).toBeGreaterThan(0);

    await page.getByRole('button', { name: '预览等次变化' }).click();
    await page.locator('.grade-preview').waitFor();
    expect(await page.locator('.preview-proposed[data-grade="好"]').textContent()).toBe(
      String(graded.length),
    );
    expect(await page.locator('.preview-proposed[data-grade="差"]').textContent()).toBe('0');
    expect(await page.locator('.preview-changed').textContent()).toBe(String(notGood));
    await saveScreenshot(page, 'quality-weights-preview');

    await page.locator('button.save-weights').click();
    await page.getByText('评价权重已保存').waitFor();
    const saved = (await page.evaluate(async () => {
      const response = await fetch('/api/quality/weights', { credentials: 'same-origin' });
      return response.json();
    })) as { thresholds: { good: number }; version: number };
    expect(saved.thresholds.good).toBe(3);
    expect(saved.version).toBe(1);

    await page.locator('.ant-menu').getByText('整改总览').click();
    const tags = page.locator('.unit-grades .unit-grade');
    await tags.first().waitFor({ timeout: 20_000 });
    const shown = await tags.allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    expect(new Set(shown.map((text) => text.trim()))).toEqual(new Set(['好']));
    await saveScreenshot(page, 'quality-weights-dashboard');
  });
});
