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
 * bridge uses. The session a sign-in opens stays here, in the main process, keyed by the sender's
 * webContents: the renderer never holds the token, and a closed window forgets it.
 */
export function registerIpc(ipcMain: IpcMain, backend: Backend, language: () => Language): void {
  const sessions = new Map<number, string>();
  const watched = new Set<number>();
  ipcMain.handle(
    callChannel,
    async (event: IpcMainInvokeEvent, name: unknown, input: unknown): Promise<Result<unknown>> => {
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null || !isTrustedUrl(frame.url)) {
        return { ok: false, error: errorData('FORBIDDEN_FRAME', language()) };
      }
      if (typeof name !== 'string') return { ok: false, error: errorData('UNKNOWN_CALL', language(), { call: '' }) };
      const sender = event.sender as IpcMainInvokeEvent['sender'] | undefined;
      const id = sender?.id;
      return backend.call(name, input, {
        language: language(),
        session: id === undefined ? undefined : (sessions.get(id) ?? null),
        setSession: (token) => {
          if (id === undefined || !sender) return;
          if (token) sessions.set(id, token);
          else sessions.delete(id);
          if (!watched.has(id)) {
            watched.add(id);
            sender.once('destroyed', () => {
              const open = sessions.get(id);
              sessions.delete(id);
              watched.delete(id);
              if (open) backend.accounts.signOut(open);
            });
          }
        },
      });
    },
  );
}
