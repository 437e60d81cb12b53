import type { Backend } from '../../electron/backend/backend';
import type { MotCuaApi } from '../../shared/contract/api';

/**
 * The renderer's bridge wired straight to a real back end in the same process. Like the real bridges
 * it keeps the session a sign-in gives it (the renderer never sees the token); until then calls carry
 * the test back end's own signed-in user (see openTestBackend).
 */
export function inProcessBridge(backend: Backend, language: () => 'vi' | 'en' = () => 'vi'): MotCuaApi {
  let session: string | null | undefined;
  return {
    call: (name, input) =>
      backend.call(name, input, {
        language: language(),
        session,
        setSession: (token) => {
          session = token;
        },
      }) as never,
  };
}
