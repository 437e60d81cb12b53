import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../server/app';
import { openServerDatabase, type ServerDatabase } from '../../server/db/database';
import { tempDir } from '../helpers/backend';
import { choose, launchChromium, screenshotPath } from '../helpers/browser';
import { type RunningHost, startWebHost } from '../helpers/webhost';

const ADMIN_TOKEN = 'e2e-sync-admin-token-0123456789';
const OFFICES = [
  { id: 'ttphcc', agencyId: '000.00.00.H56', name: 'Trung tâm Phục vụ hành chính công tỉnh', level: 'province' },
  { id: 'xa-a', agencyId: '000.00.06.H56', name: 'UBND xã A', level: 'commune', parentId: 'ttphcc' },
  { id: 'xa-b', agencyId: '000.00.07.H56', name: 'UBND xã B', level: 'commune', parentId: 'ttphcc' },
];

/**
 * Two desktops and the central server, end to end: the real server (buildServer on PGlite, listening on
 * 127.0.0.1), two real web hosts (the desktop back end and the renderer build) for two offices, and
 * Chromium. The administrator issues enrolment codes through the server's admin route; each desktop
 * enrols from Settings; desktop A receives a dossier and transfers it to office B; desktop B sees it in
 * its Hồ sơ list; both status bars show online with nothing pending.
 */
describe('sync between two desktops through the central server, end to end in Chromium', () => {
  const dataA = tempDir('motcua-e2e-sync-a-');
  const dataB = tempDir('motcua-e2e-sync-b-');
  const serverDir = tempDir('motcua-e2e-sync-server-');
  let db: ServerDatabase;
  let server: FastifyInstance;
  let serverUrl = '';
  let hostA: RunningHost;
  let hostB: RunningHost;
  let browser: Browser;
  let pageA: Page;
  let pageB: Page;
  let code = '';

  const admin = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${serverUrl}/admin/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
    if (!json.ok) throw new Error(`${method} ${path}: ${response.status} ${json.error?.message}`);
    return json.value;
  };

  /** A page of its own (own cookie jar) on a web host, signed in as that host's administrator. */
  const openPage = async (host: RunningHost): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
    const [name = '', value = ''] = (host.cookie ?? '').split('=');
    await context.addCookies([{ name, value, url: `${host.url}/api`, httpOnly: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    await page.goto(host.url);
    return page;
  };

  beforeAll(async () => {
    db = await openServerDatabase({});
    server = await buildServer({
      db,
      log: pino({ level: 'silent' }),
      version: 'e2e',
      attachmentsDir: serverDir.dir,
      adminToken: ADMIN_TOKEN,
    });
    await server.listen({ host: '127.0.0.1', port: 0 });
    serverUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    for (const office of OFFICES) await admin('POST', '/offices', office);
    [hostA, hostB] = await Promise.all([startWebHost(dataA.dir), startWebHost(dataB.dir)]);
    // Each page gets only its own host's session cookie (both hosts are on 127.0.0.1).
    browser = await launchChromium({ signedIn: false });
    pageA = await openPage(hostA);
    pageB = await openPage(hostB);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([hostA?.stop(), hostB?.stop()]);
    await server?.close();
    await db?.close();
    for (const dir of [dataA, dataB, serverDir]) dir.remove();
  });

  /** Settings → the enrolment tab: server address and the one-time code, Ctrl+Enter. */
  const enrol = async (page: Page, officeId: string, officeName: string, deviceName: string, shot: string) => {
    const { code: enrolmentCode } = await admin<{ code: string }>('POST', `/offices/${officeId}/enrolment-codes`, {
      note: `e2e ${deviceName}`,
    });
    await page.locator('.ant-layout').first().waitFor();
    await page.keyboard.press('Alt+C');
    await page.getByRole('heading', { name: 'Cài đặt' }).waitFor();
    await page.getByRole('tab', { name: 'Máy chủ đồng bộ' }).click();
    await page.getByTestId('sync-server-url').fill(serverUrl);
    await page.getByTestId('sync-code').fill(enrolmentCode);
    await page.getByTestId('sync-device-name').fill(deviceName);
    await page.getByTestId('sync-device-name').press('Control+Enter');
    const enrolled = page.getByTestId('sync-enrolled');
    await enrolled.waitFor({ timeout: 30_000 });
    await expect(enrolled.textContent()).resolves.toContain(officeName);
    await page.getByTestId('sync-connection').filter({ hasText: 'Trực tuyến' }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: screenshotPath(shot) });
  };

  it('enrols each desktop from Settings with a code the administrator issued', async () => {
    await enrol(pageA, 'xa-a', 'UBND xã A', 'Máy quầy 1 xã A', 'sync-enrolled-a');
    await enrol(pageB, 'xa-b', 'UBND xã B', 'Máy quầy 1 xã B', 'sync-enrolled-b');
    const devices = await admin<{ devices: { officeId: string; name: string }[] }>('GET', '/devices');
    expect(devices.devices.map((d) => [d.officeId, d.name]).sort()).toEqual([
      ['xa-a', 'Máy quầy 1 xã A'],
      ['xa-b', 'Máy quầy 1 xã B'],
    ]);
  }, 120_000);

  it('desktop A receives a dossier and transfers it to office B', async () => {
    const page = pageA;
    await page.keyboard.press('Alt+N');
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    await page.keyboard.type('dang ky thanh lap ho kinh doanh');
    await page.locator('.ant-select-item-option', { hasText: '1.001612' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByText('Thời hạn giải quyết: 3 ngày làm việc').waitFor();
    await page.getByLabel('Họ và tên (Người nộp hồ sơ)').fill('Đặng Thị Ưng');
    await page.getByLabel('Số CCCD / định danh (Người nộp hồ sơ)').fill('040190001234');
    await page.getByLabel('Điện thoại (Người nộp hồ sơ)').fill('0912345678');
    await page.keyboard.press('Control+Enter');
    const received = page.getByTestId('received-code');
    await received.waitFor();
    code = ((await received.textContent()) ?? '').replace('Đã tiếp nhận hồ sơ ', '').trim();
    // The code is drawn from the number block the server reserved for office A's agency.
    expect(code).toMatch(/^000\.00\.06\.H56-\d{6}-\d{4}$/);
    await page.keyboard.press('Escape');

    await page.keyboard.press('Alt+H');
    const search = page.getByRole('searchbox');
    await search.fill(code);
    await search.press('Enter');
    const drawer = page.getByRole('dialog').filter({ hasText: code });
    await drawer.getByText(`Hồ sơ ${code}`).waitFor();
    await drawer.locator('button[data-action="transferred"]').click();
    const modal = page.locator('.ant-modal').filter({ hasText: 'Chuyển xử lý' });
    await modal.waitFor();
    await choose(page, 'Chuyển đến cơ quan, đơn vị', 'UBND xã B', 'xã B');
    await page.getByLabel('Ghi chú').focus();
    await page.keyboard.press('Control+Enter');
    await modal.waitFor({ state: 'hidden' });
    await drawer.getByText('UBND xã B').first().waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // Pushed shortly after the action: the status bar comes back to "all sent", online.
    await page.getByTestId('sync-pending').filter({ hasText: 'Đã gửi hết' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('sync-connection').filter({ hasText: 'Trực tuyến' }).waitFor();
    await page.screenshot({ path: screenshotPath('sync-a-transferred') });
    const onServer = await db.query<{ type: string; office_id: string }>(
      `SELECT type, office_id FROM events WHERE dossier_id = (SELECT dossier_id FROM dossier_holder WHERE code = $1)
        ORDER BY server_seq`,
      [code],
    );
    expect(onServer.map((e) => e.type)).toEqual(['received', 'transferred']);
    const [holder] = await db.query<{ holder_office_id: string }>(
      'SELECT holder_office_id FROM dossier_holder WHERE code = $1',
      [code],
    );
    expect(holder?.holder_office_id).toBe('xa-b');
  }, 120_000);

  it('desktop B sees the dossier arrive in its Hồ sơ list, online with nothing pending', async () => {
    const page = pageB;
    // The officer asks for a sync now (the loop would on its own within a minute).
    await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
    await page.getByTestId('sync-connection').filter({ hasText: 'Trực tuyến' }).waitFor({ timeout: 60_000 });
    await page.keyboard.press('Alt+H');
    await page.getByRole('searchbox').fill(code);
    const row = page.locator('.ant-table-row').filter({ hasText: code });
    await row.waitFor({ timeout: 30_000 });
    await expect(row.textContent()).resolves.toContain('Đặng Thị Ưng');
    await expect.poll(() => page.getByTestId('sync-pending').textContent()).toBe('Đã gửi hết');
    await expect(page.getByTestId('sync-connection').textContent()).resolves.toContain('Trực tuyến');
    await page.locator('.ant-spin-blur').waitFor({ state: 'detached' });
    await page.screenshot({ path: screenshotPath('sync-b-received') });
  }, 120_000);
});
