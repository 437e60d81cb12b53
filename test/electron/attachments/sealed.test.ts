import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { PDFDocument, PDFString, StandardFonts } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveKey, isSealed, newSecret } from '../../../electron/backend/accounts/secret';
import { AttachmentStore, SEAL_OVERHEAD } from '../../../electron/backend/attachments/store';
import { openTestBackend, tempDir } from '../../helpers/backend';
import { documentPagePng } from '../scan/document-page';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
function dir(): string {
  const t = tempDir('motcua-sealed-');
  cleanups.push(t.remove);
  return t.dir;
}
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A real PDF holding a citizen's ID number in its text. */
async function citizenPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('Giay khai sinh - so dinh danh 001190012345', { x: 50, y: 780, size: 14, font });
  // The page text is compressed; the ID number also goes in a literal string of the document info.
  const info = doc.context.obj({ Subject: PDFString.of('CCCD 001190012345') });
  doc.context.trailerInfo.Info = doc.context.register(info);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

describe('attachment files sealed at rest (AES-256-GCM, addressed by the plain SHA-256)', () => {
  const key = deriveKey(newSecret(), 'attachments');

  it('writes sealed bytes (no %PDF- header, no ID number) under the plain hash and reads the original back', async () => {
    const pdf = await citizenPdf();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.includes(Buffer.from('001190012345'))).toBe(true);
    const store = new AttachmentStore(dir(), { key });
    const stored = await store.put(pdf);
    expect(stored.sha256).toBe(sha(pdf));
    expect(stored.size).toBe(pdf.length);

    const onDisk = readFileSync(stored.path);
    expect(onDisk.subarray(0, 5).toString()).not.toBe('%PDF-');
    expect(onDisk.includes(Buffer.from('%PDF-'))).toBe(false);
    expect(onDisk.includes(Buffer.from('001190012345'))).toBe(false);
    expect(isSealed(onDisk)).toBe(true);
    expect(onDisk.length).toBe(pdf.length + SEAL_OVERHEAD);

    expect((await store.readAll(stored.sha256)).equals(pdf)).toBe(true);
    const slice = await store.read(stored.sha256, 0, 5);
    expect(slice).toEqual({ bytes: Buffer.from('%PDF-'), total: pdf.length });
    expect(await store.verify(stored.sha256)).toBe(true);
    expect(await store.isSealedOnDisk(stored.sha256)).toBe(true);

    // Putting the same bytes again keeps the file (same ciphertext on disk).
    await store.put(pdf);
    expect(readFileSync(stored.path).equals(onDisk)).toBe(true);
  });

  it('detects a flipped byte, a wrong key and a sealed file moved under another name', async () => {
    const pdf = await citizenPdf();
    const root = dir();
    const store = new AttachmentStore(root, { key });
    const stored = await store.put(pdf);
    const sealed = readFileSync(stored.path);

    const flipped = Buffer.from(sealed);
    flipped[200] = (flipped[200] ?? 0) ^ 0x01;
    writeFileSync(stored.path, flipped);
    const fresh = new AttachmentStore(root, { key });
    await expect(fresh.readAll(stored.sha256)).rejects.toMatchObject({ code: 'ATTACHMENT_CORRUPT' });
    expect(await fresh.verify(stored.sha256)).toBe(false);

    writeFileSync(stored.path, sealed);
    const otherKey = new AttachmentStore(root, { key: deriveKey(newSecret(), 'attachments') });
    await expect(otherKey.readAll(stored.sha256)).rejects.toMatchObject({ code: 'ATTACHMENT_CORRUPT' });
    const noKey = new AttachmentStore(root);
    await expect(noKey.readAll(stored.sha256)).rejects.toMatchObject({ code: 'ATTACHMENT_CORRUPT' });

    // The plain hash is bound as associated data: the same sealed bytes under another name are refused.
    const other = Buffer.from('%PDF-1.4 another file');
    const otherStored = await store.put(other);
    writeFileSync(otherStored.path, sealed);
    await expect(new AttachmentStore(root, { key }).readAll(otherStored.sha256)).rejects.toMatchObject({
      code: 'ATTACHMENT_CORRUPT',
    });

    // A corrupted file is rewritten by the next put of the right bytes.
    writeFileSync(stored.path, flipped);
    await new AttachmentStore(root, { key }).put(pdf);
    expect((await new AttachmentStore(root, { key }).readAll(stored.sha256)).equals(pdf)).toBe(true);
  });

  it('migration path: plain files written before stay readable, and sealPlainFiles seals them in place', async () => {
    const root = dir();
    const pdf = await citizenPdf();
    const plainStored = await new AttachmentStore(root).put(pdf);
    expect(readFileSync(plainStored.path).equals(pdf)).toBe(true);

    const store = new AttachmentStore(root, { key });
    expect((await store.readAll(plainStored.sha256)).equals(pdf)).toBe(true);
    expect(await store.verify(plainStored.sha256)).toBe(true);
    expect(await store.isSealedOnDisk(plainStored.sha256)).toBe(false);

    const second = await new AttachmentStore(root).put(Buffer.from('%PDF-1.4 older scan'));
    const report = await store.sealPlainFiles();
    expect(report).toEqual({ sealed: 2, alreadySealed: 0, corrupt: 0 });
    for (const s of [plainStored, second]) {
      expect(readFileSync(s.path).subarray(0, 5).toString()).not.toBe('%PDF-');
      expect(await store.isSealedOnDisk(s.sha256)).toBe(true);
    }
    expect((await new AttachmentStore(root, { key }).readAll(plainStored.sha256)).equals(pdf)).toBe(true);
    expect(await store.sealPlainFiles()).toEqual({ sealed: 0, alreadySealed: 2, corrupt: 0 });

    // A plain file put again through a keyed store is sealed too.
    const root2 = dir();
    const legacy = await new AttachmentStore(root2).put(pdf);
    await new AttachmentStore(root2, { key }).put(pdf);
    expect(isSealed(readFileSync(legacy.path))).toBe(true);
  });

  it('through the contract: scan assembly seals the PDF, attachments.content serves the plain bytes', async () => {
    const b = openTestBackend({ secret: newSecret() });
    cleanups.push(() => b.dispose());
    expect(b.attachmentsKey).not.toBeNull();
    const png = await documentPagePng(7, { dpi: 150 });
    const imported = await b.call(
      'scan.importFile',
      { fileName: 'cccd.png', base64: png.toString('base64') },
      { language: 'en' },
    );
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    const { sessionId } = imported.value as { sessionId: string };
    const assembled = await b.call(
      'scan.assemble',
      { sessionId, metadata: { componentName: 'Giấy khai sinh', digitizedBy: 'canbo01' } },
      { language: 'en' },
    );
    if (!assembled.ok) throw new Error(JSON.stringify(assembled.error));
    const { sha256, size } = (assembled.value as { attachment: { sha256: string; size: number } }).attachment;

    const path = new AttachmentStore(b.dataDir).pathOf(sha256);
    const onDisk = readFileSync(path);
    expect(onDisk.subarray(0, 5).toString()).not.toBe('%PDF-');
    expect(isSealed(onDisk)).toBe(true);

    const chunks: Buffer[] = [];
    for (let offset = 0; ; offset += 4096) {
      const part = await b.call('attachments.content', { sha256, offset, length: 4096 }, { language: 'en' });
      if (!part.ok) throw new Error(JSON.stringify(part.error));
      const value = part.value as { base64: string; done: boolean; total: number };
      expect(value.total).toBe(size);
      chunks.push(Buffer.from(value.base64, 'base64'));
      if (value.done) break;
    }
    const whole = Buffer.concat(chunks);
    expect(whole.subarray(0, 5).toString()).toBe('%PDF-');
    expect(sha(whole)).toBe(sha256);

    // A tampered file is refused with a translated error rather than served.
    const flipped = Buffer.from(onDisk);
    flipped[40] = (flipped[40] ?? 0) ^ 0x80;
    writeFileSync(path, flipped);
    const refused = await b.call('attachments.content', { sha256, offset: 0, length: 10 }, { language: 'en' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('ATTACHMENT_CORRUPT');
      expect(refused.error.message).toContain('was altered or damaged');
    }
  });
});
