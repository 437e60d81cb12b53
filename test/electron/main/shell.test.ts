import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The Electron shell cannot run here (no Electron binary): the 'electron' module is replaced and the
 * test asserts what the shell asks of it: window options, guards, handlers, the menu.
 */
const electron = vi.hoisted(() => {
  type Handler = (...args: unknown[]) => unknown;
  const windows: {
    options: Record<string, unknown>;
    events: Map<string, Handler>;
    openHandler?: Handler;
    url?: string;
  }[] = [];
  const ipcHandlers = new Map<string, Handler>();
  const state = {
    lock: true,
    quit: 0,
    permissionHandler: undefined as Handler | undefined,
    permissionCheck: undefined as Handler | undefined,
    menuTemplate: undefined as unknown,
    schemes: undefined as unknown,
  };
  class BrowserWindow {
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const record: (typeof windows)[number] = { options, events: new Map() };
      windows.push(record);
      this.webContents = {
        on: (event: string, handler: Handler) => record.events.set(event, handler),
        setWindowOpenHandler: (handler: Handler) => {
          record.openHandler = handler;
        },
      };
      Object.assign(this, {
        once: () => undefined,
        loadURL: async (url: string) => {
          record.url = url;
        },
      });
    }
    static getAllWindows = () => [];
  }
  return { windows, ipcHandlers, state, BrowserWindow };
});

vi.mock('electron', () => ({
  app: {
    requestSingleInstanceLock: () => electron.state.lock,
    quit: () => {
      electron.state.quit++;
    },
    on: () => undefined,
    whenReady: () => new Promise(() => undefined),
  },
  BrowserWindow: electron.BrowserWindow,
  ipcMain: {
    handle: (channel: string, handler: (...args: unknown[]) => unknown) => electron.ipcHandlers.set(channel, handler),
  },
  Menu: {
    buildFromTemplate: (template: unknown) => {
      electron.state.menuTemplate = template;
      return { template };
    },
    setApplicationMenu: () => undefined,
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown) => {
      electron.state.schemes = schemes;
    },
    handle: () => undefined,
  },
  session: { defaultSession: {} },
  shell: { openExternal: vi.fn(async () => undefined) },
}));

const { createMainWindow, hardenSession } = await import('../../../electron/main/window');
const { registerIpc } = await import('../../../electron/main/ipc');
const { buildMenu } = await import('../../../electron/main/menu');
const { callChannel } = await import('../../../electron/main/channels');
const { openTestBackend } = await import('../../helpers/backend');

describe('the main window', () => {
  beforeEach(() => {
    electron.windows.length = 0;
  });

  it('is sandboxed, context-isolated, without Node, and loads the app:// build', () => {
    createMainWindow('/opt/motcua/out');
    const window = electron.windows[0];
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/opt/motcua/out/preload/index.cjs',
    });
    expect(window?.url).toBe('app://motcua/index.html');
  });

  it('refuses navigation away from the app and every new window', () => {
    createMainWindow('/out');
    const window = electron.windows[0];
    const navigate = window?.events.get('will-navigate');
    const away = { preventDefault: vi.fn() };
    navigate?.(away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    navigate?.(inside, 'app://motcua/index.html#x');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    expect(window?.openHandler?.({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    expect(window?.openHandler?.({ url: 'app://motcua/other' })).toEqual({ action: 'deny' });
  });

  it('grants the camera only', () => {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    hardenSession({
      setPermissionRequestHandler: (h: (...args: unknown[]) => unknown) => {
        handlers.request = h;
      },
      setPermissionCheckHandler: (h: (...args: unknown[]) => unknown) => {
        handlers.check = h;
      },
    } as never);
    const decide = (permission: string, details: object) => {
      let granted: boolean | undefined;
      handlers.request?.(
        {},
        permission,
        (g: boolean) => {
          granted = g;
        },
        details,
      );
      return granted;
    };
    expect(decide('media', { mediaTypes: ['video'] })).toBe(true);
    expect(decide('media', { mediaTypes: ['audio'] })).toBe(false);
    expect(decide('media', { mediaTypes: ['video', 'audio'] })).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'midi']) {
      expect(decide(p, {}), p).toBe(false);
    }
  });
});

describe('the IPC bridge', () => {
  const backend = openTestBackend();
  registerIpc(
    { handle: (c: string, h: (...a: unknown[]) => unknown) => electron.ipcHandlers.set(c, h) } as never,
    backend,
    () => 'vi',
  );
  const invoke = (url: string, name: unknown, input: unknown, parent: unknown = null) =>
    electron.ipcHandlers.get(callChannel)?.({ senderFrame: { url, parent } }, name, input) as Promise<{
      ok: boolean;
      error?: { code: string };
      value?: unknown;
    }>;

  it('answers a valid call from the app page', async () => {
    const result = await invoke('app://motcua/index.html', 'catalogue.search', { query: 'ket hon' });
    expect(result.ok).toBe(true);
  });

  it('refuses a call from another origin or from a sub-frame', async () => {
    expect((await invoke('https://evil.example/', 'app.info', {})).error?.code).toBe('FORBIDDEN_FRAME');
    expect((await invoke('file:///etc/passwd', 'app.info', {})).error?.code).toBe('FORBIDDEN_FRAME');
    expect((await invoke('app://motcua/index.html', 'app.info', {}, { url: 'app://motcua/' })).error?.code).toBe(
      'FORBIDDEN_FRAME',
    );
  });

  it('refuses an invalid payload or an unknown call', async () => {
    expect((await invoke('app://motcua/index.html', 'catalogue.get', { code: 42 })).error?.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await invoke('app://motcua/index.html', 'nope', {})).error?.code).toBe('UNKNOWN_CALL');
    expect((await invoke('app://motcua/index.html', { name: 'x' }, {})).error?.code).toBe('UNKNOWN_CALL');
  });
});

describe('the application menu', () => {
  it('is in Vietnamese', () => {
    buildMenu('vi');
    const labels = (electron.state.menuTemplate as { label: string }[]).map((m) => m.label);
    expect(labels).toEqual(['Tệp', 'Sửa', 'Xem', 'Trợ giúp']);
  });
});

describe('start-up', () => {
  it('quits when another instance holds the lock, and registers app:// as a secure scheme otherwise', async () => {
    electron.state.lock = false;
    const { start } = await import('../../../electron/main/index');
    const quitsBefore = electron.state.quit;
    start();
    expect(electron.state.quit).toBeGreaterThan(quitsBefore);
    electron.state.lock = true;
    start();
    expect(electron.state.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });
});
