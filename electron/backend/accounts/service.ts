import { randomBytes } from 'node:crypto';
import type { AccountSettings, AccountStatus, AuditKind, User } from '../../../shared/contract/accounts';
import { AppError } from '../../../shared/contract/result';
import { recordAudit } from '../audit/log';
import type { SignedInUser } from '../context';
import type { Database } from '../db/sqlite';
import type { Logger } from '../log';
import { getDesk } from '../office/repository';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import {
  accountSettings,
  type NewUser,
  toUser,
  type UserRow,
  upsertUser,
  userById,
  userByName,
  userCount,
} from './repository';

interface Session {
  userId: string;
  createdAt: number;
  /** The officer's last activity (sign-in, unlock, or a `touch` from the renderer's idle timer). */
  lastActivity: number;
  locked: boolean;
}

/** A session ends after this long whatever the activity: the next working day starts with a sign-in. */
export const SESSION_MAX_AGE_MS = 14 * 3600 * 1000;

export interface AccountsOptions {
  /** The clock of sessions and lockouts (tests move it); Date.now by default. */
  now?: () => number;
  log?: Logger;
}

export interface Principal {
  user: SignedInUser;
  locked: boolean;
}

/**
 * Users, their sign-in and their sessions, offline: argon2id hashes in the local database, a lockout
 * after repeated failures (time-based), and sessions held in this process that lock after the
 * configured idle time and end after SESSION_MAX_AGE_MS. The token never reaches the renderer's
 * JavaScript: the bridges keep it (HttpOnly cookie, or per webContents in the main process).
 */
export class Accounts {
  private readonly sessions = new Map<string, Session>();
  /** Wrong passwords given for disabled accounts, by user id (see tellDisabled). */
  private readonly disabledGuesses = new Map<string, { failures: number; lockedUntil: number }>();
  private readonly now: () => number;

  constructor(
    private readonly db: Database,
    options: AccountsOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The clock of sessions and lockouts (ms since the epoch). */
  clock(): number {
    return this.now();
  }

  settings(): AccountSettings {
    return accountSettings(this.db);
  }

  private officeId(): string | null {
    return getDesk(this.db).officeId;
  }

  audit(
    kind: AuditKind,
    userId: string | null,
    subject?: string | null,
    detail?: Record<string, string | number | boolean | null>,
  ): void {
    recordAudit(this.db, {
      kind,
      userId,
      officeId: this.officeId(),
      subject: subject ?? null,
      detail,
      at: new Date(this.now()).toISOString(),
    });
  }

  /** The caller behind a token, with the idle lock and the maximum age applied; null when signed out. */
  principal(token: string | null | undefined): Principal | null {
    if (!token) return null;
    const session = this.sessions.get(token);
    if (!session) return null;
    const now = this.now();
    const row = userById(this.db, session.userId);
    if (row?.active !== 1 || now - session.createdAt > SESSION_MAX_AGE_MS) {
      this.sessions.delete(token);
      return null;
    }
    if (!session.locked && now - session.lastActivity > this.settings().idleLockSeconds * 1000) {
      session.locked = true;
      this.audit('lock', session.userId, row.username, { reason: 'idle' });
    }
    const user = toUser(row);
    return {
      user: {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        roles: user.roles,
        officeId: user.officeId,
      },
      locked: session.locked,
    };
  }

  status(token: string | null | undefined): AccountStatus {
    const principal = this.principal(token);
    const row = principal ? userById(this.db, principal.user.id) : undefined;
    return {
      setupRequired: userCount(this.db) === 0,
      user: row ? toUser(row) : null,
      locked: principal?.locked ?? false,
      idleLockSeconds: this.settings().idleLockSeconds,
    };
  }

  private openSession(userId: string): string {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    this.sessions.set(token, { userId, createdAt: now, lastActivity: now, locked: false });
    return token;
  }

  /** Creates or updates a user (hashing a new password); for the administrator's screen and the CLI. */
  async saveUser(user: Omit<NewUser, 'passwordHash'> & { password?: string }): Promise<User> {
    const existingByName = userByName(this.db, user.username);
    if (existingByName && existingByName.id !== user.id)
      throw new AppError('USERNAME_TAKEN', { username: user.username });
    if (user.id && !userById(this.db, user.id)) throw new AppError('USER_NOT_FOUND', { id: user.id });
    if (!user.id && !user.password) throw new AppError('PASSWORD_REQUIRED');
    const passwordHash = user.password ? await hashPassword(user.password) : undefined;
    return this.db.transaction(() =>
      upsertUser(this.db, { ...user, passwordHash }, new Date(this.now()).toISOString()),
    );
  }

  /** First run: creates the first administrator and signs them in. Refused once any user exists. */
  async setup(input: { username: string; displayName: string; password: string }): Promise<string> {
    if (userCount(this.db) > 0) throw new AppError('SETUP_DONE');
    const passwordHash = await hashPassword(input.password);
    const user = this.db.transaction(() => {
      if (userCount(this.db) > 0) throw new AppError('SETUP_DONE');
      return upsertUser(
        this.db,
        { ...input, roles: ['administrator'], officeId: this.officeId(), active: true, passwordHash },
        new Date(this.now()).toISOString(),
      );
    });
    this.audit('user-saved', user.id, user.username, { roles: 'administrator', firstRun: true });
    this.audit('sign-in', user.id, user.username);
    return this.openSession(user.id);
  }

  /** Checks a password against the user's hash, counting failures toward the lockout. */
  private async checkPassword(row: UserRow, password: string): Promise<void> {
    const now = this.now();
    if (row.locked_until !== null && row.locked_until > now) {
      this.audit('sign-in-failed', row.id, row.username, { reason: 'locked' });
      throw new AppError('ACCOUNT_LOCKED', { count: Math.ceil((row.locked_until - now) / 60_000) });
    }
    if (await verifyPassword(row.password_hash, password)) {
      if (row.failed_attempts !== 0 || row.locked_until !== null) {
        this.db.run('UPDATE app_user SET failed_attempts = 0, locked_until = NULL WHERE id = ?', row.id);
      }
      return;
    }
    const settings = this.settings();
    const failures = row.failed_attempts + 1;
    if (failures >= settings.lockoutAttempts) {
      this.db.run(
        'UPDATE app_user SET failed_attempts = 0, locked_until = ? WHERE id = ?',
        now + settings.lockoutMinutes * 60_000,
        row.id,
      );
      this.audit('sign-in-failed', row.id, row.username, { reason: 'password' });
      this.audit('account-locked', row.id, row.username, { minutes: settings.lockoutMinutes });
      throw new AppError('ACCOUNT_LOCKED', { count: settings.lockoutMinutes });
    }
    this.db.run('UPDATE app_user SET failed_attempts = ? WHERE id = ?', failures, row.id);
    this.audit('sign-in-failed', row.id, row.username, { reason: 'password' });
    throw new AppError('SIGN_IN_FAILED', { remaining: settings.lockoutAttempts - failures });
  }

  /**
   * Whether a disabled account may be told that it is disabled: for its right password only, and not
   * while someone is guessing it (after as many wrong passwords as lock an account, for as long as the
   * lockout), so the distinct answer does not open its password, still valid at the officer's new office,
   * to unlimited guessing. Held here rather than in app_user: the account's own failed attempts and
   * lockout, which count again once it is enabled, stay as they were.
   */
  private tellDisabled(userId: string, rightPassword: boolean): boolean {
    const now = this.now();
    const guesses = this.disabledGuesses.get(userId) ?? { failures: 0, lockedUntil: 0 };
    if (guesses.lockedUntil > now) return false;
    if (rightPassword) {
      this.disabledGuesses.delete(userId);
      return true;
    }
    const { lockoutAttempts, lockoutMinutes } = this.settings();
    const failures = guesses.failures + 1;
    this.disabledGuesses.set(
      userId,
      failures >= lockoutAttempts
        ? { failures: 0, lockedUntil: now + lockoutMinutes * 60_000 }
        : { failures, lockedUntil: 0 },
    );
    return false;
  }

  /** Signs a user in offline; returns the new session's token. */
  async signIn(username: string, password: string): Promise<string> {
    const row = userByName(this.db, username);
    if (row?.active !== 1) {
      // A disabled account's hash, or a decoy for an unknown name: as slow either way, so the answer's
      // timing does not tell which names exist. Only the right password learns that the account is
      // disabled (by the administrator, or because the server moved the officer to another office).
      const rightPassword = await verifyPassword(row?.password_hash ?? (await decoyHash()), password);
      this.audit('sign-in-failed', null, username.slice(0, 64), { reason: row ? 'inactive' : 'unknown' });
      if (row && this.tellDisabled(row.id, rightPassword)) throw new AppError('ACCOUNT_DISABLED');
      throw new AppError('SIGN_IN_FAILED', { remaining: this.settings().lockoutAttempts });
    }
    await this.checkPassword(row, password);
    this.audit('sign-in', row.id, row.username);
    return this.openSession(row.id);
  }

  signOut(token: string | null | undefined): void {
    if (!token) return;
    const session = this.sessions.get(token);
    if (!session) return;
    this.sessions.delete(token);
    this.audit('sign-out', session.userId, userById(this.db, session.userId)?.username ?? null);
  }

  lock(token: string | null | undefined): void {
    const session = token ? this.sessions.get(token) : undefined;
    if (!session || session.locked) return;
    session.locked = true;
    this.audit('lock', session.userId, userById(this.db, session.userId)?.username ?? null, { reason: 'user' });
  }

  /** Unlocks the caller's own locked session with their password; a lockout ends the session. */
  async unlock(token: string | null | undefined, password: string): Promise<void> {
    const session = token ? this.sessions.get(token) : undefined;
    const row = session ? userById(this.db, session.userId) : undefined;
    if (!token || !session || !row) throw new AppError('SIGN_IN_REQUIRED');
    try {
      await this.checkPassword(row, password);
    } catch (error) {
      if (error instanceof AppError && error.code === 'ACCOUNT_LOCKED') this.sessions.delete(token);
      throw error;
    }
    session.locked = false;
    session.lastActivity = this.now();
    this.audit('unlock', row.id, row.username);
  }

  /** The officer is active: push the idle lock back. */
  touch(token: string | null | undefined): void {
    const session = token ? this.sessions.get(token) : undefined;
    if (session && !session.locked) session.lastActivity = this.now();
  }

  async changePassword(userId: string, current: string, next: string): Promise<void> {
    const row = userById(this.db, userId);
    if (!row) throw new AppError('SIGN_IN_REQUIRED');
    await this.checkPassword(row, current);
    const passwordHash = await hashPassword(next);
    this.db.run(
      'UPDATE app_user SET password_hash = ?, updated_at = ? WHERE id = ?',
      passwordHash,
      new Date(this.now()).toISOString(),
      userId,
    );
    this.audit('password-changed', userId, row.username);
  }

  /** Ends every session of a user (deactivated, roles changed). */
  endSessionsOf(userId: string): void {
    for (const [token, session] of this.sessions) if (session.userId === userId) this.sessions.delete(token);
  }

  /** For the CLI and test set-up: signs in without the password check (the caller proved it another way). */
  openSessionFor(userId: string): string {
    if (!userById(this.db, userId)) throw new AppError('USER_NOT_FOUND', { id: userId });
    return this.openSession(userId);
  }
}
