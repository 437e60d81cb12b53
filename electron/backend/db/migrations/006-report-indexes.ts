import type { Migration } from '.';

/**
 * Indexes for the supervisor's dashboard and reports (issue 7; bench/dashboard.bench.ts, BENCHMARKS.md):
 * the period queries (resolved per week and month, on-time rate, late by holder, II.06a candidates) and
 * the received-per-week query read only these covering indexes, never the wide projection rows (whose
 * stored state leaves room for two to three rows per page).
 */
export const m006ReportIndexes: Migration = {
  version: 6,
  name: 'report-indexes',
  up: `
    CREATE INDEX dossier_result_cover
      ON dossier(result_at, due_at, holder_unit_id, holder_office_id, receiving_office_id);
    CREATE INDEX dossier_received_cover ON dossier(received_at, receiving_office_id, holder_office_id);
    -- The open dossiers only (a few thousand of a million), with every column the counts group by:
    -- overdue / due today / due soon / paused per unit, field, procedure and officer read this alone.
    CREATE INDEX dossier_open_cover ON dossier(status, due_at, paused_since, holder_unit_id, holder_office_id,
      receiving_office_id, field_code, procedure_code, received_by) WHERE closed = 0;
    -- Narrow, for counting results per period over every office (no scope filter).
    CREATE INDEX dossier_result_at ON dossier(result_at);
    -- Only the results recorded after their due date (about one in ten): late per month and per holder.
    CREATE INDEX dossier_result_late ON dossier(result_at, due_at, holder_unit_id, holder_office_id, receiving_office_id)
      WHERE result_at IS NOT NULL AND due_at IS NOT NULL AND substr(result_at, 1, 10) > substr(due_at, 1, 10);
  `,
};
