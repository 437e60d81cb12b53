import type { Migration } from '.';

/**
 * The organisation tree, this desktop's identity, the append-only dossier event log with its
 * projection, full-text index and outbox (DESIGN.md §4).
 */
export const m002Dossiers: Migration = {
  version: 2,
  name: 'dossiers',
  up: `
    -- Offices and units of the organisation tree. Levels are data (province, commune, department,
    -- unit, …), never hard-coded; agency_id is the QCVN 102:2016 identifier of an agency.
    CREATE TABLE office (
      id TEXT PRIMARY KEY,
      agency_id TEXT UNIQUE,
      name TEXT NOT NULL,
      level TEXT NOT NULL,
      parent_id TEXT REFERENCES office(id),
      address TEXT NOT NULL DEFAULT '',
      phone TEXT NOT NULL DEFAULT '',
      active INTEGER NOT NULL DEFAULT 1
    ) STRICT;
    CREATE INDEX office_parent ON office(parent_id);

    CREATE TABLE counter (
      id TEXT PRIMARY KEY,
      office_id TEXT NOT NULL REFERENCES office(id),
      name TEXT NOT NULL,
      active INTEGER NOT NULL DEFAULT 1
    ) STRICT;

    -- Every dossier event ever written here or pulled from the server; rows are never updated
    -- except for the server's acknowledgement (server_seq) and never deleted.
    CREATE TABLE event (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      dossier_id TEXT NOT NULL,
      type TEXT NOT NULL,
      hlc TEXT NOT NULL,
      wall_time TEXT NOT NULL,
      user_id TEXT NOT NULL,
      office_id TEXT NOT NULL,
      device_id TEXT NOT NULL,
      payload TEXT NOT NULL,
      origin TEXT NOT NULL CHECK (origin IN ('local', 'remote')),
      server_seq INTEGER
    ) STRICT;
    CREATE INDEX event_dossier ON event(dossier_id, hlc, id);
    CREATE TRIGGER event_append_only BEFORE DELETE ON event
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER event_immutable BEFORE UPDATE OF id, dossier_id, type, hlc, wall_time, user_id, office_id,
      device_id, payload, origin ON event
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

    -- Events written here and not yet acknowledged by the server, in the same transaction as the event.
    CREATE TABLE outbox (
      event_seq INTEGER PRIMARY KEY REFERENCES event(seq),
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT
    ) STRICT;

    -- The projection: the fold of each dossier's events, refreshed in the event's transaction.
    CREATE TABLE dossier (
      id TEXT PRIMARY KEY,
      code TEXT UNIQUE,
      status INTEGER NOT NULL,
      closed INTEGER NOT NULL,
      procedure_code TEXT,
      procedure_name TEXT,
      field_code TEXT,
      channel INTEGER,
      applicant_name TEXT,
      applicant_id_number TEXT,
      applicant_phone TEXT,
      owner_name TEXT,
      owner_id_number TEXT,
      receiving_office_id TEXT,
      holder_office_id TEXT,
      holder_unit_id TEXT,
      received_by TEXT,
      received_at TEXT,
      due_at TEXT,
      paused_since TEXT,
      result_at TEXT,
      returned_at TEXT,
      late_notice INTEGER NOT NULL DEFAULT 0,
      last_hlc TEXT,
      state TEXT NOT NULL
    ) STRICT;
    CREATE INDEX dossier_status_due ON dossier(closed, status, due_at);
    CREATE INDEX dossier_holder ON dossier(holder_office_id, closed, due_at);
    CREATE INDEX dossier_received ON dossier(received_at);
    CREATE INDEX dossier_id_number ON dossier(applicant_id_number);
    CREATE INDEX dossier_owner_id_number ON dossier(owner_id_number);
    CREATE INDEX dossier_phone ON dossier(applicant_phone);

    -- Dossiers sent back at the counter without being received: incomplete (form 02) or not
    -- eligible (form 03). Kept for the reports and to reprint the form.
    CREATE TABLE intake_outcome (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('supplement', 'refusal')),
      at TEXT NOT NULL,
      user_id TEXT NOT NULL,
      office_id TEXT NOT NULL,
      procedure_code TEXT NOT NULL,
      intake TEXT NOT NULL,
      items TEXT NOT NULL,
      reason TEXT NOT NULL
    ) STRICT;

    -- Folded (diacritics removed, đ→d) names, codes and numbers of each dossier.
    CREATE VIRTUAL TABLE dossier_fts USING fts5(
      code, names, numbers, content='', contentless_delete=1, tokenize='unicode61'
    );
  `,
};
