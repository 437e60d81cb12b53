/**
 * Migration 6: the offices a user left. A users document carries the users an office has now, and its
 * version is the newest change among them; a user moved to another office is no longer among them, so
 * without a mark the office they left would never see a new document and its desktops would keep
 * signing them in. Each move leaves (or refreshes) a row here with a version drawn from the reference
 * data sequence; the office's document version counts it (server/accounts/users.ts).
 */
export const sql = `
CREATE TABLE user_departures (
  office_id    text NOT NULL REFERENCES offices(id),
  user_id      text NOT NULL REFERENCES users(id),
  version      bigint NOT NULL DEFAULT nextval(pg_get_serial_sequence('reference_data', 'version')),
  departed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, user_id)
);
`;
