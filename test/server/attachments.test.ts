import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_PATH } from '../../shared/sync/protocol';
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

for (const [name, open] of Object.entries(backends)) {
  describe(`attachments (tus) and files before facts on ${name}`, () => {
    let setup: Setup;
    let app: FastifyInstance;
    let base: string;
    let a: Enrolled;
    let b: Enrolled;
    let c: Enrolled;

    beforeAll(async () => {
      setup = await open();
      app = await startServer(setup);
      await addOffices(setup.db);
      a = await enrol(app, setup.db, OFFICES.a.id);
      b = await enrol(app, setup.db, OFFICES.b.id);
      c = await enrol(app, setup.db, OFFICES.c.id);
      base = await app.listen({ host: '127.0.0.1', port: 0 });
    }, 120_000);
    afterAll(async () => {
      await app.close();
      await setup.cleanup();
    });

    const tus = (device: Enrolled, path: string, init: RequestInit & { headers?: Record<string, string> }) =>
      fetch(`${base}${path}`, { ...init, headers: { 'tus-resumable': '1.0.0', ...device.headers, ...init.headers } });

    async function create(device: Enrolled, size: number, claimed: string): Promise<Response> {
      return tus(device, UPLOAD_PATH, {
        method: 'POST',
        headers: { 'upload-length': String(size), 'upload-metadata': meta(claimed) },
      });
    }

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
      expect(existsSync(join(setup.dir, 'attachments', 'store', hex.slice(0, 2), hex.slice(2, 4), hex))).toBe(true);
      const exists = await fetch(`${base}/sync/v1/attachments/${hex}`, { method: 'HEAD', headers: b.headers });
      expect(exists.status).toBe(200);
      // The uploader's office may read it back, byte for byte.
      const got = await fetch(`${base}/sync/v1/attachments/${hex}`, { headers: a.headers });
      expect(got.status).toBe(200);
      expect(sha(Buffer.from(await got.arrayBuffer()))).toBe(hex);
    });

    it('deletes a file whose bytes do not match its hash and answers 422 with the reason', async () => {
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
      expect((await fetch(`${base}/health`)).status).toBe(200);
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
      const created = await create(a, bytes.length, hex);
      await tus(a, created.headers.get('location') ?? '', {
        method: 'PATCH',
        headers: { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
        body: bytes,
      });
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
  });
}
