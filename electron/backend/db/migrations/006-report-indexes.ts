import type { Migration } from '.';

/**
 * Indexes for the supervisor's dashboard and reports (issue 7; bench/dashboard.bench.ts, BENCHMARKS.md):
 * the period queries (resolved per week and month, on-time rate, late by holder, II.06a candidates) and
 * the received-per-week query read only these covering indexes, never the wide projection rows (whose
 * state JSON puts roughly one row per page).
 */
export const m006ReportIndexes: Migration = {
  version: 6,
  name: 'report-indexes',
  up: `
    CREATE INDEX dossier_result_cover
      ON dossier(result_at, due_at, holder_unit_id, holder_office_id, receiving_office_id);
    CREATE INDEX dossier_received_cover ON dossier(received_at, receiving_office_id, holder_office_id);
  `,
};
