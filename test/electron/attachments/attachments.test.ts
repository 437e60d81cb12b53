import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AttachmentStore, writeFileAtomic } from '../../../electron/backend/attachments/store';
import type { Backend } from '../../../electron/backend/backend';
import type { CallContext } from '../../../electron/backend/context';
import { ScanSessions } from '../../../electron/backend/scan/session';
import { openTestBackend, tempDir } from '../../helpers/backend';
import { documentPagePng } from '../scan/document-page';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
function dir(): string {
  const t = tempDir('motcua-att-');
  cleanups.push(t.remove);
  return t.dir;
}

describe('content-addressed store', () => {
  it('stores bytes under attachments/ab/cdef… named by their SHA-256, once', async () => {
    const data = dir();
    const store = new AttachmentStore(data);
    const bytes = Buffer.from('%PDF-1.7 hồ sơ');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const first = await store.put(bytes);
    const second = await store.put(bytes);
    expect(first).toEqual({
      sha256: sha,
      size: bytes.length,
      path: join(data, 'attachments', sha.slice(0, 2), sha.slice(2)),
    });
    expect(second.path).toBe(first.path);
    expect(readFileSync(first.path)).toEqual(bytes);
    expect(readdirSync(join(data, 'attachments', sha.slice(0, 2)))).toEqual([sha.slice(2)]);
    expect(await store.verify(sha)).toBe(true);
    expect((await store.read(sha, 5, 3)).bytes.toString()).toBe('1.7');
  });

  it('a crash between writing and renaming leaves nothing half-written: no file, no temporary', async () => {
    const data = dir();
    const store = new AttachmentStore(data, {
      beforeRename: (temp) => {
        // The temporary holds the whole content, fsynced, before the rename…
        expect(readFileSync(temp).length).toBe(1000);
        throw new Error('power cut');
      },
    });
    const bytes = Buffer.alloc(1000, 1);
    await expect(store.put(bytes)).rejects.toThrow('power cut');
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(existsSync(store.pathOf(sha))).toBe(false);
    expect(readdirSync(join(data, 'attachments', sha.slice(0, 2)))).toEqual([]);
    // …and a write that does complete replaces nothing else.
    await writeFileAtomic(join(data, 'x.bin'), bytes);
    expect(readFileSync(join(data, 'x.bin'))).toEqual(bytes);
  });

  it('refuses a batch when the disk is nearly full, with the figures', async () => {
    const data = dir();
    const sessions = new ScanSessions({
      dataDir: data,
      scannerFor: () => ({
        kind: 'sane',
        listDevices: async () => [],
        capabilities: async () => ({ sources: [], resolutions: [], modes: [], formats: [] }),
        scan: async () => {
          scanned = true;
          return { pages: 0 };
        },
      }),
      freeSpace: async () => 120 * 1024 * 1024,
    });
    let scanned = false;
    const refused = await sessions
      .start({
        deviceId: 'sane:test:0',
        options: { source: 'adf', resolution: 300, mode: 'gray' },
        target: { componentIndex: null, componentName: null },
      })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'DISK_FULL', params: { freeMb: 120, neededMb: 500 } });
    expect(scanned).toBe(false);
    const error = await sessions
      .importFile({ fileName: 'a.png', bytes: await documentPagePng(1, { dpi: 100 }) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DISK_FULL', params: { freeMb: 120 } });
    expect(readdirSync(sessions.root)).toEqual([]);
  });
});

describe('digitized components through the contract (real back end, SQLite, files)', () => {
  function backend(): Backend {
    // A real back end in a temporary folder (with the test helpers' signed-in user where sign-in exists).
    const b = openTestBackend();
    cleanups.push(() => b.dispose());
    return b;
  }
  const vi: CallContext = { language: 'vi' } as CallContext;
  const en: CallContext = { language: 'en' } as CallContext;

  async function ok<T>(b: Backend, name: string, input: unknown, ctx = en): Promise<T> {
    const result = await b.call(name, input, ctx);
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  }

  it('import → assemble → metadata, content, reuse while valid, refusal once expired', async () => {
    const b = backend();
    const png = await documentPagePng(21, { dpi: 150 });
    const imported = await ok<{ sessionId: string; added: number }>(b, 'scan.importFile', {
      fileName: 'giay-khai-sinh.png',
      base64: png.toString('base64'),
    });
    expect(imported.added).toBe(1);
    const assembled = await ok<{ attachment: { id: string; sha256: string; size: number } }>(b, 'scan.assemble', {
      sessionId: imported.sessionId,
      metadata: {
        componentCode: 'GKS',
        componentName: 'Giấy khai sinh',
        ownerIdNumber: '001090001234',
        documentNumber: '123/2020',
        issueDate: '2020-05-01',
        issuer: 'UBND phường Tràng Tiền',
        summary: 'Bản sao giấy khai sinh',
        validUntil: '2026-12-31',
        digitizedBy: 'canbo01',
      },
    });
    const { id, sha256, size } = assembled.attachment;
    const got = await ok<Record<string, unknown>>(b, 'attachments.get', { id });
    expect(got).toMatchObject({
      componentCode: 'GKS',
      issuer: 'UBND phường Tràng Tiền',
      kind: 'intake',
      reused: false,
      dossierId: null,
    });

    // The viewer reads the PDF in chunks; the bytes hash to the name.
    const chunks: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const part = await ok<{ base64: string; done: boolean; total: number }>(b, 'attachments.content', {
        sha256,
        offset,
        length: 4096,
      });
      chunks.push(Buffer.from(part.base64, 'base64'));
      offset += 4096;
      if (part.done) break;
    }
    const whole = Buffer.concat(chunks);
    expect(whole.length).toBe(size);
    expect(createHash('sha256').update(whole).digest('hex')).toBe(sha256);
    expect(whole.subarray(0, 5).toString()).toBe('%PDF-');

    // Reuse: found for the same owner and component while valid…
    const found = await ok<{ id: string }[]>(b, 'attachments.findReusable', {
      ownerIdNumber: '001090001234',
      componentCode: 'GKS',
      today: '2026-06-01',
    });
    expect(found.map((f) => f.id)).toEqual([id]);
    expect(
      await ok<unknown[]>(b, 'attachments.findReusable', {
        ownerIdNumber: '001090009999',
        componentCode: 'GKS',
        today: '2026-06-01',
      }),
    ).toEqual([]);
    expect(
      await ok<unknown[]>(b, 'attachments.findReusable', {
        ownerIdNumber: '001090001234',
        componentName: 'giấy khai sinh',
        today: '2026-06-01',
      }),
    ).toHaveLength(1);
    // …recorded as a new link to the same file…
    const reused = await ok<Record<string, unknown>>(b, 'attachments.reuse', {
      id,
      link: { dossierId: 'd-42', componentIndex: 2 },
      digitizedBy: 'canbo02',
      today: '2026-06-01',
    });
    expect(reused).toMatchObject({
      sha256,
      reused: true,
      reusedFrom: id,
      reusedBy: 'canbo02',
      digitizedBy: 'canbo01',
      dossierId: 'd-42',
      componentIndex: 2,
    });
    expect(b.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM attachment')?.n).toBe(1);
    expect(b.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM attachment_link WHERE sha256 = ?', sha256)?.n).toBe(2);
    const listed = await ok<{ id: string }[]>(b, 'attachments.list', { dossierId: 'd-42' });
    expect(listed.map((l) => l.id)).toEqual([reused.id]);
    // …and not once it has expired.
    expect(
      await ok<unknown[]>(b, 'attachments.findReusable', {
        ownerIdNumber: '001090001234',
        componentCode: 'GKS',
        today: '2027-01-01',
      }),
    ).toEqual([]);
    const expired = await b.call('attachments.reuse', { id, digitizedBy: 'canbo02', today: '2027-01-01' }, vi);
    expect(expired).toMatchObject({
      ok: false,
      error: { code: 'ATTACHMENT_EXPIRED', message: 'Tài liệu này đã hết hiệu lực từ 2026-12-31, không thể dùng lại.' },
    });

    // Bind the first link to the dossier once it is received.
    const bound = await ok<{ dossierId: string }[]>(b, 'attachments.bind', { ids: [id], dossierId: 'd-42' });
    expect(bound[0]?.dossierId).toBe('d-42');
  });

  it('bad input crosses the bridge as translated errors', async () => {
    const b = backend();
    const notPdf = await b.call(
      'scan.importFile',
      { fileName: 'a.pdf', base64: Buffer.from('hello').toString('base64') },
      vi,
    );
    expect(notPdf).toMatchObject({
      ok: false,
      error: { code: 'IMPORT_NOT_PDF', message: 'Tệp "a.pdf" có đuôi .pdf nhưng không phải tệp PDF.' },
    });
    const both = await b.call('scan.importFile', { fileName: 'a.png' }, en);
    expect(both).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const unknown = await b.call('scan.session', { sessionId: '00000000-0000-0000-0000-000000000000' }, en);
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'SCAN_SESSION_NOT_FOUND', message: 'This scanning session no longer exists.' },
    });
    const badOwner = await b.call('attachments.findReusable', { ownerIdNumber: 'x', componentCode: 'A' }, en);
    expect(badOwner).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});
