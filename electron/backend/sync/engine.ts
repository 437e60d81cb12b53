import { hostname } from 'node:os';
import { calendarFileSchema } from '../../../shared/calendar/schema';
import { formatInstant, type LocalDate, localDateOf } from '../../../shared/calendar/time';
import { catalogueFileSchema } from '../../../shared/catalogue/procedure';
import {
  addBlocks,
  createDesktopNumbering,
  type DesktopNumberingState,
  datesToRefill,
  pruneBefore,
} from '../../../shared/codes/numbering';
import type { SyncErrorView, SyncStatus } from '../../../shared/contract/sync';
import type { DossierEvent } from '../../../shared/dossier/events';
import { attachmentRefs } from '../../../shared/sync/attachments';
import {
  type Ack,
  CLOCK_SKEW_WARNING_MS,
  clockSkewMs,
  DEFAULT_PULL_LIMIT,
  MAX_PUSH_EVENTS,
  MAX_REQUEST_BYTES,
  type OfficeSummary,
  organisationDocumentSchema,
  pulledEventSchema,
  REVIEWED_REASONS,
  type ReferenceDocument,
  type ReviewItem,
  usersDocumentSchema,
} from '../../../shared/sync/protocol';
import { applyCentralUsers } from '../accounts/central';
import { AttachmentStore } from '../attachments/store';
import type { CalendarStore } from '../calendar/store';
import { replaceCatalogue } from '../catalogue/repository';
import { getMeta, getMetaJson, setMeta, setMetaJson } from '../db/meta';
import type { Database } from '../db/sqlite';
import { deviceId, receiveHlc } from '../desk/identity';
import type { StoredEventRow } from '../dossier/event-row';
import type { DossierStore } from '../dossier/store';
import type { Logger } from '../log';
import { getOffice, saveOffice } from '../office/repository';
import { pulledItemSchema, SyncClient, SyncHttpError, SyncNetworkError, type Transport } from './client';
import type { CredentialStore } from './credentials';
import { setUpload, uploadFile, uploadRow } from './uploads';

export interface SyncEngineOptions {
  db: Database;
  dossiers: DossierStore;
  calendars: CalendarStore;
  dataDir: string;
  /** Attachment files are sealed at rest with it: uploads send the opened (plain) bytes, downloads are sealed. */
  attachmentsKey?: Buffer | null;
  credentials: CredentialStore;
  log: Logger;
  now?: () => number;
  /** HTTP exchange (tests put faults in between). */
  transport?: Transport;
  /** 0 ≤ x < 1 (tests seed it). */
  random?: () => number;
  /** Pause between syncs while all goes well (default 60 s). */
  periodMs?: number;
  /** First retry delay (default 1 s), doubled at each failure up to maxBackoffMs (default 60 s), with full jitter. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Delay between a local action and the push it triggers (default 300 ms: a burst goes in one batch). */
  debounceMs?: number;
  /** Events asked for per pull page. */
  pullLimit?: number;
  /** Per-request time-out (default 30 s). */
  timeoutMs?: number;
  /** Push batch bounds (defaults: the protocol's). */
  maxBatchEvents?: number;
  maxBatchBytes?: number;
  language?: 'vi' | 'en';
}

/** A failure of one step, kept for the status bar. */
class StepError extends Error {
  constructor(
    readonly step: string,
    readonly code: string,
    readonly status: number | null,
    readonly detail: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${step}: ${code} ${detail}`);
  }
}

/** An outbox event: the event row with its place in the table. */
type OutboxRow = StoredEventRow;

/** The event exactly as stored, serialised for the wire (the payload is already JSON). */
function eventJson(r: OutboxRow): string {
  return `{"id":${JSON.stringify(r.id)},"dossierId":${JSON.stringify(r.dossier_id)},"type":${JSON.stringify(r.type)},"hlc":${JSON.stringify(r.hlc)},"wallTime":${JSON.stringify(r.wall_time)},"actor":{"userId":${JSON.stringify(r.user_id)},"officeId":${JSON.stringify(r.office_id)}},"deviceId":${JSON.stringify(r.device_id)},"payload":${r.payload}}`;
}

/** A pull in progress: where its cursor started and stands, the server's newest number, events received. */
interface PullProgress {
  start: number;
  cursor: number;
  head: number | null;
  events: number;
  /** The last page is stored. */
  done: boolean;
}

/**
 * How far a pull is, in per cent: the cursor's way from where it started to the server's newest number
 * (an estimate when the server also holds other offices' events, which the cursor skips). 100 once the
 * last page is stored (what remains is projecting the dossiers met on several pages); null when the
 * server does not say its newest number.
 */
function pullPercent(p: PullProgress): number | null {
  if (p.done) return 100;
  if (p.head === null) return null;
  if (p.head <= p.start) return 0;
  return Math.min(100, Math.floor(((p.cursor - p.start) * 100) / (p.head - p.start)));
}

/** Fixed part of an event's wire size besides its payload (for the pending-bytes figure). */
const EVENT_OVERHEAD_BYTES = 260;

export interface RunReport {
  pushed: number;
  rejected: number;
  waiting: number;
  pulled: number;
  uploaded: number;
  references: number;
  review: number;
}

/**
 * The next outbox events in HLC order after (hlc, id). CROSS JOIN keeps the outbox as the outer loop (a
 * few rows, each event found by its key, then sorted): with a plain JOIN, SQLite walked the whole event
 * log in (dossier, hlc) index order to probe the outbox for each event, on every push batch, 300 ms a
 * batch at 425,000 events, and every push follows a local action. test/electron/sync/engine.test.ts
 * checks the plan.
 */
export const OUTBOX_BATCH_SQL = `SELECT e.seq, e.id, e.dossier_id, e.type, e.hlc, e.wall_time, e.user_id, e.office_id, e.device_id, e.payload
   FROM outbox o CROSS JOIN event e ON e.seq = o.event_seq
  WHERE (e.hlc, e.id) > (?, ?)
  ORDER BY e.hlc, e.id LIMIT ?`;

/**
 * The desktop's sync engine (DESIGN.md §5). One run: upload the files the pending events reference,
 * push the outbox in HLC order in batches (≤ 1000 events, ≤ 5 MB) and, at the same time, pull pages
 * after the stored cursor until the server has no more (each page applied with its cursor in one
 * transaction); then reference data, the review queue, number blocks for today and the next 3 days.
 * A background loop runs it
 * every `periodMs`, soon after each local action, and retries failures with exponential backoff and
 * full jitter; while the server cannot be reached it probes `/health` on the same schedule and syncs
 * as soon as it answers. Every step is idempotent, so a crash or a cut connection anywhere only
 * repeats work: events are inserted by id, acknowledgements are the server's.
 */
export class SyncEngine {
  private readonly db: Database;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly files: AttachmentStore;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RunReport | null> | null = null;
  private rerun = false;
  private started = false;
  private failures = 0;
  private online: boolean | null = null;
  private phase: SyncStatus['phase'] = 'idle';
  private nextAttemptAt: number | null = null;
  private pulling: PullProgress | null = null;
  private unsubscribe: (() => void) | null = null;
  private client: SyncClient | null = null;

  constructor(private readonly options: SyncEngineOptions) {
    this.db = options.db;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.files = new AttachmentStore(options.dataDir, { key: options.attachmentsKey });
    if (getMeta(this.db, 'sync.unauthorised') === '1') this.phase = 'unauthorised';
  }

  // ---- identity ----------------------------------------------------------------------------------

  get enrolled(): boolean {
    return getMeta(this.db, 'sync.deviceId') !== undefined && this.options.credentials.read() !== null;
  }

  private serverUrl(): string | null {
    return getMeta(this.db, 'sync.serverUrl') ?? null;
  }

  private clientFor(serverUrl: string, token: string | null): SyncClient {
    return new SyncClient({
      serverUrl,
      token,
      transport: this.options.transport,
      now: this.now,
      language: this.options.language,
      timeoutMs: this.options.timeoutMs,
      onServerTime: (serverTime, localMs, roundTrip) => {
        const skew = Math.round(clockSkewMs(serverTime, localMs, roundTrip));
        setMeta(this.db, 'sync.clockSkewMs', String(skew));
      },
    });
  }

  private currentClient(): SyncClient {
    const url = this.serverUrl();
    const token = this.options.credentials.read();
    if (!url || !token || getMeta(this.db, 'sync.deviceId') === undefined) {
      throw new StepError('enrol', 'SYNC_NOT_ENROLLED', null, '');
    }
    if (!this.client || this.client.serverUrl !== url || this.client.token !== token) {
      this.client = this.clientFor(url, token);
    }
    return this.client;
  }

  /**
   * Exchanges a one-time enrolment code for this desktop's credential: the token goes to the
   * credential store, the device id, office and numbering slot to meta; the office joins the local
   * organisation tree and becomes this desk's office; number blocks are reserved at once.
   */
  async enrol(serverUrl: string, code: string, deviceName = hostname()): Promise<SyncStatus> {
    const client = this.clientFor(serverUrl, null);
    let value: Awaited<ReturnType<SyncClient['enrol']>>;
    try {
      value = await client.enrol(code, deviceName.slice(0, 200) || 'Một Cửa');
    } catch (error) {
      const failure = this.toStepError('enrol', error);
      this.recordError(failure);
      throw failure;
    }
    this.options.credentials.write(value.token);
    this.db.transaction(() => {
      setMeta(this.db, 'sync.serverUrl', client.serverUrl);
      setMeta(this.db, 'sync.deviceId', value.deviceId);
      setMetaJson(this.db, 'sync.office', value.office);
      setMeta(this.db, 'numbering.slot', String(value.slot));
      setMeta(this.db, 'numbering.slotCount', String(value.slotCount));
      // Blocks drawn from the local counter before enrolment are not the server's: start afresh.
      setMetaJson(
        this.db,
        'numbering.desktop',
        createDesktopNumbering(value.office.agencyId, value.slot, value.slotCount),
      );
      setMeta(this.db, 'sync.unauthorised', '0');
      this.db.run(`DELETE FROM meta WHERE key = 'sync.lastError'`);
      this.saveOffices([value.office]);
      if (getOffice(this.db, value.office.id)) setMeta(this.db, 'desk.officeId', value.office.id);
    });
    this.phase = 'idle';
    this.client = null;
    this.options.log.info({ deviceId: value.deviceId, officeId: value.office.id }, 'desktop enrolled');
    try {
      await this.refillNumbers();
    } catch (error) {
      this.recordError(this.toStepError('numbers', error));
    }
    if (this.started) this.schedule(0);
    return this.status();
  }

  // ---- the loop ----------------------------------------------------------------------------------

  /** Starts the background loop (and pushes soon after each local action). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = this.options.dossiers.onAppend(() => this.notifyLocalChange());
    this.schedule(0);
  }

  stop(): void {
    this.started = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextAttemptAt = null;
  }

  /** Waits for a run in progress (shutting down cleanly). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** A local event was written: push it soon (unless offline: the probe will). */
  notifyLocalChange(): void {
    if (!this.started || !this.enrolled || this.phase === 'unauthorised') return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    if (this.online === false) return;
    this.schedule(this.options.debounceMs ?? 300);
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextAttemptAt = this.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, delayMs);
    this.timer.unref?.();
  }

  /** Delay before the next attempt after `failures` failures in a row: full jitter. */
  backoffMs(failures: number): number {
    const base = this.options.baseBackoffMs ?? 1000;
    const cap = this.options.maxBackoffMs ?? 60_000;
    const ceiling = Math.min(cap, base * 2 ** Math.min(failures, 30));
    return Math.max(50, Math.floor(this.random() * ceiling));
  }

  private async tick(): Promise<void> {
    if (!this.enrolled || this.phase === 'unauthorised') {
      this.schedule(this.options.periodMs ?? 60_000);
      return;
    }
    if (this.online === false) {
      // Reconnect probe: cheap, unauthenticated; a full run follows as soon as it answers.
      const up = await this.currentClient().health(Math.min(5000, this.options.timeoutMs ?? 5000));
      if (!up) {
        this.failures++;
        this.schedule(this.backoffMs(this.failures));
        return;
      }
    }
    await this.syncNow().catch(() => undefined);
  }

  /**
   * Runs one sync now (or joins the one running) and returns its report; throws the failure after
   * recording it in the status. The loop, when started, is rescheduled either way.
   */
  syncNow(): Promise<RunReport | null> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    const run = this.runOnce().finally(() => {
      this.running = null;
      if (this.rerun) {
        this.rerun = false;
        this.schedule(0);
      }
    });
    this.running = run;
    return run;
  }

  private async runOnce(): Promise<RunReport | null> {
    if (!this.enrolled) return null;
    this.phase = 'syncing';
    setMeta(this.db, 'sync.lastAttemptAt', formatInstant(this.now()));
    const report: RunReport = { pushed: 0, rejected: 0, waiting: 0, pulled: 0, uploaded: 0, references: 0, review: 0 };
    try {
      await this.pushAndPull(report);
      await this.reference(report);
      await this.review(report);
      await this.refillNumbers();
      this.online = true;
      this.failures = 0;
      this.phase = 'idle';
      this.db.transaction(() => {
        setMeta(this.db, 'sync.lastSyncAt', formatInstant(this.now()));
        this.db.run(`DELETE FROM meta WHERE key = 'sync.lastError'`);
      });
      this.schedule(this.options.periodMs ?? 60_000);
      return report;
    } catch (error) {
      const failure = this.toStepError('sync', error);
      this.recordError(failure);
      if (failure.code === 'NETWORK') {
        this.online = false;
        this.phase = 'offline';
      } else {
        this.online = failure.status !== null && failure.status < 500 ? true : this.online;
        this.phase = failure.status === 401 ? 'unauthorised' : 'error';
      }
      if (failure.status === 401) {
        setMeta(this.db, 'sync.unauthorised', '1');
        this.stopTimerOnly();
      } else {
        this.failures++;
        this.schedule(this.backoffMs(this.failures));
      }
      this.options.log.warn({ step: failure.step, code: failure.code, detail: failure.detail }, 'sync failed');
      throw failure;
    }
  }

  /**
   * Push and pull run side by side: a push waits on the server while a pull mostly writes here, so a
   * catch-up after days offline takes about the longer of the two instead of their sum. Each step
   * keeps its own order and transactions; our own events may come back in a pull page before their
   * push is answered, and both paths acknowledge them the same way. Both finish before the run goes on;
   * the first failure is the run's.
   */
  private async pushAndPull(report: RunReport): Promise<void> {
    const [pushed, pulled] = await Promise.allSettled([this.push(report), this.pull(report)]);
    if (pushed.status === 'rejected') throw pushed.reason;
    if (pulled.status === 'rejected') throw pulled.reason;
  }

  private stopTimerOnly(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextAttemptAt = null;
  }

  private toStepError(step: string, error: unknown): StepError {
    if (error instanceof StepError) return error;
    if (error instanceof SyncHttpError) {
      return new StepError(step, error.code, error.status, error.serverMessage, error.params);
    }
    if (error instanceof SyncNetworkError) return new StepError(step, 'NETWORK', null, error.message);
    const message = error instanceof Error ? error.message : String(error);
    // tus-js-client errors carry the HTTP response when there was one.
    const status = (error as { originalResponse?: { getStatus(): number } }).originalResponse?.getStatus?.();
    if (step === 'uploads' && status === undefined) return new StepError(step, 'NETWORK', null, message);
    if (status !== undefined)
      return new StepError(step, status >= 500 ? 'SERVER_UNAVAILABLE' : 'UPLOAD_REFUSED', status, message);
    return new StepError(step, 'INTERNAL', null, message);
  }

  private recordError(failure: StepError): void {
    setMetaJson(this.db, 'sync.lastError', {
      code: failure.code,
      step: failure.step,
      status: failure.status,
      detail: failure.detail,
      params: failure.params,
      at: formatInstant(this.now()),
    });
  }

  // ---- push --------------------------------------------------------------------------------------

  private async push(report: RunReport): Promise<void> {
    const maxEvents = this.options.maxBatchEvents ?? MAX_PUSH_EVENTS;
    const maxBytes = (this.options.maxBatchBytes ?? MAX_REQUEST_BYTES) - 1024;
    // Dossiers with an event that could not go in this run: their later events wait too, so the
    // server never sees them without the event they follow.
    const held = new Set<string>();
    let after = { hlc: '', id: '' };
    for (;;) {
      const rows = this.db.all<OutboxRow>(OUTBOX_BATCH_SQL, after.hlc, after.id, maxEvents);
      if (rows.length === 0) return;
      const batch: { row: OutboxRow; json: string }[] = [];
      let bytes = '{"events":[]}'.length;
      for (const row of rows) {
        if (held.has(row.dossier_id)) {
          after = { hlc: row.hlc, id: row.id };
          continue;
        }
        const json = eventJson(row);
        const size = Buffer.byteLength(json) + 1;
        if (batch.length > 0 && bytes + size > maxBytes) break;
        batch.push({ row, json });
        bytes += size;
        after = { hlc: row.hlc, id: row.id };
      }
      if (batch.length === 0) continue;
      await this.uploadReferenced(
        batch.map((b) => b.row),
        report,
      );
      const acks = await this.currentClient().push(`{"events":[${batch.map((b) => b.json).join(',')}]}`);
      this.applyAcks(
        batch.map((b) => b.row),
        acks.acks,
        held,
        report,
      );
    }
  }

  private applyAcks(rows: OutboxRow[], acks: readonly Ack[], held: Set<string>, report: RunReport): void {
    const byId = new Map(acks.map((a) => [a.id, a]));
    const at = formatInstant(this.now());
    this.db.transaction(() => {
      const reviewed: string[] = [];
      for (const row of rows) {
        const ack = byId.get(row.id);
        if (!ack) {
          held.add(row.dossier_id);
          continue;
        }
        switch (ack.status) {
          case 'accepted':
          case 'duplicate':
            this.db.run('UPDATE event SET server_seq = ? WHERE seq = ?', ack.serverSeq ?? null, row.seq);
            this.db.run('DELETE FROM outbox WHERE event_seq = ?', row.seq);
            report.pushed++;
            break;
          case 'rejected': {
            // Never stored by the server: out of the fold here too, and visible in the review
            // drawer (the server's queue has the reviewed reasons; malformed ones are kept locally).
            reviewed.push(row.id);
            this.db.run('DELETE FROM outbox WHERE event_seq = ?', row.seq);
            const reason = ack.reason;
            if (!reason || !REVIEWED_REASONS.includes(reason.code)) {
              this.db.run(
                `INSERT OR IGNORE INTO sync_review (id, event_id, dossier_id, office_id, device_id, holder_office_id, role,
                   reason_code, reason_detail, message, event, created_at)
                 VALUES (?, ?, ?, ?, ?, NULL, 'submitter', ?, ?, ?, ?, ?)`,
                -row.seq,
                row.id,
                row.dossier_id,
                row.office_id,
                row.device_id,
                reason?.code ?? 'invalid',
                reason?.detail ?? null,
                reason?.message ?? '',
                eventJson(row),
                at,
              );
            }
            report.rejected++;
            break;
          }
          case 'waiting-attachment':
            for (const sha of ack.missing ?? [])
              setUpload(this.db, sha, 'pending', at, { error: 'server is missing it' });
            this.db.run(
              'UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE event_seq = ?',
              `waiting-attachment ${(ack.missing ?? []).join(',')}`,
              row.seq,
            );
            held.add(row.dossier_id);
            report.waiting++;
            break;
          case 'deferred':
            this.db.run(
              'UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE event_seq = ?',
              `deferred ${ack.waitingFor ?? ''}`,
              row.seq,
            );
            held.add(row.dossier_id);
            report.waiting++;
            break;
        }
      }
      if (reviewed.length) this.options.dossiers.markRejected(reviewed, at);
    });
  }

  // ---- attachments (files before facts) ----------------------------------------------------------

  private async uploadReferenced(rows: OutboxRow[], report: RunReport): Promise<void> {
    const refs = new Set<string>();
    for (const row of rows) for (const sha of attachmentRefs(JSON.parse(row.payload) as unknown)) refs.add(sha);
    for (const sha256 of refs) {
      const known = uploadRow(this.db, sha256);
      if (known?.state === 'done') continue;
      await this.uploadOne(sha256, known?.upload_url ?? null, report);
    }
  }

  private async uploadOne(sha256: string, resumeUrl: string | null, report: RunReport): Promise<void> {
    const client = this.currentClient();
    const at = () => formatInstant(this.now());
    if (await client.hasAttachment(sha256).catch((e: unknown) => Promise.reject(this.toStepError('uploads', e)))) {
      setUpload(this.db, sha256, 'done', at(), { url: null });
      return;
    }
    if (!(await this.files.has(sha256))) {
      // The event will wait on the server (waiting-attachment) and the status shows why.
      setUpload(this.db, sha256, 'missing', at(), { error: 'file missing on this desktop' });
      return;
    }
    // The plain bytes (opened if sealed): the server verifies their SHA-256.
    const bytes = await this.files.readAll(sha256);
    const token = client.token ?? '';
    try {
      await uploadFile({
        serverUrl: client.serverUrl,
        token,
        sha256,
        bytes,
        resumeUrl,
        onUrl: (url) => setUpload(this.db, sha256, 'pending', at(), { url }),
      });
    } catch (error) {
      const failure = this.toStepError('uploads', error);
      setUpload(this.db, sha256, 'pending', at(), { error: failure.detail.slice(0, 500), attempt: true });
      throw failure;
    }
    setUpload(this.db, sha256, 'done', at(), { url: null });
    report.uploaded++;
  }

  /**
   * Fetches a file a transferred dossier references (on demand: when an officer opens it) and stores
   * it by its hash; a body whose hash differs is refused.
   */
  async fetchAttachment(sha256: string): Promise<{ sha256: string; size: number; fetched: boolean }> {
    const existing = this.db.get<{ size: number }>('SELECT size FROM attachment WHERE sha256 = ?', sha256);
    if (existing && (await this.files.has(sha256))) return { sha256, size: existing.size, fetched: false };
    let body: { bytes: Uint8Array; mime: string };
    try {
      body = await this.currentClient().attachment(sha256);
    } catch (error) {
      throw this.toStepError('attachments', error);
    }
    const stored = await this.files.put(body.bytes);
    if (stored.sha256 !== sha256) {
      throw new StepError('attachments', 'ATTACHMENT_HASH_MISMATCH', 200, `${stored.sha256} ≠ ${sha256}`);
    }
    const mime = body.mime.split(';')[0]?.trim() || 'application/pdf';
    this.db.run(
      `INSERT OR IGNORE INTO attachment (sha256, size, mime, page_count, created_at) VALUES (?, ?, ?, 0, ?)`,
      sha256,
      stored.size,
      mime,
      formatInstant(this.now()),
    );
    return { sha256, size: stored.size, fetched: true };
  }

  // ---- pull --------------------------------------------------------------------------------------

  private async pull(report: RunReport): Promise<void> {
    try {
      await this.pullPages(report);
    } finally {
      // Whatever was stored, complete or not, is projected before the run ends (and what an earlier
      // run left listed, if it was cut short).
      try {
        while (this.options.dossiers.projectBacklog() > 0) await new Promise((resolve) => setImmediate(resolve));
      } finally {
        this.pulling = null;
      }
    }
  }

  private async pullPages(report: RunReport): Promise<void> {
    // DEFAULT_PULL_LIMIT events a page (its comment says why that many); two pages are in flight.
    const limit = this.options.pullLimit ?? DEFAULT_PULL_LIMIT;
    const client = this.currentClient();
    const start = Number(getMeta(this.db, 'sync.cursor') ?? 0);
    // The pull's cursor, as the status reports it.
    const progress: PullProgress = { start, cursor: start, head: null, events: 0, done: false };
    this.pulling = progress;
    let next = client.pull(start, limit);
    for (let pages = 0; pages < 100_000; pages++) {
      const page = await next;
      // The next page is asked for before this one is applied, so the server reads and sends it while
      // this desktop writes (applying blocks the event loop; the answer waits in the socket). If the
      // apply fails, that answer is dropped unread: the stored cursor has not moved.
      const ahead = page.hasMore ? client.pull(page.nextCursor, limit) : null;
      ahead?.catch(() => undefined);
      report.pulled += this.applyPage(page.events, progress.cursor, page.nextCursor);
      progress.events += page.events.length;
      progress.cursor = Math.max(progress.cursor, page.nextCursor);
      progress.head = page.headSeq ?? null;
      progress.done = !ahead;
      if (!ahead) return;
      next = ahead;
    }
  }

  /**
   * Applies one page in one transaction with its cursor: events inserted by id (a page may repeat
   * known events or carry older ones after a transfer), own events acknowledged (a push whose
   * answer was lost), the clock merged. Dossiers this desktop had already projected, and new ones still
   * open, wait in the projection backlog for the end of the pull: a real office's log has a dossier's
   * events days apart, so the pages of a first sync or a catch-up meet it again and again. Returns how
   * many events were new.
   */
  applyPage(items: readonly unknown[], cursor: number, nextCursor: number): number {
    const pulled: { event: DossierEvent; serverSeq: number }[] = [];
    let latest = '';
    for (const item of items) {
      const parsed = pulledItemSchema.safeParse(item);
      if (!parsed.success) {
        const envelope = pulledEventSchema.safeParse(item);
        if (!envelope.success) throw new SyncNetworkError('malformed answer to GET /pull');
        // An event this version cannot read: stop here (the cursor stays) rather than lose it.
        const { id, type } = envelope.data.event;
        throw new StepError('pull', 'SYNC_EVENT_UNREADABLE', null, `${id} (${type})`, { type });
      }
      pulled.push({ event: parsed.data.event, serverSeq: parsed.data.serverSeq });
      if (parsed.data.event.hlc > latest) latest = parsed.data.event.hlc;
    }
    // Inserted by id with their server numbers; our own events that come back are acknowledged. The
    // clock and the cursor move in the same transaction.
    return this.db.transaction(() => {
      const { added } = this.options.dossiers.applyPulled(pulled, { defer: true });
      if (latest) receiveHlc(this.db, latest, this.now());
      if (nextCursor > cursor) setMeta(this.db, 'sync.cursor', String(nextCursor));
      return added;
    });
  }

  // ---- reference data ----------------------------------------------------------------------------

  private async reference(report: RunReport): Promise<void> {
    for (let pages = 0; pages < 1000; pages++) {
      const since = Number(getMeta(this.db, 'sync.referenceVersion') ?? 0);
      const value = await this.currentClient().reference(since);
      for (const doc of value.documents) {
        this.applyReference(doc);
        report.references++;
      }
      if (value.version > since) setMeta(this.db, 'sync.referenceVersion', String(value.version));
      if (!value.hasMore) return;
    }
  }

  /** One reference document, applied in one transaction with the version reached. */
  private applyReference(doc: ReferenceDocument): void {
    const at = formatInstant(this.now());
    const version = String(doc.version);
    const invalid = (detail: string) =>
      new StepError('reference', 'SYNC_REFERENCE_INVALID', null, `${doc.kind} v${doc.version}: ${detail}`, {
        kind: doc.kind,
        version: doc.version,
      });
    if (doc.kind === 'catalogue') {
      const file = catalogueFileSchema.safeParse(doc.content);
      if (!file.success) throw invalid(file.error.message.slice(0, 300));
      this.db.transaction(() => {
        replaceCatalogue(this.db, file.data);
        setMeta(this.db, 'sync.referenceVersion', version);
      });
    } else if (doc.kind === 'calendar') {
      const file = calendarFileSchema.safeParse(doc.content);
      if (!file.success) throw invalid(file.error.message.slice(0, 300));
      this.options.calendars.replaceThen(file.data, { fileName: `server v${doc.version}`, at }, () => {
        this.options.dossiers.refoldOpen();
        setMeta(this.db, 'sync.referenceVersion', version);
      });
    } else if (doc.kind === 'users') {
      // The users of this office, managed centrally: sign-in keeps working offline with their hashes.
      const users = usersDocumentSchema.safeParse(doc.content);
      if (!users.success) throw invalid(users.error.message.slice(0, 300));
      this.db.transaction(() => {
        applyCentralUsers(this.db, users.data.users, at, this.options.log);
        setMeta(this.db, 'sync.referenceVersion', version);
      });
    } else {
      const tree = organisationDocumentSchema.safeParse(doc.content);
      if (!tree.success) throw invalid(tree.error.message.slice(0, 300));
      this.db.transaction(() => {
        this.saveOffices(tree.data.offices);
        setMeta(this.db, 'sync.referenceVersion', version);
      });
    }
  }

  /** Adds or updates offices, parents first; an office the local rules refuse is logged and skipped. */
  private saveOffices(offices: readonly OfficeSummary[]): void {
    const pending = [...offices];
    const placed = new Set<string>();
    for (let round = 0; pending.length && round < 50; round++) {
      for (let i = 0; i < pending.length; ) {
        const o = pending[i] as OfficeSummary;
        // A parent neither here nor coming in this document is left out: the office becomes a root.
        const parentReady =
          !o.parentId ||
          placed.has(o.parentId) ||
          getOffice(this.db, o.parentId) ||
          !pending.some((p) => p.id === o.parentId);
        if (!parentReady) {
          i++;
          continue;
        }
        const existing = getOffice(this.db, o.id);
        try {
          this.db.savepoint(() =>
            saveOffice(this.db, {
              id: o.id,
              agencyId: o.agencyId,
              name: o.name,
              level: o.level ?? existing?.level ?? 'office',
              parentId: o.parentId && (placed.has(o.parentId) || getOffice(this.db, o.parentId)) ? o.parentId : null,
              address: existing?.address ?? '',
              phone: existing?.phone ?? '',
              active: true,
            }),
          );
        } catch (error) {
          this.options.log.warn({ officeId: o.id, err: error }, 'office from the server not saved');
        }
        placed.add(o.id);
        pending.splice(i, 1);
      }
    }
  }

  // ---- review queue ------------------------------------------------------------------------------

  private async review(report: RunReport): Promise<void> {
    const me = getMeta(this.db, 'sync.deviceId');
    for (let pages = 0; pages < 1000; pages++) {
      const after = Number(getMeta(this.db, 'sync.reviewCursor') ?? 0);
      const value = await this.currentClient().review(after);
      if (value.items.length === 0) return;
      const at = formatInstant(this.now());
      this.db.transaction(() => {
        const mine: string[] = [];
        let last = after;
        for (const item of value.items) {
          this.saveReviewItem(item);
          if (item.role === 'submitter' && item.deviceId === me) mine.push(item.eventId);
          last = Math.max(last, item.id);
          report.review++;
        }
        if (mine.length) {
          for (const id of mine) {
            this.db.run('DELETE FROM outbox WHERE event_seq = (SELECT seq FROM event WHERE id = ?)', id);
          }
          this.options.dossiers.markRejected(mine, at);
        }
        setMeta(this.db, 'sync.reviewCursor', String(last));
      });
      if (!value.hasMore) return;
    }
  }

  private saveReviewItem(item: ReviewItem): void {
    this.db.run(
      `INSERT INTO sync_review (id, event_id, dossier_id, office_id, device_id, holder_office_id, role, reason_code,
         reason_detail, message, event, created_at, resolved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET resolved_at = excluded.resolved_at, message = excluded.message`,
      item.id,
      item.eventId,
      item.dossierId,
      item.officeId,
      item.deviceId,
      item.holderOfficeId,
      item.role,
      item.reason.code,
      item.reason.detail ?? null,
      item.reason.message,
      JSON.stringify(item.event ?? null),
      item.createdAt,
      item.resolvedAt,
    );
  }

  // ---- number blocks -----------------------------------------------------------------------------

  /** Reserves blocks for today and the next 3 days where fewer than 20 numbers are left. */
  async refillNumbers(): Promise<void> {
    const office = getMetaJson<OfficeSummary>(this.db, 'sync.office');
    if (!office) return;
    const today = localDateOf(this.now());
    const dates = [0, 1, 2, 3].map((d) => localDateOf(this.now() + d * 86_400_000) as LocalDate);
    const state = this.numbering(office);
    const missing = datesToRefill(state, dates);
    if (missing.length === 0 && state.blocks.every((b) => b.date >= today)) return;
    const value = missing.length ? await this.currentClient().numbers(missing) : { blocks: [], full: [] };
    this.db.transaction(() => {
      // Read again: an intake may have drawn a number while the request was out.
      const fresh = this.numbering(office);
      setMetaJson(this.db, 'numbering.desktop', pruneBefore(addBlocks(fresh, value.blocks), today));
    });
  }

  private numbering(office: OfficeSummary): DesktopNumberingState {
    const state = getMetaJson<DesktopNumberingState>(this.db, 'numbering.desktop');
    if (state && state.agencyId === office.agencyId) return state;
    return createDesktopNumbering(
      office.agencyId,
      Number(getMeta(this.db, 'numbering.slot') ?? 0),
      Number(getMeta(this.db, 'numbering.slotCount') ?? 40),
    );
  }

  // ---- status ------------------------------------------------------------------------------------

  status(translate?: (code: string, fallback: string, params: Record<string, string | number>) => string): SyncStatus {
    const pending = this.db.get<{ n: number; bytes: number | null }>(
      `SELECT count(*) AS n, sum(length(CAST(e.payload AS BLOB)) + ${EVENT_OVERHEAD_BYTES}) AS bytes
         FROM outbox o CROSS JOIN event e ON e.seq = o.event_seq`, // the outbox outside, as in OUTBOX_BATCH_SQL
    );
    const files = this.db.get<{ n: number }>(`SELECT count(*) AS n FROM sync_upload WHERE state != 'done'`);
    const reviewOpen = this.db.get<{ n: number }>('SELECT count(*) AS n FROM sync_review WHERE resolved_at IS NULL');
    const stored = getMetaJson<{
      code: string;
      step: string;
      status: number | null;
      detail: string;
      params?: Record<string, string | number>;
      at: string;
    }>(this.db, 'sync.lastError');
    const skewText = getMeta(this.db, 'sync.clockSkewMs');
    const skew = skewText === undefined ? null : Number(skewText);
    const enrolled = this.enrolled;
    let lastError: SyncErrorView | null = null;
    if (stored) {
      lastError = {
        code: stored.code,
        message: translate ? translate(stored.code, stored.detail, stored.params ?? {}) : stored.detail,
        step: stored.step,
        status: stored.status,
        detail: stored.detail,
        at: stored.at,
      };
    }
    return {
      phase: enrolled ? this.phase : getMeta(this.db, 'sync.deviceId') ? 'unauthorised' : 'not-enrolled',
      enrolled,
      online: this.online,
      serverUrl: this.serverUrl(),
      deviceId: getMeta(this.db, 'sync.deviceId') ?? null,
      office: getMetaJson<OfficeSummary>(this.db, 'sync.office') ?? null,
      pendingEvents: pending?.n ?? 0,
      pendingBytes: pending?.bytes ?? 0,
      pendingFiles: files?.n ?? 0,
      lastSyncAt: getMeta(this.db, 'sync.lastSyncAt') ?? null,
      lastAttemptAt: getMeta(this.db, 'sync.lastAttemptAt') ?? null,
      nextAttemptAt: this.nextAttemptAt === null ? null : formatInstant(this.nextAttemptAt),
      lastError,
      clockSkewMs: skew,
      clockSkewed: skew !== null && Math.abs(skew) > CLOCK_SKEW_WARNING_MS,
      reviewOpen: reviewOpen?.n ?? 0,
      pull: this.pulling && { events: this.pulling.events, percent: pullPercent(this.pulling) },
    };
  }

  /** This installation's device id as the events carry it (not the server's enrolment id). */
  localDeviceId(): string {
    return deviceId(this.db);
  }
}
