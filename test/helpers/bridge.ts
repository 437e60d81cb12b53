import type { Backend } from '../../electron/backend/backend';
import type { MotCuaApi } from '../../shared/contract/api';

/** The renderer's bridge wired straight to a real back end in the same process. */
export function inProcessBridge(backend: Backend, language: () => 'vi' | 'en' = () => 'vi'): MotCuaApi {
  return {
    call: (name, input) => backend.call(name, input, { language: language() }) as never,
  };
}
