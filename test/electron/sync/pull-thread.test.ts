import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncHttpError, SyncNetworkError } from '../../../electron/backend/sync/client';
import { fileCredentialStore } from '../../../electron/backend/sync/credentials';
import type { SyncEngineOptions } from '../../../electron/backend/sync/engine';
import { PullThread, PullThreadUnavailable } from '../../../electron/backend/sync/pull-thread';
import {
  act,
  type Desktop,
  desktopFolds,
  enrolDesktop,
  OFFICES,
  openDesktop,
  receive,
  serverFolds,
  startTestServer,
  type TestServer,
} from './support';

/** The pull thread (sync/pull-thread.ts) on its own and when it cannot be had, on PGlite. */
describe('pull thread', () => {
  let server: TestServer;
  const desks: Desktop[] = [];
  let source: Desktop;
  const open = (name: string, sync: Partial<SyncEngineOptions> = {}) => {
    const desk = openDesktop(OFFICES.a.id, { name, sync: { pullLimit: 2, ...sync } });
    desks.push(desk);
    return desk;
  };
  const threads: PullThread[] = [];
  const thread = (onServerTime: ConstructorParameters<typeof PullThread>[0] = () => undefined) => {
    const t = new PullThread(onServerTime, Date.now);
    threads.push(t);
    return t;
  };

  beforeAll(async () => {
    server = await startTestServer('PGlite');
    source = open('source');
    await enrolDesktop(server, source);
    for (const name of ['Lê Thị Một', 'Lê Thị Hai', 'Lê Thị Ba']) {
      const id = receive(source, name);
      act(source, id, 'step-completed', { step: 'Thẩm định' });
    }
    await source.sync.syncNow();
  }, 120_000);
  afterAll(async () => {
    for (const t of threads) t.close();
    for (const d of desks) d.dispose();
    await server?.close();
  });

  it('fetches and prepares a page with the server time of its answer', async () => {
    const desk = open('reader');
    await enrolDesktop(server, desk);
    const times: { localMs: number; roundTripMs: number }[] = [];
    const t = thread((_serverTime, localMs, roundTripMs) => times.push({ localMs, roundTripMs }));
    const before = Date.now();
    const page = await t.read({
      serverUrl: server.url,
      token: fileCredentialStore(desk.dataDir).read() ?? '',
      language: 'en',
      timeoutMs: 5000,
      after: 0,
      limit: 2,
      calendar: {},
    });
    expect(page.hasMore).toBe(true);
    expect(page.reading.ok && page.reading.prepared.events.map((e) => e.type)).toEqual(['received', 'step-completed']);
    expect(times).toHaveLength(1);
    expect(times[0]?.localMs).toBeGreaterThanOrEqual(before);
    expect(times[0]?.localMs).toBeLessThanOrEqual(Date.now());
  });

  it("passes on the server's refusal and an unreachable server as the engine's errors", async () => {
    const t = thread();
    const request = { language: 'en' as const, timeoutMs: 5000, after: 0, limit: 2, calendar: {} };
    const refused = t.read({ ...request, serverUrl: server.url, token: 'not-a-device-token' });
    await expect(refused).rejects.toBeInstanceOf(SyncHttpError);
    await expect(refused).rejects.toMatchObject({ status: 401 });
    const unreachable = t.read({ ...request, serverUrl: 'http://127.0.0.1:9', token: 'x' });
    await expect(unreachable).rejects.toBeInstanceOf(SyncNetworkError);
    expect(t.available).toBe(true);
  });

  it('without a worker the engine prepares the pages itself and loses nothing', async () => {
    const broken = () => new Worker('throw new Error("no worker on this machine")', { eval: true });
    const desk = open('no-thread', { startPullWorker: broken });
    await enrolDesktop(server, desk);
    const report = await desk.sync.syncNow();
    expect(report?.pulled).toBe(6);
    expect(report?.pulledInThread).toBe(0);
    expect(desktopFolds(desk)).toEqual(await serverFolds(server));

    const t = new PullThread(() => undefined, Date.now, broken);
    threads.push(t);
    const request = { serverUrl: server.url, token: 'x', language: 'en' as const, timeoutMs: 5000, after: 0, limit: 2 };
    await expect(t.read({ ...request, calendar: {} })).rejects.toBeInstanceOf(PullThreadUnavailable);
    expect(t.available).toBe(false);
  });
});
