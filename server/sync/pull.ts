/**
 * Pull (DESIGN.md §5): the events an office may see, after a cursor, in server order, in pages
 * bounded by count and bytes. An office sees the dossiers it received or that were transferred to
 * it at any time (`dossier_access`) and those of the offices of its configured scope.
 */
import { MAX_PAGE_EVENT_BYTES } from '../../shared/sync/protocol';
import type { Queryable } from '../db/database';
import type { Device } from '../enrolment/devices';
import { visibleOffices } from '../office/offices';

/** An event row as pull reads it: the payload as JSON text, the receipt time already ISO 8601. */
interface PullRow extends Record<string, unknown> {
  server_seq: string | number;
  id: string;
  dossier_id: string;
  type: string;
  office_id: string;
  user_id: string;
  device_id: string;
  hlc: string;
  wall_time: string;
  payload: string;
  received_at: string;
}

const PULL_COLUMNS = `e.server_seq, e.id, e.dossier_id, e.type, e.office_id, e.user_id, e.device_id, e.hlc, e.wall_time,
  e.payload::text AS payload, to_char(e.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS received_at`;

const str = JSON.stringify;

/**
 * One pulled event as JSON text (`PulledEvent`: the event as it was pushed, `rawEventOf`'s shape), built
 * from the stored text: the payload goes out as PostgreSQL keeps it, never parsed and serialised again.
 */
function pulledJson(row: PullRow): string {
  return `{"serverSeq":${Number(row.server_seq)},"receivedAt":${str(row.received_at)},"event":{"id":${str(row.id)},"dossierId":${str(row.dossier_id)},"type":${str(row.type)},"actor":{"userId":${str(row.user_id)},"officeId":${str(row.office_id)}},"deviceId":${str(row.device_id)},"hlc":${str(row.hlc)},"wallTime":${str(row.wall_time)},"payload":${row.payload}}}`;
}

const COMMA = Buffer.from(',');

/**
 * The page as the `value` of the pull answer, in UTF-8 pieces to be joined in order:
 * `{"events":[…],"nextCursor":n,"hasMore":b,"headSeq":h}`. Each event is encoded once, as it is added, so
 * its size is known without measuring it again, and the answer is copied once, when the caller joins the
 * pieces inside its envelope: a page joined as one string and encoded for the socket would be copied,
 * measured and encoded again (a quarter to a third of the time a page of 2000 events took; BENCHMARKS.md).
 */
export async function pullPage(
  db: Queryable,
  device: Device,
  after: number,
  limit: number,
  maxBytes = MAX_PAGE_EVENT_BYTES,
): Promise<Buffer[]> {
  const offices = await visibleOffices(db, device.officeId);
  const rows = await db.query<PullRow>(
    `SELECT ${PULL_COLUMNS} FROM events e
      WHERE e.server_seq > $1
        AND EXISTS (SELECT 1 FROM dossier_access a WHERE a.dossier_id = e.dossier_id AND a.office_id = ANY($2))
      ORDER BY e.server_seq LIMIT $3`,
    [after, offices, limit + 1],
  );
  let hasMore = rows.length > limit;
  const candidates = rows.slice(0, limit);

  // Dossiers that became visible after the cursor and have events at or before it: those events were
  // never sent to this office, so they come again right before the dossier's first event in this page.
  // (A dossier received after the cursor has none.) Both queries walk the page's dossier ids one by one
  // through the indexes: with the ids as a plain `= ANY($1)` list the planner scanned every event up to
  // the cursor, a cost that grew with each page.
  const backfill = new Map<string, PullRow[]>();
  if (after > 0 && candidates.length > 0) {
    const dossierIds = [...new Set(candidates.map((r) => r.dossier_id))];
    const late = await db.query<{ dossier_id: string }>(
      `SELECT d.id AS dossier_id FROM unnest($1::text[]) AS d(id)
        WHERE (SELECT min(a.granted_seq) FROM dossier_access a WHERE a.dossier_id = d.id AND a.office_id = ANY($2)) > $3
          AND EXISTS (SELECT 1 FROM events x WHERE x.dossier_id = d.id AND x.server_seq <= $3)`,
      [dossierIds, offices, after],
    );
    if (late.length > 0) {
      const older = await db.query<PullRow>(
        `SELECT ${PULL_COLUMNS} FROM unnest($1::text[]) AS d(id)
           CROSS JOIN LATERAL (SELECT * FROM events x WHERE x.dossier_id = d.id AND x.server_seq <= $2 OFFSET 0) e
          ORDER BY e.server_seq`,
        [late.map((l) => l.dossier_id), after],
      );
      for (const row of older) {
        const list = backfill.get(row.dossier_id) ?? [];
        list.push(row);
        backfill.set(row.dossier_id, list);
      }
    }
  }

  const events: Buffer[] = [];
  let bytes = 0;
  let nextCursor = after;
  for (const row of candidates) {
    const unit = [...(backfill.get(row.dossier_id) ?? []), row].map((r) => Buffer.from(pulledJson(r)));
    const size = unit.reduce((n, u) => n + u.length + 1, 0);
    if (events.length > 0 && (bytes + size > maxBytes || events.length + unit.length > limit)) {
      hasMore = true;
      break;
    }
    backfill.delete(row.dossier_id);
    for (const u of unit) events.push(u);
    bytes += size;
    nextCursor = Number(row.server_seq);
  }
  // Read after the page, so it is never behind the page's cursor (the primary key's last entry).
  const head = await db.query<{ head: string | number | null }>('SELECT max(server_seq) AS head FROM events');
  const headSeq = Math.max(Number(head[0]?.head ?? 0), nextCursor);
  const parts: Buffer[] = [Buffer.from('{"events":[')];
  events.forEach((event, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(event);
  });
  parts.push(Buffer.from(`],"nextCursor":${nextCursor},"hasMore":${hasMore},"headSeq":${headSeq}}`));
  return parts;
}
