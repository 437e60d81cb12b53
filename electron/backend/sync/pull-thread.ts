import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CalendarFile } from '../../../shared/calendar/schema';
import { SyncHttpError, SyncNetworkError } from './client';
import type { PageReading } from './page';

/** One pull page as the engine stores it: the cursor it leads to and its events checked and prepared. */
export interface ReadPage {
  nextCursor: number;
  hasMore: boolean;
  reading: PageReading;
}

export interface PullRequest {
  id: number;
  serverUrl: string;
  token: string;
  language: 'vi' | 'en' | undefined;
  timeoutMs: number | undefined;
  after: number;
  limit: number;
  calendar: CalendarFile;
}

export type PullReply =
  | {
      id: number;
      ok: true;
      page: ReadPage;
      /** The answer's server time, how long ago it arrived and its round trip (the clock check). */
      serverTime: { value: string; ageMs: number; roundTripMs: number } | null;
    }
  | {
      id: number;
      ok: false;
      error:
        | { kind: 'http'; status: number; code: string; message: string; params: Record<string, string | number> }
        | { kind: 'network'; message: string };
    };

/** The worker could not be started or stopped answering: the engine reads pages itself. */
export class PullThreadUnavailable extends Error {}

/**
 * Starts the pull worker: the built file beside the bundle that runs this (the Electron build and the
 * bench), else the TypeScript source through tsx's loader (the web host and the tests run the sources).
 */
export function startPullWorker(): Worker {
  // A page's working set is a few MB. V8's default young generation alone would add some 30 MB of
  // resident memory to the back end's (bench/sync.bench.ts: peak RSS 204-246 MB with the defaults,
  // 186-195 MB with these; the budget is 200 MB).
  const options = { resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 } };
  const built = join(__dirname, 'pull-worker.js');
  if (existsSync(built)) return new Worker(built, options);
  const source = join(__dirname, 'pull-worker.ts');
  return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(source)});`, {
    ...options,
    eval: true,
  });
}

/**
 * A thread that fetches and prepares pull pages (sync/pull-worker.ts) while the back end's thread
 * stores the previous one: a first sync or a catch-up then takes about the longer of the two instead
 * of their sum, and the back end's thread, which also answers the counter, does half the work. Started
 * on first use, stopped after `idleMs` without a request, and never kept alive for the process.
 */
export class PullThread {
  private worker: Worker | null = null;
  private failed = false;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly pending = new Map<number, { resolve: (reply: PullReply) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly onServerTime: (serverTime: string, localMs: number, roundTripMs: number) => void,
    private readonly now: () => number,
    private readonly start: () => Worker = startPullWorker,
    private readonly idleMs = 30_000,
  ) {}

  /** False once the worker failed to start or died: the caller reads pages itself from then on. */
  get available(): boolean {
    return !this.failed;
  }

  async read(request: Omit<PullRequest, 'id'>): Promise<ReadPage> {
    const reply = await this.exchange({ ...request, id: this.nextId++ });
    if (!reply.ok) {
      const { error } = reply;
      if (error.kind === 'http') throw new SyncHttpError(error.status, error.code, error.message, error.params);
      throw new SyncNetworkError(error.message);
    }
    if (reply.serverTime) {
      const { value, ageMs, roundTripMs } = reply.serverTime;
      this.onServerTime(value, this.now() - ageMs, roundTripMs);
    }
    return reply.page;
  }

  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.worker;
    this.worker = null;
    this.failAll(new PullThreadUnavailable('pull worker stopped'));
    void worker?.terminate();
  }

  private exchange(request: PullRequest): Promise<PullReply> {
    if (this.failed) return Promise.reject(new PullThreadUnavailable('pull worker unavailable'));
    const worker = this.ensureWorker();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    return new Promise<PullReply>((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      worker.postMessage(request);
    }).finally(() => {
      if (this.pending.size === 0 && this.worker) {
        this.idleTimer = setTimeout(() => this.close(), this.idleMs);
        this.idleTimer.unref();
      }
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.start();
    worker.unref();
    worker.on('message', (reply: PullReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      waiting?.resolve(reply);
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.failed = true;
      this.worker = null;
      this.failAll(new PullThreadUnavailable(error.message));
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`pull worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}
