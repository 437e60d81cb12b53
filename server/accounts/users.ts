import { hash } from '@node-rs/argon2';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { displayNameSchema, passwordSchema, roleSchema, usernameSchema } from '../../shared/accounts/roles';
import type { ReferenceUser, UsersDocument } from '../../shared/sync/protocol';
import type { Queryable, ServerDatabase } from '../db/database';
import { ServerFailure } from '../http/errors';
import { getOffice } from '../office/offices';
import { lockReferenceVersions } from '../reference/versions';

/**
 * Users managed centrally (migration 5). The provincial administrator adds them here (command line or
 * admin route); the desktops of the user's office receive them with the reference data and sign them
 * in offline. Passwords are hashed with argon2id with the same parameters as the desktop
 * (electron/backend/accounts/passwords.ts), so a hash verifies on either side.
 */
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const newUserSchema = z.object({
  username: usernameSchema,
  displayName: displayNameSchema,
  roles: z.array(roleSchema).min(1).max(4),
  officeId: z.string().trim().min(1).max(100),
  password: passwordSchema,
});
export type NewCentralUser = z.input<typeof newUserSchema>;

/** A user as the administrator sees it: never the hash. */
export interface CentralUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  officeId: string;
  active: boolean;
  version: number;
  updatedAt: string;
}

interface UserRow extends Record<string, unknown> {
  id: string;
  username: string;
  display_name: string;
  roles: unknown;
  office_id: string;
  password_hash: string;
  active: boolean;
  version: string | number;
  updated_at: Date | string;
}

const rolesOf = (value: unknown): string[] =>
  z.array(z.string()).parse(typeof value === 'string' ? (JSON.parse(value) as unknown) : value);

const view = (r: UserRow): CentralUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  roles: rolesOf(r.roles),
  officeId: r.office_id,
  active: r.active,
  version: Number(r.version),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Every statement that takes a version runs after lockReferenceVersions in its transaction. */
const NEXT_VERSION = `nextval(pg_get_serial_sequence('reference_data', 'version'))`;

/** Adds a user to an office; the username is unique across the province. */
export async function addUser(db: ServerDatabase, input: NewCentralUser): Promise<CentralUser> {
  const user = newUserSchema.parse(input);
  const passwordHash = await hash(user.password, ARGON2_OPTIONS);
  return db.transaction(async (tx) => {
    await getOffice(tx, user.officeId);
    const [taken] = await tx.query('SELECT 1 FROM users WHERE username = $1', [user.username]);
    if (taken) throw new ServerFailure('USER_EXISTS', 409, { username: user.username });
    await lockReferenceVersions(tx); // the row's version is its column default
    const [row] = await tx.query<UserRow>(
      `INSERT INTO users (id, username, display_name, roles, office_id, password_hash)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6) RETURNING *`,
      [
        uuidv7(),
        user.username,
        user.displayName,
        JSON.stringify([...new Set(user.roles)]),
        user.officeId,
        passwordHash,
      ],
    );
    return view(row as UserRow);
  });
}

export async function listUsers(db: Queryable, officeId?: string): Promise<CentralUser[]> {
  const rows = officeId
    ? await db.query<UserRow>('SELECT * FROM users WHERE office_id = $1 ORDER BY username', [officeId])
    : await db.query<UserRow>('SELECT * FROM users ORDER BY office_id, username');
  return rows.map(view);
}

/** A user by id or username, its row locked until the transaction ends (404 when there is none). */
async function lockedUser(tx: Queryable, idOrUsername: string): Promise<UserRow> {
  const [row] = await tx.query<UserRow>('SELECT * FROM users WHERE id = $1 OR username = lower($1) FOR UPDATE', [
    idOrUsername,
  ]);
  if (!row) throw new ServerFailure('USER_NOT_FOUND', 404, { user: idOrUsername });
  return row;
}

/** Disables a user (by id or username); the desktops of the office disable them at their next sync. */
export async function disableUser(db: ServerDatabase, idOrUsername: string): Promise<CentralUser> {
  return db.transaction(async (tx) => {
    // The row first, then the version lock, in that order like moveUser: no two changes wait for each other.
    const existing = await lockedUser(tx, idOrUsername);
    if (!existing.active) return view(existing); // already disabled: nothing changes, no new version
    await lockReferenceVersions(tx);
    const [row] = await tx.query<UserRow>(
      `UPDATE users SET active = false, disabled_at = now(), updated_at = now(), version = ${NEXT_VERSION}
        WHERE id = $1 RETURNING *`,
      [existing.id],
    );
    return view(row as UserRow);
  });
}

/**
 * Moves a user (by id or username) to another office. The office they leave keeps a mark with a new
 * version (migration 6), so its desktops pull a users document without them and disable them there;
 * the new office's desktops receive them with their next document. Already there: nothing changes.
 */
export async function moveUser(db: ServerDatabase, idOrUsername: string, officeId: string): Promise<CentralUser> {
  return db.transaction(async (tx) => {
    await getOffice(tx, officeId);
    const existing = await lockedUser(tx, idOrUsername);
    if (existing.office_id === officeId) return view(existing);
    await lockReferenceVersions(tx);
    await tx.query(
      `INSERT INTO user_departures (office_id, user_id) VALUES ($1, $2)
       ON CONFLICT (office_id, user_id) DO UPDATE SET version = ${NEXT_VERSION}, departed_at = now()`,
      [existing.office_id, existing.id],
    );
    const [row] = await tx.query<UserRow>(
      `UPDATE users SET office_id = $2, updated_at = now(), version = ${NEXT_VERSION} WHERE id = $1 RETURNING *`,
      [existing.id, officeId],
    );
    return view(row as UserRow);
  });
}

/**
 * The users document of an office when any of its users changed, or one left it, after `since` (null
 * otherwise): every user the office has now, disabled ones included, with their hashes. A desktop
 * disables the centrally managed users missing from it (electron/backend/accounts/central.ts).
 */
export async function usersDocumentSince(
  db: Queryable,
  officeId: string,
  since: number,
): Promise<{ version: number; content: UsersDocument } | null> {
  const [latest] = await db.query<{ v: string | number | null }>(
    `SELECT GREATEST((SELECT max(version) FROM users WHERE office_id = $1),
                     (SELECT max(version) FROM user_departures WHERE office_id = $1)) AS v`,
    [officeId],
  );
  const version = latest?.v === null || latest?.v === undefined ? 0 : Number(latest.v);
  if (version <= since) return null;
  const rows = await db.query<UserRow>('SELECT * FROM users WHERE office_id = $1 ORDER BY username', [officeId]);
  const users: ReferenceUser[] = rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles: rolesOf(r.roles) as ReferenceUser['roles'],
    officeId: r.office_id,
    active: r.active,
    passwordHash: r.password_hash,
    version: Number(r.version),
  }));
  return { version, content: { officeId, users } };
}
