import type { Migration } from '.';

/**
 * Dossiers whose projection waits for the end of a pull (issue 6). In a real office's log a dossier's
 * events are days apart, so a first sync or a week's catch-up meets each dossier on several pages:
 * refolding it on every page tripled the time of a first sync. A page's transaction stores its events
 * and lists here the dossiers already projected that it touched; the pull projects them once when its
 * last page is stored, and opening the database projects what a crash left listed.
 */
export const m008ProjectionBacklog: Migration = {
  version: 8,
  name: 'projection-backlog',
  up: `
    CREATE TABLE projection_backlog (dossier_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
  `,
};
