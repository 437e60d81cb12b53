import type { Migration } from '.';

/**
 * Accounts and the audit trail (issue 8): local users with argon2id hashes and lockout counters, each
 * user's preferences and drafts, the hash chain of every office's event stream, and the audit log of
 * sign-ins, locks, prints and exports (itself hash-chained). Chain rows and audit rows are append-only.
 */
export const m004Accounts: Migration = {
  version: 4,
  name: 'accounts',
  up: `
    CREATE TABLE app_user (
      id TEXT PRIMARY KEY,
      username TEXT NOT NULL UNIQUE,
      display_name TEXT NOT NULL,
      roles TEXT NOT NULL,
      office_id TEXT,
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
      password_hash TEXT NOT NULL,
      failed_attempts INTEGER NOT NULL DEFAULT 0,
      locked_until INTEGER,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE user_pref (
      user_id TEXT NOT NULL REFERENCES app_user(id),
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (user_id, key)
    ) STRICT;

    CREATE TABLE user_draft (
      user_id TEXT NOT NULL REFERENCES app_user(id),
      kind TEXT NOT NULL,
      data TEXT NOT NULL,
      saved_at TEXT NOT NULL,
      PRIMARY KEY (user_id, kind)
    ) STRICT;

    -- hash_i = SHA-256(hash_{i-1} || canonical JSON of event i), per office, written with the event.
    CREATE TABLE event_chain (
      office_id TEXT NOT NULL,
      position INTEGER NOT NULL,
      event_id TEXT NOT NULL UNIQUE,
      hash TEXT NOT NULL,
      PRIMARY KEY (office_id, position)
    ) STRICT;
    CREATE TRIGGER event_chain_append_only BEFORE DELETE ON event_chain
      BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END;
    CREATE TRIGGER event_chain_immutable BEFORE UPDATE ON event_chain
      BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END;

    CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      kind TEXT NOT NULL,
      user_id TEXT,
      office_id TEXT,
      subject TEXT,
      detail TEXT NOT NULL,
      hash TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_log_kind ON audit_log(kind, seq);
    CREATE TRIGGER audit_log_append_only BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_immutable BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  `,
};
