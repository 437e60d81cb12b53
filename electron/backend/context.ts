import type { Role } from '../../shared/accounts/roles';
import type { Language } from '../../shared/i18n';

/** The signed-in user, as the back end's session table says: handlers take the actor from here. */
export interface SignedInUser {
  id: string;
  username: string;
  displayName: string;
  roles: readonly Role[];
  officeId: string | null;
}

/** Who is calling and in which language they read; filled in by the bridge. */
export interface CallContext {
  language: Language;
  /**
   * The session token the bridge holds for this caller (the HttpOnly cookie, or the main process's
   * entry for the sender's webContents); undefined when the caller presented none.
   */
  session?: string | null;
  /** Called by sign-in, unlock and sign-out so the bridge keeps (or forgets) the caller's session. */
  setSession?: (token: string | null) => void;
  /**
   * Set by the back end from the session, after the policy check; anything a bridge or a renderer
   * puts here is overwritten. Handlers read the actor from here, never from their input.
   */
  user?: SignedInUser;
}
