/**
 * Heavy libraries the back end needs only for some actions (forms and report PDFs, spreadsheets,
 * scanned pages, QR codes, file uploads), loaded on first use instead of at start: together they are about 70 MB of
 * resident memory that a desktop which only syncs or searches never needs (DESIGN.md §8: the back end
 * stays under 200 MB during a first sync). Each loader imports its library once and returns the same
 * promise afterwards.
 */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

export const loadSharp = once(async () => (await import('sharp')).default);
export const loadPdfLib = once(() => import('pdf-lib'));
export const loadFontkit = once(async () => (await import('@pdf-lib/fontkit')).default);
export const loadExcel = once(async () => (await import('exceljs')).default);
export const loadJsQr = once(async () => (await import('jsqr')).default);
export const loadTus = once(() => import('tus-js-client'));
