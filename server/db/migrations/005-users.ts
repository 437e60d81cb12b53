/**
 * Migration 5: users managed centrally (DESIGN.md §5: reference data, users included, flows down).
 * Each user belongs to one office; desktops of that office receive its users with their argon2id
 * hashes in the reference data, so sign-in works offline. `version` is drawn from the reference data
 * sequence, so one number (`since`) tells a desktop what changed, whatever the kind. Users are
 * disabled, never deleted: the events they signed keep naming them.
 */
export const sql = `
CREATE TABLE users (
  id             text PRIMARY KEY,
  username       text NOT NULL UNIQUE,
  display_name   text NOT NULL,
  -- JSON array of roles: counter, processing, supervisor, administrator.
  roles          jsonb NOT NULL,
  office_id      text NOT NULL REFERENCES offices(id),
  -- argon2id PHC string (@node-rs/argon2); the plain password never reaches the server's storage.
  password_hash  text NOT NULL,
  active         boolean NOT NULL DEFAULT true,
  version        bigint NOT NULL DEFAULT nextval(pg_get_serial_sequence('reference_data', 'version')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  disabled_at    timestamptz
);
CREATE INDEX users_office_version ON users (office_id, version);
`;
