import type { AuditReport } from '../../../shared/contract/accounts';
import type { DossierEvent } from '../../../shared/dossier/events';
import type { Database } from '../db/sqlite';
import { eventOfRow, type StoredEventRow } from '../dossier/event-row';
import { canonicalEventJson, canonicalJson, chainHash, GENESIS, linkHash } from './canonical';

/**
 * hash_i = SHA-256(hash_{i-1} || canonical JSON of event i), where an event is every field the event
 * table keeps of it, with the payload as a value (verification parses the stored text back).
 */
function eventLinkHash(previous: string, event: DossierEvent): string {
  return linkHash(previous, canonicalEventJson(event, canonicalJson(event.payload)));
}

/**
 * Links events into their offices' chains, in the order given (the order they were stored):
 * hash_i = SHA-256(hash_{i-1} || canonical JSON of event i). Call it in the transaction that inserts
 * them (DossierStore's onInsert hook), so an event never exists without its link. Each office's last
 * link is read once per call, not once per event: a pulled page links a thousand events.
 */
export function chainEvents(db: Database, events: readonly DossierEvent[]): void {
  const last = new Map<string, { position: number; hash: string }>();
  for (const event of events) {
    const office = event.actor.officeId;
    let previous = last.get(office);
    if (!previous) {
      previous = db.get<{ position: number; hash: string }>(
        'SELECT position, hash FROM event_chain WHERE office_id = ? ORDER BY position DESC LIMIT 1',
        office,
      ) ?? { position: 0, hash: GENESIS };
    }
    const link = { position: previous.position + 1, hash: eventLinkHash(previous.hash, event) };
    db.run(
      'INSERT INTO event_chain (office_id, position, event_id, hash) VALUES (?, ?, ?, ?)',
      office,
      link.position,
      event.id,
      link.hash,
    );
    last.set(office, link);
  }
}

/**
 * Links the events written before the audit trail existed (a database upgraded from schema 3 or
 * older), in the order they were stored, in one transaction (read a page at a time, so a large
 * history is never in memory at once). Returns how many were linked.
 */
export function chainUnlinkedEvents(db: Database, pageSize = 10_000): number {
  // Only a database with no chain yet is linked silently; an event missing from an existing chain is
  // exactly what verification must report. Checked first: it is the answer on every start but the first.
  if (db.get('SELECT 1 FROM event_chain LIMIT 1')) return 0;
  return db.transaction(() => {
    let linked = 0;
    let after = 0;
    for (;;) {
      const rows = db.all<StoredEventRow>('SELECT * FROM event WHERE seq > ? ORDER BY seq LIMIT ?', after, pageSize);
      chainEvents(db, rows.map(eventOfRow));
      linked += rows.length;
      if (rows.length < pageSize) return linked;
      after = rows[rows.length - 1]?.seq ?? after;
    }
  });
}

type Problem = AuditReport['problems'][number];

/**
 * Walks every office's chain and the audit log, recomputing each hash. Names every event that was
 * edited (its hash differs), deleted (the chain names an event the table no longer has), reordered
 * (the table's order differs from the chain's) or slipped in without a link.
 */
export function verifyAudit(db: Database): AuditReport {
  const problems: Problem[] = [];
  let entries = 0;
  const offices = db
    .all<{ office_id: string }>(
      'SELECT office_id FROM event_chain UNION SELECT office_id FROM event ORDER BY office_id',
    )
    .map((r) => r.office_id);
  for (const office of offices) {
    const links = db.all<{ position: number; event_id: string; hash: string }>(
      'SELECT position, event_id, hash FROM event_chain WHERE office_id = ? ORDER BY position',
      office,
    );
    const stored = db.all<StoredEventRow>('SELECT * FROM event WHERE office_id = ? ORDER BY seq', office);
    const byId = new Map(stored.map((row) => [row.id, row]));
    const linked = new Set(links.map((l) => l.event_id));
    // The table's order of the chained events that are still there, to compare with the chain's.
    const tableOrder = stored.filter((row) => linked.has(row.id)).map((row) => row.id);
    let cursor = 0;
    let previous = GENESIS;
    for (const link of links) {
      entries++;
      const row = byId.get(link.event_id);
      if (!row) {
        problems.push({
          stream: `office:${office}`,
          kind: 'deleted',
          position: link.position,
          eventId: link.event_id,
          expected: link.hash,
          found: null,
        });
        previous = link.hash;
        continue;
      }
      if (tableOrder[cursor] !== link.event_id) {
        problems.push({
          stream: `office:${office}`,
          kind: 'reordered',
          position: link.position,
          eventId: link.event_id,
          expected: link.event_id,
          found: tableOrder[cursor] ?? null,
        });
      }
      cursor++;
      let found: string;
      try {
        found = eventLinkHash(previous, eventOfRow(row));
      } catch {
        found = 'unreadable';
      }
      if (found !== link.hash) {
        problems.push({
          stream: `office:${office}`,
          kind: 'edited',
          position: link.position,
          eventId: link.event_id,
          expected: link.hash,
          found,
        });
      }
      // Continue from the stored link so one tampered event is reported once, not with all that follow.
      previous = link.hash;
    }
    for (const row of stored) {
      if (linked.has(row.id)) continue;
      entries++;
      problems.push({
        stream: `office:${office}`,
        kind: 'unchained',
        position: -1,
        eventId: row.id,
        expected: null,
        found: null,
      });
    }
  }
  const log = verifyAuditLog(db);
  return {
    ok: problems.length === 0 && log.problems.length === 0,
    streams: offices.length + 1,
    entries: entries + log.entries,
    problems: [...problems, ...log.problems],
  };
}

interface AuditRow {
  seq: number;
  at: string;
  kind: string;
  user_id: string | null;
  office_id: string | null;
  subject: string | null;
  detail: string;
  hash: string;
}

/** What is hashed of an audit log entry. */
export function hashedAuditEntry(row: Omit<AuditRow, 'hash'>): Record<string, unknown> {
  return {
    seq: row.seq,
    at: row.at,
    kind: row.kind,
    userId: row.user_id,
    officeId: row.office_id,
    subject: row.subject,
    detail: JSON.parse(row.detail) as unknown,
  };
}

function verifyAuditLog(db: Database): { entries: number; problems: Problem[] } {
  const rows = db.all<AuditRow>('SELECT * FROM audit_log ORDER BY seq');
  const problems: Problem[] = [];
  let previous = GENESIS;
  let expectedSeq = rows[0]?.seq ?? 1;
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      problems.push({
        stream: 'audit-log',
        kind: 'deleted',
        position: expectedSeq,
        eventId: `audit:${expectedSeq}`,
        expected: null,
        found: `audit:${row.seq}`,
      });
    }
    expectedSeq = row.seq + 1;
    const { hash, ...rest } = row;
    let found: string;
    try {
      found = chainHash(previous, hashedAuditEntry(rest));
    } catch {
      found = 'unreadable';
    }
    if (found !== hash) {
      problems.push({
        stream: 'audit-log',
        kind: 'edited',
        position: row.seq,
        eventId: `audit:${row.seq}`,
        expected: hash,
        found,
      });
    }
    previous = hash;
  }
  return { entries: rows.length, problems };
}
