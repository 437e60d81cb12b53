/**
 * The desktop back end of bench/sync.bench.ts in a process of its own. The bench runs it as JavaScript
 * bundled by esbuild (no compiler in the process, so its memory is the back end's own):
 *
 *   node out/bench/sync-child.cjs first <dataDir> <assetsDir>
 *     opens the (enrolled, empty) data folder and runs one sync to the end;
 *   node out/bench/sync-child.cjs catch-up <dataDir> <assetsDir>
 *     opens a data folder that has the history, writes 1,250 dossiers × 4 events locally (a week at the
 *     counter, offline), prints {"ready":true}, waits for a line on stdin (the server has meanwhile
 *     received the other desktops' events), then runs one sync (push + pull) to the end.
 *
 *   MOTCUA_BENCH_SERVER=<url> MOTCUA_BENCH_TOKEN=<device token> node out/bench/sync-child.cjs floor|floor-plain <dir>
 *     the floor: the same pages fetched over HTTP and bulk-inserted into SQLite with FTS5, no fold, into a
 *     database encrypted as the desktop's (`floor`) or a plain one (`floor-plain`). It runs in a process of
 *     its own, as the desktop back end does, so both have a core beside the server's.
 *
 * Prints its result as the last JSON line: the sync's time and CPU time, the bytes it wrote to storage meanwhile
 * (Linux's /proc/self/io: the database, its log and the checkpoints), the process's peak RSS (and its RSS and heap
 * just before the sync), the largest body sent or received, the events stored, and how long the event loop was
 * held (an officer's request waits that long for the back end: its longest and 99th-percentile delay).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { deriveKey } from '../electron/backend/accounts/secret';
import { openBackend } from '../electron/backend/backend';
import { openDatabase } from '../electron/backend/db/sqlite';
import { drawDossierCode } from '../electron/backend/desk/numbering';
import { fetchTransport } from '../electron/backend/sync/client';
import { fileCredentialStore } from '../electron/backend/sync/credentials';
import { DEFAULT_PULL_LIMIT } from '../shared/sync/protocol';
import { fold as foldText } from '../shared/text/fold';
import { BENCH_OFFICE, deskSecret, receivedPayload } from './sync-data';

const [mode = 'first', dataDir = '', assetsDir = ''] = process.argv.slice(2);
/** Events per pull page, the engine's and the floor's alike (default: the engine's). */
const PULL_LIMIT = Number(process.env.PULL_LIMIT ?? DEFAULT_PULL_LIMIT);
let maxBody = 0;
/**
 * The floor's time stopped at `await` for its next page: what the server took beyond the floor's own
 * storing of the page before (the body's reading and JSON parsing, which run when the loop is free,
 * included).
 */
let stalledMs = 0;
let peak = 0;
/** At the peak: the V8 heap and the memory outside it (Buffers, SQLite's pages, native code). */
let atPeak = { heapMb: 0, externalMb: 0 };
const sample = () => {
  const usage = process.memoryUsage();
  if (usage.rss > peak)
    atPeak = { heapMb: Math.round(usage.heapTotal / 1048576), externalMb: Math.round(usage.external / 1048576) };
  peak = Math.max(peak, usage.rss, process.resourceUsage().maxRSS * 1024);
};
const timer = setInterval(sample, 20);
/** Bytes this process has caused to be written to storage so far (Linux; NaN elsewhere). */
const writtenBytes = () => {
  try {
    return Number(/^write_bytes: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? Number.NaN);
  } catch {
    return Number.NaN;
  }
};
/** The desktop back end on `dataDir`, its transport recording the largest body. */
const openDesk = () =>
  openBackend({
    dataDir,
    assetsDir,
    version: 'bench',
    log: pino({ level: 'silent' }),
    secret: deskSecret(dataDir),
    credentials: fileCredentialStore(dataDir),
    sync: {
      autoStart: false,
      pullLimit: PULL_LIMIT,
      transport: async (request) => {
        const response = await fetchTransport(request);
        maxBody = Math.max(maxBody, response.body.length, request.body ? Buffer.byteLength(request.body) : 0);
        sample();
        return response;
      },
    },
  });
type Desk = ReturnType<typeof openDesk>;

/** A week at the counter while offline: 1,250 dossiers received, handled and returned here. */
async function workOffline(backend: Desk): Promise<void> {
  const actor = { userId: 'can-bo-2', officeId: BENCH_OFFICE.id };
  await backend.sync.refillNumbers();
  const today = backend.dossiers.today();
  for (let i = 0; i < 1250; i++) {
    if (i % 25 === 0) await backend.sync.refillNumbers();
    const dossierId = uuidv7();
    const payload = receivedPayload(i) as { code: string };
    backend.dossiers.append({ dossierId, type: 'received', payload }, actor, () => {
      payload.code = drawDossierCode(backend.db, BENCH_OFFICE.agencyId, today);
    });
    backend.dossiers.append({ dossierId, type: 'step-completed', payload: { step: 'Thẩm định' } }, actor);
    backend.dossiers.append({ dossierId, type: 'result-recorded', payload: { summary: 'Kết quả' } }, actor);
    backend.dossiers.append(
      {
        dossierId,
        type: 'returned',
        payload: { collectedBy: { fullName: 'Người nhận', relation: 'applicant' }, method: 'counter' },
      },
      actor,
    );
  }
}

const nextLine = () =>
  new Promise<void>((resolve) => {
    process.stdin.once('data', () => {
      // Nothing more comes in: let the process exit once the sync is done.
      process.stdin.destroy();
      resolve();
    });
  });

/**
 * The floor: the same pages over HTTP, bulk-inserted into SQLite with FTS5 (no fold), in one transaction
 * per page, into `dataDir`. `encrypted`: into a database encrypted as the desktop's is (the same storage);
 * otherwise into a plain one (raw SQLite). Returns the events stored.
 */
async function floor(serverUrl: string, token: string, encrypted: boolean): Promise<number> {
  const db = openDatabase(join(dataDir, 'floor.sqlite'), {
    migrations: [],
    ...(encrypted ? { key: deriveKey(deskSecret(dataDir), 'database') } : {}),
  });
  db.exec(`CREATE TABLE event (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, dossier_id TEXT NOT NULL, type TEXT NOT NULL,
    hlc TEXT NOT NULL, wall_time TEXT NOT NULL, user_id TEXT NOT NULL, office_id TEXT NOT NULL, device_id TEXT NOT NULL,
    payload TEXT NOT NULL, server_seq INTEGER) STRICT;
    CREATE INDEX event_dossier ON event(dossier_id, hlc, id);
    CREATE TABLE dossier (id TEXT PRIMARY KEY, code TEXT, applicant_name TEXT, state TEXT NOT NULL) STRICT;
    CREATE VIRTUAL TABLE dossier_fts USING fts5(code, names, numbers, content='', contentless_delete=1, tokenize='unicode61');`);
  type Page = {
    value: { events: { serverSeq: number; event: Record<string, unknown> }[]; nextCursor: number; hasMore: boolean };
  };
  // The engine's pages (the same requests and bytes as ours), the next one asked for before this one
  // is stored, as the engine does.
  const fetchPage = async (after: number) => {
    const res = await fetch(`${serverUrl}/sync/v1/pull?after=${after}&limit=${PULL_LIMIT}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return (await res.json()) as Page;
  };
  let next = fetchPage(0);
  for (;;) {
    const waitFrom = performance.now();
    const body = await next;
    stalledMs += performance.now() - waitFrom;
    if (body.value.hasMore) next = fetchPage(body.value.nextCursor);
    db.transaction(() => {
      for (const item of body.value.events) {
        const e = item.event as {
          id: string;
          dossierId: string;
          type: string;
          hlc: string;
          wallTime: string;
          actor: { userId: string; officeId: string };
          deviceId: string;
          payload: { code?: string; applicant?: { fullName: string; idNumber?: string } };
        };
        db.run(
          `INSERT OR IGNORE INTO event (id, dossier_id, type, hlc, wall_time, user_id, office_id, device_id, payload, server_seq)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          e.id,
          e.dossierId,
          e.type,
          e.hlc,
          e.wallTime,
          e.actor.userId,
          e.actor.officeId,
          e.deviceId,
          JSON.stringify(e.payload),
          item.serverSeq,
        );
        if (e.type === 'received') {
          const { lastInsertRowid } = db.run(
            'INSERT INTO dossier (id, code, applicant_name, state) VALUES (?, ?, ?, ?)',
            e.dossierId,
            e.payload.code ?? null,
            e.payload.applicant?.fullName ?? null,
            '{}',
          );
          db.run(
            'INSERT INTO dossier_fts (rowid, code, names, numbers) VALUES (?, ?, ?, ?)',
            lastInsertRowid,
            foldText(e.payload.code ?? ''),
            foldText(e.payload.applicant?.fullName ?? ''),
            e.payload.applicant?.idNumber ?? '',
          );
        }
      }
    });
    if (!body.value.hasMore) break;
  }
  const events = db.get<{ n: number }>('SELECT count(*) AS n FROM event')?.n ?? 0;
  db.close();
  return events;
}

async function main(): Promise<void> {
  const backend = mode === 'floor' || mode === 'floor-plain' ? null : openDesk();
  if (backend && mode === 'catch-up') {
    await workOffline(backend);
    process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
    await nextLine();
  }
  const before = process.memoryUsage();
  const atStart = { startRssMb: Math.round(before.rss / 1048576), startHeapMb: Math.round(before.heapTotal / 1048576) };
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const writtenBefore = writtenBytes();
  let events = 0;
  if (backend) {
    await backend.sync.syncNow();
  } else {
    events = await floor(process.env.MOTCUA_BENCH_SERVER ?? '', process.env.MOTCUA_BENCH_TOKEN ?? '', mode === 'floor');
  }
  const ms = performance.now() - started;
  loopDelay.disable();
  const loop = { loopMaxMs: Math.round(loopDelay.max / 1e6), loopP99Ms: Math.round(loopDelay.percentile(99) / 1e6) };
  const writtenMb = Math.round((writtenBytes() - writtenBefore) / 1048576);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  sample();
  clearInterval(timer);
  if (backend) {
    events = backend.db.get<{ n: number }>('SELECT count(*) AS n FROM event')?.n ?? 0;
    const status = backend.sync.status();
    backend.close();
    if (status.lastError) throw new Error(JSON.stringify(status.lastError));
    if (status.pendingEvents !== 0) throw new Error(`${status.pendingEvents} events still pending`);
  }
  process.stdout.write(
    `${JSON.stringify({ ms, cpuMs, rssMb: Math.round(peak / 1048576), writtenMb, ...atPeak, ...atStart, maxResponse: maxBody, events, stalledMs: Math.round(stalledMs), ...loop })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
