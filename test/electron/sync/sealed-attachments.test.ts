import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSealed, newSecret } from '../../../electron/backend/accounts/secret';
import { AttachmentStore } from '../../../electron/backend/attachments/store';
import { openBackend } from '../../../electron/backend/backend';
import { fileCredentialStore } from '../../../electron/backend/sync/credentials';
import { ROLES } from '../../../shared/accounts/roles';
import { addTestUser, assetsDir, silentLog, tempDir } from '../../helpers/backend';
import {
  act,
  backends,
  type Desktop,
  enrolDesktop,
  OFFICES,
  receive,
  startTestServer,
  type TestServer,
} from './support';

/** A desktop with an installation secret: its database and attachment files are encrypted at rest. */
function openSealedDesktop(officeId: string, name: string): Desktop {
  const { dir, remove } = tempDir('motcua-sealed-sync-');
  const backend = openBackend({
    dataDir: dir,
    assetsDir,
    version: '0.0.0-test',
    log: silentLog,
    secret: newSecret(),
    credentials: fileCredentialStore(dir),
    sync: { autoStart: false, timeoutMs: 10_000, baseBackoffMs: 20, maxBackoffMs: 200 },
  });
  return {
    ...backend,
    dataDir: dir,
    officeId,
    name,
    dispose: () => {
      backend.close();
      remove();
    },
  };
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const diskPath = (dataDir: string, sha256: string) => join(dataDir, 'attachments', sha256.slice(0, 2), sha256.slice(2));

for (const kind of Object.keys(backends) as (keyof typeof backends)[]) {
  describe(`sealed attachment files through sync (${kind})`, () => {
    let server: TestServer;
    let a: Desktop;
    let b: Desktop;

    beforeAll(async () => {
      server = await startTestServer(kind);
      a = openSealedDesktop(OFFICES.a.id, 'a');
      b = openSealedDesktop(OFFICES.b.id, 'b');
      await enrolDesktop(server, a);
      await enrolDesktop(server, b);
    }, 120_000);
    afterAll(async () => {
      a?.dispose();
      b?.dispose();
      await server?.close();
    });

    it('uploads the plain bytes (the server verifies their hash) and seals the file fetched on the other side', async () => {
      const pdf = Buffer.from(`%PDF-1.4 CCCD 001190012345 ${kind} ${Date.now()}`);
      // Stored the way scan assembly stores a PDF: through the desktop's store with its key.
      const stored = await new AttachmentStore(a.dataDir, { key: a.attachmentsKey }).put(pdf);
      expect(stored.sha256).toBe(sha(pdf));
      expect(isSealed(readFileSync(diskPath(a.dataDir, stored.sha256)))).toBe(true);

      const id = receive(a, 'Lê Văn Cường', {
        components: [
          { name: 'Tờ khai', copies: { original: 1, certified: 0, photocopy: 0 }, fileSha256: stored.sha256 },
        ],
      });
      const report = await a.sync.syncNow();
      expect(report?.uploaded).toBe(1);
      expect(report?.pushed).toBe(1);
      // The server holds the plain bytes under their hash (it verified them on the last PATCH).
      const onServer = readFileSync(
        join(
          server.setup.dir,
          'attachments',
          'store',
          stored.sha256.slice(0, 2),
          stored.sha256.slice(2, 4),
          stored.sha256,
        ),
      );
      expect(onServer.equals(pdf)).toBe(true);

      act(a, id, 'transferred', { toOfficeId: OFFICES.b.id, mode: 'electronic' });
      await a.sync.syncNow();
      await b.sync.syncNow();
      expect(await b.sync.fetchAttachment(stored.sha256)).toMatchObject({ fetched: true, size: pdf.length });
      const onB = readFileSync(diskPath(b.dataDir, stored.sha256));
      expect(isSealed(onB)).toBe(true);
      expect(onB.includes(Buffer.from('001190012345'))).toBe(false);
      const content = await b.call(
        'attachments.content',
        { sha256: stored.sha256, offset: 0, length: 1_000_000 },
        { language: 'en', session: b.accounts.openSessionFor(addUser(b)) },
      );
      expect(content.ok, JSON.stringify(content)).toBe(true);
      if (content.ok)
        expect(Buffer.from((content.value as { base64: string }).base64, 'base64').equals(pdf)).toBe(true);
    });
  });
}

function addUser(desk: Desktop): string {
  const existing = desk.db.get<{ id: string }>(`SELECT id FROM app_user WHERE username = 'canbo'`);
  return existing?.id ?? addTestUser(desk, 'canbo', ROLES);
}
