import { v7 as uuidv7 } from 'uuid';
import { formatInstant, localDateOf } from '../../../shared/calendar/time';
import type { DossierRow } from '../../../shared/contract/dossier';
import type { DossierEvent, DossierEventInput, DossierEventType } from '../../../shared/dossier/events';
import {
  admittedEvent,
  type DossierState,
  deadlineAt,
  type FoldContext,
  fold,
  type ProjectedState,
} from '../../../shared/dossier/fold';
import { packState, type StoredStateRow, stateColumns, unpackState } from '../../../shared/dossier/stored';
import { fold as foldText } from '../../../shared/text/fold';
import type { CalendarStore } from '../calendar/store';
import type { Database } from '../db/sqlite';
import { deviceId, nextHlc } from '../desk/identity';
import { type EventRow, eventOfRow } from './event-row';
import { type Placement, recountOffices } from './office-counts';

export interface Actor {
  userId: string;
  officeId: string;
}

/** A projection row as lists read it (`SELECT *`): the state's columns and stored form, and the rest. */
export interface ProjectionRow extends StoredStateRow {
  closed: number;
  late_notice: number;
}

/** A projection row as stored before it is written again: its rowid and what the office counts need. */
type StoredRow = Placement & { rowid: number };
const STORED_ROW = 'SELECT rowid, closed, receiving_office_id, holder_office_id FROM dossier WHERE id = ?';

const EVENT_COLUMNS = `event (id, dossier_id, type, hlc, wall_time, user_id, office_id, device_id, payload, origin,
  server_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_LOCAL_EVENT = `INSERT INTO ${EVENT_COLUMNS}`;
const INSERT_REMOTE_EVENT = `INSERT OR IGNORE INTO ${EVENT_COLUMNS}`;

/**
 * The events of the dossiers `dossier_id IN (…)` names that their folds read, each dossier's in HLC
 * order: those the server refused into its review queue stay out. One dossier's or a batch's alike.
 */
const historiesOf = (dossiers: string) =>
  `SELECT * FROM event WHERE dossier_id IN (${dossiers}) AND rejected_at IS NULL ORDER BY dossier_id, hlc, id`;
const HISTORY = historiesOf('?');

/**
 * The local event store (DESIGN.md §4): events are only appended; each append writes the event, the
 * dossier's projection, its full-text entry and an outbox row in one transaction. The projection is
 * the fold of the dossier's events, so a calendar correction or a late remote event just refolds.
 */
export class DossierStore {
  constructor(
    private readonly db: Database,
    private readonly calendars: CalendarStore,
    private readonly now: () => number = Date.now,
    /**
     * Runs in the transaction that inserts events, local or remote, with the events inserted, in the
     * order they were stored (the audit chain links them): once for a local event, once for a pulled page.
     */
    private readonly onInsert?: (events: readonly DossierEvent[]) => void,
  ) {}

  foldContext(): FoldContext {
    return { calendar: this.calendars.calendar() };
  }

  /** The dossier's events in HLC order, without those the server refused into its review queue. */
  events(dossierId: string): DossierEvent[] {
    return this.db.all<EventRow>(HISTORY, dossierId).map(eventOfRow);
  }

  /** Called after each committed local append (the sync engine pushes soon after). */
  private readonly appendListeners = new Set<(event: DossierEvent) => void>();
  onAppend(listener: (event: DossierEvent) => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /**
   * Marks local events the server refused into its review queue: they stay in the log (and the
   * review queue shows them) but leave the fold, so the projection equals the server's. Refolds the
   * touched dossiers; returns how many events were newly marked.
   */
  markRejected(eventIds: readonly string[], at: string): number {
    return this.db.transaction(() => {
      const touched = new Set<string>();
      let marked = 0;
      for (const id of eventIds) {
        const row = this.db.get<{ dossier_id: string }>(
          'SELECT dossier_id FROM event WHERE id = ? AND rejected_at IS NULL',
          id,
        );
        if (!row) continue;
        this.db.run('UPDATE event SET rejected_at = ? WHERE id = ?', at, id);
        touched.add(row.dossier_id);
        marked++;
      }
      for (const id of touched) {
        const state = this.state(id);
        if (state) this.project(state);
      }
      return marked;
    });
  }

  state(dossierId: string): DossierState | undefined {
    const events = this.events(dossierId);
    return events.length ? fold(events, this.foldContext(), dossierId) : undefined;
  }

  /** The id of the dossier with this code, if this desktop knows it. */
  idOfCode(code: string): string | undefined {
    return this.db.get<{ id: string }>('SELECT id FROM dossier WHERE code = ?', code)?.id;
  }

  /**
   * Appends a new local event after checking it against the dossier's history (DomainError when the
   * rules refuse it). `prepare` runs inside the transaction first, e.g. to draw the dossier code.
   */
  append<T extends DossierEventType>(
    draft: { dossierId: string; type: T; payload: unknown },
    actor: Actor,
    prepare?: () => void,
  ): { event: DossierEvent; state: DossierState } {
    const appended = this.db.transaction(() => {
      prepare?.();
      const now = this.now();
      const history = this.events(draft.dossierId);
      const candidate: DossierEventInput = {
        id: uuidv7(),
        dossierId: draft.dossierId,
        type: draft.type,
        payload: draft.payload,
        actor,
        deviceId: deviceId(this.db),
        hlc: nextHlc(this.db, now),
        wallTime: formatInstant(now),
      } as DossierEventInput;
      const ctx = this.foldContext();
      const event = admittedEvent(history, candidate, ctx);
      const { lastInsertRowid } = this.insertEvent(event, 'local');
      this.onInsert?.([event]);
      this.db.run('INSERT INTO outbox (event_seq) VALUES (?)', lastInsertRowid);
      const state = fold([...history, event], ctx, draft.dossierId);
      this.project(state);
      return { event, state };
    });
    for (const listener of this.appendListeners) listener(appended.event);
    return appended;
  }

  /**
   * Stores events that came from the server (already ordered and authorised there); events already
   * known are skipped. Every touched dossier is refolded. Returns how many were new.
   */
  applyRemote(events: readonly DossierEvent[]): number {
    return this.applyPulled(events.map((event) => ({ event, serverSeq: null }))).added;
  }

  /**
   * The bulk path for a pulled page, in one transaction: each event is inserted by its unique id
   * (`INSERT OR IGNORE`, no lookup first) with the server's sequence number, and the audit hook sees
   * every inserted event in order. An event already here gets the server's number if it had none (our
   * own event came back: its acknowledgement was lost) and leaves the outbox. Then each touched dossier
   * is projected: a dossier new to this desktop from the page's events in memory, one projected before
   * from its stored history (refused events stay out of the fold). With `defer` (a pull, whose later
   * pages often touch the same dossiers again), dossiers projected before, those already waiting and
   * new ones still open wait in the projection backlog for `projectBacklog` instead. Returns how many
   * events were new and how many local events were acknowledged that way.
   */
  applyPulled(
    items: readonly { event: DossierEvent; serverSeq: number | null }[],
    options: { defer?: boolean } = {},
  ): {
    added: number;
    acknowledged: number;
  } {
    if (items.length === 0) return { added: 0, acknowledged: 0 };
    return this.db.transaction(() => {
      const touched = new Map<string, DossierEvent[]>();
      const inserted: DossierEvent[] = [];
      let acknowledged = 0;
      for (const { event, serverSeq } of items) {
        if (this.insertEvent(event, 'remote', serverSeq).changes === 1) {
          const fresh = touched.get(event.dossierId);
          if (fresh) fresh.push(event);
          else touched.set(event.dossierId, [event]);
          inserted.push(event);
        } else if (serverSeq !== null) {
          const row = this.db.get<{ seq: number; server_seq: number | null }>(
            'SELECT seq, server_seq FROM event WHERE id = ?',
            event.id,
          );
          if (row && row.server_seq === null) {
            this.db.run('UPDATE event SET server_seq = ? WHERE seq = ?', serverSeq, row.seq);
            this.db.run('DELETE FROM outbox WHERE event_seq = ?', row.seq);
            acknowledged++;
          }
        }
      }
      if (inserted.length > 0) this.onInsert?.(inserted);
      const ctx = this.foldContext();
      const backlog = (dossierId: string) =>
        this.db.run('INSERT OR IGNORE INTO projection_backlog (dossier_id) VALUES (?)', dossierId);
      for (const [dossierId, fresh] of touched) {
        const known = this.db.get<StoredRow>(STORED_ROW, dossierId);
        const waiting = !known && this.inBacklog(dossierId);
        if (options.defer && (known || waiting)) {
          backlog(dossierId);
        } else if (known || waiting) {
          // Known before: its history is in the table (the page's events included by now).
          this.projectFromHistory(dossierId, known ?? null);
        } else {
          // New here: every event it has on this desktop was just inserted from this page. Still open,
          // it will most likely meet later pages too: deferred, it is projected once, at the end.
          const state = fold(fresh, ctx, dossierId);
          if (options.defer && !state.closed) backlog(dossierId);
          else this.project(state, null, fresh.find((e) => e.type === 'received')?.actor.userId ?? null);
        }
      }
      return { added: inserted.length, acknowledged };
    });
  }

  /**
   * Projects up to `limit` dossiers of the projection backlog from their stored histories, in one
   * transaction, and takes them off it. Their events are read with one statement for the whole batch
   * (in the order `events` gives each dossier's), not one per dossier: after a first sync on a real
   * office's log that is every dossier, and reading them back was the backlog's largest part.
   * Returns how many; 0 when the backlog is empty.
   */
  projectBacklog(limit = 500): number {
    return this.db.transaction(() => {
      const batch = 'SELECT dossier_id FROM projection_backlog ORDER BY dossier_id LIMIT ?';
      const ids = this.db.all<{ dossier_id: string }>(batch, limit);
      const rows = this.db.all<EventRow>(historiesOf(batch), limit);
      let at = 0;
      for (const { dossier_id: id } of ids) {
        const events: DossierEvent[] = [];
        for (let row = rows[at]; row?.dossier_id === id; row = rows[++at]) events.push(eventOfRow(row));
        this.projectEvents(id, events);
        this.db.run('DELETE FROM projection_backlog WHERE dossier_id = ?', id);
      }
      return ids.length;
    });
  }

  /**
   * Folds a dossier from its stored history and writes its projection. `stored`: the projection row as
   * it is, when the caller has read it (null: there is none).
   */
  private projectFromHistory(dossierId: string, stored?: StoredRow | null): void {
    this.projectEvents(dossierId, this.events(dossierId), stored);
  }

  /**
   * Folds a dossier from its whole history (as `events` returns it) and writes its projection; who
   * received it is read from the same events, not looked up again.
   */
  private projectEvents(dossierId: string, events: readonly DossierEvent[], stored?: StoredRow | null): void {
    if (events.length === 0) return;
    const receivedBy = events.find((e) => e.type === 'received')?.actor.userId ?? null;
    this.project(fold(events, this.foldContext(), dossierId), stored, receivedBy);
  }

  private inBacklog(dossierId: string): boolean {
    return this.db.get('SELECT 1 FROM projection_backlog WHERE dossier_id = ?', dossierId) !== undefined;
  }

  /**
   * Projects this dossier now if it waits in the projection backlog (a reader wants it current). A read
   * first: the backlog is empty between pulls, and a reader should not write for nothing.
   */
  projectIfBacklogged(dossierId: string): void {
    if (!this.inBacklog(dossierId)) return;
    this.db.transaction(() => {
      if (this.db.run('DELETE FROM projection_backlog WHERE dossier_id = ?', dossierId).changes === 0) return;
      this.projectFromHistory(dossierId);
    });
  }

  /** Refolds every open dossier (after a calendar correction): deadlines are derived, never stored counters. */
  refoldOpen(): number {
    const ids = this.db.all<{ id: string }>('SELECT id FROM dossier WHERE closed = 0').map((r) => r.id);
    this.db.transaction(() => {
      for (const id of ids) {
        const state = this.state(id);
        if (state) this.project(state);
      }
    });
    return ids.length;
  }

  private insertEvent(event: DossierEvent, origin: 'local' | 'remote', serverSeq: number | null = null) {
    // A remote event may already be here (a page repeats events, our own come back): the unique id
    // skips it. A local event is always new, and a clash must fail loudly.
    const inserted = this.db.run(
      origin === 'remote' ? INSERT_REMOTE_EVENT : INSERT_LOCAL_EVENT,
      event.id,
      event.dossierId,
      event.type,
      event.hlc,
      event.wallTime,
      event.actor.userId,
      event.actor.officeId,
      event.deviceId,
      JSON.stringify(event.payload),
      origin,
      serverSeq,
    );
    return inserted;
  }

  /**
   * Writes the projection row, the folded full-text entry and the office counts of a dossier. `stored`
   * (the projection row as it is, null when there is none yet) and `receivedBy` are looked up when the
   * caller does not know them.
   */
  private project(state: DossierState, stored?: StoredRow | null, receivedBy?: string | null): void {
    if (receivedBy === undefined) {
      receivedBy =
        this.db.get<{ user_id: string }>(
          `SELECT user_id FROM event WHERE dossier_id = ? AND type = 'received'`,
          state.dossierId,
        )?.user_id ?? null;
    }
    const c = stateColumns(state);
    const values = [
      c.code,
      c.status,
      state.closed ? 1 : 0,
      c.procedure_code,
      c.procedure_name,
      c.field_code,
      c.channel,
      c.applicant_name,
      c.applicant_id_number,
      c.applicant_phone,
      c.owner_name,
      c.owner_id_number,
      c.receiving_office_id,
      c.holder_office_id,
      c.holder_unit_id,
      receivedBy ?? null,
      c.received_at,
      c.due_at,
      c.paused_since,
      c.result_at,
      c.returned_at,
      state.extension?.lateNotice ? 1 : 0,
      c.last_hlc,
      packState(state, c),
    ];
    const existing = stored === undefined ? (this.db.get<StoredRow>(STORED_ROW, state.dossierId) ?? null) : stored;
    let ftsRowid: number | bigint;
    if (existing !== null) {
      ftsRowid = existing.rowid;
      this.db.run(
        `UPDATE dossier SET code = ?, status = ?, closed = ?, procedure_code = ?, procedure_name = ?, field_code = ?,
           channel = ?, applicant_name = ?, applicant_id_number = ?, applicant_phone = ?, owner_name = ?,
           owner_id_number = ?, receiving_office_id = ?, holder_office_id = ?, holder_unit_id = ?, received_by = ?,
           received_at = ?, due_at = ?, paused_since = ?, result_at = ?, returned_at = ?, late_notice = ?,
           last_hlc = ?, state = ?
         WHERE id = ?`,
        ...values,
        state.dossierId,
      );
      this.db.run('DELETE FROM dossier_fts WHERE rowid = ?', ftsRowid);
    } else {
      ftsRowid = this.db.run(
        `INSERT INTO dossier (code, status, closed, procedure_code, procedure_name, field_code, channel,
           applicant_name, applicant_id_number, applicant_phone, owner_name, owner_id_number, receiving_office_id,
           holder_office_id, holder_unit_id, received_by, received_at, due_at, paused_since, result_at, returned_at,
           late_notice, last_hlc, state, id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ...values,
        state.dossierId,
      ).lastInsertRowid;
    }
    recountOffices(this.db, existing, {
      closed: state.closed ? 1 : 0,
      receiving_office_id: state.receivingOfficeId,
      holder_office_id: state.holderOfficeId,
    });
    const names = [state.applicant?.fullName, state.owner?.fullName].filter(Boolean).join(' ');
    const numbers = [state.applicant?.idNumber, state.owner?.idNumber, state.applicant?.phone, state.owner?.phone]
      .filter(Boolean)
      .join(' ');
    this.db.run(
      'INSERT INTO dossier_fts (rowid, code, names, numbers) VALUES (?, ?, ?, ?)',
      ftsRowid,
      foldText(state.code ?? ''),
      foldText(names),
      numbers,
    );
  }

  /**
   * A list row with the deadline as of now (working minutes left, overdue). `state`: the row's state,
   * when the caller has already read it back.
   */
  toRow(row: ProjectionRow, state: ProjectedState = unpackState(row)): DossierRow {
    const open = row.closed === 0 && row.status !== 9;
    const deadline = open && state.receivedAt ? deadlineAt(state, this.foldContext(), this.now()) : null;
    return listRow(row, {
      remainingWorkingMinutes: deadline?.remainingWorkingMinutes ?? null,
      overdue: deadline?.overdue ?? false,
    });
  }

  today(): string {
    return localDateOf(this.now());
  }

  nowIso(): string {
    return formatInstant(this.now());
  }

  nowMs(): number {
    return this.now();
  }
}

/** A list row from a projection row and its deadline as of now (for a closed dossier: none, not overdue). */
export function listRow(
  row: ProjectionRow,
  deadline: Pick<DossierRow, 'remainingWorkingMinutes' | 'overdue'>,
): DossierRow {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    closed: row.closed === 1,
    procedureCode: row.procedure_code,
    procedureName: row.procedure_name,
    applicantName: row.applicant_name,
    applicantIdNumber: row.applicant_id_number,
    applicantPhone: row.applicant_phone,
    ownerName: row.owner_name,
    holderOfficeId: row.holder_office_id,
    receivedAt: row.received_at,
    dueAt: row.due_at,
    pausedSince: row.paused_since,
    resultAt: row.result_at,
    returnedAt: row.returned_at,
    lateNotice: row.late_notice === 1,
    remainingWorkingMinutes: deadline.remainingWorkingMinutes,
    overdue: deadline.overdue,
  };
}
