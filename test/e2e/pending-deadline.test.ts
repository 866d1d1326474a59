/**
 * A ledger imported with "30个工作日内" from a feedback day late in a year whose successor the
 * official calendar does not cover: the ledger and the problem page show the deadline as pending
 * (待定（日历未覆盖）) with the year named; after the admin imports that year, the day appears.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBrowserAvailable, saveScreenshot, signIn, startE2e, type E2eContext } from './browser.ts';

describe.runIf(isBrowserAvailable())('pending working-day deadline', () => {
  let context: E2eContext;
  beforeAll(async () => {
    context = await startE2e();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
  });

  it('shows 待定（日历未覆盖） until the year is imported, then the computed day', async () => {
    const page = await signIn(context, 'xunchaban');
    const call = async (method: 'get' | 'post', path: string, data?: object) => {
      const response = await page.request[method](`${context.baseUrl}${path}`, data ? { data } : {});
      expect(response.ok(), await response.text()).toBe(true);
      return (await response.json()) as Record<string, unknown> & { id: number };
    };
    const units = (await call('get', '/api/units')) as unknown as { items: Array<{ id: number }> };
    const round = await call('post', '/api/rounds', { name: '2026年待定时限专项巡察', year: 2026 });
    const inspection = await call('post', '/api/inspections', {
      roundId: round.id,
      unitId: units.items[0]!.id,
      groupName: '县委第四巡察组',
      feedbackOn: '2026-12-20',
    });

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['问题类别', '问题', '整改措施', '整改时限', '完成情况']);
    sheet.addRow(['作风方面', '跨年待定的问题', '建立制度', '30个工作日内', '整改中']);
    const imported = await page.request.post(
      `${context.baseUrl}/api/inspections/${inspection.id}/ledger.xlsx`,
      {
        multipart: {
          file: {
            name: 'ledger.xlsx',
            mimeType: 'application/octet-stream',
            buffer: Buffer.from(await workbook.xlsx.writeBuffer()),
          },
        },
      },
    );
    expect(imported.status(), await imported.text()).toBe(200);
    const listing = (await call('get', `/api/ledger?inspectionId=${inspection.id}`)) as unknown as {
      items: Array<{ id: number }>;
    };
    const problemId = listing.items[0]!.id;

    await page.goto(`${context.baseUrl}/ledger?inspectionId=${inspection.id}`);
    await page.locator('[data-ledger-ready="true"]').waitFor();
    const pendingCell = page.locator('.ant-table-row [data-pending-year="2027"]').first();
    await pendingCell.waitFor();
    expect(await pendingCell.textContent()).toContain('待定（日历未覆盖）');
    await saveScreenshot(page, 'ledger-pending-deadline');

    await page.goto(`${context.baseUrl}/problems/${problemId}`);
    await page.getByText('日历未覆盖2027年，导入该年日历后自动计算').first().waitFor();
    expect(await page.locator('[data-pending-year="2027"]').count()).toBeGreaterThan(0);

    // The admin imports 2027; the same page then shows the day (1 Feb: Jan 1 off, 30 working days).
    const admin = await signIn(context, 'admin');
    const put = await admin.request.put(`${context.baseUrl}/api/admin/calendar`, {
      data: {
        version: '2027.e2e',
        years: { '2027': { holidays: { '2027-01-01': '元旦' }, adjustedWorkdays: {} } },
      },
    });
    expect(put.status(), await put.text()).toBe(200);
    await page.reload();
    await page.getByText('2027-02-01').first().waitFor();
    expect(await page.locator('[data-pending-year]').count()).toBe(0);
  });
});
