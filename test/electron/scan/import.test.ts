import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorData } from '../../../shared/contract/dispatch';
import { AppError } from '../../../shared/contract/result';
import { documentPagePng } from './document-page';
import { scanFixture, untranslated } from './helpers';

const message = (error: unknown, language: 'vi' | 'en' = 'en') => {
  expect(error).toBeInstanceOf(AppError);
  const e = error as AppError;
  return errorData(e.code, language, e.params).message;
};

describe('file import: validated by content, name and size', () => {
  let fx: ReturnType<typeof scanFixture>;
  beforeEach(() => {
    fx = scanFixture();
  });
  afterEach(async () => {
    await fx.dispose();
  });

  it('a file named .pdf that is not a PDF is refused with a clear message, nothing stored', async () => {
    const png = await documentPagePng(1, { dpi: 100 });
    const error = await fx.sessions.importFile({ fileName: 'giay-to.pdf', bytes: png }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('IMPORT_NOT_PDF');
    expect(message(error)).toBe('"giay-to.pdf" is named .pdf but is not a PDF file.');
    expect(message(error, 'vi')).toBe('Tệp "giay-to.pdf" có đuôi .pdf nhưng không phải tệp PDF.');
    expect(existsSync(fx.sessions.root) ? readdirSync(fx.sessions.root) : []).toEqual([]);
  });

  it('names with .. or path separators are refused', async () => {
    const png = await documentPagePng(1, { dpi: 100 });
    for (const name of ['../../etc/passwd.png', 'a/b.png', 'a\\b.png', '..png']) {
      const error = await fx.sessions.importFile({ fileName: name, bytes: png }).catch((e: unknown) => e);
      expect((error as AppError).code, name).toBe('IMPORT_BAD_NAME');
    }
    const error = await fx.sessions
      .importFile({ fileName: 'ok.png', path: '/tmp/../etc/hosts' })
      .catch((e: unknown) => e);
    expect((error as AppError).code).toBe('IMPORT_BAD_NAME');
  });

  it('a 500 MB file is refused from its size before it is read (a sparse file: nothing is filled)', async () => {
    const path = join(fx.dir, 'big.pdf');
    execFileSync('truncate', ['-s', '500M', path]);
    expect(statSync(path).size).toBe(500 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const error = await fx.sessions.importFile({ fileName: 'big.pdf', path }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('IMPORT_TOO_LARGE');
    expect(message(error)).toBe('"big.pdf" is too large (500 MB; at most 200 MB).');
    // It was not read into memory (a generous bound: far below the file's 500 MB).
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('a corrupt PNG is a clear error and the pages already in the session are kept', async () => {
    const good = await documentPagePng(2, { dpi: 100 });
    const first = await fx.sessions.importFile({ fileName: 'trang-1.png', bytes: good });
    expect(first.added).toBe(1);
    const corrupt = Buffer.concat([good.subarray(0, 200), Buffer.alloc(500, 7)]);
    const error = await fx.sessions
      .importFile({ sessionId: first.sessionId, fileName: 'trang-2.png', bytes: corrupt })
      .catch((e: unknown) => e);
    expect((error as AppError).code).toBe('IMPORT_CORRUPT');
    expect(message(error)).toBe('"trang-2.png" is damaged and cannot be read.');
    const view = fx.sessions.view(first.sessionId, untranslated);
    expect(view.pages).toHaveLength(1);
    expect(view.pages[0]?.origin).toBe('trang-1.png');
  });

  it('a TIFF is imported by content; a PNG named .jpg is judged by its content too', async () => {
    const sharp = (await import('sharp')).default;
    const page = await documentPagePng(3, { dpi: 100 });
    const tiff = await sharp(page).tiff({ compression: 'lzw' }).toBuffer();
    const result = await fx.sessions.importFile({ fileName: 'scan.tif', bytes: tiff });
    expect(result.added).toBe(1);
    expect(result.failures).toEqual([]);
    const named = await fx.sessions.importFile({ fileName: 'anh.jpg', bytes: page });
    expect(named.added).toBe(1);
  });

  it('imports a real PDF page by page, and refuses text that is not an image', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595.28, 841.89]);
    doc.addPage([841.89, 595.28]);
    const pdf = Buffer.from(await doc.save());
    const path = join(fx.dir, 'ho-so.pdf');
    writeFileSync(path, pdf);
    const result = await fx.sessions.importFile({ fileName: 'ho-so.pdf', path });
    expect(result.added).toBe(2);
    const view = fx.sessions.view(result.sessionId, untranslated);
    expect(view.pages.map((p) => [p.type, p.width, p.height])).toEqual([
      ['pdf', 595, 842],
      ['pdf', 842, 595],
    ]);
    const error = await fx.sessions
      .importFile({ fileName: 'notes.txt', bytes: Buffer.from('hello') })
      .catch((e: unknown) => e);
    expect((error as AppError).code).toBe('IMPORT_UNSUPPORTED');
    const broken = await fx.sessions
      .importFile({ fileName: 'x.pdf', bytes: Buffer.from('%PDF-1.7\n garbage without objects') })
      .catch((e: unknown) => e);
    expect((broken as AppError).code).toBe('IMPORT_CORRUPT');
  });

  it('a watched folder imports files a network scanner saves there', async () => {
    const { FolderWatcher } = await import('../../../electron/backend/scan/watch');
    const folder = join(fx.dir, 'share');
    execFileSync('mkdir', ['-p', folder]);
    writeFileSync(join(folder, 'old.png'), await documentPagePng(9, { dpi: 100 }));
    const imported: string[] = [];
    let sessionId: string | undefined;
    let resolveSeen: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => {
      resolveSeen = resolve;
    });
    const watcher = new FolderWatcher(folder, {
      settleMs: 50,
      onFile: async (path, name) => {
        const result = await fx.sessions.importFile({ sessionId, fileName: name, path });
        sessionId = result.sessionId;
        imported.push(name);
        resolveSeen();
      },
    });
    await watcher.start();
    writeFileSync(join(folder, 'scan-0001.png'), await documentPagePng(4, { dpi: 100 }));
    await seen;
    await watcher.idle();
    watcher.stop();
    expect(imported).toEqual(['scan-0001.png']);
    expect(fx.sessions.view(sessionId as string, untranslated).pages).toHaveLength(1);
  });
});
