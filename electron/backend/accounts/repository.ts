import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../../shared/accounts/roles';
import type { AccountSettings, User, UserListItem } from '../../../shared/contract/accounts';
import { getMetaJson, setMetaJson } from '../db/meta';
import type { Database } from '../db/sqlite';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  roles: string;
  office_id: string | null;
  active: number;
  password_hash: string;
  failed_attempts: number;
  locked_until: number | null;
}

export const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  roles: JSON.parse(row.roles) as Role[],
  officeId: row.office_id,
  active: row.active === 1,
});

export const defaultAccountSettings: AccountSettings = { lockoutAttempts: 5, lockoutMinutes: 15, idleLockSeconds: 600 };

const SETTINGS_KEY = 'accounts.settings';

export function accountSettings(db: Database): AccountSettings {
  return { ...defaultAccountSettings, ...(getMetaJson<Partial<AccountSettings>>(db, SETTINGS_KEY) ?? {}) };
}

export function saveAccountSettings(db: Database, settings: AccountSettings): void {
  setMetaJson(db, SETTINGS_KEY, settings);
}

export function userCount(db: Database): number {
  return db.get<{ n: number }>('SELECT COUNT(*) AS n FROM app_user')?.n ?? 0;
}

export function userById(db: Database, id: string): UserRow | undefined {
  return db.get<UserRow>('SELECT * FROM app_user WHERE id = ?', id);
}

export function userByName(db: Database, username: string): UserRow | undefined {
  return db.get<UserRow>('SELECT * FROM app_user WHERE username = ?', username);
}

export function listUsers(db: Database): User[] {
  return db.all<UserRow>('SELECT * FROM app_user ORDER BY username').map(toUser);
}

/** A user for the administrator: with the lockout still running at `now` and whether the server manages it. */
export const toListItem = (row: UserRow, central: ReadonlySet<string>, now: number): UserListItem => ({
  ...toUser(row),
  lockedUntil: row.locked_until !== null && row.locked_until > now ? new Date(row.locked_until).toISOString() : null,
  central: central.has(row.id),
});

/** Ends a lockout: the failed attempts start again from zero. */
export function clearLockout(db: Database, id: string): void {
  db.run('UPDATE app_user SET failed_attempts = 0, locked_until = NULL WHERE id = ?', id);
}

export interface NewUser {
  id?: string;
  username: string;
  displayName: string;
  roles: readonly Role[];
  officeId: string | null;
  active: boolean;
  /** The argon2id hash; undefined keeps the stored one (update). */
  passwordHash?: string;
}

/** Inserts or updates a user; a new hash clears the failed attempts and any lockout. */
export function upsertUser(db: Database, user: NewUser, nowIso: string): User {
  const roles = JSON.stringify([...new Set(user.roles)]);
  if (user.id && userById(db, user.id)) {
    db.run(
      `UPDATE app_user SET username = ?, display_name = ?, roles = ?, office_id = ?, active = ?, updated_at = ?
       WHERE id = ?`,
      user.username,
      user.displayName,
      roles,
      user.officeId,
      user.active ? 1 : 0,
      nowIso,
      user.id,
    );
    if (user.passwordHash) {
      db.run(
        'UPDATE app_user SET password_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?',
        user.passwordHash,
        user.id,
      );
    }
    return toUser(userById(db, user.id) as UserRow);
  }
  if (!user.passwordHash) throw new Error('a new user needs a password');
  const id = user.id ?? uuidv7();
  db.run(
    `INSERT INTO app_user (id, username, display_name, roles, office_id, active, password_hash, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    user.username,
    user.displayName,
    roles,
    user.officeId,
    user.active ? 1 : 0,
    user.passwordHash,
    nowIso,
    nowIso,
  );
  return toUser(userById(db, id) as UserRow);
}
