/**
 * The receipt's machine-readable dossier code: Code 128 bars and a QR code, encoded by bwip-js (the
 * Barcode Writer in Pure PostScript port) and drawn as vector rectangles, so they print sharp at any
 * printer resolution and add only a few hundred bytes to the PDF.
 */
import bwipjs from 'bwip-js/node';
import type { Writer } from './layout';

const memo = new Map<string, unknown>();
/** Encoding is pure: remember the last few symbols (a receipt draws each twice, one per copy). */
function remember<T>(key: string, make: () => T): T {
  if (memo.has(key)) return memo.get(key) as T;
  const value = make();
  if (memo.size >= 32) memo.delete(memo.keys().next().value as string);
  memo.set(key, value);
  return value;
}

/** Module pattern of a Code 128 symbol: alternating bar/space widths in modules, starting with a bar. */
export function code128Pattern(value: string): number[] {
  return remember(`c128\u0000${value}`, () => encodeCode128(value));
}

function encodeCode128(value: string): number[] {
  const raw = bwipjs.raw('code128', value, {});
  const first = raw[0];
  if (!first || !('sbs' in first)) throw new Error('code128: no pattern');
  return first.sbs;
}

/** QR modules (row-major, 1 = dark), error correction M. */
export function qrMatrix(value: string): { size: number; dark: (x: number, y: number) => boolean } {
  return remember(`qr\u0000${value}`, () => encodeQr(value));
}

function encodeQr(value: string): { size: number; dark: (x: number, y: number) => boolean } {
  const raw = bwipjs.raw('qrcode', value, 'eclevel=M');
  const first = raw[0];
  if (!first || !('pixs' in first)) throw new Error('qrcode: no matrix');
  const { pixs, pixx } = first;
  return { size: pixx, dark: (x, y) => pixs[y * pixx + x] === 1 };
}

/** Draws Code 128 bars in the box (x, top, width, height), top-down coordinates. */
export function drawCode128(w: Writer, value: string, x: number, top: number, width: number, height: number): void {
  const pattern = code128Pattern(value);
  const modules = pattern.reduce((a, b) => a + b, 0);
  const unit = width / modules;
  const bars: Array<[number, number, number, number]> = [];
  let cursor = x;
  pattern.forEach((n, i) => {
    if (i % 2 === 0) bars.push([cursor, top, n * unit, height]);
    cursor += n * unit;
  });
  w.rects(bars);
}

/** Draws a QR code as a square of side `size` (quiet zone not included: keep 4 modules clear around). */
export function drawQr(w: Writer, value: string, x: number, top: number, size: number): void {
  const qr = qrMatrix(value);
  const unit = size / qr.size;
  const modules: Array<[number, number, number, number]> = [];
  for (let row = 0; row < qr.size; row++) {
    // One rectangle per horizontal run of dark modules.
    let col = 0;
    while (col < qr.size) {
      if (!qr.dark(col, row)) {
        col++;
        continue;
      }
      const start = col;
      while (col < qr.size && qr.dark(col, row)) col++;
      modules.push([x + start * unit, top + row * unit, (col - start) * unit, unit]);
    }
  }
  w.rects(modules);
}
