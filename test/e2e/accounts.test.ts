import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/backend';
import { launchChromium, screenshotPath } from '../helpers/browser';
import { type RunningHost, startWebHost } from '../helpers/webhost';

/**
 * Accounts end to end in Chromium against a real web host: first run, sign-in, the idle lock (5 s
 * here, set by the administrator), sign in again, and a counter officer refused the supervisor's
 * reports by the back end.
 */
describe('Accounts, end to end in Chromium against the web host', () => {
  const data = tempDir('motcua-e2e-accounts-');
  let host: RunningHost;
  let browser: Browser;
  let page: Page;

  /** A contract call from inside the page: it carries the page's HttpOnly session cookie. */
  const fromPage = (name: string, input: unknown) =>
    page.evaluate(
      async ([n, i]) => {
        const response = await fetch(`/api/${n}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(i),
        });
        return {
          status: response.status,
          body: (await response.json()) as { ok: boolean; error?: { code: string; message: string } },
        };
      },
      [name, input] as const,
    );

  async function signIn(username: string, password: string) {
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
  }

  beforeAll(async () => {
    host = await startWebHost(data.dir, [], { signIn: false });
    browser = await launchChromium({ signedIn: false });
    page = await browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'vi-VN' });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.remove();
  });

  it('asks for the first administrator on a fresh installation, then opens the application', async () => {
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Tạo tài khoản quản trị đầu tiên' }).waitFor();
    await page.getByLabel('Họ và tên').fill('Nguyễn Văn Quản');
    await page.getByLabel('Tên đăng nhập').fill('quantri');
    await page.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-quan-tri');
    await page.getByLabel('Nhập lại mật khẩu').fill('mat-khau-quan-tri');
    await page.getByRole('button', { name: 'Tạo tài khoản và đăng nhập' }).click();
    await page.getByRole('button', { name: /Nguyễn Văn Quản/ }).waitFor();
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'motcua_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('motcua_session');
  });

  it('the administrator adds a counter officer in Settings → Người dùng and sets a 5-second idle lock', async () => {
    await page.keyboard.press('Alt+C');
    await page.getByRole('tab', { name: 'Người dùng' }).click();
    await page.getByTestId('user-quantri').waitFor();
    await page.getByRole('button', { name: /Thêm người dùng/ }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('Tên đăng nhập').fill('lan');
    await drawer.getByLabel('Tên đăng nhập').press('Enter');
    await page.keyboard.type('Trần Thị Lan');
    expect(await drawer.getByLabel('Cán bộ tiếp nhận').isChecked()).toBe(true);
    await drawer.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-cua-lan');
    await drawer.getByLabel('Nhập lại mật khẩu').fill('mat-khau-cua-lan');
    await page.screenshot({ path: screenshotPath('accounts-user-drawer') });
    await drawer.getByLabel('Nhập lại mật khẩu').press('Control+Enter');
    await page.getByText('Đã lưu tài khoản của Trần Thị Lan.').waitFor();
    await page.getByTestId('user-lan').getByText('Cán bộ tiếp nhận').waitFor();
    await page.screenshot({ path: screenshotPath('accounts-users-tab') });
    const listed = await fromPage('users.list', {});
    expect(JSON.stringify(listed.body)).toContain('"username":"lan"');
    // 5 s is below the tab's minute granularity: set through the contract, as a test shortcut.
    const settings = await fromPage('accounts.saveSettings', {
      lockoutAttempts: 5,
      lockoutMinutes: 15,
      idleLockSeconds: 5,
    });
    expect(settings.body.ok).toBe(true);
    await page.getByRole('button', { name: /Nguyễn Văn Quản/ }).click();
    await page.getByRole('menuitem', { name: /Đăng xuất/ }).click();
  });

  it('a wrong password is refused with a clear message; the right one signs in', async () => {
    await signIn('lan', 'sai-mat-khau');
    await page.getByRole('alert').getByText('Tên đăng nhập hoặc mật khẩu không đúng.').waitFor();
    await page.getByLabel('Mật khẩu').fill('mat-khau-cua-lan');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: /Trần Thị Lan/ }).waitFor();
    // The counter officer opens the intake screen (Alt+N) and can work there.
    await page.keyboard.press('Alt+N');
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
  });

  it('locks the screen after 5 idle seconds, and the back end refuses calls meanwhile', async () => {
    await page.getByRole('heading', { name: 'Màn hình đã khóa' }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('accounts-locked') });
    expect(await page.getByRole('button', { name: /Trần Thị Lan/ }).isVisible()).toBe(false);
    const refused = await fromPage('catalogue.search', { query: 'ket hon' });
    expect(refused).toMatchObject({ status: 401, body: { ok: false, error: { code: 'SESSION_LOCKED' } } });
  });

  it('signs in again with the password and finds the application where it was', async () => {
    await page.getByLabel('Mật khẩu').fill('mat-khau-cua-lan');
    await page.getByRole('button', { name: 'Mở khóa' }).click();
    await page.getByRole('button', { name: /Trần Thị Lan/ }).waitFor();
    const allowed = await fromPage('catalogue.search', { query: 'ket hon' });
    expect(allowed.status).toBe(200);
  });

  it('a counter officer cannot open the supervisor’s reports; the administrator can', async () => {
    // The menu offers the counter officer no Báo cáo or Giám sát screen, and Alt+B leaves them where they are.
    const menu = page.getByRole('menu');
    await menu.getByText('Tiếp nhận').waitFor();
    expect(await menu.getByText('Báo cáo').count()).toBe(0);
    expect(await menu.getByText('Giám sát').count()).toBe(0);
    await page.keyboard.press('Alt+B');
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    await page.screenshot({ path: screenshotPath('accounts-reports-refused') });
    // Bypassing the UI does not help: the back end refuses the call, in Vietnamese.
    const refused = await fromPage('reports.dashboard', {});
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    expect(refused.body.error?.message).toContain('không có quyền');
    for (const call of ['office.save', 'catalogue.import', 'users.list']) {
      expect((await fromPage(call, {})).status, call).toBe(403);
    }
    await page.getByRole('button', { name: /Trần Thị Lan/ }).click();
    await page.getByRole('menuitem', { name: /Đăng xuất/ }).click();
    await signIn('quantri', 'mat-khau-quan-tri');
    await page.getByRole('button', { name: /Nguyễn Văn Quản/ }).waitFor();
    const admin = await fromPage('users.list', {});
    expect(admin.status).toBe(200);
    await page.screenshot({ path: screenshotPath('accounts-admin') });
  });
});
