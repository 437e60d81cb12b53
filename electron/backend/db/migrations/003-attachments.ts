import type { Migration } from '.';

/**
 * Digitized components (số hóa, DESIGN.md §2 and §4): files addressed by SHA-256 (`attachment`, one row
 * per distinct file) and the components that use them (`attachment_link`: the digitization metadata, the
 * dossier and checklist position once the dossier is received, and whether it was reused).
 */
export const m003Attachments: Migration = {
  version: 3,
  name: 'attachments',
  up: `
    CREATE TABLE attachment (
      sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
      size INTEGER NOT NULL CHECK (size >= 0),
      mime TEXT NOT NULL,
      page_count INTEGER NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE attachment_link (
      id TEXT PRIMARY KEY,
      sha256 TEXT NOT NULL REFERENCES attachment(sha256),
      dossier_id TEXT,
      component_index INTEGER,
      component_code TEXT,
      component_name TEXT NOT NULL,
      owner_id_number TEXT,
      document_number TEXT,
      issue_date TEXT,
      issuer TEXT,
      summary TEXT,
      valid_until TEXT,
      kind TEXT NOT NULL CHECK (kind IN ('intake', 'result')),
      digitized_by TEXT NOT NULL,
      digitized_at TEXT NOT NULL,
      reused INTEGER NOT NULL DEFAULT 0 CHECK (reused IN (0, 1)),
      reused_from TEXT REFERENCES attachment_link(id),
      reused_by TEXT,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE INDEX attachment_link_dossier ON attachment_link (dossier_id, component_index);
    CREATE INDEX attachment_link_owner ON attachment_link (owner_id_number, component_code);
    CREATE INDEX attachment_link_sha ON attachment_link (sha256);
  `,
};
