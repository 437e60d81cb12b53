import type { MotCuaApi } from '../../shared/contract/api';
import type { CallInput, CallName, CallOutput } from '../../shared/contract/calls';
import type { AppErrorData, Result } from '../../shared/contract/result';

declare global {
  interface Window {
    /** Present in Electron: the preload's bridge to the back end over IPC. */
    motcua?: MotCuaApi;
    /** Present in Electron: shell services (printing through the system dialog). */
    motcuaShell?: { printPdf: (fileName: string, base64: string) => Promise<{ ok: boolean; printed?: boolean }> };
  }
}

/** The HTTP bridge of the web host: `POST /api/<call>`. */
export function httpApi(base = '', language: () => string = () => 'vi'): MotCuaApi {
  return {
    async call<N extends CallName>(name: N, input: CallInput<N>): Promise<Result<CallOutput<N>>> {
      try {
        const response = await fetch(`${base}/api/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-motcua-language': language() },
          body: JSON.stringify(input),
        });
        return (await response.json()) as Result<CallOutput<N>>;
      } catch (error) {
        return {
          ok: false,
          error: { code: 'NETWORK', message: error instanceof Error ? error.message : String(error) },
        };
      }
    },
  };
}

/** A failed call, carried through React's error paths with its translated message. */
export class CallError extends Error {
  constructor(readonly data: AppErrorData) {
    super(data.message);
    this.name = 'CallError';
  }
}

let current: MotCuaApi | undefined;
let languageOf: () => string = () => 'vi';

export function setLanguageSource(source: () => string): void {
  languageOf = source;
}

/** The bridge in use: Electron's when there is one, the web host's otherwise. */
export function api(): MotCuaApi {
  current ??= window.motcua ?? httpApi('', () => languageOf());
  return current;
}

/** For tests: talk to another bridge. */
export function useBridge(bridge: MotCuaApi): void {
  current = bridge;
}

/** Calls and unwraps: resolves with the value, rejects with a CallError. */
export async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const result = await api().call(name, input);
  if (!result.ok) throw new CallError(result.error);
  return result.value;
}
