/**
 * Sync benchmark (issue 6, DESIGN.md §8), everything on loopback in the same run on the same content:
 *
 *   npx tsx bench/sync.bench.ts [--dossiers 100000] [--runs 3] [--pouch-runs 1] [--no-pouch] [--spread] [--cpu-prof]
 *
 * 1. The central server (real, on the tests' PostgreSQL: test/helpers/postgres.ts) holds N dossiers
 *    with their histories (received, step completed, result recorded, returned: 4 events each), written
 *    straight into its tables: a dossier's events one after the other, or with --spread days apart with
 *    other dossiers' events in between, in the order a real office's log has them.
 * 2. First sync: a desktop back end in a child process (enrolled, empty) runs the sync engine until it
 *    has everything: events, projections and full-text entries. Its database is encrypted with a key
 *    file, as the web host's is. Its peak RSS and the largest response it received are recorded.
 * 3. Floor: the same pages fetched over HTTP and bulk-inserted into SQLite (events + one row and one
 *    FTS5 entry per dossier, no fold), in one transaction per page, in a child process as the desktop's
 *    is: into a database encrypted like the desktop's (the ratio's floor) and into a plain one (reported
 *    beside it).
 * 4. PouchDB: the same dossiers as documents carrying their history ({ _id, events: [...] }) served by
 *    express-pouchdb (over a pouchdb-node LevelDB) and replicated into an empty pouchdb-node database,
 *    with default settings and with batch_size 1000.
 * 5. Catch-up after a week offline: a desktop that already has the history (the last first sync's)
 *    writes 5,000 local events in its child process while 20,000 remote events arrive on the server,
 *    then syncs (push + pull), timed in the child; --runs times, three at most (today's dossier numbers).
 * The child runs as JavaScript bundled by esbuild (out/bench/sync-child.cjs), without tsx. With
 * --cpu-prof it writes V8 CPU profiles of each child to $TMPDIR/motcua-sync-prof.
 * Prints medians and writes nothing else; results go to BENCHMARKS.md by hand.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openBackend } from '../electron/backend/backend';
import { fileCredentialStore } from '../electron/backend/sync/credentials';
import { buildServer } from '../server/app';
import { openServerDatabase, type ServerDatabase } from '../server/db/database';
import { issueEnrolmentCode } from '../server/enrolment/devices';
import { addOffice } from '../server/office/offices';
import { type EventRow, rawEventOf } from '../server/sync/events';
import { createTestDatabase } from '../test/helpers/postgres';
import { BENCH_OFFICE, deskSecret, EVENT_OFFSETS_MS, history } from './sync-data';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const DOSSIERS = arg('dossiers', 100_000);
const RUNS = arg('runs', 3);
const POUCH_RUNS = arg('pouch-runs', 1);
const WITH_POUCH = !args.includes('--no-pouch');
const SPREAD = args.includes('--spread');
const OFFSETS = SPREAD ? EVENT_OFFSETS_MS.spread : EVENT_OFFSETS_MS.hours;
const PROFILE = args.includes('--cpu-prof') ? join(tmpdir(), 'motcua-sync-prof') : null;
const root = join(__dirname, '..');
const log = pino({ level: 'silent' });
const OFFICE = BENCH_OFFICE;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Writes the histories straight into the server's tables (as accepted pushes would have): each dossier's
 * events one after the other, or with --spread in the order they happened (a dossier's events days apart,
 * the other dossiers' in between, as in a real office's log).
 */
async function loadServer(
  db: ServerDatabase,
  deviceId: string,
  count: number,
  baseMs: number,
  offset = 0,
): Promise<void> {
  const all: ReturnType<typeof history>[] = [];
  for (let i = 0; i < count; i++) all.push(history(offset + i, deviceId, baseMs, OFFSETS));
  const inOrder = all.flat();
  if (SPREAD) inOrder.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
  for (let start = 0; start < inOrder.length; start += 8000) {
    const events = inOrder.slice(start, start + 8000);
    await db.query(
      `INSERT INTO events (id, dossier_id, type, office_id, user_id, device_id, pushed_by, hlc, wall_time, payload)
       SELECT id, dossier_id, type, $1, 'can-bo-1', $2, $2, hlc, wall_time, payload::jsonb
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY
           AS t(id, dossier_id, type, hlc, wall_time, payload, n)
        ORDER BY n`,
      [
        OFFICE.id,
        deviceId,
        events.map((e) => e.id),
        events.map((e) => e.dossierId),
        events.map((e) => e.type),
        events.map((e) => e.hlc),
        events.map((e) => e.wallTime),
        events.map((e) => JSON.stringify(e.payload)),
      ],
    );
  }
  for (let start = 0; start < all.length; start += 2000) {
    const dossierIds = all.slice(start, start + 2000).map((h) => h[0]?.dossierId);
    await db.query(
      `INSERT INTO dossier_access (dossier_id, office_id, granted_seq)
       SELECT dossier_id, $1, min(server_seq) FROM events WHERE dossier_id = ANY($2) GROUP BY dossier_id`,
      [OFFICE.id, dossierIds],
    );
    await db.query(
      `INSERT INTO dossier_holder (dossier_id, holder_office_id, receiving_office_id, code, last_seq)
       SELECT dossier_id, $1, $1, NULL, max(server_seq) FROM events WHERE dossier_id = ANY($2) GROUP BY dossier_id`,
      [OFFICE.id, dossierIds],
    );
  }
}

async function enrolled(serverUrl: string, db: ServerDatabase): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-desk-'));
  const backend = openBackend({
    dataDir: dir,
    assetsDir: join(root, 'assets'),
    version: 'bench',
    log,
    secret: deskSecret(dir),
    credentials: fileCredentialStore(dir),
    sync: { autoStart: false },
  });
  const { code } = await issueEnrolmentCode(db, OFFICE.id);
  await backend.sync.enrol(serverUrl, code, 'bench');
  backend.close();
  return dir;
}

interface ChildResult {
  ms: number;
  rssMb: number;
  heapMb: number;
  externalMb: number;
  startRssMb: number;
  cpuMs: number;
  /** Written to storage during the sync (the database, its log and their checkpoints), from /proc. */
  writtenMb: number;
  startHeapMb: number;
  maxResponse: number;
  events: number;
  /** The floor's time waiting for its next page (0 for ours). */
  stalledMs: number;
  /** How long the event loop was held during the sync: the longest delay and the 99th percentile. */
  loopMaxMs: number;
  loopP99Ms: number;
}

/**
 * Bundles bench/sync-child.ts to plain JavaScript (esbuild; packages stay in node_modules), so the child
 * runs on Node alone: no compiler in its memory or its time.
 */
async function buildChild(): Promise<string> {
  const esbuild = (await import('esbuild')) as typeof import('esbuild');
  const outfile = join(root, 'out', 'bench', 'sync-child.cjs');
  await esbuild.build({
    entryPoints: [join(__dirname, 'sync-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * The desktop back end in a child process (`first`: first sync; `catch-up`: a week of local work, then
 * `beforeSync` runs here, then the sync), with its time, peak RSS and largest body.
 */
function syncInChild(
  childJs: string,
  mode: 'first' | 'catch-up' | 'floor' | 'floor-plain',
  dataDir: string,
  beforeSync?: () => Promise<void>,
  env: Record<string, string> = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      [...(PROFILE ? ['--cpu-prof', '--cpu-prof-dir', PROFILE] : []), childJs, mode, dataDir, join(root, 'assets')],
      { stdio: [mode === 'catch-up' ? 'pipe' : 'ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } },
    );
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('{"ready":true}') && beforeSync) {
        const run = beforeSync;
        beforeSync = undefined;
        run().then(
          () => child.stdin?.end('go\n'),
          (error: unknown) => {
            child.kill();
            reject(error);
          },
        );
      }
    });
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`child exited ${code}: ${out}`));
      resolve(JSON.parse(line) as ChildResult);
    });
  });
}

/**
 * PouchDB replicating the same dossiers: the server's events up to `lastSeq` (the first load), read back
 * as documents carrying their history. Read back rather than kept since the load, so that the server's
 * process does not carry them (and their garbage collections) through the other measurements.
 */
async function pouch(
  db: ServerDatabase,
  lastSeq: number,
): Promise<{ defaultMs: number[]; batch1000Ms: number[] } | { error: string }> {
  let PouchDB: PouchStatic;
  let expressPouchdb: (p: unknown, o: unknown) => unknown;
  let express: () => ExpressApp;
  try {
    PouchDB = require('pouchdb-node') as PouchStatic;
    expressPouchdb = require('express-pouchdb') as typeof expressPouchdb;
    express = require('express') as typeof express;
  } catch (error) {
    return { error: `PouchDB not installed: ${String(error)}` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-pouch-'));
  const Remote = PouchDB.defaults({ prefix: `${dir}/` });
  const app = express();
  app.use('/', expressPouchdb(Remote, { mode: 'minimumForPouchDB', inMemoryConfig: true }));
  const server = createServer(app as unknown as Parameters<typeof createServer>[1]);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const source = new Remote('dossiers');
  const ids = (
    await db.query<{ id: string }>(
      'SELECT DISTINCT dossier_id AS id FROM events WHERE server_seq <= $1 ORDER BY dossier_id',
      [lastSeq],
    )
  ).map((r) => r.id);
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db.query<EventRow>(
      'SELECT * FROM events WHERE dossier_id = ANY($1) AND server_seq <= $2 ORDER BY dossier_id, server_seq',
      [ids.slice(i, i + 1000), lastSeq],
    );
    const docs = new Map<string, Record<string, unknown>[]>();
    for (const row of rows) {
      const events = docs.get(row.dossier_id);
      if (events) events.push(rawEventOf(row));
      else docs.set(row.dossier_id, [rawEventOf(row)]);
    }
    await source.bulkDocs([...docs].map(([id, events]) => ({ _id: id, events })));
  }
  const result = { defaultMs: [] as number[], batch1000Ms: [] as number[] };
  for (let run = 0; run < POUCH_RUNS; run++) {
    for (const mode of ['default', 'batch1000'] as const) {
      const target = new PouchDB(join(dir, `local-${mode}-${run}`));
      const started = performance.now();
      await target.replicate.from(
        `http://127.0.0.1:${port}/dossiers`,
        mode === 'batch1000' ? { batch_size: 1000 } : {},
      );
      const ms = performance.now() - started;
      (mode === 'default' ? result.defaultMs : result.batch1000Ms).push(ms);
      const info = await target.info();
      if (info.doc_count !== ids.length) throw new Error(`PouchDB replicated ${info.doc_count} of ${ids.length}`);
      await target.close();
    }
  }
  await source.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
  return result;
}

interface PouchDatabase {
  bulkDocs(docs: unknown[]): Promise<unknown>;
  info(): Promise<{ doc_count: number }>;
  close(): Promise<void>;
  replicate: { from(url: string, options: object): Promise<unknown> };
}
interface PouchStatic {
  new (name: string): PouchDatabase;
  defaults(options: object): new (name: string) => PouchDatabase;
}
interface ExpressApp {
  use(path: string, handler: unknown): void;
}

/**
 * A desktop that has the history goes offline a week: 5,000 local events written in the child, 20,000
 * remote events reach the server meanwhile; then one sync (push + pull), timed in the child.
 */
async function catchUp(
  childJs: string,
  db: ServerDatabase,
  deviceId: string,
  baseDir: string,
  offset: number,
): Promise<ChildResult> {
  return syncInChild(childJs, 'catch-up', baseDir, async () => {
    await loadServer(db, deviceId, 5000, Date.now() - 7 * 86_400_000, offset);
  });
}

async function main(): Promise<void> {
  process.stdout.write(
    `sync bench: ${DOSSIERS} dossiers × 4 events${SPREAD ? ' spread over days' : ''}, ${RUNS} runs; ${cpus().length}× ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
  );
  const database = await createTestDatabase();
  const db = await openServerDatabase({ databaseUrl: database.url });
  const app = await buildServer({ db, log, version: 'bench' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const serverUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    await addOffice(db, OFFICE);
    const seedDir = await enrolled(serverUrl, db);
    const deviceId = (await db.query<{ id: string }>('SELECT id FROM devices LIMIT 1'))[0]?.id ?? '';
    let t = performance.now();
    await loadServer(db, deviceId, DOSSIERS, Date.parse('2025-01-02T01:00:00Z'));
    const loadedSeq = Number((await db.query<{ n: string }>('SELECT max(server_seq) AS n FROM events'))[0]?.n);
    process.stdout.write(`server loaded in ${secs(performance.now() - t)}\n`);
    rmSync(seedDir, { recursive: true, force: true });

    const childJs = await buildChild();
    const token = (await enrolledToken(serverUrl, db)) ?? '';
    const ours: number[] = [];
    const rss: number[] = [];
    const floors: number[] = [];
    const plainFloors: number[] = [];
    // CPU times of each run (ours, the encrypted floor): on a machine where the server builds pages
    // more slowly than the floor stores them, the floor's wall time includes that wait.
    const oursCpu: number[] = [];
    const floorCpu: number[] = [];
    // How long an officer's request could wait for the back end while a sync runs.
    const loops: Record<'first sync' | 'catch-up', { max: number[]; p99: number[] }> = {
      'first sync': { max: [], p99: [] },
      'catch-up': { max: [], p99: [] },
    };
    let maxResponse = 0;
    let lastDir = '';
    const floorIn = async (mode: 'floor' | 'floor-plain') => {
      const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-floor-'));
      const env = { MOTCUA_BENCH_SERVER: serverUrl, MOTCUA_BENCH_TOKEN: token };
      const result = await syncInChild(childJs, mode, dir, undefined, env);
      rmSync(dir, { recursive: true, force: true });
      if (result.events !== DOSSIERS * 4) throw new Error(`${mode} got ${result.events} events`);
      process.stdout.write(
        `  ${mode} run: ${secs(result.ms)} (CPU ${secs(result.cpuMs)}), written ${result.writtenMb} MB, peak RSS ${result.rssMb} MB, waiting for pages ${secs(result.stalledMs)}\n`,
      );
      if (mode === 'floor') floorCpu.push(result.cpuMs);
      return result.ms;
    };
    // Each run times ours and then the two floors, one after the other: this machine's speed drifts by
    // a fifth within a bench (BENCHMARKS.md, session 11), so the ratio is taken within each run.
    for (let run = 0; run < RUNS; run++) {
      const dir = await enrolled(serverUrl, db);
      const result = await syncInChild(childJs, 'first', dir);
      if (result.events !== DOSSIERS * 4) throw new Error(`first sync got ${result.events} events`);
      ours.push(result.ms);
      oursCpu.push(result.cpuMs);
      loops['first sync'].max.push(result.loopMaxMs);
      loops['first sync'].p99.push(result.loopP99Ms);
      rss.push(result.rssMb);
      maxResponse = Math.max(maxResponse, result.maxResponse);
      process.stdout.write(
        `  first sync run ${run + 1}: ${secs(result.ms)} (CPU ${secs(result.cpuMs)}), written ${result.writtenMb} MB, peak RSS ${result.rssMb} MB (V8 heap ${result.heapMb} MB, external ${result.externalMb} MB; before the sync: RSS ${result.startRssMb} MB, heap ${result.startHeapMb} MB), event loop held up to ${result.loopMaxMs} ms (p99 ${result.loopP99Ms} ms)\n`,
      );
      if (lastDir) rmSync(lastDir, { recursive: true, force: true });
      lastDir = dir;
      floors.push(await floorIn('floor'));
      plainFloors.push(await floorIn('floor-plain'));
    }
    const catchUps: number[] = [];
    const catchUpRss: number[] = [];
    // Each catch-up run receives 1,250 dossiers here today, numbered from the server's blocks (numbers 1 to
    // 5999 of an agency's day, shared/codes/numbering.ts), which every desktop enrolled here also draws 50
    // of: with five first syncs the fourth run ran out (`NUMBERING_EXHAUSTED`), with six at 2,000 dossiers
    // the fifth. Three always fit.
    for (let run = 0; run < Math.min(RUNS, 3); run++) {
      // The same desktop each run: it pulls this run's remote week and gets its own 5,000 events back.
      const result = await catchUp(childJs, db, deviceId, lastDir, DOSSIERS + run * 5000);
      catchUps.push(result.ms);
      catchUpRss.push(result.rssMb);
      loops['catch-up'].max.push(result.loopMaxMs);
      loops['catch-up'].p99.push(result.loopP99Ms);
      maxResponse = Math.max(maxResponse, result.maxResponse);
      process.stdout.write(
        `  catch-up run ${run + 1}: ${secs(result.ms)} (CPU ${secs(result.cpuMs)}), written ${result.writtenMb} MB, peak RSS ${result.rssMb} MB, event loop held up to ${result.loopMaxMs} ms (p99 ${result.loopP99Ms} ms)\n`,
      );
    }
    rmSync(lastDir, { recursive: true, force: true });
    t = performance.now();
    const pouchResult = WITH_POUCH ? await pouch(db, loadedSeq) : { error: 'skipped (--no-pouch)' };
    const pouchMs = performance.now() - t;

    process.stdout.write('\nresults (medians):\n');
    process.stdout.write(`  first sync (ours, child process): ${secs(median(ours))}  [${ours.map(secs).join(', ')}]\n`);
    process.stdout.write(
      `  floor (HTTP + SQLite/FTS5 bulk, encrypted like the desktop's):  ${secs(median(floors))}  [${floors.map(secs).join(', ')}]\n`,
    );
    const ratios = (floor: number[]) => ours.map((ms, i) => ms / (floor[i] ?? Number.NaN));
    const ratioText = (floor: number[]) =>
      `${median(ratios(floor)).toFixed(2)}  [${ratios(floor)
        .map((r) => r.toFixed(2))
        .join(', ')}] (of the medians: ${(median(ours) / median(floor)).toFixed(2)})`;
    process.stdout.write(`  ratio ours / floor, median of the runs' own: ${ratioText(floors)}\n`);
    const cpuRatios = oursCpu.map((ms, i) => ms / (floorCpu[i] ?? Number.NaN));
    process.stdout.write(
      `  ratio of CPU times, ours / floor, median of the runs' own: ${median(cpuRatios).toFixed(2)}  [${cpuRatios.map((r) => r.toFixed(2)).join(', ')}]\n`,
    );
    process.stdout.write(
      `  floor into plain SQLite: ${secs(median(plainFloors))}  [${plainFloors.map(secs).join(', ')}]\n`,
    );
    process.stdout.write(`  ratio ours / plain floor, median of the runs' own: ${ratioText(plainFloors)}\n`);
    process.stdout.write(`  peak RSS of the desktop back end, first sync: ${Math.max(...rss)} MB\n`);
    process.stdout.write(`  peak RSS of the desktop back end, catch-up: ${Math.max(...catchUpRss)} MB\n`);
    process.stdout.write(`  largest response received: ${(maxResponse / 1048576).toFixed(2)} MB\n`);
    for (const [kind, loop] of Object.entries(loops)) {
      process.stdout.write(
        `  event loop held during the ${kind}: up to ${Math.max(...loop.max)} ms, p99 ${median(loop.p99)} ms (median of the runs)\n`,
      );
    }
    process.stdout.write(
      `  catch-up (5,000 local + 20,000 remote events): ${secs(median(catchUps))}  [${catchUps.map(secs).join(', ')}]\n`,
    );
    if ('error' in pouchResult) process.stdout.write(`  PouchDB: ${pouchResult.error}\n`);
    else {
      const d = median(pouchResult.defaultMs);
      const b = median(pouchResult.batch1000Ms);
      process.stdout.write(`  PouchDB default: ${secs(d)}  (ours ${(d / median(ours)).toFixed(1)}× faster)\n`);
      process.stdout.write(`  PouchDB batch_size 1000: ${secs(b)}  (ours ${(b / median(ours)).toFixed(1)}× faster)\n`);
      process.stdout.write(`  (PouchDB load + replications took ${secs(pouchMs)})\n`);
    }
  } finally {
    await app.close();
    await db.close();
    await database.drop();
  }
}

async function enrolledToken(serverUrl: string, db: ServerDatabase): Promise<string | null> {
  const dir = await enrolled(serverUrl, db);
  const token = fileCredentialStore(dir).read();
  rmSync(dir, { recursive: true, force: true });
  return token;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
