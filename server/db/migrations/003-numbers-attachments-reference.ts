/**
 * Migration 3: number blocks (the server range of shared/codes/numbering.ts), attachments stored by
 * content hash with the dossiers that reference them, and versioned reference data.
 */
export const sql = `
-- Next free number of the server range (0001–5999) per agency and day.
CREATE TABLE number_blocks (
  agency_id    text NOT NULL,
  date         text NOT NULL,
  next_number  integer NOT NULL,
  PRIMARY KEY (agency_id, date)
);
-- Every block handed out, for audit.
CREATE TABLE number_block_grants (
  id            bigserial PRIMARY KEY,
  agency_id     text NOT NULL,
  date          text NOT NULL,
  first_number  integer NOT NULL,
  last_number   integer NOT NULL,
  device_id     text REFERENCES devices(id),
  issued_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE attachments (
  sha256       text PRIMARY KEY,
  size         bigint NOT NULL,
  stored_at    timestamptz NOT NULL DEFAULT now(),
  uploaded_by  text REFERENCES devices(id)
);
-- Which accepted events (and so which dossiers) reference an attachment: who may download it.
CREATE TABLE event_attachments (
  sha256      text NOT NULL,
  event_id    text NOT NULL,
  dossier_id  text NOT NULL,
  PRIMARY KEY (sha256, event_id)
);
CREATE INDEX event_attachments_dossier ON event_attachments (dossier_id);

-- Reference data flowing down to desktops: kind 'catalogue' | 'calendar' | 'organisation'; the
-- latest row of a kind is in force. version is global so a desktop keeps one number.
CREATE TABLE reference_data (
  version     bigserial PRIMARY KEY,
  kind        text NOT NULL,
  content     jsonb NOT NULL,
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reference_data_kind ON reference_data (kind, version);
`;
