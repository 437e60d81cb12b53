import type { Backend } from '../../../electron/backend/backend';
import type { CallContext } from '../../../electron/backend/context';
import { dispatch } from '../../../shared/contract/dispatch';
import type { Result } from '../../../shared/contract/result';

/**
 * Calls the real back end's handlers through the contract's dispatcher (input and output validated,
 * errors translated) as a signed-in administrator who also works at the counter. The session and
 * role checks in front of it belong to the accounts capability and are tested there; here the
 * calendar, catalogue and organisation calls themselves are under test.
 */
export function adminContext(language: 'vi' | 'en' = 'vi'): CallContext {
  return {
    language,
    user: {
      id: 'admin-test',
      username: 'admin',
      displayName: 'Quản trị viên',
      roles: ['administrator', 'counter', 'processing', 'supervisor'],
      officeId: null,
    },
  } as CallContext;
}

export function callAsAdmin(backend: Backend, name: string, input: unknown, language: 'vi' | 'en' = 'vi') {
  return dispatch(backend.handlers, name, input, adminContext(language), { language }) as Promise<Result<unknown>>;
}
