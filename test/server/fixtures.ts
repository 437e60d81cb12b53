import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { buildServer, type ServerOptions } from '../../server/app';
import { openServerDatabase, type ServerDatabase } from '../../server/db/database';
import { issueEnrolmentCode } from '../../server/enrolment/devices';
import { addOffice } from '../../server/office/offices';
import { DEFAULT_WORK_SCHEDULE } from '../../shared/calendar/schema';
import { instantMs } from '../../shared/calendar/time';
import type { DossierEventType, PayloadOf } from '../../shared/dossier/events';
import { encodeHlc } from '../../shared/hlc/hlc';
import type { Ack, EnrolValue } from '../../shared/sync/protocol';
import { silentLog, tempDir } from '../helpers/backend';
import { createTestDatabase } from '../helpers/postgres';

export type Setup = { db: ServerDatabase; dir: string; cleanup: () => Promise<void> };

/** Every server suite runs against both: PGlite in a temporary folder and a real PostgreSQL. */
export const backends: Record<'PGlite' | 'PostgreSQL', () => Promise<Setup>> = {
  PGlite: async () => {
    const dir = tempDir();
    const db = await openServerDatabase({ dataDir: `${dir.dir}/pglite` });
    return {
      db,
      dir: dir.dir,
      cleanup: async () => {
        await db.close().catch(() => undefined);
        dir.remove();
      },
    };
  },
  PostgreSQL: async () => {
    const database = await createTestDatabase();
    const dir = tempDir();
    const db = await openServerDatabase({ databaseUrl: database.url });
    return {
      db,
      dir: dir.dir,
      cleanup: async () => {
        await db.close().catch(() => undefined);
        await database.drop();
        dir.remove();
      },
    };
  },
};

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export async function startServer(setup: Setup, options: Partial<ServerOptions> = {}): Promise<FastifyInstance> {
  return buildServer({
    db: setup.db,
    log: silentLog,
    version: 'test',
    attachmentsDir: `${setup.dir}/attachments`,
    adminToken: ADMIN_TOKEN,
    maxAttachmentBytes: 10 * 1024 * 1024,
    ...options,
  });
}

export const OFFICES = {
  province: {
    id: 'ttphcc',
    agencyId: '000.00.00.H56',
    name: 'Trung tâm Phục vụ hành chính công tỉnh',
    level: 'province',
  },
  a: { id: 'xa-a', agencyId: '000.00.06.H56', name: 'UBND xã A', level: 'commune', parentId: 'ttphcc' },
  b: { id: 'xa-b', agencyId: '000.00.07.H56', name: 'UBND xã B', level: 'commune', parentId: 'ttphcc' },
  c: { id: 'so-tp', agencyId: '000.00.08.H56', name: 'Sở Tư pháp', level: 'department', parentId: 'ttphcc' },
} as const;

export async function addOffices(db: ServerDatabase): Promise<void> {
  for (const o of Object.values(OFFICES)) await addOffice(db, o);
}

export type Enrolled = EnrolValue & { headers: { authorization: string } };

export async function enrol(
  app: FastifyInstance,
  db: ServerDatabase,
  officeId: string,
  name = 'Quầy 1',
): Promise<Enrolled> {
  const { code } = await issueEnrolmentCode(db, officeId);
  const res = await app.inject({ method: 'POST', url: '/sync/v1/enrol', payload: { code, deviceName: name } });
  if (res.statusCode !== 200) throw new Error(`enrol failed: ${res.body}`);
  const value = res.json().value as EnrolValue;
  return { ...value, headers: { authorization: `Bearer ${value.token}` } };
}

let tick = 0;
/** A valid event written by `device` of `officeId` at local time `wallTime` (YYYY-MM-DDTHH:mm). */
export function event<T extends DossierEventType>(
  type: T,
  wallTime: string,
  payload: PayloadOf<T>,
  opts: { officeId: string; dossierId: string; deviceId: string; id?: string },
): Record<string, unknown> {
  tick += 1;
  return {
    id: opts.id ?? uuidv7(),
    dossierId: opts.dossierId,
    type,
    payload,
    actor: { userId: 'can-bo-1', officeId: opts.officeId },
    deviceId: opts.deviceId,
    hlc: encodeHlc({ ms: instantMs(`${wallTime}:00+07:00`), counter: tick % 1000, node: opts.deviceId }),
    wallTime: `${wallTime}:00+07:00`,
  };
}

export function receivedPayload(
  code = '000.00.06.H56-250715-0001',
  extra: Partial<PayloadOf<'received'>> = {},
): PayloadOf<'received'> {
  return {
    code,
    procedure: {
      code: '2.000488',
      name: 'Cấp bản sao trích lục hộ tịch',
      duration: { unit: 'working-days', value: 5 },
    },
    channel: 1,
    applicantType: 1,
    applicant: { fullName: 'Đặng Thị Hoa', idNumber: '001199012345' },
    components: [{ name: 'Tờ khai', copies: { original: 1, certified: 0, photocopy: 0 } }],
    schedule: DEFAULT_WORK_SCHEDULE,
    ...extra,
  };
}

export type PushReply = { status: number; acks: Ack[]; body: Record<string, unknown> };

export async function push(app: FastifyInstance, device: Enrolled, events: unknown[]): Promise<PushReply> {
  const res = await app.inject({ method: 'POST', url: '/sync/v1/push', headers: device.headers, payload: { events } });
  const body = res.json() as Record<string, unknown>;
  const value = body.value as { acks?: Ack[] } | undefined;
  return { status: res.statusCode, acks: value?.acks ?? [], body };
}

export async function pullAll(app: FastifyInstance, device: Enrolled, after = 0, limit = 1000) {
  const events: Array<{ serverSeq: number; event: { id: string; dossierId: string; type: string } }> = [];
  /** Each page's `headSeq`: the server's newest number when it answered. */
  const heads: number[] = [];
  let cursor = after;
  for (let i = 0; i < 1000; i++) {
    const res = await app.inject({
      method: 'GET',
      url: `/sync/v1/pull?after=${cursor}&limit=${limit}`,
      headers: device.headers,
    });
    if (res.statusCode !== 200) throw new Error(res.body);
    const value = res.json().value;
    events.push(...value.events);
    heads.push(value.headSeq);
    cursor = value.nextCursor;
    if (!value.hasMore) break;
  }
  return { events, cursor, heads };
}
