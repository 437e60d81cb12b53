/**
 * The reports projection (migration 4): the server's fold of each dossier, kept next to the event log
 * so a province-wide report selects the dossiers of its period and subtree by index and runs the pure
 * rules (shared/reports) over their states, instead of folding every event per request.
 *
 * - Written by push (server/sync/push.ts) in the transaction that appends the events, from the state
 *   push has just folded to check them: no extra fold, never out of step with the log.
 * - `catchUpReportProjection` folds the dossiers whose row is missing or behind their last event
 *   (a database that had events before migration 4): run at start-up, before the server answers.
 *
 * The stored state is the fold with personal data removed (applicant, owner, who collected the result,
 * notes, corrections) and without its event ids (the event log has them): the reports never read them,
 * and the projection should not copy them again.
 * The deadline rules recompute due times with the calendar in force at report time (`dueAsOf`), so a
 * calendar correction needs no rebuild. A change of the fold itself (a new release) can be applied
 * with `DELETE FROM report_dossiers` followed by a restart.
 */
import { instantMs } from '../../shared/calendar/time';
import type { DossierEvent } from '../../shared/dossier/events';
import { type DossierState, type FoldContext, fold, type ProjectedState } from '../../shared/dossier/fold';
import { closureOf } from '../../shared/reports/ii06a';
import type { Queryable } from '../db/database';
import { type EventRow, eventOf } from '../sync/events';

/** The fold without personal data, as the reports projection stores it. */
export function reportStateOf(state: DossierState): ProjectedState {
  const { eventIds: _eventIds, ...projected } = state;
  return {
    ...projected,
    applicant: null,
    owner: null,
    note: null,
    corrections: [],
    correctedFields: {},
    returned: state.returned
      ? { ...state.returned, collectedBy: { fullName: '', relation: state.returned.collectedBy.relation } }
      : null,
  };
}

const iso = (text: string | null | undefined) => (text ? new Date(instantMs(text)).toISOString() : null);

/** Writes (or moves forward) the projection rows of these dossiers; an older fold never replaces a newer one. */
export async function recordReportStates(
  db: Queryable,
  entries: Iterable<{ state: DossierState; lastSeq: number }>,
): Promise<number> {
  const rows = [...entries];
  if (rows.length === 0) return 0;
  await db.query(
    `INSERT INTO report_dossiers (dossier_id, last_seq, receiving_office_id, holder_office_id, field_code,
                                  received_at, closure_at, satisfaction_at, state)
     SELECT d, s, ro, ho, f, ra, ca, sa, st::jsonb
       FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[],
                   $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::text[]) AS t(d, s, ro, ho, f, ra, ca, sa, st)
     ON CONFLICT (dossier_id) DO UPDATE SET last_seq = EXCLUDED.last_seq,
       receiving_office_id = EXCLUDED.receiving_office_id, holder_office_id = EXCLUDED.holder_office_id,
       field_code = EXCLUDED.field_code, received_at = EXCLUDED.received_at, closure_at = EXCLUDED.closure_at,
       satisfaction_at = EXCLUDED.satisfaction_at, state = EXCLUDED.state
     WHERE report_dossiers.last_seq <= EXCLUDED.last_seq`,
    [
      rows.map((r) => r.state.dossierId),
      rows.map((r) => r.lastSeq),
      rows.map((r) => r.state.receivingOfficeId),
      rows.map((r) => r.state.holderOfficeId),
      rows.map((r) => r.state.procedure?.fieldCode ?? null),
      rows.map((r) => iso(r.state.receivedAt)),
      rows.map((r) => iso(closureOf(r.state)?.at)),
      rows.map((r) => iso(r.state.satisfaction?.recordedAt)),
      rows.map((r) => JSON.stringify(reportStateOf(r.state))),
    ],
  );
  return rows.length;
}

/**
 * Folds, in batches, every dossier whose projection row is missing or older than its last event, and
 * stores it. Returns how many dossiers were folded. Idempotent; several instances may run it at once.
 */
export async function catchUpReportProjection(db: Queryable, ctx: FoldContext, batch = 2000): Promise<number> {
  let done = 0;
  for (;;) {
    const stale = await db.query<{ dossier_id: string }>(
      `SELECT h.dossier_id FROM dossier_holder h
         LEFT JOIN report_dossiers r ON r.dossier_id = h.dossier_id
        WHERE r.dossier_id IS NULL OR r.last_seq < h.last_seq
        LIMIT $1`,
      [batch],
    );
    if (stale.length === 0) return done;
    const ids = stale.map((s) => s.dossier_id);
    const events = new Map<string, DossierEvent[]>();
    const lastSeq = new Map<string, number>();
    for (const row of await db.query<EventRow>(
      'SELECT * FROM events WHERE dossier_id = ANY($1) ORDER BY dossier_id, server_seq',
      [ids],
    )) {
      const list = events.get(row.dossier_id) ?? [];
      list.push(eventOf(row));
      events.set(row.dossier_id, list);
      lastSeq.set(row.dossier_id, Number(row.server_seq));
    }
    const entries = [...events].map(([id, list]) => ({ state: fold(list, ctx, id), lastSeq: lastSeq.get(id) ?? 0 }));
    await recordReportStates(db, entries);
    done += entries.length;
    if (entries.length < ids.length) {
      // A holder row without events cannot be folded: stop rather than loop on it forever.
      return done;
    }
  }
}
