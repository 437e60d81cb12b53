import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3AttachmentStore } from '../../server/attachments/s3-store';
import { type AttachmentStore, fileAttachmentStore } from '../../server/attachments/store';
import { UPLOAD_PATH } from '../../shared/sync/protocol';
import { startTestS3 } from '../helpers/s3';
import {
  addOffices,
  backends,
  type Enrolled,
  enrol,
  event,
  OFFICES,
  push,
  receivedPayload,
  type Setup,
  startServer,
} from './fixtures';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const meta = (hex: string) =>
  `sha256 ${Buffer.from(hex).toString('base64')},filename ${Buffer.from('to-khai.pdf').toString('base64')}`;

type TusInit = RequestInit & { headers?: Record<string, string> };

const tusRequest = (base: string, device: Enrolled, path: string, init: TusInit) =>
  fetch(`${base}${path}`, { ...init, headers: { 'tus-resumable': '1.0.0', ...device.headers, ...init.headers } });

const createUpload = (base: string, device: Enrolled, size: number, claimed: string) =>
  tusRequest(base, device, UPLOAD_PATH, {
    method: 'POST',
    headers: { 'upload-length': String(size), 'upload-metadata': meta(claimed) },
  });

/** Creates an upload and sends every byte in one PATCH: the answer of the last PATCH. */
async function uploadWhole(base: string, device: Enrolled, bytes: Buffer<ArrayBuffer>): Promise<Response> {
  const created = await createUpload(base, device, bytes.length, sha(bytes));
  expect(created.status).toBe(201);
  return tusRequest(base, device, created.headers.get('location') ?? '', {
    method: 'PATCH',
    headers: { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'accept-language': 'en' },
    body: bytes,
  });
}

/** A store under test, with a view of what it holds that does not go through the store itself. */
interface StoreUnderTest {
  store: AttachmentStore;
  /** Where a file with this hash must be (a path under the folder, or an object key). */
  locationOf: (sha256: string) => string;
  /** Everything stored: files under the folder, or the bucket's keys listed over the S3 API. */
  contents: () => Promise<string[]>;
  close: () => Promise<void>;
}

const stores: Record<'files' | 'an S3 bucket (s3rver)', (setup: Setup) => Promise<StoreUnderTest>> = {
  files: async (setup) => {
    const dir = join(setup.dir, 'attachments', 'store');
    return {
      store: fileAttachmentStore(dir),
      locationOf: (hex) => `${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`,
      contents: async () =>
        existsSync(dir)
          ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile())
          : [],
      close: async () => undefined,
    };
  },
  'an S3 bucket (s3rver)': async () => {
    const s3 = await startTestS3();
    return {
      store: s3AttachmentStore(s3.options),
      locationOf: (hex) => `attachments/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`,
      contents: s3.keys,
      close: s3.close,
    };
  },
};

const cases = Object.entries(backends).flatMap(([name, open]) =>
  Object.entries(stores).map(([storeName, openStore]) => ({ name, open, storeName, openStore })),
);

describe.each(cases)(
  'attachments (tus) and files before facts on $name, stored in $storeName',
  ({ open, openStore }) => {
    let setup: Setup;
    let stored: StoreUnderTest;
    let app: FastifyInstance;
    let base: string;
    let a: Enrolled;
    let b: Enrolled;
    let c: Enrolled;

    beforeAll(async () => {
      setup = await open();
      stored = await openStore(setup);
      app = await startServer(setup, { attachmentStore: stored.store });
      await addOffices(setup.db);
      a = await enrol(app, setup.db, OFFICES.a.id);
      b = await enrol(app, setup.db, OFFICES.b.id);
      c = await enrol(app, setup.db, OFFICES.c.id);
      base = await app.listen({ host: '127.0.0.1', port: 0 });
    }, 120_000);
    afterAll(async () => {
      await app.close();
      await stored.close();
      await setup.cleanup();
    });

    const tus = (device: Enrolled, path: string, init: TusInit) => tusRequest(base, device, path, init);
    const create = (device: Enrolled, size: number, claimed: string) => createUpload(base, device, size, claimed);

    it('uploads in two parts (resumed from the server offset), verifies the hash and stores by content', async () => {
      const bytes = randomBytes(300_000);
      const hex = sha(bytes);
      const created = await create(a, bytes.length, hex);
      expect(created.status).toBe(201);
      const location = created.headers.get('location') ?? '';
      expect(location).toContain(UPLOAD_PATH);
      const part1 = await tus(a, location, {
        method: 'PATCH',
        headers: { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
        body: bytes.subarray(0, 100_000),
      });
      expect(part1.status).toBe(204);
      // "Resume": ask where the server is, then send the rest.
      const head = await tus(a, location, { method: 'HEAD' });
      expect(head.headers.get('upload-offset')).toBe('100000');
      const part2 = await tus(a, location, {
        method: 'PATCH',
        headers: { 'upload-offset': '100000', 'content-type': 'application/offset+octet-stream' },
        body: bytes.subarray(100_000),
      });
      expect(part2.status).toBe(204);
      const [row] = await setup.db.query<{ size: string; uploaded_by: string }>(
        'SELECT size, uploaded_by FROM attachments WHERE sha256 = $1',
        [hex],
      );
      expect({ size: Number(row?.size), uploadedBy: row?.uploaded_by }).toEqual({
        size: 300_000,
        uploadedBy: a.deviceId,
      });
      expect(await stored.contents()).toContain(stored.locationOf(hex));
      expect(await stored.store.has(hex)).toBe(true);
      // Verified and stored: nothing of the upload is left in the staging folder.
      expect(readdirSync(join(setup.dir, 'attachments', 'uploads'))).toEqual([]);
      const exists = await fetch(`${base}/sync/v1/attachments/${hex}`, { method: 'HEAD', headers: b.headers });
      expect(exists.status).toBe(200);
      // The uploader's office may read it back, byte for byte.
      const got = await fetch(`${base}/sync/v1/attachments/${hex}`, { headers: a.headers });
      expect(got.status).toBe(200);
      expect(sha(Buffer.from(await got.arrayBuffer()))).toBe(hex);
    });

    it('deletes a file whose bytes do not match its hash and answers 422 with the reason', async () => {
      const before = await stored.contents();
      const bytes = randomBytes(50_000);
      const claimed = sha(Buffer.from('something else'));
      const created = await create(a, bytes.length, claimed);
      const location = created.headers.get('location') ?? '';
      const res = await tus(a, location, {
        method: 'PATCH',
        headers: { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'accept-language': 'en' },
        body: bytes,
      });
      expect(res.status).toBe(422);
      const body = JSON.parse(await res.text());
      expect(body.error.code).toBe('ATTACHMENT_HASH_MISMATCH');
      expect(body.error.message).toContain(sha(bytes));
      expect(await setup.db.query('SELECT 1 FROM attachments WHERE sha256 = ANY($1)', [[claimed, sha(bytes)]])).toEqual(
        [],
      );
      const uploads = readdirSync(join(setup.dir, 'attachments', 'uploads'));
      expect(uploads.filter((f) => location.endsWith(f.replace(/\.json$/, '')))).toEqual([]);
      // Nothing reached the store, under either hash.
      expect(await stored.contents()).toEqual(before);
      expect(await stored.store.has(sha(bytes))).toBe(false);
      expect((await fetch(`${base}/health`)).status).toBe(200);
    });

    it('knows no missing file: has is false, read is null, and HEAD answers 404 even with a row', async () => {
      const hex = sha(randomBytes(32));
      expect(await stored.store.has(hex)).toBe(false);
      expect(await stored.store.read(hex)).toBeNull();
      // A row without the bytes (the store lost them): the server does not claim to have the file.
      await setup.db.query('INSERT INTO attachments (sha256, size, uploaded_by) VALUES ($1, 32, $2)', [
        hex,
        a.deviceId,
      ]);
      const head = await fetch(`${base}/sync/v1/attachments/${hex}`, { method: 'HEAD', headers: a.headers });
      expect(head.status).toBe(404);
      const got = await fetch(`${base}/sync/v1/attachments/${hex}`, { headers: a.headers });
      expect(got.status).toBe(404);
    });

    it('refuses uploads without a valid device or a sha256 in the metadata', async () => {
      const anonymous = await fetch(`${base}${UPLOAD_PATH}`, {
        method: 'POST',
        headers: { 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': meta(sha(Buffer.from('x'))) },
      });
      expect(anonymous.status).toBe(401);
      const noHash = await tus(a, UPLOAD_PATH, { method: 'POST', headers: { 'upload-length': '10' } });
      expect(noHash.status).toBe(400);
      expect(JSON.parse(await noHash.text()).error.code).toBe('ATTACHMENT_METADATA');
    });

    it('accepts an event referencing a file only once the bytes are there (files before facts)', async () => {
      const bytes = randomBytes(20_000);
      const hex = sha(bytes);
      const d = 'd-with-scan';
      const payload = receivedPayload('000.00.06.H56-250715-0100', {
        components: [{ name: 'Tờ khai', copies: { original: 1, certified: 0, photocopy: 0 }, fileSha256: hex }],
      });
      const recv = event('received', '2025-07-15T08:00', payload, {
        officeId: 'xa-a',
        dossierId: d,
        deviceId: a.deviceId,
      });
      const next = event(
        'step-completed',
        '2025-07-15T09:00',
        { step: 'Thẩm định' },
        { officeId: 'xa-a', dossierId: d, deviceId: a.deviceId },
      );
      const other = event('received', '2025-07-15T08:30', receivedPayload('000.00.06.H56-250715-0101'), {
        officeId: 'xa-a',
        dossierId: 'd-no-scan',
        deviceId: a.deviceId,
      });
      const first = await push(app, a, [recv, next, other]);
      expect(first.status).toBe(200);
      expect(first.acks.map((x) => x.status)).toEqual(['waiting-attachment', 'deferred', 'accepted']);
      expect(first.acks[0]?.missing).toEqual([hex]);
      expect(first.acks[1]?.waitingFor).toBe(recv.id);
      expect(await setup.db.query('SELECT 1 FROM events WHERE dossier_id = $1', [d])).toEqual([]);
      // Office B cannot read a file it has no dossier for.
      expect((await uploadWhole(base, a, bytes)).status).toBe(204);
      const second = await push(app, a, [recv, next, other]);
      expect(second.acks.map((x) => x.status)).toEqual(['accepted', 'accepted', 'duplicate']);
      const forbidden = await fetch(`${base}/sync/v1/attachments/${hex}`, { headers: b.headers });
      expect(forbidden.status).toBe(403);
      // Transferred to office C: C may fetch the scan on demand.
      expect((await fetch(`${base}/sync/v1/attachments/${hex}`, { headers: c.headers })).status).toBe(403);
      const move = event(
        'transferred',
        '2025-07-15T10:00',
        { toOfficeId: 'so-tp', mode: 'electronic' },
        { officeId: 'xa-a', dossierId: d, deviceId: a.deviceId },
      );
      expect((await push(app, a, [move])).acks[0]?.status).toBe('accepted');
      const got = await fetch(`${base}/sync/v1/attachments/${hex}`, { headers: c.headers });
      expect(got.status).toBe(200);
      expect(sha(Buffer.from(await got.arrayBuffer()))).toBe(hex);
      const missing = await fetch(`${base}/sync/v1/attachments/${'0'.repeat(64)}`, { headers: c.headers });
      expect(missing.status).toBe(404);
    });
  },
);

describe('attachments in an S3 bucket: large files, and a bucket that cannot be reached', () => {
  let setup: Setup;
  let s3: Awaited<ReturnType<typeof startTestS3>>;
  let app: FastifyInstance;
  let base: string;
  let a: Enrolled;

  beforeAll(async () => {
    setup = await backends.PGlite();
    s3 = await startTestS3();
    app = await startServer(setup, { attachmentStore: s3AttachmentStore(s3.options) });
    await addOffices(setup.db);
    a = await enrol(app, setup.db, OFFICES.a.id);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await s3.close();
    await setup.cleanup();
  });

  it('sends a file larger than a part as a multipart upload and serves it back whole', async () => {
    const bytes = randomBytes(9 * 1024 * 1024);
    const hex = sha(bytes);
    expect((await uploadWhole(base, a, bytes)).status).toBe(204);
    expect(await s3.keys()).toContain(`attachments/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`);
    const got = await fetch(`${base}/sync/v1/attachments/${hex}`, { headers: a.headers });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-length')).toBe(String(bytes.length));
    expect(sha(Buffer.from(await got.arrayBuffer()))).toBe(hex);
  });

  it('reports the bucket in readiness', async () => {
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: 'pglite', attachments: 's3' });
  });

  it('without its bucket: not ready, an upload answers 503 and is deleted, the event waits for the file', async () => {
    const lost = await startServer(setup, {
      attachmentStore: s3AttachmentStore({ ...s3.options, bucket: 'no-such-bucket' }),
      attachmentsDir: join(setup.dir, 'lost'),
    });
    try {
      const ready = await lost.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({
        status: 'unavailable',
        database: 'pglite',
        attachments: 's3',
        unreachable: ['attachments'],
      });
      const lostBase = await lost.listen({ host: '127.0.0.1', port: 0 });
      const bytes = randomBytes(40_000);
      const hex = sha(bytes);
      const created = await createUpload(lostBase, a, bytes.length, hex);
      const location = created.headers.get('location') ?? '';
      const last = await tusRequest(lostBase, a, location, {
        method: 'PATCH',
        headers: { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'accept-language': 'en' },
        body: bytes,
      });
      expect(last.status).toBe(503);
      expect(JSON.parse(await last.text()).error).toMatchObject({
        code: 'ATTACHMENT_STORE_UNAVAILABLE',
        message: "The server's attachment store cannot be reached; please try again later",
      });
      // Deleted, so a resumed upload starts again instead of finding it "complete" and never stored.
      expect((await tusRequest(lostBase, a, location, { method: 'HEAD' })).status).toBe(404);
      expect(readdirSync(join(setup.dir, 'lost', 'uploads'))).toEqual([]);
      expect(await setup.db.query('SELECT 1 FROM attachments WHERE sha256 = $1', [hex])).toEqual([]);
      const recv = event(
        'received',
        '2025-07-16T08:00',
        receivedPayload('000.00.06.H56-250716-0100', {
          components: [{ name: 'Tờ khai', copies: { original: 1, certified: 0, photocopy: 0 }, fileSha256: hex }],
        }),
        { officeId: 'xa-a', dossierId: 'd-bucket-down', deviceId: a.deviceId },
      );
      expect((await push(lost, a, [recv])).acks[0]).toMatchObject({ status: 'waiting-attachment', missing: [hex] });
      // The bucket is back (the server with the real one): a new upload, and the event goes in.
      expect((await uploadWhole(base, a, bytes)).status).toBe(204);
      expect((await push(app, a, [recv])).acks[0]?.status).toBe('accepted');
    } finally {
      await lost.close();
    }
  });

  it('answers 503, not 500, when the S3 server is down', async () => {
    const bytes = randomBytes(1000);
    expect((await uploadWhole(base, a, bytes)).status).toBe(204);
    await s3.close();
    const got = await fetch(`${base}/sync/v1/attachments/${sha(bytes)}`, {
      headers: { ...a.headers, 'accept-language': 'en' },
    });
    expect(got.status).toBe(503);
    expect((await got.json()).error.code).toBe('ATTACHMENT_STORE_UNAVAILABLE');
    expect((await app.inject({ method: 'GET', url: '/ready' })).json().unreachable).toEqual(['attachments']);
  });
});
