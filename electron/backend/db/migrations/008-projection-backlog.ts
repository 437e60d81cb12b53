import type { Migration } from '.';

/**
 * Dossiers whose projection waits for the end of a pull (issue 6). In a real office's log a dossier's
 * events are days apart, so a first sync or a week's catch-up meets each dossier on several pages:
 * refolding it on every page tripled the time of a first sync. A page's transaction stores its events
 * and lists here the dossiers it touched that were already projected or already listed, and the new
 * ones it leaves open; the pull projects them once when it ends, finished or cut short, and the next
 * pull projects what a killed one left listed.
 */
export const m008ProjectionBacklog: Migration = {
  version: 8,
  name: 'projection-backlog',
  up: `
    CREATE TABLE projection_backlog (dossier_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
  `,
};
