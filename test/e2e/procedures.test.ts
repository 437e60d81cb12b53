import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/backend';
import { launchChromium, screenshotPath } from '../helpers/browser';
import { type RunningHost, startWebHost } from '../helpers/webhost';

describe('Procedures, end to end in Chromium against the web host', () => {
  const data = tempDir('motcua-e2e-');
  let host: RunningHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    host = await startWebHost(data.dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'vi-VN' });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.remove();
  });

  it('opens in Vietnamese and shows the procedure catalogue on Alt+P', async () => {
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    await page.keyboard.press('Alt+P');
    await expect(page.getByRole('heading', { name: 'Danh mục thủ tục hành chính' }).isVisible()).resolves.toBe(true);
    await page.getByRole('row').nth(5).waitFor();
  });

  it('finds "Đăng ký kết hôn" by typing "ket hon" without diacritics', async () => {
    const search = page.getByRole('searchbox');
    await expect(search.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await search.fill('ket hon');
    await page.getByRole('cell', { name: 'Đăng ký kết hôn', exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath('procedures-search') });
  });

  it('opens the procedure with Enter and shows its details', async () => {
    await page.getByRole('searchbox').press('Enter');
    const drawer = page.getByRole('dialog');
    await drawer.getByText('1.000894', { exact: true }).waitFor();
    const text = (await drawer.textContent()) ?? '';
    expect(text).toContain('Đăng ký kết hôn');
    expect(text).toContain('Hộ tịch');
    expect(text).toContain('Cấp xã');
    expect(text).toContain('Thời hạn giải quyết');
    expect(text).toContain('Thành phần hồ sơ');
    await page.screenshot({ path: screenshotPath('procedures-detail') });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('filters by field with the field selector', async () => {
    await page.getByRole('searchbox').fill('');
    const field = page.getByLabel('Lĩnh vực');
    await field.click();
    await field.pressSequentially('chung thuc');
    await page.locator('.ant-select-item-option', { hasText: /^Chứng thực/ }).click();
    await page.getByText(/\d+ thủ tục/).waitFor();
    const fieldCells = await page.locator('tbody tr td:nth-child(3)').allInnerTexts();
    expect(fieldCells.length).toBeGreaterThan(0);
    expect(new Set(fieldCells)).toEqual(new Set(['Chứng thực']));
  });
});
