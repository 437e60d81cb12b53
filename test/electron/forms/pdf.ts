/** Reading rendered PDFs back the way a person or a scanner would: Poppler's text and pixels, jsQR. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';

const dir = mkdtempSync(join(tmpdir(), 'motcua-forms-'));
let n = 0;

export function savePdf(bytes: Uint8Array, name = 'form'): string {
  n += 1;
  const file = join(dir, `${name}-${n}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

/** `pdftotext -layout`, optionally of one page. */
export function pdfText(bytes: Uint8Array, page?: number): string {
  const file = savePdf(bytes);
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', ['-layout', ...range, file, '-'], { encoding: 'utf8' });
}

/** Text with every run of white space (line breaks too) made one space: phrases survive wrapping and justification. */
export function flatText(bytes: Uint8Array, page?: number): string {
  return pdfText(bytes, page).replace(/\s+/g, ' ');
}

export async function pageSizes(bytes: Uint8Array): Promise<Array<{ width: number; height: number }>> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((p) => p.getSize());
}

/** Renders one page with `pdftoppm -png -r dpi`; returns the PNG file. */
export function renderPage(bytes: Uint8Array, dpi: number, page = 1): string {
  const file = savePdf(bytes, 'page');
  const prefix = file.replace(/\.pdf$/, '');
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    String(dpi),
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    file,
    prefix,
  ]);
  const png = `${prefix}.png`;
  statSync(png);
  return png;
}

export function readPng(file: string): PNG {
  return PNG.sync.read(readFileSync(file));
}

/** Share of dark pixels (luminance < 128). */
export function inkRatio(png: PNG): number {
  let dark = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const lum =
      0.299 * (png.data[i] as number) + 0.587 * (png.data[i + 1] as number) + 0.114 * (png.data[i + 2] as number);
    if (lum < 128) dark++;
  }
  return dark / (png.width * png.height);
}

/** Decodes the QR code found on a rendered page. */
export function decodeQr(png: PNG): string | null {
  const result = jsQR(
    new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
    png.width,
    png.height,
  );
  return result?.data ?? null;
}
