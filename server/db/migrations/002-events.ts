/**
 * Migration 2: the global event log and what the server derives from it.
 *
 * `events.server_seq` is the server's order of acceptance and the pull cursor. The production path
 * at scale (DESIGN.md §6) is to partition `events` by month of `received_at`:
 *   CREATE TABLE events (...) PARTITION BY RANGE (received_at);
 *   CREATE TABLE events_2025_07 PARTITION OF events FOR VALUES FROM ('2025-07-01') TO ('2025-08-01');
 * A unique index on a partitioned table must contain the partition key, so the idempotency key then
 * moves to a small table `event_ids (id text PRIMARY KEY, server_seq bigint)` written in the same
 * transaction. It is not done here: at the sizes of a province (tens of millions of events) one table
 * with these indexes serves, and the pull query only walks `server_seq` forward.
 */
export const sql = `
CREATE TABLE events (
  server_seq   bigserial PRIMARY KEY,
  id           text NOT NULL UNIQUE,
  dossier_id   text NOT NULL,
  type         text NOT NULL,
  -- the actor: office (checked against the pushing device's office) and user
  office_id    text NOT NULL,
  user_id      text NOT NULL,
  -- the device id written in the event, and the enrolled device that pushed it
  device_id    text NOT NULL,
  pushed_by    text NOT NULL REFERENCES devices(id),
  hlc          text NOT NULL,
  -- the legal time of the act as written (ISO 8601 with its offset)
  wall_time    text NOT NULL,
  payload      jsonb NOT NULL,
  -- the server's receipt time
  received_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX events_dossier ON events (dossier_id, server_seq);

-- Who holds each dossier now (ownership) and who received it.
CREATE TABLE dossier_holder (
  dossier_id           text PRIMARY KEY,
  holder_office_id     text NOT NULL,
  receiving_office_id  text NOT NULL,
  code                 text,
  last_seq             bigint NOT NULL,
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossier_holder_office ON dossier_holder (holder_office_id);

-- Every office that ever held a dossier (received it or had it transferred to it) may see it.
-- granted_seq: the first server_seq of the push that gave the office access. A pull cursor below it
-- was reached before the office could see the dossier, so the dossier's events at or before that
-- cursor are sent again with the first page that shows the dossier.
CREATE TABLE dossier_access (
  dossier_id   text NOT NULL,
  office_id    text NOT NULL,
  granted_seq  bigint NOT NULL,
  PRIMARY KEY (dossier_id, office_id)
);
CREATE INDEX dossier_access_office ON dossier_access (office_id, dossier_id);

-- Events refused by the ownership or lifecycle rules: kept, visible to the submitting office and to
-- the dossier's holder, never in the log.
CREATE TABLE review_queue (
  id                bigserial PRIMARY KEY,
  event_id          text NOT NULL UNIQUE,
  dossier_id        text NOT NULL,
  office_id         text NOT NULL,
  device_id         text NOT NULL REFERENCES devices(id),
  holder_office_id  text,
  reason            text NOT NULL,
  detail_code       text,
  params            jsonb NOT NULL DEFAULT '{}'::jsonb,
  event             jsonb NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  resolved_at       timestamptz,
  resolution        text
);
CREATE INDEX review_queue_office ON review_queue (office_id, id);
CREATE INDEX review_queue_holder ON review_queue (holder_office_id, id);
`;
