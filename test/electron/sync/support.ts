import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { type Backend, openBackend } from '../../../electron/backend/backend';
import { drawDossierCode } from '../../../electron/backend/desk/numbering';
import type { Actor } from '../../../electron/backend/dossier/store';
import type { Transport } from '../../../electron/backend/sync/client';
import { fileCredentialStore } from '../../../electron/backend/sync/credentials';
import type { SyncEngineOptions } from '../../../electron/backend/sync/engine';
import type { ServerOptions } from '../../../server/app';
import { issueEnrolmentCode } from '../../../server/enrolment/devices';
import { type EventRow, eventOf } from '../../../server/sync/events';
import { createCalendar } from '../../../shared/calendar/calendar';
import { DEFAULT_WORK_SCHEDULE } from '../../../shared/calendar/schema';
import type { DossierEventType, PayloadOf } from '../../../shared/dossier/events';
import { fold, type ProjectedState } from '../../../shared/dossier/fold';
import { type StoredStateRow, storedStateSelect, unpackState } from '../../../shared/dossier/stored';
import { assetsDir, silentLog, tempDir } from '../../helpers/backend';
import { prng } from '../../helpers/random';
import { ADMIN_TOKEN, addOffices, backends, OFFICES, type Setup, startServer } from '../../server/fixtures';

export { ADMIN_TOKEN, backends, OFFICES, prng };

export interface TestServer {
  setup: Setup;
  app: FastifyInstance;
  url: string;
  close: () => Promise<void>;
}

/** The real central server in process, listening on loopback (PGlite or PostgreSQL). */
export async function startTestServer(
  kind: keyof typeof backends,
  withOffices = true,
  beforeListen?: (app: FastifyInstance) => void,
  options: Partial<ServerOptions> = {},
): Promise<TestServer> {
  const setup = await backends[kind]();
  const app = await startServer(setup, options);
  if (withOffices) await addOffices(setup.db);
  beforeListen?.(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    setup,
    app,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await setup.cleanup();
    },
  };
}

export type Desktop = Backend & { dataDir: string; officeId: string; dispose: () => void; name: string };

/** A desktop back end on its own temporary SQLite, its sync loop stopped (tests drive it). */
export function openDesktop(
  officeId: string,
  options: {
    now?: () => number;
    transport?: Transport;
    name?: string;
    dataDir?: string;
    random?: () => number;
    sync?: Partial<SyncEngineOptions>;
  } = {},
): Desktop {
  const { dir, remove } = options.dataDir ? { dir: options.dataDir, remove: () => undefined } : tempDir('motcua-sync-');
  const backend = openBackend({
    dataDir: dir,
    assetsDir,
    version: '0.0.0-test',
    log: silentLog,
    now: options.now,
    credentials: fileCredentialStore(dir),
    sync: {
      autoStart: false,
      transport: options.transport,
      random: options.random,
      timeoutMs: 10_000,
      baseBackoffMs: 20,
      maxBackoffMs: 200,
      ...options.sync,
    },
  });
  return {
    ...backend,
    dataDir: dir,
    officeId,
    name: options.name ?? officeId,
    dispose: () => {
      backend.close();
      remove();
    },
  };
}

export async function enrolDesktop(server: TestServer, desk: Desktop): Promise<void> {
  const { code } = await issueEnrolmentCode(server.setup.db, desk.officeId);
  await desk.sync.enrol(server.url, code, desk.name);
}

const actorOf = (desk: Desktop): Actor => ({ userId: `can-bo-${desk.name}`, officeId: desk.officeId });

export function receivedPayload(fullName = 'Đặng Thị Hoa', extra: Partial<PayloadOf<'received'>> = {}) {
  return {
    code: '',
    procedure: {
      code: '2.000488',
      name: 'Cấp bản sao trích lục hộ tịch',
      duration: { unit: 'working-days' as const, value: 5 },
    },
    channel: 1 as const,
    applicantType: 1 as const,
    applicant: { fullName, idNumber: '001199012345' },
    components: [{ name: 'Tờ khai', copies: { original: 1, certified: 0, photocopy: 0 } }],
    schedule: DEFAULT_WORK_SCHEDULE,
    ...extra,
  };
}

/** Receives a dossier at the desk (code drawn from its numbering, as the intake does). */
export function receive(desk: Desktop, fullName?: string, extra: Partial<PayloadOf<'received'>> = {}): string {
  const payload = receivedPayload(fullName, extra);
  const agencyId = Object.values(OFFICES).find((o) => o.id === desk.officeId)?.agencyId ?? '000.00.06.H56';
  const dossierId = uuidv7();
  desk.dossiers.append({ dossierId, type: 'received', payload }, actorOf(desk), () => {
    payload.code = drawDossierCode(desk.db, agencyId, desk.dossiers.today());
  });
  return dossierId;
}

export function act<T extends DossierEventType>(desk: Desktop, dossierId: string, type: T, payload: PayloadOf<T>) {
  return desk.dossiers.append({ dossierId, type, payload }, actorOf(desk));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The server's fold of each dossier, hashed (what every desktop that may see it must show). */
export async function serverFolds(server: TestServer): Promise<Map<string, string>> {
  const rows = await server.setup.db.query<EventRow>('SELECT * FROM events ORDER BY server_seq');
  const byDossier = new Map<string, ReturnType<typeof eventOf>[]>();
  for (const row of rows) {
    const list = byDossier.get(row.dossier_id) ?? [];
    list.push(eventOf(row));
    byDossier.set(row.dossier_id, list);
  }
  const ctx = { calendar: createCalendar({}) };
  const out = new Map<string, string>();
  for (const [id, events] of byDossier) out.set(id, foldHash(fold(events, ctx, id)));
  return out;
}

/** A fold's hash, as a projection row gives it back: every field but the event ids, in the fold's order. */
export function foldHash(state: ProjectedState & { eventIds?: string[] }): string {
  const { eventIds: _eventIds, ...projected } = state;
  return sha256(JSON.stringify(projected));
}

/** The desktop's projection of each dossier, hashed. */
export function desktopFolds(desk: Desktop): Map<string, string> {
  const rows = desk.db.all<StoredStateRow>(`SELECT ${storedStateSelect('d')} FROM dossier d`);
  return new Map(rows.map((r) => [r.id, foldHash(unpackState(r))]));
}

/** The dossiers an office may see on the server (received or held at any time, or in its scope). */
export async function visibleDossiers(server: TestServer, officeId: string): Promise<Set<string>> {
  const rows = await server.setup.db.query<{ dossier_id: string }>(
    'SELECT dossier_id FROM dossier_access WHERE office_id = $1',
    [officeId],
  );
  return new Set(rows.map((r) => r.dossier_id));
}

export async function countServer(server: TestServer, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await server.setup.db.query<{ n: string }>(sql, params))[0]?.n);
}

export interface Network {
  /** No request gets through (a cable pulled out). */
  partitioned: boolean;
  /** The request reaches the server but its answer is lost. */
  dropAnswer: number;
  /** The request is sent twice (a retry by a proxy); the client sees one answer. */
  duplicate: number;
  /** A pull is answered with an older page seen before (a stale cache), events shuffled. */
  stalePull: number;
  /** Shuffle the events of each pull page (reordered delivery). */
  shuffle: boolean;
}

/** Puts the network's faults between a desktop and the real server. */
export function chaosTransport(inner: Transport, net: Network, random: () => number): Transport {
  const oldPages: import('../../../electron/backend/sync/client').TransportResponse[] = [];
  const shuffled = (response: import('../../../electron/backend/sync/client').TransportResponse) => {
    if (!net.shuffle || response.status !== 200) return response;
    const body = JSON.parse(Buffer.from(response.body).toString('utf8')) as { value: { events: unknown[] } };
    const events = body.value.events;
    for (let i = events.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [events[i], events[j]] = [events[j], events[i]];
    }
    return { ...response, body: new Uint8Array(Buffer.from(JSON.stringify(body))) };
  };
  return async (request) => {
    if (net.partitioned) throw new Error('ECONNREFUSED (partition)');
    const isPull = request.url.includes('/sync/v1/pull');
    if (isPull && oldPages.length && random() < net.stalePull) {
      return shuffled(oldPages[Math.floor(random() * oldPages.length)] as (typeof oldPages)[number]);
    }
    if (random() < net.duplicate) await inner(request).catch(() => undefined);
    const response = await inner(request);
    if (isPull && response.status === 200) oldPages.push(response);
    if (oldPages.length > 20) oldPages.shift();
    if (random() < net.dropAnswer) throw new Error('ECONNRESET (answer lost)');
    return isPull ? shuffled(response) : response;
  };
}
