import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, session } from 'electron';
import { translator } from '../../shared/i18n';
import { openBackend } from '../backend/backend';
import { createLogger } from '../backend/log';
import { registerIpc } from './ipc';
import { loadSecret } from './keystore';
import { buildMenu } from './menu';
import { registerPrint } from './print';
import { registerAppScheme, serveRenderer } from './protocol';
import { safeStorageCredentialStore } from './sync-credentials';
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
    const keystore = loadSecret(safeStorage, dataDir);
    if (!keystore.ok) {
      // Citizens' data is never written to a database whose key is not protected by the OS.
      log.error({ reason: keystore.reason, backend: keystore.backend }, 'no secure key storage: refusing to start');
      const t = translator('vi');
      dialog.showErrorBox(t('accounts:keystore.title'), t(`accounts:keystore.${keystore.reason}`));
      app.quit();
      return;
    }
    const backend = openBackend({
      secret: keystore.secret,
      credentials: safeStorageCredentialStore(safeStorage, dataDir),
      dataDir,
      assetsDir: join(app.getAppPath(), 'assets'),
      version: app.getVersion(),
      log,
      sampleData: !app.isPackaged,
      warmUpForms: true,
    });
    app.on('will-quit', () => backend.close());
    hardenSession(session.defaultSession);
    serveRenderer(join(outDir, 'renderer'));
    registerIpc(ipcMain, backend, () => 'vi');
    registerPrint(ipcMain);
    Menu.setApplicationMenu(buildMenu('vi'));
    createMainWindow(outDir);
    log.info({ version: app.getVersion(), dataDir }, 'started');
  });
}

start();
