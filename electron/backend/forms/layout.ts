/**
 * The small layout engine of the forms: styled runs, word wrapping with the font's own widths
 * (widthOfTextAtSize), justified lines, tables with wrapped cells and repeated headers, and page
 * breaks. Coordinates inside this module run from the top of the page down (y), in PDF points;
 * drawing converts them to pdf-lib's bottom-up space.
 */
import {
  fill,
  type PDFDocument,
  type PDFFont,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingColor,
} from 'pdf-lib';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';
export type Fonts = Record<FontStyle, PDFFont>;
export type Align = 'left' | 'center' | 'right' | 'justify';

export interface Run {
  text: string;
  style: FontStyle;
}

export const MM = 72 / 25.4;
const BLACK = rgb(0, 0, 0);
const ELLIPSIS = '…';

/**
 * Splits template text into styled runs: `**bold**`, `*italic*`, `***bold italic***`. Applied to the
 * template text only (before variables are filled), so data never becomes markup.
 */
export function parseMarkup(source: string, base: FontStyle = 'regular'): Run[] {
  const runs: Run[] = [];
  let bold = base === 'bold' || base === 'boldItalic';
  let italic = base === 'italic' || base === 'boldItalic';
  let buf = '';
  const flush = () => {
    if (buf) runs.push({ text: buf, style: styleOf(bold, italic) });
    buf = '';
  };
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('***', i)) {
      flush();
      bold = !bold;
      italic = !italic;
      i += 2;
    } else if (source.startsWith('**', i)) {
      flush();
      bold = !bold;
      i += 1;
    } else if (source[i] === '*') {
      flush();
      italic = !italic;
    } else buf += source[i];
  }
  flush();
  return runs;
}

export function styleOf(bold: boolean, italic: boolean): FontStyle {
  if (bold) return italic ? 'boldItalic' : 'bold';
  return italic ? 'italic' : 'regular';
}

/** NFC (precomposed Vietnamese letters), no control characters; "\n" is kept as a line break. */
export function cleanText(value: string): string {
  let out = '';
  for (const ch of value.normalize('NFC').replace(/\r\n?/g, '\n')) {
    out += invisible(ch.codePointAt(0) as number) ? ' ' : ch;
  }
  return out;
}

/** Control, format and bidirectional characters: printed as a space (they have no glyph, and could reorder text). */
function invisible(cp: number): boolean {
  return (
    (cp < 0x20 && cp !== 0x0a) ||
    (cp >= 0x7f && cp <= 0x9f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    cp === 0xfeff
  );
}

interface Token {
  text: string;
  style: FontStyle;
  width: number;
  space: boolean;
}

export interface Line {
  tokens: Token[];
  width: number;
  /** Last line of a paragraph (or before a hard break): never justified. */
  last: boolean;
}

/** Measures text with the embedded fonts; widths are cached across documents (same font files). */
export class Measure {
  private cache = new Map<string, number>();
  constructor(private readonly fonts: () => Fonts) {}

  width(text: string, style: FontStyle, size: number): number {
    if (text.length > 100) return (this.fonts()[style].widthOfTextAtSize(text, 1000) / 1000) * size;
    const key = `${style}\u0000${text}`;
    let unit = this.cache.get(key);
    if (unit === undefined) {
      unit = this.fonts()[style].widthOfTextAtSize(text, 1000) / 1000;
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(key, unit);
    }
    return unit * size;
  }
}

/** Wraps runs to lines no wider than `width`; a word longer than a line is broken between characters. */
export function wrap(
  runs: readonly Run[],
  fullWidth: number,
  size: number,
  measure: Measure,
  firstWidth = fullWidth,
): Line[] {
  const lines: Line[] = [];
  let width = firstWidth;
  let current: Token[] = [];
  let currentWidth = 0;
  const spaceWidth = (style: FontStyle) => measure.width(' ', style, size);
  const finish = (last: boolean) => {
    while (current.length > 0 && current[current.length - 1]?.space) {
      currentWidth -= (current.pop() as Token).width;
    }
    lines.push({ tokens: current, width: Math.max(0, currentWidth), last });
    width = fullWidth;
    current = [];
    currentWidth = 0;
  };
  const pushWord = (word: string, style: FontStyle) => {
    const w = measure.width(word, style, size);
    if (currentWidth + w <= width + 0.01) {
      current.push({ text: word, style, width: w, space: false });
      currentWidth += w;
      return;
    }
    if (current.some((t) => !t.space)) finish(false);
    if (w <= width) {
      current.push({ text: word, style, width: w, space: false });
      currentWidth = w;
      return;
    }
    // Longer than a whole line: break between characters (code points), measured one by one.
    let piece = '';
    let pieceWidth = 0;
    for (const ch of word) {
      const cw = measure.width(ch, style, size);
      if (piece && pieceWidth + cw > width) {
        current.push({ text: piece, style, width: pieceWidth, space: false });
        currentWidth = pieceWidth;
        finish(false);
        piece = '';
        pieceWidth = 0;
      }
      piece += ch;
      pieceWidth += cw;
    }
    current.push({ text: piece, style, width: pieceWidth, space: false });
    currentWidth = pieceWidth;
  };
  for (const run of runs) {
    const parts = run.text.split('\n');
    parts.forEach((part, index) => {
      if (index > 0) finish(true);
      for (const piece of part.split(/( +)/)) {
        if (piece === '') continue;
        if (piece.startsWith(' ')) {
          if (current.length === 0) continue;
          const w = spaceWidth(run.style);
          current.push({ text: ' ', style: run.style, width: w, space: true });
          currentWidth += w;
        } else pushWord(piece, run.style);
      }
    });
  }
  finish(true);
  return lines;
}

/** Cuts lines to `max`, ending the last kept line with "…" within `width`. */
export function truncate(lines: Line[], max: number, width: number, size: number, measure: Measure): Line[] {
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  const last = kept[max - 1] as Line;
  const tokens = [...last.tokens];
  const style = tokens[tokens.length - 1]?.style ?? 'regular';
  const ellipsis = measure.width(ELLIPSIS, style, size);
  let w = last.width;
  while (tokens.length > 0 && w + ellipsis > width) {
    const t = tokens.pop() as Token;
    w -= t.width;
    // Keep part of a long last word rather than dropping it all.
    if (!t.space && w + ellipsis < width * 0.8) {
      let text = '';
      let tw = 0;
      for (const ch of t.text) {
        const cw = measure.width(ch, t.style, size);
        if (w + tw + cw + ellipsis > width) break;
        text += ch;
        tw += cw;
      }
      if (text) {
        tokens.push({ ...t, text, width: tw });
        w += tw;
      }
      break;
    }
  }
  tokens.push({ text: ELLIPSIS, style, width: ellipsis, space: false });
  kept[max - 1] = { tokens, width: w + ellipsis, last: true };
  return kept;
}

export interface PageSetup {
  width: number;
  height: number;
  margins: { top: number; right: number; bottom: number; left: number };
}

/** A cursor over the pages of one document: where the next thing goes, and page breaks. */
export class Writer {
  page: PDFPage;
  /** Distance from the top of the page to the top of the next line. */
  y: number;
  /** Pages of the current copy (for page numbers). */
  copyPages: PDFPage[] = [];

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
    readonly measure: Measure,
    readonly setup: PageSetup,
  ) {
    this.page = this.addPage();
    this.y = setup.margins.top;
  }

  get left(): number {
    return this.setup.margins.left;
  }
  get contentWidth(): number {
    return this.setup.width - this.setup.margins.left - this.setup.margins.right;
  }
  get bottom(): number {
    return this.setup.height - this.setup.margins.bottom;
  }

  private addPage(): PDFPage {
    const page = this.doc.addPage([this.setup.width, this.setup.height]);
    this.copyPages.push(page);
    return page;
  }

  newPage(): void {
    this.page = this.addPage();
    this.y = this.setup.margins.top;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number): boolean {
    if (this.y + height <= this.bottom + 0.01) return false;
    this.newPage();
    return true;
  }

  /** Draws one line whose box top is at `top`. */
  drawLine(line: Line, x: number, top: number, width: number, size: number, lineHeight: number, align: Align): void {
    const baseline = top + (lineHeight - size) / 2 + size * 0.82;
    const words = line.tokens.filter((t) => !t.space).length;
    const spaces = line.tokens.filter((t) => t.space).length;
    let cursor = x;
    if (align === 'center') cursor = x + (width - line.width) / 2;
    else if (align === 'right') cursor = x + width - line.width;
    const justify = align === 'justify' && !line.last && spaces > 0 && words > 1;
    const extra = justify ? (width - line.width) / spaces : 0;
    if (justify) {
      for (const token of line.tokens) {
        if (token.space) cursor += token.width + extra;
        else {
          this.text(token.text, token.style, cursor, baseline, size);
          cursor += token.width;
        }
      }
      return;
    }
    // Merge neighbouring tokens of one style into a single text show.
    let i = 0;
    while (i < line.tokens.length) {
      const style = (line.tokens[i] as Token).style;
      let text = '';
      let w = 0;
      while (i < line.tokens.length && (line.tokens[i] as Token).style === style) {
        text += (line.tokens[i] as Token).text;
        w += (line.tokens[i] as Token).width;
        i++;
      }
      if (text.trim()) this.text(text, style, cursor, baseline, size);
      cursor += w;
    }
  }

  text(text: string, style: FontStyle, x: number, baseline: number, size: number): void {
    this.page.drawText(text, { x, y: this.setup.height - baseline, size, font: this.fonts[style], color: BLACK });
  }

  /** A horizontal or vertical rule, top-down coordinates. */
  rule(x1: number, y1: number, x2: number, y2: number, thickness = 0.5): void {
    const h = this.setup.height;
    this.page.drawLine({ start: { x: x1, y: h - y1 }, end: { x: x2, y: h - y2 }, thickness, color: BLACK });
  }

  /** Black filled rectangles (barcode bars, QR modules) as one path: a few bytes each, one fill. */
  rects(list: ReadonlyArray<readonly [x: number, top: number, width: number, height: number]>): void {
    if (list.length === 0) return;
    const h = this.setup.height;
    this.page.pushOperators(
      pushGraphicsState(),
      setFillingColor(BLACK),
      ...list.map(([x, top, width, height]) => rectangle(x, h - top - height, width, height)),
      fill(),
      popGraphicsState(),
    );
  }

  /**
   * Lays out a paragraph at the cursor, breaking pages between lines.
   */
  paragraph(
    runs: readonly Run[],
    opts: { size: number; lineHeight: number; align: Align; margin?: number; indent?: number; after?: number },
  ): void {
    const margin = opts.margin ?? 0;
    const indent = opts.indent ?? 0;
    const width = this.contentWidth - margin;
    const lineH = opts.size * opts.lineHeight;
    const lines = wrap(runs, width, opts.size, this.measure, width - indent);
    lines.forEach((line, index) => {
      this.ensure(lineH);
      const shift = index === 0 ? indent : 0;
      this.drawLine(line, this.left + margin + shift, this.y, width - shift, opts.size, lineH, opts.align);
      this.y += lineH;
    });
    this.y += opts.after ?? 0;
  }

  /** A table with a header row (repeated after a page break) and wrapped, bordered cells. */
  table(spec: {
    widths: number[];
    header: Run[][];
    rows: Run[][][];
    aligns: Align[];
    size: number;
    headerSize: number;
    lineHeight: number;
    maxCellLines: number;
  }): void {
    const pad = 3;
    const total = spec.widths.reduce((a, b) => a + b, 0);
    const widths = spec.widths.map((w) => (w / total) * this.contentWidth);
    const xs: number[] = [];
    widths.reduce((x, w) => {
      xs.push(x);
      return x + w;
    }, this.left);
    const layoutRow = (cells: Run[][], size: number) => {
      const lineH = size * spec.lineHeight;
      const maxByPage = Math.max(1, Math.floor((this.bottom - this.setup.margins.top - 4 * pad) / lineH) - 4);
      const max = Math.min(spec.maxCellLines, maxByPage);
      const lines = cells.map((runs, c) => {
        const inner = (widths[c] as number) - 2 * pad;
        return truncate(wrap(runs, inner, size, this.measure), max, inner, size, this.measure);
      });
      const height = Math.max(...lines.map((l) => l.length)) * lineH + 2 * pad;
      return { lines, height, lineH, size };
    };
    const drawRow = (row: ReturnType<typeof layoutRow>, aligns: Align[]) => {
      const top = this.y;
      row.lines.forEach((lines, c) => {
        const x = xs[c] as number;
        const inner = (widths[c] as number) - 2 * pad;
        lines.forEach((line, i) => {
          const align = aligns[c] ?? 'left';
          this.drawLine(
            line,
            x + pad,
            top + pad + i * row.lineH,
            inner,
            row.size,
            row.lineH,
            align === 'justify' ? 'left' : align,
          );
        });
      });
      const right = this.left + this.contentWidth;
      this.rule(this.left, top, right, top);
      this.rule(this.left, top + row.height, right, top + row.height);
      for (const x of [...xs, right]) this.rule(x, top, x, top + row.height);
      this.y += row.height;
    };
    const header = layoutRow(spec.header, spec.headerSize);
    const headerAligns = spec.header.map(() => 'center' as Align);
    this.ensure(header.height + spec.size * spec.lineHeight + 2 * pad);
    drawRow(header, headerAligns);
    for (const cells of spec.rows) {
      const row = layoutRow(cells, spec.size);
      if (this.ensure(row.height)) drawRow(header, headerAligns);
      drawRow(row, spec.aligns);
    }
  }
}
