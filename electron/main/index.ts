import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, session } from 'electron';
import { openBackend } from '../backend/backend';
import { createLogger } from '../backend/log';
import { registerIpc } from './ipc';
import { buildMenu } from './menu';
import { registerAppScheme, serveRenderer } from './protocol';
import { createMainWindow, hardenSession } from './window';

/**
 * The Electron shell's lifecycle: one instance, a hardened window on app://, the back end on the
 * app data folder, logs in `<userData>/logs`.
 */
export function start(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme();
  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());

  app.whenReady().then(() => {
    const dataDir = app.getPath('userData');
    const log = createLogger({ name: 'desktop', dataDir });
    const outDir = join(__dirname, '..');
    const backend = openBackend({
      dataDir,
      assetsDir: join(app.getAppPath(), 'assets'),
      version: app.getVersion(),
      log,
      sampleData: !app.isPackaged,
    });
    app.on('will-quit', () => backend.close());
    hardenSession(session.defaultSession);
    serveRenderer(join(outDir, 'renderer'));
    registerIpc(ipcMain, backend, () => 'vi');
    Menu.setApplicationMenu(buildMenu('vi'));
    createMainWindow(outDir);
    log.info({ version: app.getVersion(), dataDir }, 'started');
  });
}

start();
