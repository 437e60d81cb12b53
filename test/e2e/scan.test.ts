import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/backend';
import { choose, chromiumPath, screenshotPath } from '../helpers/browser';
import { type RunningHost, startWebHost } from '../helpers/webhost';

/**
 * Digitizing at the counter, end to end in Chromium against a real web host: a feeder batch from SANE's
 * `test` backend into two components, thumbnails, the PDF opened in the viewer (pdf.js in the page),
 * a page from Chromium's fake webcam, then the dossier received and its components seen digitized in
 * the dossier drawer.
 */
describe('scanning and digitizing intake documents in Chromium', () => {
  const data = tempDir('motcua-e2e-scan-');
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    // The web host's scanimage sees a SANE configuration with only the `test` backend (the system one
    // disables it); the child process inherits this environment.
    const sane = join(data.dir, 'sane.d');
    mkdirSync(sane, { recursive: true });
    writeFileSync(join(sane, 'dll.conf'), 'test\n');
    process.env.SANE_CONFIG_DIR = sane;
    host = await startWebHost(join(data.dir, 'data'));
    // launchChromium's flags plus a fake camera that needs no permission prompt.
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
    const [name = '', value = ''] = (host.cookie ?? '').split('=');
    await context.addCookies([{ name, value, url: `${host.url}/api`, httpOnly: true, sameSite: 'Strict' }]);
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(host.url);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.remove();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await page.screenshot({ path: screenshotPath(`scan-failed-${context.task.name.slice(0, 20)}`) });
  });

  const drawer = () => page.getByTestId('scan-drawer');
  const tiles = () => drawer().getByRole('option');

  it('scans a feeder batch into two components and opens the PDF in the viewer', async () => {
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    await page.getByLabel('Thủ tục hành chính').click();
    await page.keyboard.type('dang ky thanh lap ho kinh doanh');
    await page.locator('.ant-select-item-option', { hasText: '1.001612' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByLabel('Họ và tên (Người nộp hồ sơ)').fill('Đặng Thị Ưng');
    await page.getByLabel('Số CCCD / định danh (Người nộp hồ sơ)').fill('040190001234');

    // F8 in the checklist opens the scan drawer on the first component.
    await page.getByRole('button', { name: /^Quét: Giấy đề nghị đăng ký hộ kinh doanh/ }).focus();
    await page.keyboard.press('F8');
    await drawer().waitFor();
    const device = page.getByLabel('Nguồn trang');
    await drawer()
      .getByText(/frontend-tester \(virtual device, test:0\)/)
      .waitFor({ timeout: 20_000 });
    // The feeder, at 150 dpi.
    await choose(page, 'Khay giấy', 'Khay nạp giấy');
    await choose(page, 'Độ phân giải', '150 dpi');
    await device.focus();
    await page.keyboard.press('F8');
    await expect(page.getByTestId('scan-status').textContent()).resolves.toMatch(/Đang quét|Đã quét xong/);
    await page
      .getByTestId('scan-status')
      .getByText(/Đã quét xong: 10 trang/)
      .waitFor({ timeout: 90_000 });
    await expect(tiles().count()).resolves.toBe(10);
    // Every thumbnail is an image the page actually decoded.
    const decoded = await tiles()
      .locator('img')
      .evaluateAll((imgs) =>
        imgs.map((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0),
      );
    expect(decoded).toEqual(Array(10).fill(true));
    await page.screenshot({ path: screenshotPath('scan-thumbnails') });

    // Keyboard: rotate page 1, select pages 1–3 (Space), save them to this component (Ctrl+Enter).
    await tiles().first().focus();
    await page.keyboard.press('r');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await expect(drawer().getByRole('option', { selected: true }).count()).resolves.toBe(3);
    await page.getByLabel('Số và ký hiệu văn bản').fill('15/ĐN-2026');
    await page.getByLabel('Cơ quan ban hành').fill('Hộ kinh doanh Ưng');
    await page.keyboard.press('Control+Enter');
    await page
      .getByTestId('component-digitized')
      .getByText('Thành phần này đã được số hóa: 3 trang.')
      .waitFor({ timeout: 30_000 });
    await expect.poll(() => tiles().count()).toBe(7);

    // The PDF in the viewer: pdf.js renders each page on a canvas; PageDown pages through.
    await page.getByTestId('component-digitized').getByRole('button', { name: 'Xem' }).click();
    const viewer = page.getByTestId('attachment-viewer');
    await viewer.waitFor();
    await viewer.getByTestId('viewer-page').getByText('Trang 1/3').waitFor({ timeout: 30_000 });
    const canvas = viewer.getByTestId('viewer-canvas');
    await expect.poll(() => canvas.getAttribute('data-rendered'), { timeout: 30_000 }).not.toBe('0');
    const inked = async () =>
      canvas.evaluate((c) => {
        const el = c as HTMLCanvasElement;
        const pixels = el.getContext('2d')?.getImageData(0, 0, el.width, el.height).data ?? new Uint8ClampedArray();
        let dark = 0;
        for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] ?? 255) < 128) dark++;
        return { width: el.width, height: el.height, dark };
      });
    // SANE's test picture is solid black: the rendered page is dark, on an A4 portrait canvas.
    const first = await inked();
    expect(first.height).toBeGreaterThan(first.width);
    expect(first.dark).toBeGreaterThan((first.width * first.height) / 4);
    await page.screenshot({ path: screenshotPath('scan-viewer') });
    await page.keyboard.press('PageDown');
    await viewer.getByTestId('viewer-page').getByText('Trang 2/3').waitFor();
    await expect.poll(() => canvas.getAttribute('data-rendered'), { timeout: 10_000 }).toBe('2');
    await page.keyboard.press('+');
    await viewer.getByTestId('viewer-zoom').getByText('125%').waitFor();
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });

    // Ctrl+↓: the next component takes the rest of the batch.
    await tiles().first().focus();
    await page.keyboard.press('Control+ArrowDown');
    await page.getByTestId('component-digitized').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+Enter');
    await page
      .getByTestId('component-digitized')
      .getByText('Thành phần này đã được số hóa: 7 trang.')
      .waitFor({ timeout: 30_000 });
    await expect.poll(() => tiles().count()).toBe(0);
  });

  it('captures a page with the (fake) webcam', async () => {
    await page.keyboard.press('Control+ArrowDown');
    await page.getByTestId('component-digitized').waitFor({ state: 'detached' });
    await page.keyboard.press('F9');
    const video = page.getByTestId('camera-video');
    await video.waitFor();
    await expect
      .poll(() => video.evaluate((v) => (v as HTMLVideoElement).videoWidth), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() =>
        page
          .locator('.ant-modal')
          .getByRole('button', { name: /Chụp trang/ })
          .isEnabled(),
      )
      .toBe(true);
    await page.screenshot({ path: screenshotPath('scan-camera') });
    await page.keyboard.press('Space');
    await page.getByTestId('camera-count').getByText('Đã chụp 1 trang').waitFor({ timeout: 20_000 });
    await page.keyboard.press('Escape');
    await video.waitFor({ state: 'detached' });
    await expect.poll(() => tiles().count()).toBe(1);
    const src = await tiles().first().locator('img').getAttribute('src');
    expect(src).toMatch(/^data:image\/jpeg;base64,/);
    await choose(page, 'Lưu dạng', 'Màu (200 dpi; dấu đỏ, ảnh)');
    // The fake camera films a plain green card: no ink, so it counts as a blank page unless kept.
    await page.getByRole('checkbox', { name: 'Bỏ trang trắng' }).uncheck();
    await tiles().first().focus();
    await page.keyboard.press('Control+Enter');
    await page
      .getByTestId('component-digitized')
      .getByText('Thành phần này đã được số hóa: 1 trang.')
      .waitFor({ timeout: 30_000 });
    await expect.poll(() => tiles().count()).toBe(0);
    await page.keyboard.press('Escape');
    await drawer().waitFor({ state: 'detached' });
    await page.getByTestId('digitized-0').getByText('Đã số hóa · 3 trang').waitFor();
    await page.getByTestId('digitized-1').getByText('Đã số hóa · 7 trang').waitFor();
    await page.getByTestId('digitized-2').getByText('Đã số hóa · 1 trang').waitFor();
    await page.screenshot({ path: screenshotPath('scan-checklist') });
  });

  it('receives the dossier and shows its components digitized in the dossier drawer', async () => {
    await page.getByLabel('Họ và tên (Người nộp hồ sơ)').focus();
    await page.keyboard.press('Control+Enter');
    const received = page.getByTestId('received-code');
    await received.waitFor();
    await page.getByRole('button', { name: 'Xem hồ sơ' }).click();
    const dossier = page.locator('body');
    await dossier.getByTestId('drawer-digitized').first().waitFor();
    await expect(dossier.getByTestId('drawer-digitized').allTextContents()).resolves.toEqual([
      'Đã số hóa · 3 trang',
      'Đã số hóa · 7 trang',
      'Đã số hóa · 1 trang',
    ]);
    await dossier.getByRole('button', { name: /^Xem: Biên bản họp/ }).click();
    const viewer = page.getByTestId('attachment-viewer');
    await viewer.getByTestId('viewer-page').getByText('Trang 1/7').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => viewer.getByTestId('viewer-canvas').getAttribute('data-rendered'), { timeout: 30_000 })
      .not.toBe('0');
    await page.getByText('Người số hóa').waitFor();
    await page.screenshot({ path: screenshotPath('scan-dossier-viewer') });
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    // (The CSP's frame-ancestors in a <meta> is ignored by design: the Electron protocol sends it as a header.)
    expect(errors.filter((e) => !/favicon|frame-ancestors/.test(e))).toEqual([]);
  });
});
