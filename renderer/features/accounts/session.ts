import { createContext, useContext } from 'react';
import type { AccountStatus } from '../../../shared/contract/accounts';

export interface SessionContextValue {
  status: AccountStatus;
  setStatus: (status: AccountStatus) => void;
  lock: () => Promise<void>;
  signOut: () => Promise<void>;
}

/** The signed-in user as the gate knows it (undefined outside the gate, e.g. in screen tests). */
export const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function useSession(): SessionContextValue | undefined {
  return useContext(SessionContext);
}

/** Error codes that mean the back end no longer sees a usable session: the gate asks again. */
export const SESSION_CODES = new Set(['SIGN_IN_REQUIRED', 'SESSION_LOCKED']);

/**
 * The idle lock's rhythm: activity is reported to the back end at most every `touchEverySeconds`, and
 * often enough that the back end's own idle expiry never fires while the officer is working.
 */
export function touchEverySeconds(idleLockSeconds: number): number {
  return Math.max(1, Math.min(60, Math.floor(idleLockSeconds / 3)));
}
