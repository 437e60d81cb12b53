import { promises as fs } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { Metadata } from 'sharp';
import { AppError } from '../../../shared/contract/result';
import { loadPdfLib, loadSharp } from '../libraries';
import { type SniffedType, sniff } from './media';

/** Largest file accepted for import (checked with stat, before anything is read). */
export const importSizeLimit = 200 * 1024 * 1024;

/**
 * A file name as typed or dropped: no path separators, no `..`, no control characters, not empty —
 * the name is shown and logged, never used to build a path.
 */
export function checkFileName(name: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (!name.trim() || /[/\\]|\.\.|[\u0000-\u001f]/.test(name) || name.length > 255) {
    throw new AppError('IMPORT_BAD_NAME', { name: name.slice(0, 80) });
  }
}

function expectedByExtension(name: string): SniffedType | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'pdf') return 'application/pdf';
  if (ext === 'png') return 'image/png';
  if (ext === 'jpg' || ext === 'jpeg') return 'image/jpeg';
  if (ext === 'tif' || ext === 'tiff') return 'image/tiff';
  return null;
}

/** Judges the content; a `.pdf` that is not a PDF gets its own message. */
export function checkContent(name: string, head: Uint8Array): SniffedType {
  const type = sniff(head);
  if (expectedByExtension(name) === 'application/pdf' && type !== 'application/pdf') {
    throw new AppError('IMPORT_NOT_PDF', { name });
  }
  if (type === null || type === 'image/x-portable-anymap') throw new AppError('IMPORT_UNSUPPORTED', { name });
  return type;
}

/** Reads a local file for import: name, size (stat first) and type (first bytes) checked before the rest. */
export async function readImportFile(
  path: string,
  fileName: string,
  limit = importSizeLimit,
): Promise<{ bytes: Buffer; type: SniffedType }> {
  checkFileName(fileName);
  if (!isAbsolute(path) || path.split(/[/\\]/).includes('..'))
    throw new AppError('IMPORT_BAD_NAME', { name: fileName });
  const stat = await fs.stat(path).catch(() => null);
  if (!stat?.isFile()) throw new AppError('IMPORT_NOT_FOUND', { name: fileName });
  if (stat.size > limit) {
    throw new AppError('IMPORT_TOO_LARGE', {
      name: fileName,
      sizeMb: Math.ceil(stat.size / 1048576),
      limitMb: Math.floor(limit / 1048576),
    });
  }
  const handle = await fs.open(path, 'r');
  try {
    const head = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const type = checkContent(fileName, head.subarray(0, bytesRead));
    const bytes = await handle.readFile();
    if (bytes.length > limit)
      throw new AppError('IMPORT_TOO_LARGE', {
        name: fileName,
        sizeMb: Math.ceil(bytes.length / 1048576),
        limitMb: Math.floor(limit / 1048576),
      });
    return { bytes, type };
  } finally {
    await handle.close();
  }
}

/** Bytes already in memory (drag and drop). */
export function checkImportBytes(bytes: Buffer, fileName: string, limit = importSizeLimit): SniffedType {
  checkFileName(fileName);
  if (bytes.length > limit) {
    throw new AppError('IMPORT_TOO_LARGE', {
      name: fileName,
      sizeMb: Math.ceil(bytes.length / 1048576),
      limitMb: Math.floor(limit / 1048576),
    });
  }
  return checkContent(fileName, bytes.subarray(0, 1024));
}

/** One page out of an imported file, or why it could not be read. */
export type ImportedPage =
  | { ok: true; type: 'image'; bytes: Buffer; mime: string; dpi: number }
  | { ok: true; type: 'pdf'; pageIndex: number; widthPt: number; heightPt: number }
  | { ok: false; page: number; code: string };

/** Resolution of an image: its own density when plausible, else as if it were an A4-wide scan. */
function dpiOf(meta: Metadata): number {
  if (meta.density && meta.density >= 50 && meta.density <= 2400 && meta.density !== 72) return meta.density;
  const width = Math.min(meta.width ?? 2480, meta.height ?? 3508);
  return Math.min(1200, Math.max(72, Math.round(width / (210 / 25.4))));
}

/**
 * The pages of an imported file. Images are decoded page by page (a TIFF may hold several); an unreadable
 * page is reported and the others kept. A PDF is checked with pdf-lib and its pages kept as they are.
 */
export async function splitPages(bytes: Buffer, type: SniffedType, fileName: string): Promise<ImportedPage[]> {
  if (type === 'application/pdf') {
    const { PDFDocument } = await loadPdfLib();
    let sizes: { width: number; height: number }[];
    try {
      const doc = await PDFDocument.load(bytes, { updateMetadata: false });
      sizes = doc.getPages().map((page) => page.getSize());
    } catch (error) {
      if (error instanceof Error && /encrypt/i.test(error.message)) {
        throw new AppError('IMPORT_PDF_ENCRYPTED', { name: fileName });
      }
      throw new AppError('IMPORT_CORRUPT', { name: fileName });
    }
    if (sizes.length === 0) throw new AppError('IMPORT_CORRUPT', { name: fileName });
    return sizes.map(({ width, height }, pageIndex) => ({
      ok: true,
      type: 'pdf',
      pageIndex,
      widthPt: width,
      heightPt: height,
    }));
  }
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { failOn: 'error' }).metadata();
  } catch {
    throw new AppError('IMPORT_CORRUPT', { name: fileName });
  }
  const count = type === 'image/tiff' ? (meta.pages ?? 1) : 1;
  const pages: ImportedPage[] = [];
  for (let page = 0; page < count; page++) {
    try {
      // Decode fully (catches truncated data), keep the page lossless as PNG for the session.
      const png = await sharp(bytes, { failOn: 'error', page }).png({ compressionLevel: 1 }).toBuffer();
      pages.push({
        ok: true,
        type: 'image',
        bytes: count === 1 && type !== 'image/tiff' ? bytes : png,
        mime: count === 1 && type !== 'image/tiff' ? type : 'image/png',
        dpi: dpiOf(meta),
      });
    } catch {
      pages.push({ ok: false, page: page + 1, code: 'IMPORT_PAGE_CORRUPT' });
    }
  }
  return pages;
}
