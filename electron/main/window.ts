import { join } from 'node:path';
import { BrowserWindow, type Session, shell } from 'electron';
import { appOrigin } from './channels';
import { isAllowedPermission } from './security';

export const webPreferences = (preload: string): Electron.WebPreferences => ({
  preload,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
  navigateOnDragDrop: false,
});

/** Only the camera may be granted; every other permission request is refused. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isAllowedPermission(permission, details as { mediaTypes?: string[] }));
  });
  session.setPermissionCheckHandler((_contents, permission) => permission === 'media');
}

/**
 * The main window: sandboxed renderer with context isolation, loaded from app://; navigating away or
 * opening new windows is refused (an http(s) link opens in the system browser instead).
 */
export function createMainWindow(outDir: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Một Cửa',
    backgroundColor: '#ffffff',
    webPreferences: webPreferences(join(outDir, 'preload', 'index.cjs')),
  });
  const contents = window.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${appOrigin}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${appOrigin}/index.html`);
  return window;
}
