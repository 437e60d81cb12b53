import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPasswordSync } from '../../electron/backend/accounts/passwords';
import { upsertUser } from '../../electron/backend/accounts/repository';
import { keyFileName, loadOrCreateKeyFile } from '../../electron/backend/accounts/secret';
import { openBackend } from '../../electron/backend/backend';
import { getDesk } from '../../electron/backend/office/repository';
import { ROLES } from '../../shared/accounts/roles';
import { instantMs } from '../../shared/calendar/time';
import { assetsDir, silentLog, tempDir } from '../helpers/backend';
import { choose, launchChromium, screenshotPath } from '../helpers/browser';
import { HOST_ADMIN, type RunningHost, startWebHost } from '../helpers/webhost';

/**
 * A USB scanner as the page sees it: a burst of keydown events ending with Enter, faster than any
 * person types (dispatched in one go: headless timers are too coarse to space them a few ms apart).
 */
async function scan(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => {
    const target = document.activeElement ?? document.body;
    for (const key of [...value, 'Enter']) {
      target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    }
  }, text);
}

const cccd = '040190001234|186543210|Đặng Thị Ưng|15031990|Nữ|Xóm 3, xã Hưng Nguyên, tỉnh Nghệ An|01072021';

describe('the counter officer’s day, end to end in Chromium against the web host', () => {
  const data = tempDir('motcua-e2e-counter-');
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let code = '';

  beforeAll(async () => {
    // A dossier received long ago and never resolved: it must show in the late queue. It is written
    // by the real back end on the same (encrypted) data folder, by the administrator the host signs in.
    const past = openBackend({
      dataDir: data.dir,
      secret: loadOrCreateKeyFile(join(data.dir, keyFileName)),
      assetsDir,
      version: 'e2e',
      log: silentLog,
      sampleData: true,
      now: () => instantMs('2026-01-05T09:00:00+07:00'),
      sync: { autoStart: false },
    });
    const admin = upsertUser(
      past.db,
      {
        username: HOST_ADMIN.username,
        displayName: HOST_ADMIN.displayName,
        roles: ROLES,
        officeId: getDesk(past.db).officeId,
        active: true,
        passwordHash: hashPasswordSync(HOST_ADMIN.password),
      },
      new Date().toISOString(),
    );
    const received = await past.call(
      'dossier.receive',
      { procedureCode: '1.001612', applicant: { fullName: 'Phan Văn Trễ' }, components: [] },
      { language: 'vi', session: past.accounts.openSessionFor(admin.id) },
    );
    expect(received.ok).toBe(true);
    past.close();
    host = await startWebHost(data.dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
    await page.goto(host.url);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.remove();
  });

  it('receives a dossier with the keyboard alone and prints the receipt', async () => {
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    // The procedure box has the focus: type without diacritics, Enter picks the first match.
    await page.keyboard.type('dang ky thanh lap ho kinh doanh');
    await page.locator('.ant-select-item-option', { hasText: '1.001612' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByText('Thời hạn giải quyết: 3 ngày làm việc').waitFor();
    // A QR whose ID number says "male" for a woman is refused with a clear message and fills nothing.
    await scan(page, cccd.replace('040190001234', '040090001234'));
    await page.getByText(/Mã QR vừa quét không phải CCCD hợp lệ/).waitFor();
    await expect(page.getByLabel('Họ và tên (Người nộp hồ sơ)').inputValue()).resolves.toBe('');
    // The CCCD scanned anywhere fills the applicant.
    await scan(page, cccd);
    await expect.poll(() => page.getByLabel('Họ và tên (Người nộp hồ sơ)').inputValue()).toBe('Đặng Thị Ưng');
    await expect(page.getByLabel('Số CCCD / định danh (Người nộp hồ sơ)').inputValue()).resolves.toBe('040190001234');
    await expect(page.getByLabel('Ngày sinh (Người nộp hồ sơ)').inputValue()).resolves.toBe('15/03/1990');
    // Enter moves from field to field; type the phone number where it lands.
    await page.getByLabel('Họ và tên (Người nộp hồ sơ)').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('0912345678');
    await expect(page.getByLabel('Điện thoại (Người nộp hồ sơ)').inputValue()).resolves.toBe('0912345678');
    await page.keyboard.press('Control+Enter');
    const received = page.getByTestId('received-code');
    await received.waitFor();
    code = ((await received.textContent()) ?? '').replace('Đã tiếp nhận hồ sơ ', '').trim();
    expect(code).toMatch(/^000\.21\.31\.H40-\d{6}-\d{4}$/);
    // The receipt's dialog locks the page's scroll (antd then sets the body's width): the page stays as wide as the
    // window, with no horizontal scroll under the dialog.
    await expect(
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).resolves.toBe(0);
    await page.screenshot({ path: screenshotPath('counter-received') });
    const popup = page.waitForEvent('popup');
    await page.keyboard.press('Control+P');
    const pdf = await popup;
    expect(pdf.url()).toMatch(/^blob:/);
    await pdf.close();
    await page.keyboard.press('Enter');
    await received.waitFor({ state: 'detached' });
  });

  it('transfers the dossier, records the result and returns it', async () => {
    await page.keyboard.press('Alt+H');
    const search = page.getByRole('searchbox');
    // Typed (or scanned into the box) and Enter at once: the dossier opens when the answer comes.
    await search.fill(code);
    await search.press('Enter');
    const drawer = page.getByRole('dialog').filter({ hasText: code });
    await drawer.getByText(`Hồ sơ ${code}`).waitFor();

    const act = async (action: string, title: string, fill: () => Promise<void>) => {
      await drawer.locator(`button[data-action="${action}"]`).click();
      // The action's dialog opens above the drawer (the last dialog of the page).
      const modal = page.locator('.ant-modal').filter({ hasText: title });
      await modal.waitFor();
      await fill();
      await page.keyboard.press('Control+Enter');
      await modal.waitFor({ state: 'hidden' });
    };
    await act('transferred', 'Chuyển xử lý', async () => {
      await choose(page, 'Chuyển đến cơ quan, đơn vị', 'Phòng Kinh tế xã Hưng Nguyên', 'Phòng Kinh tế');
      await page.getByLabel('Ghi chú').focus();
    });
    await drawer.getByText('Phiếu kiểm soát quá trình giải quyết (Mẫu 06)').waitFor();
    await act('result-recorded', 'Ghi nhận kết quả', async () => {
      await page.getByLabel('Nội dung kết quả').fill('Cấp Giấy chứng nhận đăng ký hộ kinh doanh');
    });
    await drawer.getByText('Kết quả: Cấp Giấy chứng nhận đăng ký hộ kinh doanh').waitFor();
    await act('returned', 'Trả kết quả', async () => {
      await page.getByLabel('Người nhận kết quả').focus();
    });
    await drawer.getByText('Đã trả cho Đặng Thị Ưng').waitFor();
    await expect(drawer.getByText('Đã trả kết quả').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('counter-returned') });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('sends an incomplete dossier back with form 02, and refuses one with form 03', async () => {
    await page.keyboard.press('Alt+N');
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    const procedure = page.getByLabel('Thủ tục hành chính');
    await procedure.click();
    await page.keyboard.type('ket hon');
    await page.locator('.ant-select-item-option', { hasText: '1.000894' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByLabel('Họ và tên (Người nộp hồ sơ)').fill('Lê Văn Tám');

    await page.keyboard.press('Control+B');
    await page.getByText('Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)').waitFor();
    const items = await page.getByLabel('Nội dung cần bổ sung (mỗi dòng một nội dung)').inputValue();
    expect(items).toContain('Tờ khai đăng ký kết hôn');
    await page.getByLabel('Lý do').fill('Thiếu giấy xác nhận tình trạng hôn nhân');
    await page.keyboard.press('Control+Enter');
    await page.getByText('Đã lưu: yêu cầu bổ sung hồ sơ').first().waitFor();
    const popup = page.waitForEvent('popup');
    await page.locator('button[data-form="02"]').click();
    await (await popup).close();
    await page.getByRole('button', { name: 'Hồ sơ tiếp theo (Enter)' }).click();

    await page.getByLabel('Thủ tục hành chính').click();
    await page.keyboard.type('khai tu');
    await page.locator('.ant-select-item-option', { hasText: '1.000656' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByLabel('Họ và tên (Người nộp hồ sơ)').fill('Hoàng Thị Mai');
    await page.keyboard.press('Control+R');
    await page.getByText('Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)').waitFor();
    await page.getByLabel('Lý do').fill('Không thuộc thẩm quyền của xã');
    await page.keyboard.press('Control+Enter');
    await page.getByText('Đã lưu: từ chối tiếp nhận').first().waitFor();
  });

  it('shows a dossier past its due time in the late queue, in red words', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+H');
    await page.getByTestId('queue-late').click();
    const row = page.getByRole('row', { name: /Phan Văn Trễ/ });
    await row.waitFor();
    await expect(row.locator('[data-tone="late"]').textContent()).resolves.toMatch(/^quá hạn \d+ ngày$/);
    await page.screenshot({ path: screenshotPath('counter-late-queue') });
  });
});
