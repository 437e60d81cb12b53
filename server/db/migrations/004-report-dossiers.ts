/**
 * Migration 4: the reports projection (issue 7 §4). One row per dossier with the server's fold of
 * its history, stripped of personal data (server/reports/projection.ts), and the instants the
 * reports select on, so a province-wide II.06a reads only the dossiers of its period and subtree
 * instead of folding every event per request. Written in the push transaction with the events;
 * rows missing or behind `dossier_holder.last_seq` (data pushed before this migration) are folded at
 * start-up. `last_seq` is the dossier's last server_seq folded in.
 */
export const sql = `
CREATE TABLE report_dossiers (
  dossier_id           text PRIMARY KEY,
  last_seq             bigint NOT NULL,
  receiving_office_id  text,
  holder_office_id     text,
  field_code           text,
  received_at          timestamptz,
  -- a result recorded, or an end without result (withdrawn, stopped, refused after receipt)
  closure_at           timestamptz,
  satisfaction_at      timestamptz,
  state                jsonb NOT NULL
);
CREATE INDEX report_dossiers_receiving ON report_dossiers (receiving_office_id, received_at);
CREATE INDEX report_dossiers_holder ON report_dossiers (holder_office_id, received_at);
CREATE INDEX report_dossiers_satisfaction ON report_dossiers (satisfaction_at) WHERE satisfaction_at IS NOT NULL;
`;
