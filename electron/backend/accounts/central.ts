import type { ReferenceUser } from '../../../shared/sync/protocol';
import { getMetaJson, setMetaJson } from '../db/meta';
import type { Database } from '../db/sqlite';
import type { Logger } from '../log';
import { toUser, upsertUser, userById, userByName } from './repository';

/**
 * Users managed by the central server (DESIGN.md §5: users flow down with the reference data).
 * The server's user id → this desktop's user id: the same id for a user first seen through sync; the
 * local id for a local user of the same name adopted by the server (the first administrator created
 * before enrolment, say), so the events they already signed keep naming them.
 */
const CENTRAL_USERS_KEY = 'accounts.centralUsers';

export function centralUserIds(db: Database): Record<string, string> {
  return getMetaJson<Record<string, string>>(db, CENTRAL_USERS_KEY) ?? {};
}

/** The local ids of the users the server manages (the Users tab shows them read-only). */
export function centralLocalIds(db: Database): Set<string> {
  return new Set(Object.values(centralUserIds(db)));
}

export interface CentralUsersReport {
  added: number;
  updated: number;
  disabled: number;
  skipped: number;
}

/**
 * Applies the users document of this desktop's office (call inside the reference step's transaction):
 * each user is inserted or updated with the server's name, roles, office, active flag and argon2id
 * hash (a disabled user is disabled here and their sessions end at their next call). The document
 * holds every user the office has now, so a centrally managed user missing from it (moved to another
 * office) is disabled here too, never deleted: the events and audit entries they signed name them, and
 * they come back enabled if they return to the office. Users created on this desktop that the server
 * does not know are left as they are. A user that cannot be placed (its name taken by another centrally
 * managed user here) is logged and skipped.
 */
export function applyCentralUsers(
  db: Database,
  users: readonly ReferenceUser[],
  nowIso: string,
  log?: Logger,
): CentralUsersReport {
  const report: CentralUsersReport = { added: 0, updated: 0, disabled: 0, skipped: 0 };
  const map = centralUserIds(db);
  const central = new Set(Object.values(map));
  for (const user of users) {
    const byName = userByName(db, user.username);
    let localId = map[user.id] ?? (userById(db, user.id) ? user.id : undefined);
    let taken = false;
    if (!localId && byName) {
      if (central.has(byName.id)) taken = true;
      else localId = byName.id; // the local account of the same name becomes centrally managed
    } else if (localId && byName && byName.id !== localId) taken = true;
    if (taken) {
      log?.warn({ userId: user.id, username: user.username }, 'user from the server: name taken here, skipped');
      report.skipped++;
      continue;
    }
    const existing = localId ? userById(db, localId) : undefined;
    upsertUser(
      db,
      {
        id: localId ?? user.id,
        username: user.username,
        displayName: user.displayName,
        roles: user.roles,
        officeId: user.officeId,
        active: user.active,
        // A hash that did not change leaves the failed attempts and any lockout as they are.
        passwordHash: existing?.password_hash === user.passwordHash ? undefined : user.passwordHash,
      },
      nowIso,
    );
    map[user.id] = localId ?? user.id;
    central.add(map[user.id] as string);
    if (!existing) report.added++;
    else if (existing.active === 1 && !user.active) report.disabled++;
    else report.updated++;
  }
  const present = new Set(users.map((u) => u.id));
  for (const [serverId, localId] of Object.entries(map)) {
    const row = present.has(serverId) ? undefined : userById(db, localId);
    if (row?.active !== 1) continue;
    upsertUser(db, { ...toUser(row), active: false }, nowIso);
    log?.info({ userId: localId, username: row.username }, 'user no longer in this office on the server: disabled');
    report.disabled++;
  }
  setMetaJson(db, CENTRAL_USERS_KEY, map);
  return report;
}
