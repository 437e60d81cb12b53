import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import viVN from 'antd/locale/vi_VN';
import type { ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transport } from '../../../electron/backend/sync/client';
import { useBridge } from '../../../renderer/api/client';
import { SyncSettingsTab } from '../../../renderer/features/sync/SyncSettingsTab';
import { SyncStatusBar } from '../../../renderer/features/sync/SyncStatusBar';
import { initI18n } from '../../../renderer/i18n';
import { issueEnrolmentCode } from '../../../server/enrolment/devices';
import { OFFICES, receive, startTestServer, type TestServer } from '../../electron/sync/support';
import { openTestBackend } from '../../helpers/backend';
import { adminBridge } from '../settings/harness';

/** The real server in process, reached through Fastify's inject (no sockets in happy-dom). */
function injectTransport(server: TestServer): Transport {
  return async (request) => {
    const res = await server.app.inject({
      method: request.method,
      url: request.url.replace(server.url, ''),
      headers: request.headers,
      payload: request.body,
    });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = String(v);
    return { status: res.statusCode, headers, body: new Uint8Array(res.rawPayload) };
  };
}

let server: TestServer;
let backend: ReturnType<typeof openTestBackend>;

beforeAll(async () => {
  initI18n('vi');
  server = await startTestServer('PGlite');
  backend = openTestBackend({ sync: { autoStart: false, transport: injectTransport(server) } } as never);
  useBridge(adminBridge(backend));
}, 120_000);
afterAll(async () => {
  backend?.dispose();
  await server?.close();
});

const wrap = (node: ReactNode) =>
  render(
    <ConfigProvider locale={viVN}>
      <AntApp>{node}</AntApp>
    </ConfigProvider>,
  );

describe('sync in the interface', { timeout: 60_000 }, () => {
  it('the status bar says the desktop is not enrolled, then the Settings tab enrols it with a code', async () => {
    const bar = wrap(<SyncStatusBar />);
    expect(await screen.findByText('Chưa đăng ký với máy chủ')).toBeTruthy();
    bar.unmount();

    const { code } = await issueEnrolmentCode(server.setup.db, OFFICES.a.id);
    wrap(<SyncSettingsTab />);
    fireEvent.change(screen.getByLabelText('Địa chỉ máy chủ'), { target: { value: server.url } });
    fireEvent.change(screen.getByLabelText('Mã đăng ký'), { target: { value: 'SAI-MA-0000' } });
    fireEvent.click(screen.getByTestId('sync-enrol'));
    // A wrong code: the server's reason, in Vietnamese, and nothing enrolled.
    expect(await screen.findByText(/Đăng ký không thành công: .*Mã đăng ký/)).toBeTruthy();
    expect(backend.sync.enrolled).toBe(false);

    fireEvent.change(screen.getByLabelText('Mã đăng ký'), { target: { value: code } });
    fireEvent.click(screen.getByTestId('sync-enrol'));
    await waitFor(() => expect(screen.getByTestId('sync-enrolled').textContent).toContain(OFFICES.a.name));
    expect(backend.sync.enrolled).toBe(true);
  });

  it('shows pending events, then online with the last sync after "Đồng bộ ngay"', async () => {
    receive({ ...backend, officeId: OFFICES.a.id, name: 'ui' } as never);
    wrap(<SyncStatusBar />);
    await waitFor(() => expect(screen.getByTestId('sync-pending').textContent).toMatch(/Chờ gửi: 1 sự kiện \(\d/));
    fireEvent.click(screen.getByRole('button', { name: /Đồng bộ ngay/ }));
    await waitFor(() => expect(screen.getByTestId('sync-pending').textContent).toBe('Đã gửi hết'));
    expect(screen.getByTestId('sync-connection').textContent).toContain('Trực tuyến');
    expect(screen.getByTestId('sync-last').textContent).not.toContain('chưa đồng bộ');
    fireEvent.click(screen.getByTestId('sync-review'));
    expect(await screen.findByText('Không có sự kiện nào cần xem xét')).toBeTruthy();
  });
});

describe('a first sync in the status bar', { timeout: 60_000 }, () => {
  // Another desktop of office A, first sync in pages of one event; its third page waits for the test.
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let fresh: ReturnType<typeof openTestBackend>;
  beforeAll(async () => {
    for (const name of ['Một', 'Hai', 'Ba']) receive({ ...backend, officeId: OFFICES.a.id, name } as never);
    await backend.sync.syncNow();
    const transport = injectTransport(server);
    let pulls = 0;
    fresh = openTestBackend({
      sync: {
        autoStart: false,
        pullLimit: 1,
        transport: async (request: Parameters<Transport>[0]) => {
          if (request.url.includes('/pull') && ++pulls === 3) await gate;
          return transport(request);
        },
      },
    } as never);
    const { code } = await issueEnrolmentCode(server.setup.db, OFFICES.a.id);
    await fresh.sync.enrol(server.url, code, 'fresh');
    useBridge(adminBridge(fresh));
  });
  afterAll(() => {
    release();
    useBridge(adminBridge(backend));
    fresh?.dispose();
  });

  it('shows the events received and a progress bar while it goes, and nothing once it ends', async () => {
    wrap(<SyncStatusBar />);
    const running = fresh.sync.syncNow();
    // Two pages stored, the third on its way: the bar asks every second while syncing.
    await waitFor(() => expect(screen.getByTestId('sync-pull').textContent).toContain('Đang nhận: 2 sự kiện'), {
      timeout: 5000,
    });
    const bar = screen.getByRole('progressbar');
    expect(Number(bar.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
    expect(Number(bar.getAttribute('aria-valuenow'))).toBeLessThan(100);
    release();
    await running;
    await waitFor(() => expect(screen.queryByTestId('sync-pull')).toBeNull(), { timeout: 5000 });
    expect(screen.getByTestId('sync-pending').textContent).toBe('Đã gửi hết');
  });
});
