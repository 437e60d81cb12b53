import type { PDFDocument, PDFName } from 'pdf-lib';
import type { OutputProfile } from '../../../shared/scan/schema';
import { loadPdfLib, loadSharp } from '../libraries';
import { pngImageData } from './media';

/** A4 in PDF points and inches. */
export const a4Points = { width: 595.28, height: 841.89 } as const;
const a4Inches = { width: 210 / 25.4, height: 297 / 25.4 } as const;

/** Ink coverage under this fraction → blank page (a few specks, a punched hole, the scanner's edge). */
export const blankInkThreshold = 0.002;

/** Output resolution per profile: 1-bit text at 300 dpi; JPEG at 200 dpi (DESIGN.md §2: ≥ 200 dpi). */
export const profileDpi: Record<OutputProfile, number> = { text: 300, gray: 200, color: 200 };
export const jpegQuality = 65;
/** Luminance under which a pixel becomes black in the `text` profile when the page has no clear contrast. */
export const textThreshold = 165;

export type Rotation = 0 | 90 | 180 | 270;

/** What is measured on a page when it arrives: size, ink, thumbnail. */
export interface PageAnalysis {
  width: number;
  height: number;
  ink: number;
  blank: boolean;
  /** Black/white cut for the `text` profile (see thresholdOfGray). */
  threshold: number;
  thumbnail: string;
}

/**
 * Decodes the page once at a reduced size: ink coverage (share of pixels clearly darker than the paper,
 * margins ignored) and a small JPEG thumbnail. Throws sharp's error for an unreadable image.
 */
export async function analysePage(bytes: Uint8Array, rotation: Rotation = 0): Promise<PageAnalysis> {
  const sharp = await loadSharp();
  const image = sharp(bytes, { failOn: 'error' });
  const meta = await image.metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const small = await sharp(bytes, { failOn: 'error' })
    .rotate(rotation)
    .flatten({ background: '#ffffff' })
    .resize({ width: 600, height: 600, fit: 'inside', kernel: 'nearest' })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const ink = inkCoverage(small.data, small.info.width, small.info.height);
  const thumb = await sharp(bytes, { failOn: 'error' })
    .rotate(rotation)
    .flatten({ background: '#ffffff' })
    .resize({ width: 180, height: 255, fit: 'inside' })
    .jpeg({ quality: 60 })
    .toBuffer();
  const rotated = rotation === 90 || rotation === 270;
  return {
    width: rotated ? height : width,
    height: rotated ? width : height,
    ink,
    blank: ink < blankInkThreshold,
    threshold: thresholdOfGray(small.data),
    thumbnail: `data:image/jpeg;base64,${thumb.toString('base64')}`,
  };
}

/** Share of pixels at least 70 levels darker than the paper (its 90th percentile, at least 160), 5% margins ignored. */
export function inkCoverage(gray: Uint8Array, width: number, height: number): number {
  const x0 = Math.floor(width * 0.05);
  const x1 = Math.ceil(width * 0.95);
  const y0 = Math.floor(height * 0.05);
  const y1 = Math.ceil(height * 0.95);
  const histogram = new Uint32Array(256);
  let n = 0;
  for (let y = y0; y < y1; y++) {
    const row = y * width;
    for (let x = x0; x < x1; x++) {
      histogram[gray[row + x] ?? 255] = (histogram[gray[row + x] ?? 255] ?? 0) + 1;
      n++;
    }
  }
  if (n === 0) return 0;
  let seen = 0;
  let paper = 255;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v] ?? 0;
    if (seen >= n * 0.9) {
      paper = v;
      break;
    }
  }
  // A dark page (a black test sheet, a photo) is measured against mid-gray, so it never counts as blank.
  const cut = Math.max(paper, 160) - 70;
  let dark = 0;
  for (let v = 0; v < cut; v++) dark += histogram[v] ?? 0;
  return dark / n;
}

/**
 * The black/white cut for one page, from a small copy: 60% of the way from the ink (2nd percentile) to the
 * paper (90th percentile), so gray paper or faint toner still separate (a cheap stand-in for a full-size
 * contrast stretch, which costs ten times more).
 */
export async function textThresholdOf(bytes: Uint8Array): Promise<number> {
  const sharp = await loadSharp();
  const { data } = await sharp(bytes, { failOn: 'error' })
    .flatten({ background: '#ffffff' })
    .toColourspace('b-w')
    .resize({ width: 400, kernel: 'nearest' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return thresholdOfGray(data);
}

/** The black/white cut of a page from its gray pixels (any sample of them). */
export function thresholdOfGray(data: Uint8Array): number {
  const histogram = new Uint32Array(256);
  for (const v of data) histogram[v] = (histogram[v] ?? 0) + 1;
  const at = (share: number) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += histogram[v] ?? 0;
      if (seen >= data.length * share) return v;
    }
    return 255;
  };
  const ink = at(0.02);
  const paper = at(0.9);
  if (paper - ink < 40) return textThreshold;
  return Math.min(210, Math.max(90, Math.round(ink + (paper - ink) * 0.6)));
}

/** One page ready to be placed in the PDF. */
export type ProcessedPage =
  | { kind: 'bilevel'; width: number; height: number; dpi: number; flate: Buffer }
  | { kind: 'jpeg'; width: number; height: number; dpi: number; jpeg: Buffer; colour: boolean };

/**
 * Page image → compressed page: rotated, flattened on white, resampled to the profile's resolution and
 * fitted inside A4, then 1-bit (thresholded between ink and paper levels; written as a 1-bit PNG whose IDAT
 * goes into the PDF as is, Flate with PNG predictors) or JPEG (gray or colour).
 */
export async function processPage(
  bytes: Uint8Array,
  options: {
    dpi: number;
    rotation?: Rotation;
    profile: OutputProfile;
    /** The page's black/white cut when already measured (analysePage); measured here otherwise. */
    threshold?: number | null;
  },
): Promise<ProcessedPage> {
  const targetDpi = profileDpi[options.profile];
  const sharp = await loadSharp();
  const meta = await sharp(bytes, { failOn: 'error' }).metadata();
  const rotated = options.rotation === 90 || options.rotation === 270;
  const srcWidth = (rotated ? meta.height : meta.width) ?? 1;
  const srcHeight = (rotated ? meta.width : meta.height) ?? 1;
  // Resample to the target resolution, then shrink further if the page is larger than A4.
  let scale = targetDpi / options.dpi;
  // A landscape page goes on a landscape A4 page.
  const [pageW, pageH] = srcWidth > srcHeight ? [a4Inches.height, a4Inches.width] : [a4Inches.width, a4Inches.height];
  const fit = Math.min((pageW * targetDpi) / (srcWidth * scale), (pageH * targetDpi) / (srcHeight * scale), 1);
  scale *= fit;
  const width = Math.max(1, Math.round(srcWidth * scale));
  const height = Math.max(1, Math.round(srcHeight * scale));
  let image = sharp(bytes, { failOn: 'error' })
    .rotate(options.rotation ?? 0)
    .flatten({ background: '#ffffff' });
  if (width !== srcWidth || height !== srcHeight) image = image.resize({ width, height, fit: 'fill' });
  if (options.profile === 'text') {
    const threshold = options.threshold ?? (await textThresholdOf(bytes));
    const png = await image
      .toColourspace('b-w')
      .threshold(threshold)
      .png({ colours: 2, palette: false, compressionLevel: 6, adaptiveFiltering: false })
      .toBuffer();
    const idat = pngImageData(png);
    if (idat.bitDepth !== 1 || idat.colourType !== 0)
      throw new Error(`unexpected PNG ${idat.bitDepth}/${idat.colourType}`);
    return { kind: 'bilevel', width: idat.width, height: idat.height, dpi: targetDpi, flate: idat.data };
  }
  const colour = options.profile === 'color';
  const jpeg = await (colour ? image.toColourspace('srgb') : image.toColourspace('b-w'))
    .jpeg({ quality: jpegQuality, mozjpeg: false })
    .toBuffer();
  return { kind: 'jpeg', width, height, dpi: targetDpi, jpeg, colour };
}

/** A page of an imported PDF, copied as it is. */
export interface PdfSourcePage {
  kind: 'pdf';
  bytes: Uint8Array;
  pageIndex: number;
}

export interface AssembleInfo {
  title: string;
  author?: string;
  now?: Date;
}

/**
 * Pages → one PDF (A4 pages; each image at its physical size from the top-left corner, which fits
 * inside A4 by construction). PDF pages are copied unchanged.
 */
export async function assemblePdf(
  pages: readonly (ProcessedPage | PdfSourcePage)[],
  info: AssembleInfo,
): Promise<Uint8Array> {
  const { concatTransformationMatrix, drawObject, PDFDocument, PDFRawStream, popGraphicsState, pushGraphicsState } =
    await loadPdfLib();
  const doc = await PDFDocument.create();
  doc.setTitle(info.title);
  doc.setProducer('Một Cửa');
  doc.setCreator('Một Cửa — số hóa hồ sơ');
  if (info.author) doc.setAuthor(info.author);
  const now = info.now ?? new Date();
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  const sources = new Map<Uint8Array, PDFDocument>();
  for (const page of pages) {
    if (page.kind === 'pdf') {
      let source = sources.get(page.bytes);
      if (!source) {
        source = await PDFDocument.load(page.bytes, { updateMetadata: false });
        sources.set(page.bytes, source);
      }
      const [copied] = await doc.copyPages(source, [page.pageIndex]);
      if (copied) doc.addPage(copied);
      continue;
    }
    const landscape = page.width > page.height;
    const size: [number, number] = landscape ? [a4Points.height, a4Points.width] : [a4Points.width, a4Points.height];
    const pdfPage = doc.addPage(size);
    const w = (page.width / page.dpi) * 72;
    const h = (page.height / page.dpi) * 72;
    let ref: ReturnType<typeof doc.context.register>;
    if (page.kind === 'bilevel') {
      const dict = doc.context.obj({
        Type: 'XObject',
        Subtype: 'Image',
        Width: page.width,
        Height: page.height,
        ColorSpace: 'DeviceGray',
        BitsPerComponent: 1,
        Filter: 'FlateDecode',
        DecodeParms: { Predictor: 15, Colors: 1, BitsPerComponent: 1, Columns: page.width },
      });
      ref = doc.context.register(PDFRawStream.of(dict, page.flate));
    } else {
      const dict = doc.context.obj({
        Type: 'XObject',
        Subtype: 'Image',
        Width: page.width,
        Height: page.height,
        ColorSpace: page.colour ? 'DeviceRGB' : 'DeviceGray',
        BitsPerComponent: 8,
        Filter: 'DCTDecode',
      });
      ref = doc.context.register(PDFRawStream.of(dict, page.jpeg));
    }
    const name: PDFName = pdfPage.node.newXObject('Scan', ref);
    const top = size[1] - h;
    pdfPage.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(w, 0, 0, h, 0, top),
      drawObject(name),
      popGraphicsState(),
    );
  }
  return doc.save({ useObjectStreams: false });
}

/** Runs `fn` over items with at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
  return results;
}
