import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assemblePdf, processPage } from '../../../electron/backend/scan/assemble';
import { assembleComponent } from '../../../electron/backend/scan/digitize';
import { findCccd } from '../../../electron/backend/scan/qr';
import { a4Pixels, documentPagePng } from './document-page';
import { metadata, scanFixture, untranslated } from './helpers';

const cccdText = '001090001234|123456789|Nguyễn Văn An|15031990|Nam|Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội|10082021';

/** pdfimages (poppler-utils) lists the images of a PDF: size, colour, bits and resolution. */
function pdfImages(pdf: Uint8Array): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-pdf-'));
  try {
    writeFileSync(join(dir, 'x.pdf'), pdf);
    return execFileSync('pdfimages', ['-list', join(dir, 'x.pdf')], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((l) => l.trim().split(/\s+/));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('page processing and assembly', () => {
  let fx: ReturnType<typeof scanFixture>;
  beforeEach(() => {
    fx = scanFixture();
  });
  afterEach(async () => {
    await fx.dispose();
  });

  it('a 300 dpi A4 text page becomes a 1-bit 300 dpi A4 PDF page under 150 KB', async () => {
    const page = await processPage(await documentPagePng(7), { dpi: 300, profile: 'text' });
    const pdf = await assemblePdf([page], { title: 'Giấy chứng nhận' });
    expect(pdf.length).toBeLessThan(150 * 1024);
    const doc = await PDFDocument.load(pdf);
    expect(doc.getTitle()).toBe('Giấy chứng nhận');
    const size = doc.getPage(0).getSize();
    expect([Math.round(size.width), Math.round(size.height)]).toEqual([595, 842]);
    const [image] = pdfImages(pdf);
    // page num type width height color comp bpc enc interp object ID x-ppi y-ppi
    expect(image?.slice(3, 8)).toEqual(['2480', '3508', 'gray', '1', '1']);
    expect(image?.slice(12, 14)).toEqual(['300', '300']);
  });

  it('a 150 dpi colour page is written at 200 dpi (the legal floor) in colour when asked', async () => {
    const page = await processPage(await documentPagePng(8, { dpi: 150, colour: true }), {
      dpi: 150,
      profile: 'color',
    });
    const [image] = pdfImages(await assemblePdf([page], { title: 'x' }));
    expect(image?.[5]).toBe('rgb');
    expect(Number(image?.[12])).toBe(200);
  });

  it('drops blank pages, keeps the order, binds nothing until asked, and empties the session', async () => {
    const pngs = [
      await documentPagePng(1, { dpi: 150 }),
      await documentPagePng(2, { dpi: 150, blank: true }),
      await documentPagePng(3, { dpi: 150 }),
    ];
    let sessionId: string | undefined;
    for (const [i, bytes] of pngs.entries()) {
      sessionId = (await fx.sessions.importFile({ sessionId, fileName: `p${i + 1}.png`, bytes })).sessionId;
    }
    const view = fx.sessions.view(sessionId as string, untranslated);
    expect(view.pages.map((p) => p.blank)).toEqual([false, true, false]);

    // Put page 3 first, rotate it, then assemble.
    const [a, b, c] = view.pages.map((p) => p.id) as [string, string, string];
    await fx.sessions.reorder(sessionId as string, [c, a, b]);
    await fx.sessions.rotate(sessionId as string, c, 180);
    const result = await assembleComponent(
      { db: fx.db, store: fx.store, sessions: fx.sessions, now: fx.now },
      {
        sessionId: sessionId as string,
        profile: 'text',
        dropBlank: true,
        metadata: metadata(),
        link: { dossierId: null, componentIndex: null },
      },
    );
    expect(result.droppedBlank).toBe(1);
    expect(result.pages).toBe(2);
    expect(result.attachment).toMatchObject({
      pageCount: 2,
      mime: 'application/pdf',
      dossierId: null,
      componentName: 'Tờ khai đăng ký kết hôn',
    });
    expect(await fx.store.verify(result.attachment.sha256)).toBe(true);
    expect(fx.sessions.view(sessionId as string, untranslated).pages).toEqual([]);
  });

  it('a page of only blanks cannot make a component', async () => {
    const { sessionId } = await fx.sessions.importFile({
      fileName: 'trang.png',
      bytes: await documentPagePng(5, { dpi: 100, blank: true }),
    });
    await expect(
      assembleComponent(
        { db: fx.db, store: fx.store, sessions: fx.sessions, now: fx.now },
        {
          sessionId,
          profile: 'text',
          dropBlank: true,
          metadata: metadata(),
          link: { dossierId: null, componentIndex: null },
        },
      ),
    ).rejects.toMatchObject({ code: 'SCAN_ALL_BLANK' });
    expect(fx.sessions.view(sessionId, untranslated).pages).toHaveLength(1);
  });
});

describe('CCCD QR on a scanned page', () => {
  it('finds and parses the QR drawn on a generated A4 page at 300 dpi', async () => {
    const qr = await QRCode.toBuffer(cccdText, { errorCorrectionLevel: 'M', margin: 2, width: 260 });
    const { width, height } = a4Pixels(300);
    const page = await sharp(await documentPagePng(11))
      .composite([{ input: qr, left: Math.round(width * 0.62), top: Math.round(height * 0.08) }])
      .png()
      .toBuffer();
    const found = await findCccd(page, 0, '2026-03-02');
    expect(found?.text).toBe(cccdText);
    expect(found?.applicant).toMatchObject({
      idNumber: '001090001234',
      fullName: 'Nguyễn Văn An',
      dateOfBirth: '1990-03-15',
      sex: 'male',
    });
    // The same page turned upside down and rotated back by the officer.
    const upside = await sharp(page).rotate(180).png().toBuffer();
    expect((await findCccd(upside, 180, '2026-03-02'))?.applicant?.idNumber).toBe('001090001234');
  });

  it('says so when a QR is there but is not a valid CCCD, and returns null with no QR', async () => {
    const qr = await QRCode.toBuffer('https://example.vn/not-an-id', { width: 300 });
    const page = await sharp(await documentPagePng(12, { dpi: 150 }))
      .composite([{ input: qr, left: 100, top: 100 }])
      .png()
      .toBuffer();
    const found = await findCccd(page, 0, '2026-03-02');
    expect(found?.applicant).toBeNull();
    expect(found?.error?.code).toBe('CCCD_FIELD_COUNT');
    expect(await findCccd(await documentPagePng(13, { dpi: 150 }), 0, '2026-03-02')).toBeNull();
  });
});
