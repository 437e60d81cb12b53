import { contextBridge, ipcRenderer } from 'electron';
import type { MotCuaApi } from '../../shared/contract/api';
import type { CallInput, CallName, CallOutput } from '../../shared/contract/calls';
import type { Result } from '../../shared/contract/result';
import { callChannel, printChannel } from '../main/channels';

/**
 * The renderer's only door to the back end: `window.motcua.call(name, input)`. It forwards the call
 * over IPC; the main process validates the sender, the call and its input.
 */
const motcua = {
  call: <N extends CallName>(name: N, input: CallInput<N>) =>
    ipcRenderer.invoke(callChannel, name, input) as Promise<Result<CallOutput<N>>>,
} satisfies MotCuaApi;

contextBridge.exposeInMainWorld('motcua', motcua);

/** The shell's own services that are not back-end calls: printing through the system dialog. */
const motcuaShell = {
  printPdf: (fileName: string, base64: string) =>
    ipcRenderer.invoke(printChannel, { fileName, base64 }) as Promise<{ ok: boolean; printed?: boolean }>,
};
contextBridge.exposeInMainWorld('motcuaShell', motcuaShell);
