import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend } from '../../electron/backend/backend';
import { instantMs } from '../../shared/calendar/time';
import type { DossierDetail } from '../../shared/contract/dossier';
import type { Ii06aView } from '../../shared/contract/reports';
import { signedInCallers } from '../electron/reports/session';
import { assetsDir, silentLog, tempDir } from '../helpers/backend';
import { launchChromium, screenshotPath } from '../helpers/browser';
import { type RunningHost, startWebHost } from '../helpers/webhost';

describe('the supervisor, end to end in Chromium against the web host', () => {
  const data = tempDir('motcua-e2e-supervision-');
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let lateCode = '';

  beforeAll(async () => {
    // History written with a clock in January 2026: one dossier handed on late and never resolved
    // (overdue now), one resolved in time.
    let now = instantMs('2026-01-05T09:00:00+07:00');
    const past = openBackend({
      dataDir: data.dir,
      assetsDir,
      version: 'e2e',
      log: silentLog,
      sampleData: true,
      now: () => now,
    });
    const { officer } = await signedInCallers(past, ['counter', 'supervisor']);
    const intake = (name: string) => ({
      procedureCode: '1.001612',
      applicant: { fullName: name, idNumber: '040190001234' },
      components: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', copies: { original: 1, certified: 0, photocopy: 0 } }],
    });
    const late = await officer.call<DossierDetail>('dossier.receive', intake('Phan Văn Trễ'));
    lateCode = late.row.code ?? '';
    const done = await officer.call<DossierDetail>('dossier.receive', intake('Lê Thị Đúng Hẹn'));
    now = instantMs('2026-01-07T10:00:00+07:00');
    // Paper hand-off due on 05/01 (received before 15:00): given on 07/01, late.
    await officer.call('dossier.act', {
      dossierId: late.row.id,
      type: 'transferred',
      payload: { toOfficeId: 'xa-hung-nguyen', toUnitId: 'xa-hung-nguyen-kt', mode: 'paper' },
    });
    await officer.call('dossier.act', {
      dossierId: done.row.id,
      type: 'result-recorded',
      payload: { summary: 'Cấp giấy chứng nhận' },
    });
    past.close();
    host = await startWebHost(data.dir);
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      locale: 'vi-VN',
      acceptDownloads: true,
    });
    page = await context.newPage();
    // Sign in as the supervisor through the contract (the session cookie lands in the browser context).
    const signIn = await page.request.post(`${host.url}/api/accounts.signIn`, {
      data: { username: 'giamsat', password: 'mat-khau-giam-sat' },
      headers: { origin: host.url },
    });
    expect(signIn.ok()).toBe(true);
    await page.goto(host.url);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.remove();
  });

  it('opens the dashboard and drills into "overdue" down to the dossier and why it is late', async () => {
    await page.getByRole('menuitem', { name: /Giám sát/ }).waitFor();
    await page.screenshot({ path: screenshotPath('supervision-start') });
    await page.keyboard.press('Alt+G');
    await page.getByRole('heading', { name: 'Giám sát' }).waitFor();
    const overdue = page.getByTestId('metric-overdue');
    await expect.poll(() => overdue.locator('.ant-statistic-content-value').textContent()).toBe('1');
    await page.getByText('Số liệu tính từ dữ liệu trên máy này').first().waitFor();
    await page.screenshot({ path: screenshotPath('supervision-dashboard'), fullPage: true });
    await overdue.click();
    const list = page.getByTestId('drill-list');
    await list.getByText('Quá hạn: 1 hồ sơ').waitFor();
    const row = page.getByTestId(`drill-row-${lateCode}`);
    await row.waitFor();
    await expect(row.getByTestId('late-lost-at').textContent()).resolves.toMatch(
      /^Chậm khi Ủy ban nhân dân xã Hưng Nguyên chuyển cho/,
    );
    await expect(row.textContent()).resolves.toContain('Chưa có văn bản xin lỗi');
    await page.screenshot({ path: screenshotPath('supervision-drill'), fullPage: true });
    await row.click();
    const drawer = page.getByRole('dialog').filter({ hasText: `Hồ sơ ${lateCode}` });
    await drawer.waitFor();
    await expect(drawer.textContent()).resolves.toContain('Phan Văn Trễ');
    await page.screenshot({ path: screenshotPath('supervision-dossier') });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('exports form II.06a to Excel with the template headings and the totals the back end computed', async () => {
    await page.keyboard.press('Alt+B');
    await page.getByRole('heading', { name: 'Báo cáo' }).waitFor();
    await page.getByTestId('offline-note').waitFor();
    await page.getByTestId('ii06a-table').locator('.ant-table-summary').getByText('Tổng số').waitFor();
    await page.screenshot({ path: screenshotPath('reports-ii06a'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(
      /^BaoCao_II\.06a_000\.21\.31\.H40_\d{4}-\d{2}-01_\d{4}-\d{2}-\d{2}\.xlsx$/,
    );
    const path = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('II.06a');
    if (!ws) throw new Error('no II.06a sheet');
    const text = (r: number, c: number) => String(ws.getCell(r, c).value ?? '');
    expect(text(1, 1)).toBe('Biểu số II.06a');
    expect(text(2, 1)).toMatch(/^TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH/);
    expect(text(4, 1)).toBe('Đơn vị báo cáo: Ủy ban nhân dân xã Hưng Nguyên (000.21.31.H40)');
    expect([text(7, 1), text(7, 2), text(7, 3), text(7, 7)]).toEqual([
      'STT',
      'Lĩnh vực giải quyết',
      'Số hồ sơ nhận giải quyết',
      'Kết quả giải quyết',
    ]);
    expect([text(8, 7), text(8, 11)]).toEqual(['Số hồ sơ đã giải quyết', 'Số hồ sơ đang giải quyết']);
    // The same report from the contract, for the period the file name carries.
    const [, from, to] = /_(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})\.xlsx$/.exec(download.suggestedFilename()) ?? [];
    const answer = await page.request.post(`${host.url}/api/reports.ii06a`, {
      data: { from, to },
      headers: { origin: host.url },
    });
    const report = ((await answer.json()) as { value: Ii06aView }).value;
    const totalsRow = 11 + report.rows.length;
    expect(text(totalsRow, 2)).toBe('Tổng số');
    const totals = Array.from({ length: 12 }, (_, i) => ws.getCell(totalsRow, i + 3).value);
    expect(totals).toEqual([
      report.totals.receivedTotal,
      report.totals.carriedOver,
      report.totals.receivedOnline,
      report.totals.receivedDirect,
      report.totals.resolvedTotal,
      report.totals.resolvedEarly,
      report.totals.resolvedOnTime,
      report.totals.resolvedLate,
      report.totals.pendingTotal,
      report.totals.pendingWithinTime,
      report.totals.pendingOverdue,
      report.totals.ended,
    ]);
    // The January dossier still open is carried over and overdue in any later month.
    expect(report.totals.carriedOver).toBeGreaterThanOrEqual(1);
    expect(report.totals.pendingOverdue).toBeGreaterThanOrEqual(1);
    expect(text(totalsRow + 2, 1)).toBe('Số liệu tính từ dữ liệu trên máy này');
  });
});
