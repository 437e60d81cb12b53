/**
 * Pull (DESIGN.md §5): the events an office may see, after a cursor, in server order, in pages
 * bounded by count and bytes. An office sees the dossiers it received or that were transferred to
 * it at any time (`dossier_access`) and those of the offices of its configured scope.
 */
import { MAX_PAGE_EVENT_BYTES, type PulledEvent, type PullValue } from '../../shared/sync/protocol';
import type { Queryable } from '../db/database';
import type { Device } from '../enrolment/devices';
import { visibleOffices } from '../office/offices';
import { type EventRow, rawEventOf } from './events';

function pulled(row: EventRow): { item: PulledEvent; bytes: number } {
  const item: PulledEvent = {
    serverSeq: Number(row.server_seq),
    receivedAt: new Date(row.received_at).toISOString(),
    event: rawEventOf(row) as PulledEvent['event'],
  };
  return { item, bytes: Buffer.byteLength(JSON.stringify(item)) + 1 };
}

export async function pullEvents(
  db: Queryable,
  device: Device,
  after: number,
  limit: number,
  maxBytes = MAX_PAGE_EVENT_BYTES,
): Promise<PullValue> {
  const offices = await visibleOffices(db, device.officeId);
  const rows = await db.query<EventRow>(
    `SELECT e.* FROM events e
      WHERE e.server_seq > $1
        AND EXISTS (SELECT 1 FROM dossier_access a WHERE a.dossier_id = e.dossier_id AND a.office_id = ANY($2))
      ORDER BY e.server_seq LIMIT $3`,
    [after, offices, limit + 1],
  );
  let hasMore = rows.length > limit;
  const candidates = rows.slice(0, limit);

  // Dossiers that became visible after the cursor: their events at or before the cursor were never
  // sent to this office, so they come again right before the dossier's first event in this page.
  const backfill = new Map<string, EventRow[]>();
  if (after > 0 && candidates.length > 0) {
    const dossierIds = [...new Set(candidates.map((r) => r.dossier_id))];
    const late = await db.query<{ dossier_id: string }>(
      `SELECT dossier_id FROM dossier_access WHERE dossier_id = ANY($1) AND office_id = ANY($2)
        GROUP BY dossier_id HAVING min(granted_seq) > $3`,
      [dossierIds, offices, after],
    );
    if (late.length > 0) {
      const older = await db.query<EventRow>(
        'SELECT * FROM events WHERE dossier_id = ANY($1) AND server_seq <= $2 ORDER BY server_seq',
        [late.map((l) => l.dossier_id), after],
      );
      for (const row of older) {
        const list = backfill.get(row.dossier_id) ?? [];
        list.push(row);
        backfill.set(row.dossier_id, list);
      }
    }
  }

  const events: PulledEvent[] = [];
  let bytes = 0;
  let nextCursor = after;
  for (const row of candidates) {
    const unit = [...(backfill.get(row.dossier_id) ?? []), row].map(pulled);
    const size = unit.reduce((n, u) => n + u.bytes, 0);
    if (events.length > 0 && (bytes + size > maxBytes || events.length + unit.length > limit)) {
      hasMore = true;
      break;
    }
    backfill.delete(row.dossier_id);
    for (const u of unit) events.push(u.item);
    bytes += size;
    nextCursor = Number(row.server_seq);
  }
  return { events, nextCursor, hasMore };
}
