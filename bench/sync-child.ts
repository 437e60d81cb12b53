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
 * Prints its result as the last JSON line: the sync's time and CPU time, the process's peak RSS (and its RSS and heap
 * just before the sync), the largest body sent or received, and the events stored.
 */
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { openBackend } from '../electron/backend/backend';
import { drawDossierCode } from '../electron/backend/desk/numbering';
import { fetchTransport } from '../electron/backend/sync/client';
import { fileCredentialStore } from '../electron/backend/sync/credentials';
import { BENCH_OFFICE, deskSecret, receivedPayload } from './sync-data';

const [mode = 'first', dataDir = '', assetsDir = ''] = process.argv.slice(2);
let maxBody = 0;
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
const backend = openBackend({
  dataDir,
  assetsDir,
  version: 'bench',
  log: pino({ level: 'silent' }),
  secret: deskSecret(dataDir),
  credentials: fileCredentialStore(dataDir),
  sync: {
    autoStart: false,
    // Events per pull page (default: the engine's).
    ...(process.env.PULL_LIMIT ? { pullLimit: Number(process.env.PULL_LIMIT) } : {}),
    transport: async (request) => {
      const response = await fetchTransport(request);
      maxBody = Math.max(maxBody, response.body.length, request.body ? Buffer.byteLength(request.body) : 0);
      sample();
      return response;
    },
  },
});

/** A week at the counter while offline: 1,250 dossiers received, handled and returned here. */
async function workOffline(): Promise<void> {
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

async function main(): Promise<void> {
  if (mode === 'catch-up') {
    await workOffline();
    process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
    await nextLine();
  }
  const before = process.memoryUsage();
  const atStart = { startRssMb: Math.round(before.rss / 1048576), startHeapMb: Math.round(before.heapTotal / 1048576) };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await backend.sync.syncNow();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  sample();
  clearInterval(timer);
  const events = backend.db.get<{ n: number }>('SELECT count(*) AS n FROM event')?.n ?? 0;
  const status = backend.sync.status();
  backend.close();
  if (status.lastError) throw new Error(JSON.stringify(status.lastError));
  if (status.pendingEvents !== 0) throw new Error(`${status.pendingEvents} events still pending`);
  process.stdout.write(
    `${JSON.stringify({ ms, cpuMs, rssMb: Math.round(peak / 1048576), ...atPeak, ...atStart, maxResponse: maxBody, events })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
