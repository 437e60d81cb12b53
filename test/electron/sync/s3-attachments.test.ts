import { CreateBucketCommand, DeleteBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../../electron/backend/attachments/store';
import { s3AttachmentStore } from '../../../server/attachments/s3-store';
import { startTestS3, type TestS3 } from '../../helpers/s3';
import {
  act,
  countServer,
  type Desktop,
  enrolDesktop,
  OFFICES,
  openDesktop,
  receive,
  startTestServer,
  type TestServer,
} from './support';

/**
 * The desktops' own sync engine (tus-js-client upload, files before facts, on-demand fetch) against
 * a server whose attachments live in a real S3-compatible server over HTTP.
 */
describe('desktops sync attachments through a server storing them in an S3 bucket', () => {
  let s3: TestS3;
  let server: TestServer;
  let a: Desktop;
  let b: Desktop;

  beforeAll(async () => {
    s3 = await startTestS3();
    server = await startTestServer('PostgreSQL', true, undefined, { attachmentStore: s3AttachmentStore(s3.options) });
    a = openDesktop(OFFICES.a.id, { name: 'a' });
    b = openDesktop(OFFICES.b.id, { name: 'b' });
    await enrolDesktop(server, a);
    await enrolDesktop(server, b);
  }, 120_000);
  afterAll(async () => {
    a?.dispose();
    b?.dispose();
    await server?.close();
    await s3?.close();
  });

  const keyOf = (hex: string) => `attachments/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`;
  const scanned = (hex: string) => ({
    components: [{ name: 'Tờ khai', copies: { original: 1, certified: 0, photocopy: 0 }, fileSha256: hex }],
  });

  it('waits out a bucket that is away: the upload is refused, the event held, both go through once it is back', async () => {
    const Bucket = s3.options.bucket;
    await s3.client.send(new DeleteBucketCommand({ Bucket }));
    const bytes = Buffer.from(`%PDF-1.4 bản scan khi kho vắng ${Date.now()}`);
    const { sha256: hex } = await new AttachmentStore(a.dataDir).put(bytes);
    const id = receive(a, 'Đỗ Văn Phúc', scanned(hex));
    await expect(a.sync.syncNow()).rejects.toMatchObject({ code: 'SERVER_UNAVAILABLE', status: 503 });
    expect(a.sync.status().pendingEvents).toBe(1);
    expect(await countServer(server, 'SELECT count(*) AS n FROM events WHERE dossier_id = $1', [id])).toBe(0);
    expect(await countServer(server, 'SELECT count(*) AS n FROM attachments WHERE sha256 = $1', [hex])).toBe(0);

    await s3.client.send(new CreateBucketCommand({ Bucket }));
    // The upload the server deleted is started again (its old address answers 404).
    expect(await a.sync.syncNow()).toMatchObject({ uploaded: 1, pushed: 1 });
    expect(await s3.keys()).toEqual([keyOf(hex)]);
    expect(await countServer(server, 'SELECT count(*) AS n FROM events WHERE dossier_id = $1', [id])).toBe(1);
  });

  it('uploads the scan into the bucket before its event, and the office it is transferred to fetches it', async () => {
    const bytes = Buffer.from(`%PDF-1.4 bản scan lưu trên S3 ${Date.now()}`);
    const { sha256: hex } = await new AttachmentStore(a.dataDir).put(bytes);
    const id = receive(a, 'Võ Thị Én', scanned(hex));
    expect(await a.sync.syncNow()).toMatchObject({ uploaded: 1, pushed: 1 });
    expect(await s3.keys()).toContain(keyOf(hex));
    expect(await countServer(server, 'SELECT count(*) AS n FROM events WHERE dossier_id = $1', [id])).toBe(1);

    // Office B sees neither the dossier nor the file until the transfer.
    await expect(b.sync.fetchAttachment(hex)).rejects.toMatchObject({ code: 'ATTACHMENT_FORBIDDEN', status: 403 });
    act(a, id, 'transferred', { toOfficeId: OFFICES.b.id, mode: 'electronic' });
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect(b.dossiers.state(id)?.holderOfficeId).toBe(OFFICES.b.id);
    expect(await b.sync.fetchAttachment(hex)).toMatchObject({ fetched: true, size: bytes.length });
    expect((await new AttachmentStore(b.dataDir).read(hex, 0, 1e6)).bytes.equals(bytes)).toBe(true);
  });
});
