/**
 * Migration 1: the organisation tree, enrolled devices and their one-time enrolment codes, and the
 * configured scopes of supervising offices. Levels are data (province, commune, department, …):
 * since 1 July 2025 the district level is gone, and a tree must be able to change without a release.
 */
export const sql = `
CREATE TABLE offices (
  id          text PRIMARY KEY,
  -- QCVN 102:2016 agency identifier NNN.NN.NN.Xnn; dossier codes and number blocks are per agency.
  agency_id   text NOT NULL,
  name        text NOT NULL,
  level       text,
  parent_id   text REFERENCES offices(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offices_agency ON offices (agency_id);
CREATE INDEX offices_parent ON offices (parent_id);

CREATE TABLE devices (
  id               text PRIMARY KEY,
  office_id        text NOT NULL REFERENCES offices(id),
  agency_id        text NOT NULL,
  name             text NOT NULL,
  -- hex SHA-256 of the 32-byte random secret (high entropy: a plain hash is enough).
  credential_hash  text NOT NULL,
  -- fallback numbering slot (shared/codes/numbering.ts), unique among the agency's active devices.
  slot             integer NOT NULL,
  enrolled_at      timestamptz NOT NULL DEFAULT now(),
  last_seen_at     timestamptz,
  revoked_at       timestamptz,
  revoked_reason   text
);
CREATE UNIQUE INDEX devices_active_slot ON devices (agency_id, slot) WHERE revoked_at IS NULL;
CREATE INDEX devices_office ON devices (office_id);

CREATE TABLE enrolment_codes (
  code_hash   text PRIMARY KEY,
  office_id   text NOT NULL REFERENCES offices(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  device_id   text REFERENCES devices(id),
  note        text
);

-- A supervising office also sees the dossiers of these offices (and of their sub-offices when
-- include_descendants).
CREATE TABLE office_scopes (
  office_id            text NOT NULL REFERENCES offices(id),
  visible_office_id    text NOT NULL REFERENCES offices(id),
  include_descendants  boolean NOT NULL DEFAULT false,
  PRIMARY KEY (office_id, visible_office_id)
);
`;
