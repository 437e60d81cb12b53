import type { Migration } from '.';

/**
 * Sync with the central server (DESIGN.md §5): events the server refused into its review queue are
 * marked (kept, never deleted, but left out of the fold so the projection equals the server's), a
 * mirror of the review queue, and the state of attachment uploads (tus URLs to resume, files known
 * to be on the server).
 */
export const m005Sync: Migration = {
  version: 5,
  name: 'sync',
  up: `
    -- Set when the server refused this local event into its review queue (not-holder, rule,
    -- conflict): the event stays in the log and in the review mirror but no longer folds.
    ALTER TABLE event ADD COLUMN rejected_at TEXT;

    -- The server's review queue as this office sees it (GET /sync/v1/review), by the server's id.
    CREATE TABLE sync_review (
      id INTEGER PRIMARY KEY,
      event_id TEXT NOT NULL,
      dossier_id TEXT NOT NULL,
      office_id TEXT NOT NULL,
      device_id TEXT NOT NULL,
      holder_office_id TEXT,
      role TEXT NOT NULL CHECK (role IN ('submitter', 'holder')),
      reason_code TEXT NOT NULL,
      reason_detail TEXT,
      message TEXT NOT NULL,
      event TEXT NOT NULL,
      created_at TEXT NOT NULL,
      resolved_at TEXT
    ) STRICT;
    CREATE INDEX sync_review_event ON sync_review(event_id);
    CREATE INDEX sync_review_open ON sync_review(resolved_at, id);

    -- Attachments on their way to the server: the tus upload URL to resume from, or 'done' once the
    -- server has the bytes (then events that reference them may be pushed).
    CREATE TABLE sync_upload (
      sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
      state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'missing')),
      upload_url TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      updated_at TEXT NOT NULL
    ) STRICT;
  `,
};
