import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openServerDatabase, type ServerDatabase } from '../../../server/db/database';
import { repoRoot, tempDir } from '../../helpers/backend';
import { createTestDatabase } from '../../helpers/postgres';
import { freePort } from '../../helpers/webhost';
import {
  ADMIN_TOKEN,
  act,
  backends,
  type Desktop,
  desktopFolds,
  enrolDesktop,
  OFFICES,
  openDesktop,
  prng,
  receive,
  serverFolds,
  startTestServer,
} from './support';

/**
 * Faults with real processes (issue 6): the desktop back end killed with SIGKILL in the middle of a
 * push and of a pull, the server killed and restarted in the middle of a batch, a TCP proxy that cuts
 * connections at random, a server answering 500s and time-outs. Each ends with nothing lost, nothing
 * stored twice, and sync having resumed by itself (the background loop, no test-driven retry).
 */
const child = join(__dirname, 'fixtures', 'desktop-child.ts');

/**
 * Runs a TypeScript file in a Node process of its own, with tsx's loader: the child's pid is the
 * script's, so SIGKILL reaches the back end or the server itself. (tsx's command line runs the script
 * in a grandchild: a SIGKILL sent to it killed only tsx and left the script running.)
 */
function spawnTs(script: string, options: SpawnOptions): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, ...options });
}

interface Progress {
  runs: number;
  pending: number;
  events: number;
  error: string | null;
  lastSyncAt: string | null;
}

function spawnDesktop(dataDir: string, env: Record<string, string> = {}) {
  const proc = spawnTs(child, {
    env: { ...process.env, MOTCUA_DATA: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let last: Progress | null = null;
  let stderr = '';
  let buffer = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) last = JSON.parse(line) as Progress;
  });
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, progress: () => last, stderr: () => stderr, exited };
}

async function waitFor<T>(
  what: string | (() => string),
  probe: () => T | Promise<T>,
  timeoutMs = 60_000,
  everyMs = 10,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const count = async (db: ServerDatabase, sql: string, params: unknown[] = []) =>
  Number((await db.query<{ n: string }>(sql, params))[0]?.n);

/** Every local event of the desk is on the server exactly once, acknowledged, the outbox empty. */
async function expectAllOnServer(db: ServerDatabase, desk: Desktop): Promise<void> {
  const local = desk.db.all<{ id: string; server_seq: number | null }>(
    `SELECT id, server_seq FROM event WHERE origin = 'local'`,
  );
  const onServer = await db.query<{ id: string; server_seq: string }>('SELECT id, server_seq FROM events');
  const seqs = new Map(onServer.map((r) => [r.id, Number(r.server_seq)]));
  expect(onServer.length).toBe(seqs.size);
  for (const e of local) {
    expect(seqs.has(e.id), `event ${e.id} on the server`).toBe(true);
    expect(e.server_seq, `event ${e.id} acknowledged`).toBe(seqs.get(e.id));
  }
  expect(desk.db.get<{ n: number }>('SELECT count(*) AS n FROM outbox')?.n).toBe(0);
}

/** N dossiers received, some transferred and worked on; number blocks refilled as the intake does. */
async function workload(desk: Desktop, dossiers: number): Promise<void> {
  for (let i = 0; i < dossiers; i++) {
    if (i % 25 === 0) await desk.sync.refillNumbers();
    const id = receive(desk, `Công dân ${i}`);
    if (i % 3 === 0) act(desk, id, 'step-completed', { step: 'Thẩm định' });
    if (i % 5 === 0) act(desk, id, 'transferred', { toOfficeId: OFFICES.b.id, mode: 'electronic' });
  }
}

for (const kind of Object.keys(backends) as (keyof typeof backends)[]) {
  describe(`sync faults with real processes, server on ${kind}`, () => {
    const cleanups: (() => unknown)[] = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('SIGKILL of the desktop back end in the middle of a push and of a pull loses and duplicates nothing', async () => {
      const server = await startTestServer(kind);
      cleanups.push(() => server.close());
      const sender = openDesktop(OFFICES.a.id, { name: 'sender' });
      await enrolDesktop(server, sender);
      await workload(sender, 400);
      const total = sender.db.get<{ n: number }>('SELECT count(*) AS n FROM event')?.n ?? 0;
      const senderDir = sender.dataDir;
      sender.close();

      // Killed twice while its batches are going out (a desktop clock a day behind, too).
      const env = { MAX_BATCH: '20', CLOCK_OFFSET_MS: String(-86_400_000) };
      for (const fraction of [0.1, 0.5]) {
        const run = spawnDesktop(senderDir, env);
        const seen = await waitFor(`server past ${fraction}`, async () => {
          const n = await count(server.setup.db, 'SELECT count(*) AS n FROM events');
          return n > total * fraction && n < total ? n : 0;
        });
        run.proc.kill('SIGKILL');
        await run.exited;
        expect(seen).toBeLessThan(total);
      }
      const last = spawnDesktop(senderDir, env);
      await waitFor('push complete', () => last.progress()?.pending === 0 && last.progress()?.lastSyncAt);
      last.proc.kill('SIGTERM');
      await last.exited;
      const reopened = openDesktop(OFFICES.a.id, { name: 'sender', dataDir: senderDir });
      cleanups.push(() => reopened.close());
      await expectAllOnServer(server.setup.db, reopened);
      expect(reopened.sync.status().clockSkewed).toBe(true);

      // A new desk of the office pulls everything; killed twice in the middle of its pages.
      const receiver = openDesktop(OFFICES.a.id, { name: 'receiver' });
      await enrolDesktop(server, receiver);
      const receiverDir = receiver.dataDir;
      receiver.close();
      let killedAt = 0;
      for (const step of [0.15, 0.25]) {
        // Slow enough (10 events a page, 150 ms a request) that a kill lands between pages even on a busy machine.
        const run = spawnDesktop(receiverDir, { PULL_LIMIT: '10', DELAY_MS: '150' });
        killedAt = await waitFor(
          () =>
            `pulled past ${killedAt} + ${step} of ${total}: ${JSON.stringify(run.progress())} ${run.stderr().slice(-500)}`,
          () => {
            const events = run.progress()?.events ?? 0;
            return events > killedAt + total * step && events < total ? events : 0;
          },
          60_000,
          2,
        );
        run.proc.kill('SIGKILL');
        await run.exited;
      }
      const finish = spawnDesktop(receiverDir, { PULL_LIMIT: '25' });
      await waitFor('pull complete', () => finish.progress()?.events === total && finish.progress()?.lastSyncAt);
      finish.proc.kill('SIGTERM');
      await finish.exited;
      const pulled = openDesktop(OFFICES.a.id, { name: 'receiver', dataDir: receiverDir });
      cleanups.push(() => pulled.close());
      const folds = await serverFolds(server);
      const mine = desktopFolds(pulled);
      expect(mine.size).toBe(400);
      for (const [id, hash] of mine) expect(hash, id).toBe(folds.get(id));
      expect(pulled.db.get<{ n: number }>('SELECT count(DISTINCT id) AS n FROM event')?.n).toBe(total);
    }, 180_000);

    it('a server killed and restarted in the middle of a batch: the desktop resumes by itself', async () => {
      const port = await freePort();
      const dir = tempDir('motcua-server-');
      cleanups.push(() => dir.remove());
      const database = kind === 'PostgreSQL' ? await createTestDatabase() : null;
      if (database) cleanups.push(() => database.drop());
      const env = {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        MOTCUA_SERVER_DATA: dir.dir,
        MOTCUA_ADMIN_TOKEN: ADMIN_TOKEN,
        LOG_LEVEL: 'silent',
        ...(database ? { DATABASE_URL: database.url } : {}),
      };
      let proc: ChildProcess | null = null;
      const url = `http://127.0.0.1:${port}`;
      const startServerProcess = async () => {
        proc = spawnTs(join(repoRoot, 'server', 'main.ts'), { env, stdio: 'ignore' });
        await waitFor(
          'server ready',
          () =>
            fetch(`${url}/ready`).then(
              (r) => r.ok,
              () => false,
            ),
          60_000,
          100,
        );
      };
      await startServerProcess();
      cleanups.push(() => proc?.kill('SIGKILL'));
      const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
      for (const o of [OFFICES.province, OFFICES.a, OFFICES.b]) {
        const res = await fetch(`${url}/admin/v1/offices`, { method: 'POST', headers: admin, body: JSON.stringify(o) });
        expect(res.status, await res.text()).toBeLessThan(300);
      }
      const codeRes = await fetch(`${url}/admin/v1/offices/${OFFICES.a.id}/enrolment-codes`, {
        method: 'POST',
        headers: admin,
        body: '{}',
      });
      const { code } = ((await codeRes.json()) as { value: { code: string } }).value;
      const desk = openDesktop(OFFICES.a.id, {
        name: 'restart',
        sync: { maxBatchEvents: 100, periodMs: 200, baseBackoffMs: 100, maxBackoffMs: 1000 },
      });
      cleanups.push(() => desk.dispose());
      await desk.sync.enrol(url, code, 'restart');
      await workload(desk, 600);
      const total = desk.sync.status().pendingEvents;
      desk.sync.start();
      await waitFor(
        'first batch acknowledged',
        () => {
          const pending = desk.sync.status().pendingEvents;
          return pending < total && pending > 0;
        },
        60_000,
        2,
      );
      const killed = proc as ChildProcess | null;
      killed?.kill('SIGKILL');
      if (killed && killed.exitCode === null && killed.signalCode === null) await once(killed, 'exit');
      // Really down: nothing answers on its port until the new process does.
      expect(
        await fetch(`${url}/ready`).then(
          () => 'answered',
          () => 'down',
        ),
      ).toBe('down');
      await startServerProcess();
      await waitFor('desktop caught up by itself', () => desk.sync.status().pendingEvents === 0, 90_000, 50);
      await desk.sync.idle();
      desk.sync.stop();
      (proc as ChildProcess | null)?.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 1500));
      const db = await openServerDatabase(
        database ? { databaseUrl: database.url } : { dataDir: join(dir.dir, 'pglite') },
      );
      try {
        await expectAllOnServer(db, desk);
        expect(await count(db, 'SELECT count(*) AS n FROM events')).toBe(total);
      } finally {
        await db.close();
      }
    }, 240_000);

    it('a TCP proxy cutting connections at random, and a server answering 500s and time-outs', async () => {
      const random = prng(6006);
      let faults = 0;
      let faultsOn = false;
      const server = await startTestServer(kind, true, (app) => {
        // 500 before doing anything, 500 after committing, or an answer later than the client waits.
        app.addHook('onRequest', async (request, reply) => {
          if (!faultsOn || !request.url.startsWith('/sync/v1/')) return;
          const roll = random();
          if (roll < 0.15) {
            faults++;
            return reply.code(500).send({
              ok: false,
              error: { code: 'INTERNAL', message: 'injected' },
              serverTime: new Date().toISOString(),
            });
          }
          if (roll < 0.25) {
            faults++;
            await new Promise((r) => setTimeout(r, 1200));
          }
        });
        app.addHook('onSend', async (request, reply, payload) => {
          if (faultsOn && request.url.startsWith('/sync/v1/push') && random() < 0.2) {
            faults++;
            reply.code(500);
            return JSON.stringify({
              ok: false,
              error: { code: 'INTERNAL', message: 'after commit' },
              serverTime: new Date().toISOString(),
            });
          }
          return payload;
        });
      });
      cleanups.push(() => server.close());
      const proxy = await cuttingProxy(Number(new URL(server.url).port), random);
      cleanups.push(() => proxy.close());
      const viaProxy = `http://127.0.0.1:${proxy.port}`;
      // Answers later than 0.8 s count as lost (the server still does the work: the next try is a duplicate).
      const settings = { timeoutMs: 800, maxBatchEvents: 50, pullLimit: 50, periodMs: 100, maxBackoffMs: 300 };
      const sender = openDesktop(OFFICES.a.id, { name: 'p-sender', sync: settings });
      const receiver = openDesktop(OFFICES.b.id, { name: 'p-receiver', sync: settings });
      cleanups.push(
        () => sender.dispose(),
        () => receiver.dispose(),
      );
      for (const desk of [sender, receiver]) {
        await enrolDesktop({ ...server, url: server.url }, desk);
        // From now on everything goes through the proxy.
        desk.db.run(`UPDATE meta SET value = ? WHERE key = 'sync.serverUrl'`, viaProxy);
      }
      await workload(sender, 300);
      const total = sender.sync.status().pendingEvents;
      faultsOn = true;
      sender.sync.start();
      receiver.sync.start();
      const transferred = await waitFor(
        'everything through',
        async () => {
          if (sender.sync.status().pendingEvents !== 0) return 0;
          const expected = await count(
            server.setup.db,
            `SELECT count(*) AS n FROM events WHERE dossier_id IN (SELECT dossier_id FROM dossier_access WHERE office_id = $1)`,
            [OFFICES.b.id],
          );
          const have = receiver.db.get<{ n: number }>('SELECT count(*) AS n FROM event')?.n ?? 0;
          return expected > 0 && have === expected ? have : 0;
        },
        120_000,
        50,
      );
      sender.sync.stop();
      receiver.sync.stop();
      await sender.sync.idle();
      await receiver.sync.idle();
      expect(proxy.cuts()).toBeGreaterThan(0);
      expect(faults).toBeGreaterThan(0);
      await expectAllOnServer(server.setup.db, sender);
      expect(await count(server.setup.db, 'SELECT count(*) AS n FROM events')).toBe(total);
      const folds = await serverFolds(server);
      const seen = desktopFolds(receiver);
      expect(seen.size).toBe(60);
      for (const [id, hash] of seen) expect(hash, id).toBe(folds.get(id));
      expect(transferred).toBeGreaterThan(0);
    }, 180_000);
  });
}

/** A loopback TCP proxy that cuts some connections after a random number of bytes. */
async function cuttingProxy(
  target: number,
  random: () => number,
): Promise<{ port: number; cuts: () => number; close: () => Promise<void> }> {
  let cuts = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: target });
    sockets.add(client);
    sockets.add(upstream);
    const limit = random() < 0.35 ? Math.floor(random() * 6000) : Number.POSITIVE_INFINITY;
    let bytes = 0;
    const cut = () => {
      cuts++;
      client.destroy();
      upstream.destroy();
    };
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > limit) return cut();
        to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    cuts: () => cuts,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
