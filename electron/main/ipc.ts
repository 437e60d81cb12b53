import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { errorData } from '../../shared/contract/dispatch';
import type { Result } from '../../shared/contract/result';
import type { Language } from '../../shared/i18n';
import type { Backend } from '../backend/backend';
import { callChannel } from './channels';
import { isTrustedUrl } from './security';

/**
 * The IPC bridge: one handler for the contract's channel. A call from any frame other than the app's
 * own top-level page is refused; the name and input are validated by the same dispatcher the HTTP
 * bridge uses.
 */
export function registerIpc(ipcMain: IpcMain, backend: Backend, language: () => Language): void {
  ipcMain.handle(
    callChannel,
    async (event: IpcMainInvokeEvent, name: unknown, input: unknown): Promise<Result<unknown>> => {
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null || !isTrustedUrl(frame.url)) {
        return { ok: false, error: errorData('FORBIDDEN_FRAME', language()) };
      }
      if (typeof name !== 'string') return { ok: false, error: errorData('UNKNOWN_CALL', language(), { call: '' }) };
      return backend.call(name, input, { language: language() });
    },
  );
}
