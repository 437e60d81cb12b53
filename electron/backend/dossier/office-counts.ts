import type { Database } from '../db/sqlite';

/** The columns of a projection row that decide which offices' queue counts it is in. */
export interface Placement {
  closed: number;
  receiving_office_id: string | null;
  holder_office_id: string | null;
}

/** A dossier counts once for each distinct office among its receiving and holding office. */
function officesOf(placement: Placement): string[] {
  const { receiving_office_id: receiving, holder_office_id: holder } = placement;
  return [receiving, holder !== receiving ? holder : null].filter((office): office is string => office !== null);
}

/**
 * Keeps the per-office totals of migration 7 (`dossier_office_count`: how many dossiers an office
 * receives or holds, and how many of those are closed) when a projection row is written: `before` is
 * the row as it was (null for a new one), `after` as written. Called by the store, the only writer of
 * projection rows, in the transaction that writes the row. Triggers did this until migration 9, which
 * says why they went.
 */
export function recountOffices(db: Database, before: Placement | null, after: Placement): void {
  if (
    before !== null &&
    before.closed === after.closed &&
    before.receiving_office_id === after.receiving_office_id &&
    before.holder_office_id === after.holder_office_id
  ) {
    return;
  }
  if (before !== null) {
    for (const office of officesOf(before)) {
      db.run(
        'UPDATE dossier_office_count SET total = total - 1, closed = closed - ? WHERE office_id = ?',
        before.closed,
        office,
      );
    }
  }
  for (const office of officesOf(after)) {
    db.run(
      `INSERT INTO dossier_office_count (office_id, total, closed) VALUES (?, 1, ?)
         ON CONFLICT (office_id) DO UPDATE SET total = total + 1, closed = closed + excluded.closed`,
      office,
      after.closed,
    );
  }
}
